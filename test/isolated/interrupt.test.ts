// Runs only in the cross-origin isolated pass of `npm test` (COOP + COEP headers): SharedArrayBuffer exists, so a
// deadline or Stop first interrupts Python with KeyboardInterrupt, and terminates only if the code swallows it.
import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

describe('on a cross-origin isolated page', () => {
  const pool = usePool({ size: 2 }, async () => {
    expect(crossOriginIsolated, 'the test server must send COOP and COEP').to.equal(true);
  });

  it('a timeout interrupts a session run and keeps its state', async () => {
    const session = pool.session('interrupted');
    await session.run('x = 5');
    const timedOut = await session.run('print("looping", flush=True)\nwhile True: pass', { timeout: 300 });
    expect(timedOut.status).to.equal('timeout');
    expect(timedOut.stdout).to.equal('looping\n');
    expect(timedOut.sessionState).to.equal('kept');
    expect((await session.run('x')).result).to.equal('5');
  });

  it('Stop interrupts a session run and keeps its state', async () => {
    const session = pool.session('stopped');
    await session.run('y = 7');
    const abort = new AbortController();
    const running = session.run('print("spinning", flush=True)\nwhile True: pass', {
      timeout: 0,
      signal: abort.signal,
      onOutput: () => abort.abort(),
    });
    const stopped = await running;
    expect(stopped.status).to.equal('stopped');
    expect(stopped.sessionState).to.equal('kept');
    expect((await session.run('y')).result).to.equal('7');
  });

  it('code that swallows KeyboardInterrupt is terminated after a grace period, and the next run works', async () => {
    const stubborn = 'while True:\n    try:\n        while True: pass\n    except KeyboardInterrupt:\n        pass';
    const session = pool.session('stubborn');
    await session.run('z = 1');
    const result = await session.run(stubborn, { timeout: 300 });
    expect(result.status).to.equal('timeout');
    expect(result.sessionState).to.equal('lost');
    expect((await session.run('z')).error?.type).to.equal('NameError');
    expect((await pool.run('print("next")')).stdout).to.equal('next\n');
  });

  it('Stop while the program waits for input interrupts it and keeps the session state', async () => {
    const session = pool.session('waiting');
    await session.run('w = 3');
    const abort = new AbortController();
    const stopped = await session.run('input("? ")', {
      timeout: 0,
      signal: abort.signal,
      onInput: () => (setTimeout(() => abort.abort(), 50), new Promise<string>(() => {})),
    });
    expect(stopped.status).to.equal('stopped');
    expect(stopped.sessionState).to.equal('kept');
    expect((await session.run('w')).result).to.equal('3');
  });

  it('with replay, an interrupted run keeps the state and nothing is replayed; a terminated one is restored by replay', async () => {
    const session = pool.session('interrupted-replay', { replay: true });
    await session.run('v = 9');
    expect(await session.run('while True: pass', { timeout: 300 })).to.include({ status: 'timeout', sessionState: 'kept' });
    expect(await session.run('v')).to.include({ result: '9', sessionState: 'kept' });
    const stubborn = 'while True:\n    try:\n        while True: pass\n    except KeyboardInterrupt:\n        pass';
    expect(await session.run(stubborn, { timeout: 300 })).to.include({ status: 'timeout', sessionState: 'lost' });
    expect(await session.run('v')).to.include({ result: '9', sessionState: 'replayed' });
  });

  it('with replay, a replay that raises starts fresh: the half-restored interpreter is dropped', async () => {
    const session = pool.session('half-restored', { replay: true });
    const token = (await session.run('import os\ntoken = os.urandom(8).hex()\nprint(token)')).stdout.trim();
    await session.run(`assert token == "${token}"\nlater = 1`);
    const stubborn = 'while True:\n    try:\n        while True: pass\n    except KeyboardInterrupt:\n        pass';
    expect((await session.run(stubborn, { timeout: 300 })).sessionState).to.equal('lost');
    const next = await session.run('"token" in globals()');
    expect(next).to.include({ result: 'False', sessionState: 'lost' });
    expect(next.sessionNote).to.include('raised AssertionError');
  });

  it('an ephemeral run that times out reports the output so far', async () => {
    const result = await pool.run('for i in range(3): print(i)\nwhile True: pass', { timeout: 300 });
    expect(result.status).to.equal('timeout');
    expect(result.stdout).to.equal('0\n1\n2\n');
  });
});
