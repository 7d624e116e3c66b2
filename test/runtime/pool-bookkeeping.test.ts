import { aTimeout, expect } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import type { RunRequest } from '../../worker/protocol.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';
import type { PoolOptions, RunResult, Stream } from '../../src/runtime/types.ts';
import { FakeRelay } from './fake-relay.ts';

function createPool(options: PoolOptions = {}, configure?: (relay: FakeRelay) => void) {
  const relay = new FakeRelay();
  configure?.(relay);
  const pool = new SandboxPool({ indexURL: 'https://cdn.test/pyodide/', ...options, createEndpoint: () => (relay.connections++, relay) });
  return { relay, pool };
}

/** A promise's value if it has settled by now, else `'pending'`. */
async function peek<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, aTimeout(0).then(() => 'pending' as const)]);
}

describe('SandboxPool bookkeeping (fake relay)', () => {
  const pools: SandboxPool[] = [];
  function track(created: ReturnType<typeof createPool>) {
    pools.push(created.pool);
    return created;
  }
  const poolWith = (options: PoolOptions, configure?: (relay: FakeRelay) => void) => track(createPool(options, configure));
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.dispose();
  });

  describe('the snapshot kept for later pages', () => {
    it('is kept when the relay hands over the one its maker took, in pieces', async () => {
      const kept: unknown[] = [];
      const { relay } = poolWith({ size: 1 }, (fake) => {
        fake.spawnAnswers.push('silent');
        Object.assign(fake, { files: Promise.resolve({ keepSnapshot: async (snapshot: unknown) => kept.push(snapshot) > 0 }) });
      });
      relay.send({ type: 'snapshot-made-piece', bytes: new Uint8Array([1, 2]) });
      relay.send({ type: 'snapshot-made-piece', bytes: new Uint8Array([3]) });
      relay.send({ type: 'snapshot-made', byteLength: 3 });
      relay.send({ type: 'snapshot-made-piece', bytes: new Uint8Array([4]) });
      relay.send({ type: 'snapshot-made', byteLength: 2 });
      await aTimeout(0);
      expect(kept, 'pieces that do not add up are not a snapshot').to.have.length(1);
      expect(kept[0]).to.deep.equal({ pieces: [new Uint8Array([1, 2]), new Uint8Array([3])], packages: undefined });
    });
  });

  describe('spares', () => {
    it('boots one spare up front, with the indexURL and memory limit it was given, whatever its size', async () => {
      const { relay, pool } = poolWith({ size: 3, memoryLimitMiB: 64 });
      expect(relay.of('spawn')).to.deep.equal([{
        type: 'spawn',
        workerId: 1,
        indexURL: 'https://cdn.test/pyodide/',
        memoryLimitBytes: 64 * 1024 * 1024,
        packages: [],
      }]);
      await pool.ready;
      await waitUntil(() => pool.stats.spares === 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(relay.of('spawn'), 'an idle pool keeps one spare').to.have.length(1);
      expect(pool.stats).to.include({ spares: 1, sparesWanted: 1 });
      expect(pool.stats.boots).to.deep.equal({ plain: 1, snapshot: 0, failed: 0 });
    });

    it('keeps one spare after a single run, two while runs come in a series, and one again once the page is quiet', async () => {
      const { relay, pool } = poolWith({ size: 3, activeSparesMs: 400 });
      await waitUntil(() => pool.stats.spares === 1);
      const first = pool.run('one');
      relay.complete(await relay.runOf('one'));
      expect((await first).status).to.equal('ok');
      // A reader's single run: one spare replaces the one it took.
      await waitUntil(() => pool.stats.spares === 1 && relay.of('spawn').length === 2, 'one spare after a single run');
      expect(pool.stats.sparesWanted).to.equal(1);
      const second = pool.run('two');
      await relay.runOf('two');
      // The second run of a series took the spare: two boot behind it, so the next run finds one ready.
      await waitUntil(() => pool.stats.spares === 2 && pool.stats.running === 1, 'two spares while runs come');
      relay.complete(await relay.runOf('two'));
      expect((await second).status).to.equal('ok');
      expect(relay.of('spawn')).to.have.length(4);
      await waitUntil(() => pool.stats.spares === 1 && pool.stats.sparesWanted === 1, 'the spare beyond one was not let go', { timeout: 3000 });
      expect(relay.killed, 'an idle spare terminated').to.have.length(3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(relay.of('spawn'), 'no spare booted once quiet').to.have.length(4);
    });

    it('boots a spare for each waiting run, up to `size`', async () => {
      const { relay, pool } = poolWith({ size: 3, activeSparesMs: 400 });
      await waitUntil(() => pool.stats.spares === 1);
      const codes = ['a', 'b', 'c', 'd', 'e'];
      const results = codes.map((code) => pool.run(code));
      // One run took the spare; four wait, of which `size` may run at once: spares boot for them, never more than 3.
      await waitUntil(() => pool.stats.running === 3, 'the burst did not get 3 interpreters');
      expect(pool.stats.sparesWanted).to.equal(2);
      let mostFresh = 0;
      for (const code of codes) {
        mostFresh = Math.max(mostFresh, pool.stats.spares);
        relay.complete(await relay.runOf(code));
      }
      expect((await Promise.all(results)).map((result) => result.status)).to.deep.equal(codes.map(() => 'ok'));
      expect(mostFresh, 'idle spares at any moment').to.be.at.most(3);
      await waitUntil(() => pool.stats.running === 0 && pool.stats.spares === 1 && pool.stats.sparesWanted === 1, 'back to one spare', { timeout: 3000 });
    });

    it('counts boots by source', async () => {
      const { relay, pool } = poolWith({ size: 2 });
      await waitUntil(() => pool.stats.spares === 1);
      for (const code of ['a', 'b', 'c']) {
        const result = pool.run(code);
        relay.complete(await relay.runOf(code));
        await result;
      }
      await waitUntil(() => pool.stats.spares === pool.stats.sparesWanted && relay.of('spawn').length >= 4);
      expect(pool.stats.boots.plain).to.equal(1);
      expect(pool.stats.boots.snapshot).to.equal(relay.of('spawn').length - 1);
    });
  });

  describe('queue', () => {
    it('runs at most `size` at once and starts the rest first in, first out', async () => {
      const { relay, pool } = poolWith({ size: 2 });
      const codes = ['run 0', 'run 1', 'run 2', 'run 3', 'run 4'];
      const results = codes.map((code) => pool.run(code));
      await relay.runOf('run 1');
      await waitUntil(() => pool.stats.spares === 2, 'replacement spares boot while both runs are busy');
      expect(relay.runs.map((message) => message.request.code)).to.deep.equal(['run 0', 'run 1']);
      expect(pool.stats.queued).to.equal(3);
      expect(pool.stats.running).to.equal(2);

      // Finishing out of order frees a slot; the oldest waiting run takes it, whichever run ended.
      relay.complete(await relay.runOf('run 1'));
      await relay.runOf('run 2');
      expect(relay.runs.map((message) => message.request.code)).to.deep.equal(['run 0', 'run 1', 'run 2']);
      relay.complete(await relay.runOf('run 0'));
      relay.complete(await relay.runOf('run 3'));
      relay.complete(await relay.runOf('run 2'));
      relay.complete(await relay.runOf('run 4'));

      expect(relay.runs.map((message) => message.request.code)).to.deep.equal(codes);
      const settled = await Promise.all(results);
      expect(settled.map((each) => each.stdout)).to.deep.equal(codes.map((code) => `${code}\n`));
      // Every run had an interpreter of its own.
      expect(new Set(relay.runs.map((message) => message.workerId)).size).to.equal(codes.length);
    });

    it('removes an aborted run from the queue and never posts it', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const first = pool.run('first');
      const controller = new AbortController();
      const second = pool.run('second', { signal: controller.signal });
      const third = pool.run('third');
      await relay.runOf('first');
      controller.abort();
      expect(await second).to.include({ status: 'stopped', stdout: '', durationMs: 0 });
      relay.complete(await relay.runOf('first'));
      relay.complete(await relay.runOf('third'));
      expect((await first).status).to.equal('ok');
      expect((await third).status).to.equal('ok');
      expect(relay.runs.map((message) => message.request.code)).to.deep.equal(['first', 'third']);
    });

    it('ends a run with an already-aborted signal at once, without posting it', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      await pool.ready;
      expect(await pool.run('never', { signal: AbortSignal.abort() })).to.include({ status: 'stopped' });
      await aTimeout(20);
      expect(relay.runs).to.deep.equal([]);
    });
  });

  describe('messages it must not believe', () => {
    it('ignores messages for unknown workers and for runs other than the current one', async () => {
      const { relay, pool } = poolWith({ size: 2 });
      const heard: string[] = [];
      const result = pool.run('real', { onOutput: (_stream, text) => heard.push(text) });
      const run = await relay.runOf('real');
      const { workerId, request: { id } } = run;
      relay.started(run);
      await waitUntil(() => pool.stats.spares >= 1);
      const spare = relay.of('spawn').map((each) => each.workerId).find((each) => each !== workerId)!;

      for (const [otherWorker, otherId] of [[999, id], [0, id], [spare, id], [workerId, id + 1], [workerId, id - 1]]) {
        relay.send({ type: 'output', workerId: otherWorker, id: otherId, chunks: [['stdout', 'forged\n']], dropped: true });
        relay.send({ type: 'finished', workerId: otherWorker, id: otherId, outcome: { status: 'exit', exitCode: 9, files: {} } });
      }
      for (const unknownWorker of [999, 0, -1]) relay.send({ type: 'crashed', workerId: unknownWorker, error: { name: 'X', message: 'forged' } });
      expect(await peek(result)).to.equal('pending');

      relay.output(run, [['stdout', 'real\n']]);
      relay.finished(run, { status: 'ok', result: "'fine'", files: {} });
      expect(await result).to.include({ status: 'ok', stdout: 'real\n', stderr: '', result: "'fine'", truncated: false });
      expect(heard).to.deep.equal(['real\n']);
    });

    it('ignores malformed messages: wrong shapes, wrong types, non-string text', async () => {
      const { relay, pool } = poolWith({ size: 2 });
      const heard: string[] = [];
      const result = pool.run('real', { onOutput: (_stream, text) => heard.push(text) });
      const run = await relay.runOf('real');
      const { workerId, request: { id } } = run;
      relay.started(run);
      const okFiles = {};
      const malformed: unknown[] = [
        null, undefined, 'output', 42, [], {}, [workerId, id],
        { type: 'output' },
        { type: 'output', workerId: String(workerId), id, chunks: [['stdout', 'x']], dropped: false },
        { type: 'output', workerId: workerId + 0.5, id, chunks: [['stdout', 'x']], dropped: false },
        { type: 'output', workerId: Number.NaN, id, chunks: [['stdout', 'x']], dropped: false },
        { type: 'output', workerId, id: String(id), chunks: [['stdout', 'x']], dropped: false },
        { type: 'output', workerId, chunks: [['stdout', 'x']], dropped: false },
        { type: 'output', workerId, id, chunks: 'x', dropped: false },
        { type: 'output', workerId, id, chunks: [['stdout', 42]], dropped: false },
        { type: 'output', workerId, id, chunks: [['stdout', { toString: () => 'x' }]], dropped: false },
        { type: 'output', workerId, id, chunks: [['stdout', new String('x')]], dropped: false },
        { type: 'output', workerId, id, chunks: [['stdin', 'x']], dropped: false },
        { type: 'output', workerId, id, chunks: [['stdout']], dropped: false },
        { type: 'output', workerId, id, chunks: [['stdout', 'x', 'y']], dropped: false },
        { type: 'output', workerId, id, chunks: [['stdout', 'ok'], ['stdout', null]], dropped: false },
        { type: 'finished', workerId, id },
        { type: 'finished', workerId, id, outcome: null },
        { type: 'finished', workerId, id, outcome: { status: 'ok' } },
        { type: 'finished', workerId, id, outcome: { status: 'ok', files: { 'a.txt': 'not bytes' } } },
        { type: 'finished', workerId, id, outcome: { status: 'ok', files: { 'a.txt': [1, 2] } } },
        { type: 'finished', workerId, id, outcome: { status: 'ok', result: 5, files: okFiles } },
        { type: 'finished', workerId, id, outcome: { status: 'weird', files: okFiles } },
        { type: 'finished', workerId, id, outcome: { status: 'error', files: okFiles } },
        { type: 'finished', workerId, id, outcome: { status: 'error', error: { type: 'X', message: 'm' }, files: okFiles } },
        { type: 'finished', workerId, id, outcome: { status: 'error', error: { type: 1, message: 'm', traceback: 't' }, files: okFiles } },
        { type: 'finished', workerId, id, outcome: { status: 'exit', exitCode: '3', files: okFiles } },
        { type: 'crashed', workerId },
        { type: 'crashed', workerId, error: 'boom' },
        { type: 'crashed', workerId, error: { message: 5 } },
        { type: 'started', workerId, id: null },
        { type: 'booted', workerId, source: 'magic', bootMs: 1, interruptible: true },
        { type: 'booted', workerId, source: 'plain' },
        { type: 'booted', workerId, source: 'plain', bootMs: 1, packagesFromSnapshot: false, interruptible: 'yes' },
        { type: 'output', workerId, id, chunks: [['stdout', 'x']], dropped: 'yes' },
        { type: 'boot-failed', workerId, error: null },
        { type: 'spawn', workerId },
        { type: 'toString', workerId },
        { type: '__proto__', workerId },
      ];
      for (const data of malformed) relay.send(data);
      expect(await peek(result)).to.equal('pending');
      expect(heard).to.deep.equal([]);

      relay.output(run, [['stdout', 'real\n']]);
      relay.finished(run);
      expect(await result).to.include({ status: 'ok', stdout: 'real\n', stderr: '' });
      expect(heard).to.deep.equal(['real\n']);
    });

    it('ignores a second started and a booted for an interpreter that is running', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const result = pool.run('real', { timeout: 50 });
      const run = await relay.runOf('real');
      relay.started(run);
      relay.send({ type: 'booted', workerId: run.workerId, interruptible: false, source: 'plain', packagesFromSnapshot: false, bootMs: 1 });
      const second = pool.run('second');
      await aTimeout(20);
      expect(relay.runs.map((message) => message.request.code)).to.deep.equal(['real']);
      relay.started(run); // must not restart the deadline
      expect((await result).status).to.equal('timeout');
      relay.complete(await relay.runOf('second'));
      expect((await second).status).to.equal('ok');
    });
  });

  describe('output', () => {
    it('keeps output up to outputLimit, over both streams, and reports the rest as truncated', async () => {
      const { relay, pool } = poolWith({ size: 1, outputLimit: 10 });
      const heard: Array<[Stream, string]> = [];
      const result = pool.run('loud', { onOutput: (stream, text) => heard.push([stream, text]) });
      const run = await relay.runOf('loud');
      relay.started(run);
      relay.output(run, [['stdout', 'abcdef'], ['stderr', 'ghijkl']]);
      relay.output(run, [['stdout', 'more']]);
      relay.finished(run);
      expect(await result).to.include({ stdout: 'abcdef', stderr: 'ghij', truncated: true });
      expect(heard).to.deep.equal([['stdout', 'abcdef'], ['stderr', 'ghij']]);
    });

    it('reports truncated when the worker says it dropped output', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const result = pool.run('dropping');
      const run = await relay.runOf('dropping');
      relay.started(run);
      relay.output(run, [['stdout', 'kept']], true);
      relay.finished(run);
      expect(await result).to.include({ stdout: 'kept', truncated: true });
    });
  });

  describe('lifecycle of interpreters', () => {
    it('kills the worker after an ephemeral run and never uses it again', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const first = pool.run('first');
      const run = await relay.runOf('first');
      expect(relay.killed).to.deep.equal([]);
      relay.complete(run);
      await first;
      expect(relay.killed).to.deep.equal([run.workerId]);
      const second = pool.run('second');
      const next = await relay.runOf('second');
      expect(next.workerId).not.to.equal(run.workerId);
      relay.complete(next);
      await second;
      expect(relay.runs.filter((message) => message.workerId === run.workerId)).to.have.length(1);
    });

    it('keeps a session interpreter between runs, and kills it on reset', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const session = pool.session('notebook');
      const first = session.run('cell 1');
      const one = await relay.runOf('cell 1');
      expect(one.request.session).to.equal(true);
      relay.complete(one);
      expect(await first).to.include({ status: 'ok', sessionState: 'kept' });
      expect(relay.killed).not.to.include(one.workerId);

      const second = session.run('cell 2');
      const two = await relay.runOf('cell 2');
      expect(two.workerId).to.equal(one.workerId);
      relay.complete(two);
      await second;

      const plain = pool.run('plain');
      const other = await relay.runOf('plain');
      expect(other.workerId).not.to.equal(one.workerId);
      expect(other.request.session).to.equal(false);
      relay.complete(other);
      expect(await plain).not.to.have.property('sessionState');

      session.reset();
      expect(relay.killed).to.include(one.workerId);
      const third = session.run('cell 3');
      const three = await relay.runOf('cell 3');
      expect(three.workerId).not.to.equal(one.workerId);
      relay.complete(three);
      await third;
    });

    it("reports 'crashed' when the relay says the worker crashed, and boots a replacement", async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const result = pool.run('doomed');
      const run = await relay.runOf('doomed');
      relay.started(run);
      relay.output(run, [['stdout', 'partial\n']]);
      const spawnsBefore = relay.of('spawn').length;
      relay.send({ type: 'crashed', workerId: run.workerId, error: { name: 'WorkerError', message: 'out of memory' } });
      const crashed = await result;
      expect(crashed).to.include({ status: 'crashed', stdout: 'partial\n' });
      expect(crashed.error?.type).to.equal('InterpreterCrash');
      expect(crashed.error?.message).to.include('out of memory');
      expect(relay.killed).to.include(run.workerId);

      // The crashed worker's later messages are not believed.
      relay.finished(run, { status: 'ok', files: {} });
      await waitUntil(() => relay.of('spawn').length > spawnsBefore || pool.stats.spares === 1);
      const next = pool.run('next');
      const nextRun = await relay.runOf('next');
      expect(nextRun.workerId).not.to.equal(run.workerId);
      relay.complete(nextRun);
      expect((await next).status).to.equal('ok');
    });

    it('replaces a spare that crashed while idle', async () => {
      const { relay, pool } = poolWith({ size: 2 });
      await waitUntil(() => pool.stats.spares === 1);
      relay.send({ type: 'crashed', workerId: 1, error: { name: 'WorkerError', message: 'gone' } });
      expect(relay.killed).to.deep.equal([1]);
      await waitUntil(() => pool.stats.spares === 1 && relay.of('spawn').length === 2);
    });

    it('recycles the frame, never breaks, when boots fail after a program ran in it', async () => {
      const { relay, pool } = poolWith({ size: 2 });
      await waitUntil(() => pool.stats.spares === 1);
      // The spares that boot beside the run fail; those of the next frame boot.
      relay.spawnAnswers.push('fail', 'fail', 'fail');
      const running = pool.run('reserves everything');
      await relay.runOf('reserves everything');
      await waitUntil(() => pool.stats.framesRecycled === 1, 'the frame was recycled');
      const ended = await running;
      expect(ended.status, 'the run in the recycled frame').to.equal('crashed');
      expect(ended.error?.message).to.include('could not start interpreters');
      expect(relay.connections, 'a new frame').to.equal(2);
      const next = pool.run('next');
      relay.complete(await relay.runOf('next'));
      expect((await next).status, 'the next run, in the new frame').to.equal('ok');
    });

    it('breaks after 3 failed boots in a row: ready rejects naming the indexURL, queued runs end crashed', async () => {
      const { relay: failing, pool: broken } = poolWith({ size: 2, indexURL: 'https://cdn.test/broken/' }, (relay) => {
        relay.whenEmpty = 'fail';
      });
      const queued = [broken.run('a'), broken.run('b', { timeout: 0 })];

      let error: unknown;
      try {
        await broken.ready;
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.include('https://cdn.test/broken/');
      expect((error as Error).message).to.include('Failed to fetch pyodide.mjs');
      for (const result of await Promise.all(queued)) {
        expect(result.status).to.equal('crashed');
        expect(result.error?.type).to.equal('BootError');
        expect(result.error?.message).to.include('https://cdn.test/broken/');
      }
      expect(broken.stats.boots.failed).to.equal(3);
      // Spawns already asked for may still answer; no new one is asked for once the pool is broken.
      const spawns = failing.of('spawn').length;

      const later: RunResult = await broken.run('c');
      expect(later.status).to.equal('crashed');
      await aTimeout(50);
      expect(failing.of('spawn')).to.have.length(spawns, 'a broken pool stops booting');
      expect(failing.runs).to.deep.equal([]);
    });

    it('does not break when a boot succeeds between failures', async () => {
      const { relay, pool } = poolWith({ size: 1 }, (fake) => {
        fake.spawnAnswers.push('fail', 'fail', 'boot', 'fail', 'fail', 'boot');
      });
      await pool.ready;
      const first = pool.run('first');
      relay.complete(await relay.runOf('first'));
      expect((await first).status).to.equal('ok');
      const second = pool.run('second');
      relay.complete(await relay.runOf('second'));
      expect((await second).status).to.equal('ok');
      expect(pool.stats.boots.failed).to.equal(4);
    });
  });

  describe('deadlines', () => {
    it('starts the clock when the worker reports started, not when the run is posted', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const result = pool.run('slow start', { timeout: 30 });
      const run = await relay.runOf('slow start');
      await aTimeout(120);
      expect(await peek(result)).to.equal('pending');
      expect(relay.killed).to.deep.equal([]);
      relay.started(run);
      expect((await result).status).to.equal('timeout');
      expect(relay.killed).to.deep.equal([run.workerId]);
    });

    it('terminates a worker that cannot be interrupted, and ignores its late finish', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const result = pool.run('spin', { timeout: 20 });
      const run = await relay.runOf('spin');
      relay.started(run);
      expect((await result).status).to.equal('timeout');
      expect(relay.of('interrupt')).to.deep.equal([]);
      expect(relay.killed).to.deep.equal([run.workerId]);
      relay.finished(run, { status: 'ok', result: "'too late'", files: {} });
    });

    it('interrupts an interruptible worker first; the timeout wins over what the program reports', async () => {
      const { relay, pool } = poolWith({ size: 1 }, (fake) => (fake.interruptible = true));
      const result = pool.run('spin', { timeout: 20 });
      const run = await relay.runOf('spin');
      relay.started(run);
      await waitUntil(() => relay.of('interrupt').length === 1);
      expect(relay.of('interrupt')[0]).to.deep.equal({ type: 'interrupt', workerId: run.workerId, id: run.request.id });
      relay.output(run, [['stdout', 'caught it\n']]);
      relay.finished(run, {
        status: 'error',
        error: { type: 'KeyboardInterrupt', message: '', traceback: 'KeyboardInterrupt' },
        files: {},
      });
      const ended = await result;
      expect(ended).to.include({ status: 'timeout', stdout: 'caught it\n' });
      expect(ended.error).to.equal(undefined);
      expect(relay.killed).to.deep.equal([run.workerId]);
    });

    it('terminates an interruptible worker that ignores the interrupt', async () => {
      const { relay, pool } = poolWith({ size: 1 }, (fake) => (fake.interruptible = true));
      const result = pool.run('stubborn', { timeout: 20 });
      const run = await relay.runOf('stubborn');
      relay.started(run);
      expect((await result).status).to.equal('timeout');
      expect(relay.of('interrupt')).to.have.length(1);
      expect(relay.killed).to.deep.equal([run.workerId]);
    });
  });

  describe('watchdog over the relay', () => {
    it('replaces a relay that stops answering: runs in flight crash, queued runs go on in the new one', async () => {
      const { relay, pool } = poolWith({ size: 1, relayDeadlineMs: 50 });
      const inFlight = pool.run('hangs', { timeout: 0 });
      const run = await relay.runOf('hangs');
      relay.started(run);
      const queued = pool.run('queued');
      relay.answersPings = false;
      relay.whenEmpty = 'silent';
      const crashed = await inFlight;
      expect(crashed.status).to.equal('crashed');
      expect(crashed.error?.message).to.include('did not answer');
      expect(relay.closed).to.equal(true);
      expect(relay.connections).to.equal(2);
      relay.answersPings = true;
      await waitUntil(() => relay.of('spawn').length === 3, 'no spare was booted in the new relay');
      relay.send({ type: 'booted', workerId: 3, interruptible: false, source: 'plain', packagesFromSnapshot: false, bootMs: 1 });
      relay.complete(await relay.runOf('queued'));
      expect((await queued).status).to.equal('ok');
    });

    it('breaks with a hint about the page\'s CSP when the relay never answers at all', async () => {
      const { pool } = poolWith({ relayDeadlineMs: 50 }, (relay) => {
        relay.whenEmpty = 'silent';
        relay.answersPings = false;
      });
      const result = pool.run('never');
      let error: Error | undefined;
      await pool.ready.catch((caught: Error) => (error = caught));
      expect(error?.message).to.include('Content-Security-Policy');
      expect((await result).status).to.equal('crashed');
    });

    it('does not ping while nothing is out', async () => {
      const { relay, pool } = poolWith({ size: 1, relayDeadlineMs: 50 });
      await waitUntil(() => pool.stats.spares === 1);
      await aTimeout(1200);
      expect(relay.of('ping')).to.deep.equal([]);
    });
  });

  describe('dispose', () => {
    it('ends pending runs as stopped, kills every worker, closes the endpoint and rejects later runs', async () => {
      const { relay, pool } = poolWith({ size: 1 });
      const running = pool.run('running');
      const queued = pool.run('queued');
      const run = await relay.runOf('running');
      relay.started(run);
      pool.dispose();
      expect((await running).status).to.equal('stopped');
      expect((await queued).status).to.equal('stopped');
      expect(relay.closed).to.equal(true);
      expect(relay.killed).to.include(run.workerId);
      for (const spawn of relay.of('spawn')) expect(relay.killed).to.include(spawn.workerId);
      relay.finished(run); // after dispose: nobody listens, nothing throws
      let error: unknown;
      try {
        await pool.run('after');
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(Error);
      expect(relay.runs.map((message) => message.request.code)).to.deep.equal(['running']);
    });
  });

  describe('requests', () => {
    it('passes code, files, stdin, the output limit and the session flag to the relay', async () => {
      const { relay, pool } = poolWith({ size: 1, outputLimit: 1234 });
      const result = pool.run('code', { files: { 'a.txt': 'hé', 'b/c.bin': new Uint8Array([1, 2]) }, stdin: 'in' });
      const run = await relay.runOf('code');
      const request: RunRequest = run.request;
      expect(request).to.include({ code: 'code', stdin: 'in', outputLimit: 1234, session: false });
      expect([...request.files['a.txt']]).to.deep.equal([...new TextEncoder().encode('hé')]);
      expect([...request.files['b/c.bin']]).to.deep.equal([1, 2]);
      relay.complete(run);
      await result;
    });
  });
});
