import { expect } from '@open-wc/testing';
import type { RunResult } from '../../src/runtime/types.ts';
import { usePool } from '../use-pool.ts';

describe('SandboxPool dispose (real Pyodide)', () => {
  const pool = usePool({ size: 1 });

  it('ends the running and the queued runs as stopped', async () => {
    let heard!: () => void;
    const printed = new Promise<void>((resolve) => (heard = resolve));
    const running = pool.run('print("running")\nwhile True: pass', { timeout: 0, onOutput: () => heard() });
    const queuedOutput: string[] = [];
    const queued = pool.run('print("must not appear")', { onOutput: (_stream, text) => queuedOutput.push(text) });
    const session = pool.session('s').run('print("must not appear either")');
    await printed;

    pool.dispose();
    const results: RunResult[] = await Promise.all([running, queued, session]);
    expect(results.map((each) => each.status)).to.deep.equal(['stopped', 'stopped', 'stopped']);
    expect(results[0].stdout).to.equal('running\n');
    expect(results[1].stdout).to.equal('');
    expect(results[2].stdout).to.equal('');
    expect(queuedOutput).to.deep.equal([]);
  });

  it('rejects runs asked for after dispose', async () => {
    let error: unknown;
    try {
      await pool.run('print(1)');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(Error);
    expect(String(error)).to.include('disposed');

    error = undefined;
    try {
      await pool.session('s').run('print(1)');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(Error);
    pool.dispose(); // a second dispose is harmless
  });
});
