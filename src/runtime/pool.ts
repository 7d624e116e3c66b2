import { refusedSource, unconnectedEndpoint } from './allowed-sources.ts';
import { resolveIndexURL } from './config.ts';
import { createFrameEndpoint } from './frame-endpoint.ts';
import { type Interpreter, Interpreters } from './interpreters.ts';
import { type InterpreterReport, RelayConnection } from './relay-connection.ts';
import { type PendingRun, type PoolState, type PoolStats, bootFailure, emptyStats, packageError, recordBoot } from './pool-state.ts';
import { followRun, stopRun } from './run-control.ts';
import { type KillReason, RunRecord } from './run-record.ts';
import { bootError, runRequest } from './run-request.ts';
import { SandboxSession } from './session.ts';
import { SparePlan } from './spare-plan.ts';
import type { PoolOptions, RunOptions, RunResult, SessionOptions } from './types.ts';
import { type CheckedPoolOptions, checkIndexURL, checkPoolOptions, checkSource, checkTimeout } from './validate.ts';

/** How long a replacement spare may wait for the runs in flight to finish before it boots anyway. */
const REPLENISH_DELAY_MS = 100;
/** Consecutive failed boots after which the pool stops retrying and fails its runs. */
const MAX_BOOT_FAILURES = 3;
/** How long a spare may take to boot (with its packages) before the pool counts it as a failed boot. */
const BOOT_DEADLINE_MS = 120_000;
/** How long the relay may leave a ping unanswered before the pool tears its frame down and builds a new one. */
const RELAY_DEADLINE_MS = 10_000;

/**
 * A pool of pre-warmed Pyodide interpreters. Every `run` gets an interpreter that has never run user code; spares
 * boot in the background from a memory snapshot, so a run is a message round trip, not a boot.
 */
export class SandboxPool {
  /** Resolves when the first interpreter can run; rejects if Pyodide cannot be loaded. */
  readonly ready: Promise<void>;
  readonly indexURL: string;
  readonly stats: PoolStats = emptyStats();

  private readonly options: CheckedPoolOptions;
  private readonly relay: RelayConnection;
  private state: PoolState = { name: 'open', bootFailures: 0 };
  private readonly interpreters = new Interpreters();
  private readonly queue: PendingRun[] = [];
  private readonly sessions = new Map<string, SandboxSession>();
  private nextWorkerId = 1;
  private nextRunId = 1;
  private replenishTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly spares: SparePlan;
  private markReady!: () => void;
  private markBroken!: (error: Error) => void;

