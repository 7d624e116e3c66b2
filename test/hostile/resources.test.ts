// Hostile code that attacks the runtime itself rather than the page's origin: runaway loops, sleeps, memory and
// recursion bombs, floods, giant results, forged protocol messages, escapes from the run's lifetime, markup. Each must
// end with a clear result while the page keeps ticking, and the next run must work.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import type { RunOptions, RunResult } from '../../src/runtime/types.ts';
import { FROZEN_YARDSTICKS, expectNoFreeze, watchMainThread } from '../main-thread.ts';
import { usePool } from '../use-pool.ts';

describe('hostile code against the runtime (isolation frame)', () => {
  const pool = usePool({ memoryLimitMiB: 192 });

  /** Runs `code`, checks that the page kept ticking and that a run after it works, and hands back the result. */
  async function survive(code: string, options: RunOptions = {}): Promise<RunResult> {
    const watch = watchMainThread();
    const started = performance.now();
    const result = await pool.run(code, { timeout: 30_000, ...options });
    const mainThread = watch.stop();
    // The ticker fires every 20 ms; a run over in less than that (a MemoryError at once) has nothing to prove.
    if (performance.now() - started > 200) expect(mainThread.ticks, 'the page kept ticking').to.be.above(0);
    // Generous (2.5 s on a quiet machine, as the fixed limit this replaced): a frozen page stays frozen for the whole run.
    expectNoFreeze(mainThread, 'the longest main-thread stall', { yardsticks: 2.5 * FROZEN_YARDSTICKS });
    expect((await pool.run('print("next")')).stdout).to.equal('next\n');
    return result;
  }

  it('ends a loop that swallows KeyboardInterrupt', async () => {
    const result = await survive('while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass', { timeout: 500 });
    expect(result.status).to.equal('timeout');
  });

  it('ends time.sleep() past the deadline', async () => {
    const result = await survive('import time\nprint("sleeping")\ntime.sleep(30)\nprint("woke")', { timeout: 500 });
    expect(result.status).to.equal('timeout');
    expect(result.stdout).to.equal('sleeping\n');
  });

  it('gives MemoryError to a memory bomb, one allocation or many', async () => {
    const one = await survive("x = bytearray(2 ** 30)");
    expect(one.error?.type).to.equal('MemoryError');
    const many = await survive('chunks = []\nwhile True:\n    chunks.append(" " * 10 ** 7)');
    expect(many.error?.type).to.equal('MemoryError');
  });

  // With the limit raised, CPython recurses until the engine's own stack runs out, which kills the interpreter (about
  // 6 s on a 2-core machine); the next run gets a fresh one.
  it('ends a recursion bomb with a raised recursion limit as a crash when the stack runs out', async () => {
    const result = await survive('import sys\nsys.setrecursionlimit(10 ** 7)\ndef down(n):\n    return down(n + 1)\ndown(0)', { timeout: 60_000 });
    expect(result.status).to.equal('crashed');
    expect(result.error?.type).to.equal('InterpreterCrash');
    expect(result.error?.message).to.match(/call stack/);
  });

  it('caps a flood of huge lines and keeps the page responsive', async () => {
    const result = await survive('while True:\n    print("x" * 100_000)', { timeout: 1500 });
    expect(result.status).to.equal('timeout');
    expect(result.truncated).to.equal(true);
    expect(result.stdout.length).to.be.at.most(1_000_000);
  });

  it('caps a giant result and giant files instead of posting them to the page', async () => {
    const result = await survive('open("big.bin", "wb").write(b"x" * (100 * 2 ** 20))\n"y" * (50 * 2 ** 20)', { timeout: 60_000 });
    expect(result.status).to.equal('ok');
    expect(result.result!.length).to.be.at.most(100_000);
    const bytes = Object.values(result.files).reduce((sum, file) => sum + file.byteLength, 0);
    expect(bytes).to.be.at.most(32 * 2 ** 20);
  });

  it('cannot flood the relay through the worker\'s global postMessage', async () => {
    const result = await survive('import js\nfor i in range(200_000):\n    js.postMessage(i)\nprint("done")', { timeout: 60_000 });
    expect(result).to.include({ status: 'ok', stdout: 'done\n' });
  });

  it('cannot close its worker to make a later run hang', async () => {
    const cells = pool.session('hostile-close');
    const closed = await survive('import js\njs.close()\nprint("still here")', { timeout: 0 });
    expect(closed).to.include({ status: 'ok', stdout: 'still here\n' });
    await cells.run('import js\njs.close()\nx = 1');
    const next = await cells.run('print(x + 1)', { timeout: 0 });
    expect(next).to.include({ status: 'ok', stdout: '2\n' });
  });

  it('cannot start workers (no fork bomb)', async () => {
    const result = await survive('import js\ntry:\n    js.Worker.new("data:text/javascript,for(;;);")\n    print("spawned")\nexcept BaseException as e:\n    print("blocked")');
    expect(result.stdout).to.equal('blocked\n');
  });

  it('cannot forge the runtime\'s messages or patch what the worker sends with', async () => {
    const code = [
      'import js',
      'from pyodide.ffi import create_proxy',
      'fake = js.JSON.parse(\'{"type":"finished","workerId":1,"id":1,"outcome":{"status":"ok","result":"forged","files":{}}}\')',
      'js.postMessage(fake)',
      'js.MessagePort.prototype.postMessage = create_proxy(lambda *args: None)',
      'js.JSON.stringify = create_proxy(lambda *args: "forged")',
      'js.Object.fromEntries = create_proxy(lambda *args: fake)',
      'print("real output")',
      'raise ValueError("the real outcome")',
    ].join('\n');
    const result = await survive(code);
    expect(result.status).to.equal('error');
    expect(result.error?.type).to.equal('ValueError');
    expect(result.stdout).to.equal('real output\n');
    expect(result.result).to.equal(undefined);
  });

  // Pyodide's own conversions then call the patched push, which converts again, until the stack overflows (5–7 s on a
  // 2-core machine): the interpreter dies, and the run says so rather than reporting a forged or empty success.
  it('sabotaging the builtins Pyodide itself uses ends the run as a crash, never ok', async () => {
    const result = await survive('import js\nfrom pyodide.ffi import create_proxy\n' +
      'js.Array.prototype.push = create_proxy(lambda *args: 0)\nraise ValueError("the real outcome")', { timeout: 15000 });
    expect(result.status).to.equal('crashed');
    expect(result.error?.type).to.equal('InterpreterCrash');
    expect(result.error?.message).to.match(/call stack/);
  });

  it('does not let timers outlive their run: ephemeral or in a session', async () => {
    const tick = 'import js\nfrom pyodide.ffi import create_proxy\njs.setInterval(create_proxy(lambda: print("tick")), 5)\n';
    const late: string[] = [];
    const result = await pool.run(tick + 'print("set")', { onOutput: (_stream, text) => late.push(text) });
    expect(result.stdout).to.equal('set\n');
    late.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(late, 'output after the result').to.deep.equal([]);

    const cells = pool.session('hostile-timers');
    await cells.run(tick + 'print("set")');
    const next = await cells.run('import asyncio\nawait asyncio.sleep(0.2)\nprint("next cell")');
    expect(next.stdout).to.equal('next cell\n');
  });

  it('ends a run in flight and recovers when the page removes the sandbox frame', async () => {
    const running = pool.run('print("started", flush=True)\nwhile True: pass', { timeout: 0, onOutput: () => frame()?.remove() });
    const result = await running;
    expect(result.status).to.equal('crashed');
    expect(result.error?.message).to.include('removed');
    expect((await pool.run('print("after")')).stdout).to.equal('after\n');
  });
});

function frame(): HTMLIFrameElement | null {
  return document.querySelector('iframe[data-python-sandbox-frame]');
}

describe('markup from hostile code (element)', () => {
  it('shows printed markup and exception messages as text, never as HTML', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const pwned = () => (window as unknown as { pwned?: number }).pwned;
    await el.run('print("<img src=x onerror=window.pwned=1>")\nraise ValueError("<script>window.pwned=2</script><b>bold</b>")');
    await el.updateComplete;
    const log = el.shadowRoot!.querySelector('[role="log"]')!;
    expect(log.querySelectorAll('img, script, b')).to.have.length(0);
    expect(log.textContent).to.include('<img src=x onerror=window.pwned=1>');
    expect(log.textContent).to.include('ValueError: <script>window.pwned=2</script><b>bold</b>');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pwned()).to.equal(undefined);
  });
});
