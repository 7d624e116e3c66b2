/**
 * The only script of the isolation frame (an opaque-origin `<iframe sandbox="allow-scripts">` whose CSP pins this
 * script by hash). It waits for the host's one `connect` message carrying a private MessagePort, then runs the relay
 * on it. Interpreter workers start from `data:` URLs holding Pyodide's scripts (fetched by the page) and the
 * interpreter's source: an opaque origin cannot load a worker from the page's origin, `blob:` module workers do not
 * start there, and the frame's CSP lets it fetch nothing.
 */
import { base64 } from './base64.ts';
import { FRAME_CONNECT } from './protocol.ts';
import { Relay } from './relay.ts';

declare const INTERPRETER_SOURCE: string; // injected by scripts/build-worker-sources.mjs

/** Base64, which is shorter than percent-encoding for minified JS: Chromium caps URLs at 2 MiB. */
function dataURL(source: string): string {
  return 'data:text/javascript;base64,' + base64(new TextEncoder().encode(source));
}

/** Starts interpreter workers, encoding each Pyodide distribution's source into its URL once (it is about 2 MB). */
class InterpreterStarter {
  private readonly urls = new Map<string, string>();

  readonly start = (prelude: string): Worker => {
    let url = this.urls.get(prelude);
    if (!url) this.urls.set(prelude, (url = dataURL(prelude + INTERPRETER_SOURCE)));
    return new Worker(url, { type: 'module', name: 'python-sandbox interpreter' });
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
