import { FRAME_CONNECT } from '../../worker/protocol.ts';
import { frameScript, frameScriptHash } from '../generated/worker-sources.ts';
import type { Endpoint } from './endpoint.ts';

/**
 * Interpreters inside a hidden `<iframe sandbox="allow-scripts">` built from `srcdoc`: an opaque origin with no
 * cookies, no storage and nothing same-origin with the page. Its CSP has no `'unsafe-eval'`, pins the relay script
 * by hash, and lets the frame load only Pyodide's files (from `indexURL`'s origin) and `data:` workers.
 * Never add `allow-same-origin` to the sandbox: it would give the frame the page's origin back.
 */
export function createFrameEndpoint(indexURL: string): Endpoint {
  const assets = new URL(indexURL).origin;
  const csp = [
    "default-src 'none'",
    `script-src '${frameScriptHash}' 'wasm-unsafe-eval' ${assets}`,
    'worker-src data:',
    `connect-src ${assets}`,
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

  // Messages posted before the frame has loaded wait in the channel until the relay starts its port.
  const channel = new MessageChannel();
  frame.addEventListener('load', () => frame.contentWindow?.postMessage(FRAME_CONNECT, '*', [channel.port2]), { once: true });
  (document.body ?? document.documentElement).append(frame);
  channel.port1.start();

  return {
    postMessage: (message, transfer = []) => channel.port1.postMessage(message, transfer),
    addEventListener: (type, listener) => channel.port1.addEventListener(type, listener),
    removeEventListener: (type, listener) => channel.port1.removeEventListener(type, listener),
    close: () => {
      channel.port1.close();
      frame.remove();
    },
  };
}
