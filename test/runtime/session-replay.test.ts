// On an ordinary page (not cross-origin isolated) a deadline or Stop terminates the worker, so the session's
// interpreter is lost; with `replay`, the next run restores it by running the kept runs again, output hidden.
import { expect } from '@open-wc/testing';
import type { ReplayProgress } from '../../src/runtime/types.ts';
import { REPLAY_LIMITS } from '../../src/runtime/session-history.ts';
import { usePool } from '../use-pool.ts';

const SPIN = 'while True: pass';

describe('SandboxPool sessions with replay (real Pyodide, ordinary page)', () => {
  const pool = usePool();
  before(() => expect(crossOriginIsolated, 'these tests need a page where a deadline terminates the worker').to.equal(false));

  /** A session with replay whose interpreter has just been killed at a deadline. */
  async function killed(session: ReturnType<typeof pool.session>) {
    expect(await session.run(SPIN, { timeout: 300 })).to.include({ status: 'timeout', sessionState: 'lost' });
  }

  it('after a timeout kill, the next run sees the earlier globals, says replayed, and shows no replay output', async () => {
    const cells = pool.session('replays', { replay: true });
    await cells.run('print("defining")\nx = 41\ndef bump():\n    global x\n    x += 1');
    expect(await cells.run('bump()\nprint("bumped", x)')).to.include({ stdout: 'bumped 42\n', sessionState: 'kept' });
    await killed(cells);

    const seen: string[] = [];
    const progress: ReplayProgress[] = [];
    const next = await cells.run('print("now", x)\nx', {
      onOutput: (_stream, text) => seen.push(text),
      onReplay: (step) => progress.push(step),
    });
    expect(next).to.include({ status: 'ok', result: '42', stdout: 'now 42\n', stderr: '', sessionState: 'replayed' });
    expect(seen.join('')).to.equal('now 42\n');
    expect(progress).to.deep.equal([{ state: 'replaying', run: 1, runs: 2 }, { state: 'replaying', run: 2, runs: 2 }]);
    expect(await cells.run('bump()\nx')).to.include({ result: '43', sessionState: 'kept' });
  });

  it('runs the session\'s setup on the fresh interpreter before replaying, hidden, once', async () => {
    const cells = pool.session('setup-replay', { replay: true, setup: 'print("setting up")\nsetups = globals().get("setups", 0) + 1\nBASE = 100' });
    expect(await cells.run('x = BASE + 1\nprint(x)')).to.include({ stdout: '101\n', sessionState: 'kept' });
    await killed(cells);
    const next = await cells.run('print(x, setups)');
    expect(next).to.include({ status: 'ok', stdout: '101 1\n', sessionState: 'replayed' });
  });

  it('is off unless asked for: the next run starts fresh', async () => {
    const cells = pool.session('no-replay');
    await cells.run('y = 1');
    await killed(cells);
    const next = await cells.run('y');
    expect(next.error?.type).to.equal('NameError');
    expect(next.sessionState).to.equal('kept');
    expect(cells.restarts).to.equal(1);
  });

  it('replays files, stdin and the lines typed into input(), so a replay sees the same input', async () => {
    const cells = pool.session('input-replay', { replay: true });
    const typed = ['typed one', 'typed two'];
    const first = await cells.run('given = input()\nfirst = input("? ")\nsecond = input("? ")\ndata = open("d.txt").read()', {
      stdin: 'from stdin\n',
      files: { 'd.txt': 'file text' },
      onInput: () => typed.shift() ?? null,
    });
    expect(first.status).to.equal('ok');
    await killed(cells);
    const next = await cells.run('(given, first, second, data)');
    expect(next).to.include({ result: "('from stdin', 'typed one', 'typed two', 'file text')", sessionState: 'replayed' });
  });

  it('replays a run that raised after defining things, and needs it to raise the same again', async () => {
    const cells = pool.session('raised', { replay: true });
    expect((await cells.run('partial = "defined"\n1 / 0')).error?.type).to.equal('ZeroDivisionError');
    await killed(cells);
    expect(await cells.run('partial')).to.include({ result: "'defined'", sessionState: 'replayed' });
  });

  it('a replay that ends differently says why, starts fresh and never shows the replay output', async () => {
    const cells = pool.session('diverges', { replay: true });
    // os.urandom differs on the replay, as time or randomness would.
    const token = (await cells.run('import os\nbefore = 1\ntoken = os.urandom(8).hex()\nprint(token)')).stdout.trim();
    expect((await cells.run(`print("same token")\nassert token == "${token}", "another token"`)).status).to.equal('ok');
    await killed(cells);

    const progress: ReplayProgress[] = [];
    const next = await cells.run('print("after")\nbefore', { onReplay: (step) => progress.push(step) });
    expect(next.status).to.equal('error');
    expect(next.error?.type).to.equal('NameError');
    expect(next.stdout).to.equal('after\n');
    expect(next.sessionState).to.equal('lost');
    expect(next.sessionNote).to.equal('Could not restore the session: replaying run 2 of 2 (`print("same token")`) raised ' +
      'AssertionError: another token; starting fresh.');
    expect(progress.at(-1)).to.deep.equal({ state: 'failed', note: next.sessionNote });
    expect(cells.restarts).to.equal(1);
    // Fresh from here: the failed history is gone and new runs are kept again.
    expect(await cells.run('again = 2\nagain')).to.include({ result: '2', sessionState: 'kept' });
  });

  it('a replay that would run forever times out at its deadline (its own, or twice what it took plus 1 s) and starts fresh', async () => {
    const cells = pool.session('hangs', { replay: true });
    const token = (await cells.run('import os\ntoken = os.urandom(8).hex()\nprint(token)')).stdout.trim();
    const kept = await cells.run(`if token != "${token}":\n    while True: pass\nkept = 1`, { timeout: 400 });
    expect(kept.status).to.equal('ok');
    const deadline = Math.ceil(Math.max(400, 2 * kept.durationMs + 1000));
    // The control: a replay that finishes, on a new interpreter as the hanging one gets.
    const control = pool.session('hangs-control', { replay: true });
    await control.run('kept = 1');
    await killed(control);
    let started = performance.now();
    expect(await control.run('kept', { timeout: 30_000 })).to.include({ result: '1', sessionState: 'replayed' });
    const replayedMs = performance.now() - started;
    await killed(cells);
    started = performance.now();
    const next = await cells.run('"kept" in globals()', { timeout: 30_000 });
    // A hanging replay adds its deadline and a second interpreter's boot to one that finishes; a replay that waited
    // for anything longer (the run's own 30 s) goes far past this.
    expect(performance.now() - started, `a replay that finished took ${Math.round(replayedMs)} ms`)
      .to.be.below(3 * replayedMs + 2 * deadline);
    expect(next).to.include({ status: 'ok', result: 'False', sessionState: 'lost' });
    expect(next.sessionNote).to.include('replaying run 2 of 2').and.include(`did not finish within ${deadline} ms`);
  });

  it('Stop during a replay stops it; the next run replays again', async () => {
    const cells = pool.session('stop-replay', { replay: true });
    await cells.run('import time\nstarted = time.time()\nwhile time.time() - started < 2: pass\nslow = "done"', { timeout: 10_000 });
    await killed(cells);
    // Timed from the replay's start, after the new interpreter's boot, which a loaded machine stretches by seconds.
    const abort = new AbortController();
    let replayStarted = 0;
    const stopped = await cells.run('slow', {
      signal: abort.signal,
      timeout: 30_000,
      onReplay: () => (replayStarted = performance.now(), setTimeout(() => abort.abort(), 200)),
    });
    const stoppedAfterMs = performance.now() - replayStarted;
    expect(stopped).to.include({ status: 'stopped', stdout: '', sessionState: 'lost' });
    // The control: the same replay left to finish (its loop holds it 2 s by the clock).
    const replay = await cells.run('slow', { timeout: 30_000, onReplay: () => (replayStarted = performance.now()) });
    const replayedMs = performance.now() - replayStarted;
    expect(replay).to.include({ result: "'done'", sessionState: 'replayed' });
    expect(stoppedAfterMs, `the whole replay took ${Math.round(replayedMs)} ms`).to.be.below(replayedMs / 2);
  });

  it('reset() forgets what was kept: the next run after a loss starts fresh', async () => {
    const cells = pool.session('reset-replay', { replay: true });
    await cells.run('gone = 1');
    cells.reset();
    await cells.run('fresh = 2');
    await killed(cells);
    const next = await cells.run('("gone" in globals(), fresh)');
    expect(next).to.include({ result: '(False, 2)', sessionState: 'replayed' });
    expect(cells.restarts).to.equal(1);
  });

  it(`keeps at most ${REPLAY_LIMITS.runs} runs: past that, a loss is a loss, and the next run says so`, async () => {
    const cells = pool.session('many-runs', { replay: true });
    for (let i = 0; i <= REPLAY_LIMITS.runs; i++) await cells.run(`n = ${i}`);
    await killed(cells);
    const next = await cells.run('"n" in globals()');
    expect(next).to.include({ result: 'False', sessionState: 'lost' });
    expect(next.sessionNote).to.include(`more than ${REPLAY_LIMITS.runs} cells`);
    // Kept again from the fresh start.
    await cells.run('m = 1');
    await killed(cells);
    expect(await cells.run('m')).to.include({ result: '1', sessionState: 'replayed' });
  });

  it(`keeps at most ${REPLAY_LIMITS.size.toLocaleString('en')} characters of code, input and files`, async () => {
    const cells = pool.session('big-runs', { replay: true });
    await cells.run('small = 1');
    await cells.run('big = len(open("big.txt").read())', { files: { 'big.txt': 'x'.repeat(REPLAY_LIMITS.size) } });
    await killed(cells);
    const next = await cells.run('"small" in globals()');
    expect(next).to.include({ result: 'False', sessionState: 'lost' });
    expect(next.sessionNote).to.include('more than is kept to replay');
  });

  it('runs asked for at once after a loss replay once, in order', async () => {
    const cells = pool.session('at-once', { replay: true });
    await cells.run('log = []');
    await killed(cells);
    const results = await Promise.all(['a', 'b', 'c'].map((word) => cells.run(`log.append("${word}")\nlen(log)`)));
    expect(results.map((each) => [each.result, each.sessionState])).to.deep.equal([['1', 'replayed'], ['2', 'kept'], ['3', 'kept']]);
  });

  it('a run stopped while it waits for its turn ends at once', async () => {
    const cells = pool.session('waits', { replay: true });
    const slow = cells.run('import time\nt = time.time()\nwhile time.time() - t < 1: pass');
    const abort = new AbortController();
    const waiting = cells.run('print("never")', { signal: abort.signal });
    abort.abort();
    const settled: string[] = [];
    await Promise.all([slow.then(() => settled.push('slow')), waiting.then(() => settled.push('stopped'))]);
    expect(settled).to.deep.equal(['stopped', 'slow']);
    expect(await waiting).to.include({ status: 'stopped', stdout: '' });
    expect((await slow).status).to.equal('ok');
  });

  it('rejects a replay option that is not a boolean', () => {
    expect(() => pool.session('bad-option', { replay: 'yes' as unknown as boolean })).to.throw(TypeError, /replay must be true or false/);
  });
});
