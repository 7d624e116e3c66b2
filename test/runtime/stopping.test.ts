import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';
import type { RunOptions, RunResult } from '../../src/runtime/types.ts';
import { usePool } from '../use-pool.ts';

const SPIN = 'while True: pass';
/** How long test/fixtures/plain-server.mjs holds pyodide.asm.wasm back in a `held-` folder. */
const HELD_WASM_MS = 1500;

/** Starts a run and resolves `printed` once its first line of output arrived, i.e. once user code is surely running. */
function runUntilOutput(pool: SandboxPool, code: string, options: RunOptions = {}) {
  let heard!: () => void;
  const printed = new Promise<void>((resolve) => (heard = resolve));
  let text = '';
  const result = pool.run(code, {
    ...options,
    onOutput: (_stream, more) => {
      text += more;
      if (text.includes('\n')) heard();
    },
  });
  return { printed, result };
}

describe('SandboxPool deadlines and stopping (real Pyodide)', () => {
  const pool = usePool();

  it('counts the timeout from the start of user code, not from the boot', async () => {
    // A folder of its own, so that no kept snapshot applies, on a server that holds Pyodide's Wasm back
    // (test/fixtures/plain-server.mjs): the first interpreter boots for longer than the timeout, on any machine.
    const slowBoot = new SandboxPool({ indexURL: new URL(`/plain-server/held-${Date.now()}/pyodide/`, location.href).href, size: 1 });
    try {
      const asked = performance.now();
      // Below the boot's hold: a boot counted in the deadline would time the run out.
      const result = await slowBoot.run('print("quick")', { timeout: 1000 });
      const tookMs = performance.now() - asked;
      expect(tookMs, 'the boot outlasted the timeout').to.be.above(HELD_WASM_MS);
      expect(result).to.include({ status: 'ok', stdout: 'quick\n', stderr: '' });
      expect(result.durationMs, 'durationMs is execution only: the boot\'s hold is not in it').to.be.below(tookMs - HELD_WASM_MS);
    } finally {
      slowBoot.dispose();
    }
  });

  describe('timeout', () => {
    it('ends `while True: pass` as timeout, and the next run succeeds', async () => {
      const result = await pool.run(SPIN, { timeout: 300 });
      expect(result.status).to.equal('timeout');
      expect(result.error).to.equal(undefined);
      const next = await pool.run('print("alive")\n1 + 1');
      expect(next).to.include({ status: 'ok', stdout: 'alive\n', result: '2' });
    });

    it('still ends a program that catches KeyboardInterrupt in a loop', async () => {
      const code = 'while True:\n try:\n  while True: pass\n except KeyboardInterrupt: pass';
      const result = await pool.run(code, { timeout: 300 });
      expect(result.status).to.equal('timeout');
      expect((await pool.run('print("alive")')).stdout).to.equal('alive\n');
    });

    it('keeps the output produced before the timeout', async () => {
      const code = 'import sys\nfor i in range(3):\n    print("line", i)\nprint("oops", file=sys.stderr)\n' + SPIN;
      const result = await pool.run(code, { timeout: 300 });
      expect(result.status).to.equal('timeout');
      expect(result.stdout).to.equal('line 0\nline 1\nline 2\n');
      expect(result.stderr).to.equal('oops\n');
    });
  });

  describe('abort', () => {
    it('stops a running program: status stopped, output so far kept', async () => {
      const controller = new AbortController();
      const { printed, result } = runUntilOutput(pool, 'print("started")\n' + SPIN, { timeout: 0, signal: controller.signal });
      await printed;
      controller.abort();
      expect(await result).to.include({ status: 'stopped', stdout: 'started\n' });
      expect((await pool.run('print("alive")')).stdout).to.equal('alive\n');
    });

    it('removes a queued run from the queue: status stopped, and it never starts', async () => {
      const blockers = new AbortController();
      const busy = Array.from({ length: pool.size }, (_, index) =>
        runUntilOutput(pool, `print("busy ${index}")\n${SPIN}`, { timeout: 0, signal: blockers.signal }));
      await Promise.all(busy.map((each) => each.printed));

      const heard: string[] = [];
      const controller = new AbortController();
      const queued = pool.run('print("must not appear")', {
        signal: controller.signal,
        onOutput: (_stream, text) => heard.push(text),
      });
      let settled: RunResult | undefined;
      void queued.then((result) => (settled = result));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(settled, 'a run beyond the pool size waits while every interpreter is busy').to.equal(undefined);

      controller.abort();
      const result = await queued;
      expect(result).to.include({ status: 'stopped', stdout: '', stderr: '', durationMs: 0 });
      expect(pool.stats.queued).to.equal(0);

      blockers.abort();
      for (const each of busy) expect((await each.result).status).to.equal('stopped');
      // Interpreters are free again; the aborted run must not have been started on one of them.
      expect((await pool.run('print("after")')).stdout).to.equal('after\n');
      expect(heard).to.deep.equal([]);
    });

    it('never starts a run whose signal is already aborted', async () => {
      const heard: string[] = [];
      const result = await pool.run('print("must not appear")', {
        signal: AbortSignal.abort(),
        onOutput: (_stream, text) => heard.push(text),
      });
      expect(result).to.include({ status: 'stopped', stdout: '', durationMs: 0 });
      expect((await pool.run('print("after")')).stdout).to.equal('after\n');
      expect(heard).to.deep.equal([]);
    });

    it('changes nothing when aborted after its run ended, not even the next run', async () => {
      const controller = new AbortController();
      const done = await pool.run('print("done")', { signal: controller.signal });
      const next = pool.run('import time\nprint("next", flush=True)\ntime.sleep(0.3)\nprint("ended")');
      controller.abort();
      expect(done).to.include({ status: 'ok', stdout: 'done\n' });
      expect(await next).to.include({ status: 'ok', stdout: 'next\nended\n' });
    });

    it('never attributes a late message from a stopped run to the next run', async () => {
      for (let round = 0; round < 2; round++) {
        const controller = new AbortController();
        const { printed, result } = runUntilOutput(pool, 'while True:\n    print("spam " * 50)', {
          timeout: 0,
          signal: controller.signal,
        });
        await printed;
        controller.abort();
        const next = pool.run('print("mine")');
        expect((await result).status).to.equal('stopped');
        expect(await next).to.include({ status: 'ok', stdout: 'mine\n', stderr: '' });
      }
    });
  });
});