  constructor(options: PoolOptions = {}) {
    this.options = checkPoolOptions(options);
    this.spares = new SparePlan(this.options.size, () => this.trimSpares(), options.activeSparesMs);
    this.indexURL = checkIndexURL(resolveIndexURL(options.indexURL));
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.markBroken = reject;
    });
    this.ready.catch(() => {}); // a pool nobody awaits must not cause an unhandled rejection
    // A source the page did not allow is never contacted (no frame, no fetch); every run ends with the refusal.
    const refusal = refusedSource(this.indexURL, this.options.packages);
    this.relay = new RelayConnection(this.indexURL, this.options.packages,
      refusal ? () => unconnectedEndpoint : options.createEndpoint ?? createFrameEndpoint, {
        report: (message) => this.handle(message),
        busy: () => this.queue.length > 0 || this.interpreters.anyAtWork(),
        lost: (reason, everHeard) => this.replaceRelay(reason, everHeard),
        filesFailed: (error) => this.breakPool(error),
        packagesFailed: (reason) => this.failPackages(reason),
        snapshotKept: () => this.stats.snapshotsKept++,
      }, options.relayDeadlineMs ?? RELAY_DEADLINE_MS);
    if (refusal) this.breakPool(refusal);
    else this.replenish();
  }

  get size(): number {
    return this.options.size;
  }

  /** Runs `code` on a fresh interpreter. Rejects only for bad arguments; everything else is a result. */
  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.enqueue(code, options, undefined);
  }

  /**
   * A persistent interpreter whose globals survive between runs, like notebook cells. `options` apply from the next
   * run, also to a session made before: `replay` (see SessionOptions); `setup` runs once on each interpreter the
   * session gets, and calling again with the same name and another setup adds that one too.
   */
  session(name: string, options?: SessionOptions): SandboxSession {
    if (typeof name !== 'string' || !name) throw new TypeError('python-sandbox: a session needs a non-empty name');
    const setup = checkSource('setup', options?.setup);
    let session = this.sessions.get(name);
    if (!session) {
      session = new SandboxSession(name, {
        run: (code, options) => this.enqueue(code, options, name),
        reset: () => this.resetSession(name),
      }, options);
      this.sessions.set(name, session);
    } else session.configure(options);
    if (setup) session.addSetup(setup);
    return session;
  }

  /** Terminates every worker; pending runs end as `'stopped'`. */
  dispose(): void {
    if (this.state.name === 'disposed') return;
    this.state = { name: 'disposed' };
    for (const pending of this.queue.splice(0)) pending.record.end('stopped');
    for (const interpreter of this.interpreters.all()) {
      interpreter.run?.end('stopped', this.sessionState(interpreter, 'lost'));
      this.kill(interpreter);
    }
    clearTimeout(this.replenishTimer);
    this.spares.dispose();
    this.relay.close();
    this.markBroken(new Error('python-sandbox: the pool was disposed'));
  }

  // async so that bad arguments reject the returned promise instead of throwing from run(); everything up to the
  // queueing still happens synchronously, in call order.
  private async enqueue(code: string, options: RunOptions, session: string | undefined): Promise<RunResult> {
    if (this.state.name === 'disposed') throw new Error('python-sandbox: the pool was disposed');
    const sessionSetups = session === undefined ? undefined : this.sessions.get(session)?.setups;
    const request = runRequest(this.nextRunId++, code, options, this.options.outputLimit, session, sessionSetups);
    const timeout = checkTimeout(options.timeout);
    const { signal } = options;
    return new Promise<RunResult>((resolve) => {
      const onAbort = () => this.abort(pending);
      const record = new RunRecord(request.id, { ...options, timeout }, this.options.outputLimit, (result) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      });
      const pending: PendingRun = { record, request, session };
      if (signal?.aborted) return record.end('stopped');
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.state.name === 'broken') return record.end('crashed', { error: bootError(this.state.error) });
      if (this.state.name === 'packages-failed') return record.end('error', { error: this.state.error });
      this.queue.push(pending);
      this.dispatch();
    });
  }

  private abort(pending: PendingRun): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      pending.record.end('stopped');
      this.updateStats();
      return;
    }
    const interpreter = this.interpreters.running(pending.record);
    if (interpreter) this.killRun(interpreter, 'stopped');
  }

  private resetSession(name: string): void {
    for (const interpreter of this.interpreters.all()) {
      if (interpreter.session !== name) continue;
      interpreter.run?.end('stopped', { sessionState: 'lost' });
      this.kill(interpreter);
    }
    this.dispatch();
  }

  /**
   * The relay is gone (its frame removed or reloaded) or hung. Runs in flight end as `'crashed'` (sessions lose their
   * state), a new relay is built, and queued runs go on there. A relay that never answered at all means the frame
   * cannot start on this page, which no retry fixes.
   */
  private replaceRelay(reason: string, everHeard: boolean): void {
    if (this.state.name !== 'open') return;
    const message = `python-sandbox: ${reason}; a new one was started`;
    const crashed = { type: 'SandboxCrash', message, traceback: message + '\n' };
    for (const interpreter of this.interpreters.all()) {
      this.interpreters.delete(interpreter);
      interpreter.run?.end('crashed', { error: crashed, ...this.sessionState(interpreter, 'lost') });
    }
    if (!everHeard) {
      this.relay.close();
      return this.breakPool(`${reason}. If the page has a Content-Security-Policy, the sandbox frame inherits it, ` +
        'so it must allow what the frame needs (see docs/security.md of python-sandbox)');
    }
    this.relay.reconnect();
    this.replenish();
    this.dispatch();
  }

  /** Starts queued runs, oldest first; a run waiting for its busy session does not hold up the others. */
  private dispatch(): void {
    if (!this.relay.alive()) return this.replaceRelay('the sandbox frame was removed from the page or reloaded', true);
    for (let index = 0; index < this.queue.length; ) {
      const pending = this.queue[index];
      if (this.interpreters.busy() >= this.options.size) break;
      const interpreter = this.interpreters.forRun(pending.session);
      if (!interpreter) {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      interpreter.state = 'busy';
      interpreter.session = pending.session;
      interpreter.run = pending.record;
      this.relay.post({ type: 'run', workerId: interpreter.workerId, request: pending.request });
      this.spares.runStarted();
    }
    this.relay.watch();
    this.replenishSoon();
  }

  /**
   * Starting a worker costs the relay's thread a few milliseconds, and booting it costs a core: while runs are in
   * flight, that waits until they finish (or a short while), so it does not land inside a warm run (bench row 1:
   * 5 → 50 ms when a run took the only spare). Runs waiting for an interpreter do not wait for it; when nothing runs,
   * neither does it (delaying it then made warm runs in a row wait for boots).
   */
  private replenishSoon(): void {
    const waiting = this.queue.some((pending) => !this.interpreters.hasSession(pending.session));
    if (this.interpreters.busy() === 0 || waiting) return this.replenish();
    this.replenishTimer ??= setTimeout(() => this.replenish(), REPLENISH_DELAY_MS);
  }

  /** Fresh interpreters to keep booted or booting now (spare-plan.ts). */
  private sparesWanted(): number {
    return this.spares.wanted(this.queue.filter((pending) => !this.interpreters.hasSession(pending.session)).length);
  }

  /** The page went quiet: idle spares beyond the one kept are terminated. */
  private trimSpares(): void {
    const idle = this.interpreters.all().filter((each) => each.state === 'idle' && each.session === undefined);
    for (const spare of idle.slice(0, Math.max(0, this.interpreters.fresh() - this.sparesWanted()))) this.kill(spare);
    this.updateStats();
  }

  /** Keeps the spares wanted booted or booting (`sparesWanted`). */
  private replenish(): void {
    clearTimeout(this.replenishTimer);
    this.replenishTimer = undefined;
    if (this.state.name !== 'open') return this.updateStats();
    for (let missing = this.sparesWanted() - this.interpreters.fresh(); missing > 0; missing--) {
      const workerId = this.nextWorkerId++;
      const interpreter: Interpreter = { workerId, state: 'booting', interruptible: false };
      this.interpreters.add(interpreter);
      // A boot that never reports (an engine bug, a lost message) must fail like any other, not wait forever.
      setTimeout(() => {
        if (!this.interpreters.has(interpreter) || interpreter.state !== 'booting') return;
        this.kill(interpreter);
        this.bootFailed(`the interpreter did not boot within ${BOOT_DEADLINE_MS / 1000} s`);
      }, BOOT_DEADLINE_MS);
      this.relay.post({
        type: 'spawn',
        workerId,
        indexURL: this.indexURL,
        memoryLimitBytes: this.options.memoryLimitMiB * 1024 * 1024,
        packages: this.options.packages,
      });
    }
    this.updateStats();
  }

  private handle(message: InterpreterReport): void {
    const interpreter = this.interpreters.get(message.workerId);
    if (!interpreter) return; // a late message from a worker already killed
    const run = interpreter.run;
    // Messages about a run must name the run this interpreter is executing now.
    if ('id' in message && run?.id !== message.id) return;
    switch (message.type) {
      case 'booted':
        if (interpreter.state !== 'booting') return;
        Object.assign(interpreter, { state: 'idle', source: message.source, interruptible: message.interruptible });
        recordBoot(this.stats, message);
        if (this.state.name === 'open') this.state.bootFailures = 0;
        if (message.packageError) this.failPackages(message.packageError);
        this.markReady();
        this.dispatch();
        break;
      case 'boot-failed':
        this.interpreters.delete(interpreter);
        this.bootFailed(message.error.message);
        break;
      case 'started':
      case 'input-request':
      case 'input-busy':
      case 'output':
        if (run) followRun(this.relay, interpreter, run, message, () => this.killRun(interpreter, 'timeout'));
        break;
      case 'finished':
        if (!run) return;
        interpreter.run = undefined;
        run.finish(message.outcome, this.sessionState(interpreter, 'kept'));
        if (interpreter.session === undefined) this.kill(interpreter); // ephemeral: never reused
        else interpreter.state = 'idle';
        this.dispatch();
        break;
      case 'crashed':
        this.kill(interpreter);
        run?.end('crashed', {
          error: { type: 'InterpreterCrash', message: message.error.message, traceback: message.error.message },
          ...this.sessionState(interpreter, 'lost'),
        });
        this.dispatch();
        break;
      default: {
        const never: never = message;
        throw new Error(`unhandled ${JSON.stringify(never)}`);
      }
    }
  }

  private killRun(interpreter: Interpreter, reason: KillReason): void {
    stopRun(this.relay, interpreter, reason, (run) => this.terminate(interpreter, run));
  }

  private terminate(interpreter: Interpreter, run: RunRecord): void {
    if (interpreter.run !== run) return;
    this.kill(interpreter);
    run.end(run.killReason ?? 'stopped', this.sessionState(interpreter, 'lost'));
    this.dispatch();
  }

  private kill(interpreter: Interpreter): void {
    this.interpreters.delete(interpreter);
    interpreter.run = undefined;
    this.relay.post({ type: 'kill', workerId: interpreter.workerId });
  }

  private sessionState(interpreter: Interpreter, state: 'kept' | 'lost'): Pick<RunResult, 'sessionState'> {
    return interpreter.session === undefined ? {} : { sessionState: state };
  }

  private bootFailed(reason: string): void {
    this.stats.boots.failed++;
    if (this.state.name !== 'open') return;
    if (++this.state.bootFailures >= MAX_BOOT_FAILURES) this.breakPool(reason);
    else this.replenish();
  }

  /** The pool's packages cannot be loaded: every run, queued or to come, ends with a PackageError; no more boots. */
  private failPackages(reason: string): void {
    if (this.state.name !== 'open') return;
    const error = packageError(reason, this.indexURL);
    this.state = { name: 'packages-failed', error };
    for (const pending of this.queue.splice(0)) pending.record.end('error', { error });
    this.updateStats();
  }

  /** No interpreter can start: every run, queued or later, ends as `'crashed'` with a `BootError` saying why. */
  private breakPool(reason: string | Error): void {
    if (this.state.name === 'broken' || this.state.name === 'disposed') return;
    const error = reason instanceof Error ? reason : bootFailure(reason, this.indexURL);
    this.state = { name: 'broken', error };
    this.markBroken(error);
    for (const pending of this.queue.splice(0)) pending.record.end('crashed', { error: bootError(error) });
    this.updateStats();
  }

  private updateStats(): void {
    this.relay.watch();
    this.stats.spares = this.interpreters.idleSpares();
    this.stats.sparesWanted = this.sparesWanted();
    this.stats.running = this.interpreters.busy();
    this.stats.queued = this.queue.length;
  }
}
