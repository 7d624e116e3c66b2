import { Relay } from '../worker/relay.ts';
import { interpreterSource } from '../src/generated/worker-sources.ts';
import type { Endpoint } from '../src/runtime/endpoint.ts';
import { deliverPyodideFiles } from '../src/runtime/pyodide-files.ts';

const interpreterURLs = new Map<string, string>();

/**
 * Interpreters in module workers started by a relay on this page. Fast and simple, but the workers share the page's
 * origin, so this endpoint is not a security boundary.
 */
export function createDirectEndpoint(indexURL: string, packages: readonly string[] = []): Endpoint {
  const channel = new MessageChannel();
  new Relay(channel.port2, (pyodideScripts = '') => {
    let url = interpreterURLs.get(pyodideScripts);
    if (!url) interpreterURLs.set(pyodideScripts, (url = URL.createObjectURL(new Blob([pyodideScripts + interpreterSource], { type: 'text/javascript' }))));
    return new Worker(url, { type: 'module', name: 'python-sandbox interpreter' });
  });
  channel.port1.start();
  channel.port2.start();
  const files = deliverPyodideFiles((message, transfer) => channel.port1.postMessage(message, transfer), indexURL, packages);
  return {
    files,
    postMessage: (message, transfer = []) => channel.port1.postMessage(message, transfer),
    addEventListener: (type, listener) => channel.port1.addEventListener(type, listener),
    removeEventListener: (type, listener) => channel.port1.removeEventListener(type, listener),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}
