import { FRAME_CONNECT } from '../../worker/protocol.ts';
import { frameScript, frameScriptHash } from '../generated/worker-sources.ts';
import type { Endpoint } from './endpoint.ts';

/**
 * Interpreters inside a hidden `<iframe sandbox="allow-scripts">` built from `srcdoc`: an opaque origin with no
 * cookies, no storage and nothing same-origin with the page. Its CSP has no `'unsafe-eval'`, pins the relay script
 * by hash, and lets the frame and its workers load and fetch only from Pyodide's folder (`indexURL`, a path, not a
 * whole origin: a self-hosted Pyodide shares the page's origin, whose other URLs stay out of reach) and start
 * `data:` workers. Never add `allow-same-origin` to the sandbox: it would give the frame the page's origin back.
 */
export function createFrameEndpoint(indexURL: string, packageURLs: string[] = []): Endpoint {
  const assets = cspSource(indexURL);
  const wheels = packageURLs.map((url) => ' ' + cspSource(url, true)).join('');
  const csp = [
    "default-src 'none'",
    `script-src '${frameScriptHash}' 'wasm-unsafe-eval' ${assets}`,
    'worker-src data:',
    `connect-src ${assets}${wheels}`,
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

/**
 * A URL as a CSP source expression: `indexURL`'s folder (a path ending in `/` matches everything below it), or with
 * `exact`, that one URL (a wheel the pool loads).
 */
function cspSource(indexURL: string, exact = false): string {
  const url = new URL(indexURL);
  if (!/^https?:$/.test(url.protocol)) {
    throw new RangeError(`python-sandbox: Pyodide must be served over http(s), got ${JSON.stringify(indexURL)}` +
      (url.protocol === 'file:' ? ' (a file:// page cannot load it: serve the page and the files from a web server)' : ''));
  }
  const source = url.origin + (exact ? url.pathname : url.pathname.replace(/[^/]*$/, ''));
  // A CSP source list is split on spaces, ';' and ','; quotes would end the srcdoc attribute.
  if (/[\s;,'"]/.test(source)) throw new RangeError(`python-sandbox: indexURL ${JSON.stringify(indexURL)} cannot be put in a CSP`);
  return source;
}
