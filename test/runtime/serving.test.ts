// Serving Pyodide as most sites can: from the page's own origin, on a server that sends no CORS header (the sandbox
// frame has an opaque origin, so anything it fetched itself needed one), and a clear error on every element when a
// file is missing. test/fixtures/plain-server.mjs is that server.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';
import { frameScriptHash } from '../../src/generated/frame-script-hash.ts';
import type { RunResult } from '../../src/runtime/types.ts';
import { rendered } from '../rendered.ts';

const plainFolder = (tag: string) => new URL(`/plain-server/${tag}/pyodide/`, location.href).href;

describe('serving Pyodide from a plain server', () => {
  it('runs Python when the server sends no CORS header at all', async () => {
    const response = await fetch(plainFolder('plain') + 'pyodide.mjs');
    expect(response.headers.get('access-control-allow-origin'), 'the server really sends none').to.equal(null);
    const pool = new SandboxPool({ indexURL: plainFolder('plain') });
    try {
      const result = await pool.run('import sys\nprint(sys.version_info[:2])', { timeout: 20000 });
      expect(result, result.error?.message).to.include({ status: 'ok', stdout: '(3, 14)\n' });
    } finally {
      pool.dispose();
    }
  });

  it('ends every element\'s run with the same BootError naming the missing file and its status', async () => {
    const folder = plainFolder('missing-wasm');
    const wrapper = await fixture<HTMLElement>(html`<div>
      <python-sandbox index-url=${folder} code="print(1)"></python-sandbox>
      <python-sandbox index-url=${folder} code="print(2)"></python-sandbox>
      <python-sandbox index-url=${folder} code="print(3)"></python-sandbox>
    </div>`);
    await rendered(wrapper);
    const elements = [...wrapper.querySelectorAll('python-sandbox')] as PythonSandbox[];
    const completions = elements.map((element) => oneEvent(element, 'sandbox-complete'));
    const results = await Promise.all(elements.map((element) => element.run()));
    await Promise.all(completions);
    for (const result of results) {
      expect(result.status).to.equal('crashed');
      expect(result.error?.type).to.equal('BootError');
      expect(result.error?.message).to.include(`${folder}pyodide.asm.wasm: HTTP 404`);
    }
    for (const element of elements) {
      await element.updateComplete;
      const text = element.shadowRoot!.textContent ?? '';
      expect(text).to.include('pyodide.asm.wasm: HTTP 404');
      expect(text).to.not.include('Cannot read properties');
    }
  });

  // The sandbox frame inherits a page's own CSP. One that allows the frame what it needs but no `blob:` scripts
  // refuses each worker's import of Pyodide's scripts, as WebKit does: the relay starts the worker again with them in
  // its own source (worker/interpreter-scripts.ts), and Python runs. (Without that fallback the pool never got ready.)
  it('runs Python on a page whose own CSP allows no blob: scripts', async function () {
    this.timeout(90_000);
    const nonce = `csp-${Date.now()}`;
    const csp = [`default-src 'none'`, `script-src 'self' 'nonce-${nonce}' '${frameScriptHash}' 'wasm-unsafe-eval'`,
      'worker-src data:', "connect-src 'self'"].join('; ');
    const page = document.createElement('iframe');
    page.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}">
<script type="module" nonce="${nonce}">
import { SandboxPool } from '/src/runtime/pool.ts';
const pool = new SandboxPool({ indexURL: '/csp-page-${Date.now()}/pyodide/' });
const result = await pool.run('print(6 * 7)', { timeout: 60000 });
parent.postMessage({ fromCspPage: JSON.parse(JSON.stringify(result)) }, '*');
pool.dispose();
</script>`;
    const reported = new Promise<RunResult>((resolve) => {
      const listen = (event: MessageEvent) => {
        if (event.source !== page.contentWindow || !event.data?.fromCspPage) return;
        removeEventListener('message', listen);
        resolve(event.data.fromCspPage);
      };
      addEventListener('message', listen);
    });
    document.body.append(page);
    try {
      const result = await reported;
      expect(result, result.error?.message).to.include({ status: 'ok', stdout: '42\n' });
    } finally {
      page.remove();
    }
  });
});

