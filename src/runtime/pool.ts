import { refusedSource, unconnectedEndpoint } from './allowed-sources.ts';
import { resolveIndexURL } from './config.ts';
import { createFrameEndpoint } from './frame-endpoint.ts';
import { type Interpreter, Interpreters } from './interpreters.ts';
import { type InterpreterReport, RelayConnection } from './relay-connection.ts';
import { bootError, bootFailure, packageError } from './pool-errors.ts';
import { type PendingRun, type PoolState, type PoolStats, emptyStats, recordBoot } from './pool-state.ts';
import { followRun, stopRun } from './run-control.ts';
import { type KillReason, RunRecord } from './run-record.ts';
import { runRequest } from './run-request.ts';
import { RunSlots } from './run-slots.ts';
import { SandboxSession } from './session.ts';
import { SpareKeeper } from './spare-keeper.ts';
import type { PoolOptions, RunOptions, RunResult, SessionOptions } from './types.ts';
import { type CheckedPoolOptions, checkIndexURL, checkInputTimeout, checkPoolOptions, checkSource, checkTimeout } from './validate.ts';

/** Failed boots in a row after which the pool breaks, or recycles its frame once a program ran there (bootFailed). */
const MAX_BOOT_FAILURES = 3;
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
  private state: PoolState = { name: 'open', bootFailures: 0, ranUserCode: false };
  private readonly interpreters = new Interpreters();
  private readonly queue: PendingRun[] = [];
  private readonly sessions = new Map<string, SandboxSession>();
  private nextRunId = 1;
  private readonly spares: SpareKeeper;
  private readonly slots: RunSlots;
  private markReady!: () => void;
  private markBroken!: (error: Error) => void;

  constructor(options: PoolOptions = {}) {
    this.options = checkPoolOptions(options);
    this.indexURL = checkIndexURL(resolveIndexURL(options.indexURL));
    this.slots = new RunSlots(this.interpreters, this.options.size, options.pageRoom);
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
    const boot = { indexURL: this.indexURL, memoryLimitBytes: this.options.memoryLimitMiB * 1024 * 1024, packages: this.options.packages };
    this.spares = new SpareKeeper(this.interpreters, this.relay, boot, this.options.size, {
      open: () => this.state.name === 'open',
      waitingRuns: () => this.queue.filter((pending) => !this.interpreters.hasSession(pending.session)).length,
      kill: (interpreter) => this.kill(interpreter),
      bootFailed: (reason) => this.bootFailed(reason),
      changed: () => this.updateStats(),
    }, options.activeSparesMs);
    if (refusal) this.breakPool(refusal);
    else this.spares.now();
    globalThis.addEventListener?.('pagehide', this.onPageHide);
    globalThis.addEventListener?.('pageshow', this.onPageShow);
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
    this.stopEverything();
    this.spares.dispose();
    this.markBroken(new Error('python-sandbox: the pool was disposed'));
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    globalThis.removeEventListener?.('pageshow', this.onPageShow);
  }

  /**
   * The page is left (for another, or kept in the back/forward cache): its interpreters go with it, their frame
   * removed, so a page left behind holds none of their memory. Runs in flight end as `'stopped'` (sessions lose their
   * state). Back on the page, the pool builds a new frame (`onPageShow`, or at the next run) and boots from the snapshot.
   */
  private readonly onPageHide = (): void => {
    if (this.state.name !== 'open') return;
    this.stopEverything();
    this.updateStats();
  };

  /** Queued and running runs end as `'stopped'` (sessions lose their state); every worker goes, with the frame. */
  private stopEverything(): void {
    for (const pending of this.queue.splice(0)) pending.record.end('stopped');
    for (const interpreter of this.interpreters.all()) {
      interpreter.run?.end('stopped', this.sessionState(interpreter, 'lost'));
      this.kill(interpreter);
    }
    this.relay.close();
  }

  /** Back from the back/forward cache: the frame closed on `pagehide` is rebuilt (`dispatch` finds it gone). */
  private readonly onPageShow = (event: Event): void => {
    if (this.state.name === 'open' && (event as PageTransitionEvent).persisted) this.dispatch();
  };

  // async so that bad arguments reject the returned promise instead of throwing from run(); everything up to the
  // queueing still happens synchronously, in call order.
  private async enqueue(code: string, options: RunOptions, session: string | undefined): Promise<RunResult> {
    if (this.state.name === 'disposed') throw new Error('python-sandbox: the pool was disposed');
    const sessionSetups = session === undefined ? undefined : this.sessions.get(session)?.setups;
    const request = runRequest(this.nextRunId++, code, options, this.options.outputLimit, session, sessionSetups);
    const timeout = checkTimeout(options.timeout);
    const inputTimeout = checkInputTimeout(options.inputTimeout);
    const { signal } = options;
    return new Promise<RunResult>((resolve) => {
      const onAbort = () => this.abort(pending);
      const record = new RunRecord(request.id, { ...options, timeout, inputTimeout }, this.options.outputLimit, (result) => {
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
    Object.assign(this.state, { bootFailures: 0, ranUserCode: false });
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
    this.spares.now();
    this.dispatch();
  }

  /**
   * Starts queued runs, oldest first, as far as the run slots allow (run-slots.ts: runs waiting for input leave room);
   * a run waiting for its busy session does not hold up the others, and one that waits is told why.
   */
  private dispatch(): void {
    if (!this.relay.alive()) return this.replaceRelay('the sandbox frame was removed from the page or reloaded', true);
    for (let index = 0; index < this.queue.length; ) {
      const pending = this.queue[index];
      if (!this.slots.mayStart()) break;
      const interpreter = this.interpreters.forRun(pending.session);
      if (!interpreter) {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      this.slots.started(pending);
      if (this.state.name === 'open') this.state.ranUserCode = true;
      interpreter.state = 'busy';
      interpreter.session = pending.session;
      interpreter.run = pending.record;
      this.relay.post({ type: 'run', workerId: interpreter.workerId, request: pending.request });
      this.spares.runStarted();
    }
    this.slots.tellQueued(this.queue);
    this.relay.watch();
    this.spares.soon();
  }

  /** Runs in flight now: every one holds an interpreter, waiting for input or not. */
  get runsInFlight(): number {
    return this.interpreters.busy();
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
        // A run waiting for input makes room for a queued one (dispatch).
        if (message.type === 'input-request' && this.queue.length) this.dispatch();
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
        // A worker that dies while it boots (it could not even start) is a failed boot, counted like one.
        if (interpreter.state === 'booting') {
          this.kill(interpreter);
          return this.bootFailed(message.error.message);
        }
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

  /**
   * Boots that fail in a row before any program ran in the frame mean a configuration no retry fixes: the pool breaks.
   * After a program ran there, they mean the program took what the frame's process can reserve (address space:
   * `WebAssembly.Memory` or resizable buffers, untouched, which no memory limit sees): the frame is recycled, which ends
   * every worker, that program's too, and boots go on in a new one.
   */
  private bootFailed(reason: string): void {
    this.stats.boots.failed++;
    if (this.state.name !== 'open') return;
    if (++this.state.bootFailures < MAX_BOOT_FAILURES) return this.spares.now();
    if (!this.state.ranUserCode) return this.breakPool(reason);
    this.stats.framesRecycled++;
    this.replaceRelay(`the sandbox frame could not start interpreters beside the programs that ran in it (${reason}), ` +
      'so it was ended with every interpreter in it', true);
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
    this.stats.sparesWanted = this.spares.wanted();
    this.stats.running = this.interpreters.busy();
    this.stats.queued = this.queue.length;
  }
}
