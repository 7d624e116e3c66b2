/**
 * The only script of the isolation frame (an opaque-origin `<iframe sandbox="allow-scripts">` whose CSP pins this
 * script by hash). It waits for the host's one `connect` message carrying a private MessagePort, then runs the relay
 * on it. Interpreter workers start from `data:` URLs: an opaque origin cannot load a worker from the page's origin,
 * and `blob:` module workers do not start there.
 */
import { FRAME_CONNECT } from './protocol.ts';
import { Relay } from './relay.ts';

declare const INTERPRETER_SOURCE: string; // injected by scripts/build-worker-sources.mjs

const interpreterURL = 'data:text/javascript;charset=utf-8,' + encodeURIComponent(INTERPRETER_SOURCE);

function onConnect(event: MessageEvent): void {
  if (event.source !== window.parent || event.data !== FRAME_CONNECT || !(event.ports[0] instanceof MessagePort)) return;
  window.removeEventListener('message', onConnect);
  const port = event.ports[0];
  new Relay(port, () => new Worker(interpreterURL, { type: 'module', name: 'python-sandbox interpreter' }));
  port.start();
}

window.addEventListener('message', onConnect);
