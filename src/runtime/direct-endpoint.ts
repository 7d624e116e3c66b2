import { Relay } from '../../worker/relay.ts';
import { interpreterSource } from '../generated/worker-sources.ts';
import type { Endpoint } from './endpoint.ts';

let interpreterURL: string | undefined;

/**
 * Interpreters in module workers started by a relay on this page. Fast and simple, but the workers share the page's
 * origin, so this endpoint is not a security boundary.
 */
export function createDirectEndpoint(): Endpoint {
  interpreterURL ??= URL.createObjectURL(new Blob([interpreterSource], { type: 'text/javascript' }));
  const url = interpreterURL;
  const channel = new MessageChannel();
  new Relay(channel.port2, () => new Worker(url, { type: 'module', name: 'python-sandbox interpreter' }));
  channel.port1.start();
  channel.port2.start();
  return {
    postMessage: (message, transfer = []) => channel.port1.postMessage(message, transfer),
    addEventListener: (type, listener) => channel.port1.addEventListener(type, listener),
    removeEventListener: (type, listener) => channel.port1.removeEventListener(type, listener),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}
