/**
 * The only script of the isolation frame (an opaque-origin `<iframe sandbox="allow-scripts">` whose CSP pins this
 * script by hash). It waits for the host's one `connect` message carrying a private MessagePort, then runs the relay
 * on it. Interpreter workers start from `data:` URLs holding Pyodide's scripts (fetched by the page) and the
 * interpreter's source: an opaque origin cannot load a worker from the page's origin, `blob:` module workers do not
 * start there, and the frame's CSP lets it fetch nothing.
 */
import { FRAME_CONNECT } from './protocol.ts';
import { Relay } from './relay.ts';

declare const INTERPRETER_SOURCE: string; // injected by scripts/build-worker-sources.mjs

/**
 * Base64, which is shorter than percent-encoding for minified JS (Chromium caps URLs at 2 MiB), encoded by the
 * browser: `Uint8Array.prototype.toBase64` where there is one, else a Blob read by a FileReader (which goes through
 * the browser's blob store: 100–250 ms measured on a busy machine). The same in JS (`String.fromCharCode` in chunks,
 * then `btoa`) held the frame's main thread for 60–200 ms on every page before any worker could start.
 */
function dataURL(source: string): Promise<string> {
  const bytes = new TextEncoder().encode(source) as Uint8Array<ArrayBuffer> & { toBase64?: () => string };
  if (typeof bytes.toBase64 === 'function') return Promise.resolve('data:text/javascript;base64,' + bytes.toBase64());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(new Blob([bytes], { type: 'text/javascript' }));
  });
}

/** Starts interpreter workers, encoding each Pyodide distribution's source into its URL once (it is about 2 MB). */
class InterpreterStarter {
  private readonly urls = new Map<string, Promise<string>>();

  readonly start = async (prelude: string): Promise<Worker> => {
    let url = this.urls.get(prelude);
    if (!url) this.urls.set(prelude, (url = dataURL(prelude + INTERPRETER_SOURCE)));
    return new Worker(await url, { type: 'module', name: 'python-sandbox interpreter' });
  };
}

function onConnect(event: MessageEvent): void {
  if (event.source !== window.parent || event.data !== FRAME_CONNECT || !(event.ports[0] instanceof MessagePort)) return;
  window.removeEventListener('message', onConnect);
  const port = event.ports[0];
  new Relay(port, new InterpreterStarter().start);
  port.start();
}

window.addEventListener('message', onConnect);
