import { FRAME_CONNECT } from '../../worker/protocol.ts';
import { frameScript, frameScriptHash } from '../generated/worker-sources.ts';
import type { Endpoint } from './endpoint.ts';

/** The only files of Pyodide's folder the frame loads as scripts, and the only ones it fetches (besides packages). */
const PYODIDE_SCRIPTS = ['pyodide.mjs', 'pyodide.asm.mjs'];
const PYODIDE_FILES = ['pyodide-lock.json', 'pyodide.asm.wasm', 'python_stdlib.zip'];

/**
 * Interpreters inside a hidden `<iframe sandbox="allow-scripts">` built from `srcdoc`: an opaque origin with no
 * cookies, no storage and nothing same-origin with the page. Its CSP has no `'unsafe-eval'`, pins the relay script
 * by hash, and lets the frame and its workers load and fetch only Pyodide's own files and the pool's package files,
 * each by its exact URL (a folder source would also match `…/pyodide/..%2F..%2Fanything`, since CSP decodes each
 * path segment, and a server that normalises that reaches the rest of the site), and start `data:` workers. Never
 * add `allow-same-origin` to the sandbox: it would give the frame the page's origin back.
 */
export function createFrameEndpoint(indexURL: string, packageFiles: string[] = []): Endpoint {
  const exact = (urls: string[]) => urls.map((url) => cspSource(url)).join(' ');
  const csp = [
    "default-src 'none'",
    `script-src '${frameScriptHash}' 'wasm-unsafe-eval' ${exact(PYODIDE_SCRIPTS.map((file) => indexURL + file))}`,
    'worker-src data:',
    `connect-src ${exact([...PYODIDE_FILES.map((file) => indexURL + file), ...packageFiles])}`,
  ].join('; ');
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('allow', 'cross-origin-isolated *');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('data-python-sandbox-frame', '');
  frame.title = 'python-sandbox interpreters';
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;left:-10px;top:-10px;width:0;height:0;border:0;visibility:hidden';
  frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${frameScript}</script>`;

  // Messages posted before the frame has loaded wait in the channel until the relay starts its port. A second load
  // (the frame moved in the DOM reloads it) starts a relay that never gets a port: the endpoint is dead then.
  const channel = new MessageChannel();
  let loads = 0;
  frame.addEventListener('load', () => {
    if (++loads === 1) frame.contentWindow?.postMessage(FRAME_CONNECT, '*', [channel.port2]);
  });
  (document.body ?? document.documentElement).append(frame);
  channel.port1.start();

  return {
    postMessage: (message, transfer = []) => channel.port1.postMessage(message, transfer),
    addEventListener: (type, listener) => channel.port1.addEventListener(type, listener),
    removeEventListener: (type, listener) => channel.port1.removeEventListener(type, listener),
    alive: () => frame.isConnected && loads <= 1,
    close: () => {
      channel.port1.close();
      frame.remove();
    },
  };
}

/** One URL as a CSP source expression that matches that file and nothing else (a path not ending in `/`). */
function cspSource(fileURL: string): string {
  const url = new URL(fileURL);
  if (!/^https?:$/.test(url.protocol)) {
    throw new RangeError(`python-sandbox: Pyodide must be served over http(s), got ${JSON.stringify(fileURL)}` +
      (url.protocol === 'file:' ? ' (a file:// page cannot load it: serve the page and the files from a web server)' : ''));
  }
  const source = url.origin + url.pathname;
  // A CSP source list is split on spaces, ';' and ','; quotes would end the srcdoc attribute.
  if (/[\s;,'"]/.test(source)) throw new RangeError(`python-sandbox: ${JSON.stringify(fileURL)} cannot be put in a CSP`);
  return source;
}
