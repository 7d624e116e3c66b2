// The library build as a site uses it: a static page that loads dist/define.js (built by `npm test` before the
// suite) runs Python with Pyodide from dist/pyodide/, with no other set-up. The test server serves dist/ as plain
// files: its Pyodide middleware deliberately skips /dist/, so a file missing from the build fails here.
import { expect, oneEvent } from '@open-wc/testing';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';

describe('the library build (dist/)', function () {
  this.timeout(120000);

  it('runs Python on a plain static page that loads dist/define.js, from the snapshot it ships', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/dist/built-page.html';
    document.body.append(frame);
    await oneEvent(frame, 'load');
    const win = frame.contentWindow! as Window & typeof globalThis;
    await win.customElements.whenDefined('python-sandbox');
    const el = win.document.querySelector('python-sandbox') as PythonSandbox;
    expect(el.code).to.equal('import sys\nprint("Hello from", sys.implementation.name)');
    const result = await el.run();
    expect(result).to.include({ status: 'ok', stdout: 'Hello from cpython\n' });
    // The element's pool (default settings: the same shared pool) started from the snapshot shipped in dist/pyodide/.
    const { leasePool } = await (win as unknown as { eval(code: string): Promise<typeof import('../../src/index.ts')> }).eval("import('/dist/index.js')");
    const lease = leasePool();
    expect(lease.pool.stats.boots).to.include({ plain: 0 });
    expect(lease.pool.stats.boots.snapshot).to.be.greaterThan(0);
    lease.release();
    frame.remove();
  });
});
