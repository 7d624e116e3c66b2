import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';
import type { RunOptions, RunResult } from '../../src/runtime/types.ts';

const SPIN = 'while True: pass';

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
  let pool: SandboxPool;

  // Not awaited on purpose: the first test needs the first boot to be still under way.
  before(() => {
    pool = new SandboxPool();
  });

  after(() => pool.dispose());

  it('counts the timeout from the start of user code, not from the boot', async function () {
    const asked = performance.now();
    const result = await pool.run('print("quick")', { timeout: 1000 });
    const waited = performance.now() - asked;
    expect(result).to.include({ status: 'ok', stdout: 'quick\n' });
    expect(result.durationMs).to.be.below(1000);
    // This proves something only when booting took longer than the timeout (2–5 s on the machines we know).
    if (waited <= 1000) this.skip();
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
