import { FRAME_CONNECT } from '../../worker/protocol.ts';
import { frameScriptHash } from '../generated/frame-script-hash.ts';
import type { Endpoint } from './endpoint.ts';
import { deliverPyodideFiles } from './pyodide-files.ts';

/**
 * The frame's script, with the interpreter's source in it (20 kB gzipped): loaded with the page's first sandbox frame,
 * as a chunk of its own, so that a page pays for it only once it starts Python.
 */
let frameScript: Promise<string> | undefined;
const loadFrameScript = () => (frameScript ??= import('../generated/worker-sources.ts').then((sources) => sources.frameScript));

/**
 * Interpreters inside a hidden `<iframe sandbox="allow-scripts">` built from `srcdoc`: an opaque origin with no
 * cookies, no storage and nothing same-origin with the page. Its CSP has no `'unsafe-eval'`, pins the relay script
 * by hash, lets it start `data:` workers and them import Pyodide's scripts from `blob:` URLs they make themselves
 * (worker/interpreter-scripts.ts; the fence then takes `URL.createObjectURL` from user code), and allows no network
 * at all: the page hands the relay every file (see pyodide-files.ts), so no URL trick (`…/pyodide/..%2F..%2Fapi`)
 * can reach the page's server or any other. Never add `allow-same-origin` to the sandbox: it would give the frame the
 * page's origin back.
 */
export function createFrameEndpoint(indexURL: string, packages: readonly string[] = []): Endpoint {
  const csp = ["default-src 'none'", `script-src '${frameScriptHash}' 'wasm-unsafe-eval' blob:`, 'worker-src data:'].join('; ');
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('allow', 'cross-origin-isolated *');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('data-python-sandbox-frame', '');
  frame.title = 'python-sandbox interpreters';
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;left:-10px;top:-10px;width:0;height:0;border:0;visibility:hidden';

  // Messages posted before the frame has loaded wait in the channel until the relay starts its port. A second load
  // (the frame moved in the DOM reloads it) starts a relay that never gets a port: the endpoint is dead then.
  const channel = new MessageChannel();
  let loads = 0;
  frame.addEventListener('load', () => {
    if (++loads === 1) frame.contentWindow?.postMessage(FRAME_CONNECT, '*', [channel.port2]);
  });
  let closed = false;
  const script = loadFrameScript().then((source) => {
    if (closed) return;
    frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${source}</script>`;
    (document.body ?? document.documentElement).append(frame);
  }, (error: unknown) => {
    frameScript = undefined; // the next frame tries again
    throw new Error(`python-sandbox could not load its sandbox frame's script: ${error instanceof Error ? error.message : String(error)}`);
  });
  channel.port1.start();
  // Pyodide's files are fetched meanwhile; what is posted waits in the channel until the relay starts its end.
  const files = Promise.all([script, deliverPyodideFiles((message, transfer) => channel.port1.postMessage(message, transfer), indexURL, packages)])
    .then(([, delivered]) => delivered);

  return {
    postMessage: (message, transfer = []) => channel.port1.postMessage(message, transfer),
    addEventListener: (type, listener) => channel.port1.addEventListener(type, listener),
    removeEventListener: (type, listener) => channel.port1.removeEventListener(type, listener),
    // Not on the page yet while its script loads; gone once removed from it or reloaded.
    alive: () => (frame.isConnected || !frame.srcdoc) && loads <= 1,
    files,
    close: () => {
      closed = true;
      channel.port1.close();
      frame.remove();
    },
  };
}
