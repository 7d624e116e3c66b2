// What an engine may lack, and what the element does then: it degrades on purpose and says so, never hangs and never
// gives a silent wrong answer. Runs in every engine, on an ordinary page and (npm run test:engines) on a cross-origin
// isolated one. The capabilities each run found are logged, for docs/browser-support.md's table.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { poolBoots } from './ready.ts';

/** The page can share memory with a worker: the precondition for interrupting Python instead of terminating it. */
const canShareMemory = crossOriginIsolated && typeof SharedArrayBuffer === 'function';
/** WebAssembly JSPI: Python can suspend on a JS promise (`pyodide.ffi.run_sync`). */
const hasJSPI = typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';

describe(`what degrades in ${navigator.userAgent}`, () => {
  before(async function () {
    await poolBoots(this);
  });

  it('reports what the interpreters can use', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const result = await el.run([
      'import js',
      'print("jspi", hasattr(js.WebAssembly, "Suspending"))',
      'print("crossOriginIsolated", bool(js.crossOriginIsolated))',
      'print("SharedArrayBuffer", hasattr(js, "SharedArrayBuffer"))',
    ].join('\n'));
    expect(result.status).to.equal('ok');
    console.log(`[capabilities] page: crossOriginIsolated=${crossOriginIsolated} SharedArrayBuffer=${typeof SharedArrayBuffer === 'function'} ` +
      `JSPI=${hasJSPI}; interpreter worker: ${result.stdout.trim().replace(/\n/g, ', ')}`);
    expect(result.stdout).to.include(`jspi ${hasJSPI ? 'True' : 'False'}`);
    // Only a cross-origin isolated page can put a frame or worker in an isolated agent cluster, and only such a realm
    // has the SharedArrayBuffer constructor (HTML spec). On an isolated page the interpreter's own view varies by
    // engine (Chromium's data: workers say False to both even there), so only the ordinary page's answer is certain.
    if (!crossOriginIsolated) expect(result.stdout).to.include('crossOriginIsolated False\nSharedArrayBuffer False\n');
  });

  it('a timeout interrupts a session run and keeps its state where memory can be shared, else terminates it, says the state is lost and restores it by replay', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox session="degrades" timeout="500"></python-sandbox>`);
    expect((await el.run('kept = 41')).status).to.equal('ok');
    const timedOut = await el.run('print("spinning", flush=True)\nwhile True: pass');
    expect(timedOut).to.include({ status: 'timeout', stdout: 'spinning\n' });
    console.log(`[capabilities] deadline: ${timedOut.sessionState === 'kept' ? 'interrupt (session kept)' : 'terminate (session lost)'}`);
    const after = await el.run('kept + 1');
    if (canShareMemory) {
      expect(timedOut.sessionState, 'interrupted, so the session survives').to.equal('kept');
      expect(after).to.include({ result: '42', sessionState: 'kept' });
    } else {
      expect(timedOut.sessionState, 'terminated, and the result says so').to.equal('lost');
      expect(after, 'restored by replaying the earlier run').to.include({ result: '42', sessionState: 'replayed' });
    }
    el.reset();
  });

  it('top-level await works in every engine, JSPI or not', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const result = await el.run('import asyncio, js\nawait asyncio.sleep(0.01)\nprint(await js.Promise.resolve(5))');
    expect(result).to.include({ status: 'ok', stdout: '5\n' });
  });

  // Python is entered through callPromising, so with JSPI run_sync can suspend (as input() does); without it, it says so.
  it('run_sync works with JSPI, and without it raises an error that names the missing stack switching, never hangs', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="10000"></python-sandbox>`);
    const result = await el.run('from pyodide.ffi import run_sync\nimport js\nprint(run_sync(js.Promise.resolve(7)))');
    console.log(`[capabilities] run_sync: ${result.status === 'ok' ? 'works' : `${result.error?.type}: ${result.error?.message}`}`);
    if (hasJSPI) {
      expect(result, result.error?.message).to.include({ status: 'ok', stdout: '7\n' });
    } else {
      expect(result.status).to.equal('error');
      expect(result.error?.type).to.equal('RuntimeError');
      expect(result.error?.message).to.match(/stack switching/i);
    }
  });
});
