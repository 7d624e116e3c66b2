/**
 * The only script of the isolation frame (an opaque-origin `<iframe sandbox="allow-scripts">` whose CSP pins this
 * script by hash). It waits for the host's one `connect` message carrying a private MessagePort, then runs the relay
 * on it. Interpreter workers start from a `data:` URL holding the interpreter's source (our code only), which gives
 * each an opaque origin of its own: an opaque origin cannot load a worker from the page's origin, `blob:` module
 * workers do not start there, and the frame's CSP lets it fetch nothing. Pyodide's scripts (fetched by the page)
 * follow in a message, and each worker imports them from a `blob:` URL of its own (interpreter-scripts.ts): a `data:`
 * URL holding them too (1.7 MB) took 120 ms to start a worker, against 7 ms for this one (docs/performance.md). WebKit
 * will not import them so, and gets that URL (Chromium caps URLs at 2 MiB: base64 is shorter than percent-encoding).
 */
import { base64 } from './base64.ts';
import { FRAME_CONNECT } from './protocol.ts';
import { Relay } from './relay.ts';

declare const INTERPRETER_SOURCE: string; // injected by scripts/build-worker-sources.mjs

/** The worker's `data:` URL, by the Pyodide scripts its source begins with ('' for none: the usual case). */
const interpreterURLs = new Map<string, string>();

/** Starts an interpreter worker (managed-worker.ts `WorkerFactory`). */
function startInterpreter(pyodideScripts = ''): Worker {
  let url = interpreterURLs.get(pyodideScripts);
  if (!url) interpreterURLs.set(pyodideScripts, (url = 'data:text/javascript;base64,' + base64(new TextEncoder().encode(pyodideScripts + INTERPRETER_SOURCE))));
  return new Worker(url, { type: 'module', name: 'python-sandbox interpreter' });
}

function onConnect(event: MessageEvent): void {
  if (event.source !== window.parent || event.data !== FRAME_CONNECT || !(event.ports[0] instanceof MessagePort)) return;
  window.removeEventListener('message', onConnect);
  const port = event.ports[0];
  new Relay(port, startInterpreter);
  port.start();
}

window.addEventListener('message', onConnect);
