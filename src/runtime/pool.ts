import type { BootPhases, BootSource, RelayToHost, RunRequest } from '../../worker/protocol.ts';
import type { SnapshotPackages } from '../../worker/package-snapshot.ts';
import { refusedSource, unconnectedEndpoint } from './allowed-sources.ts';
import { resolveIndexURL } from './config.ts';
import { createFrameEndpoint } from './frame-endpoint.ts';
import type { Endpoint, EndpointFactory } from './endpoint.ts';
import { RelayWatchdog } from './relay-watchdog.ts';
import { parseRelayMessage } from './relay-messages.ts';
import { type KillReason, RunRecord } from './run-record.ts';
import { SandboxSession } from './session.ts';
import type { PoolOptions, PythonError, RunOptions, RunResult, SessionOptions } from './types.ts';
import { type CheckedPoolOptions, checkCode, checkIndexURL, checkFiles, checkPoolOptions, checkSource, checkStdin, checkTimeout } from './validate.ts';

interface Interpreter {
  workerId: number;
  state: 'booting' | 'idle' | 'busy';
  source?: BootSource;
  interruptible: boolean;
  /** The session this interpreter belongs to; it never runs anything else. */
  session?: string;
  run?: RunRecord;
}

interface PendingRun {
  record: RunRecord;
  request: RunRequest;
  session?: string;
}

/** How long an interrupted run may take to unwind (tracebacks, files, a busy machine) before its worker is terminated. */
const INTERRUPT_GRACE_MS = 500;
/** How long a replacement spare may wait for the runs in flight to finish before it boots anyway. */
const REPLENISH_DELAY_MS = 100;
/** Consecutive failed boots after which the pool stops retrying and fails its runs. */
const MAX_BOOT_FAILURES = 3;
/** How long a spare may take to boot (with its packages) before the pool counts it as a failed boot. */
const BOOT_DEADLINE_MS = 120_000;
/** The longest line `onInput` may hand to Python. */
const MAX_INPUT_CHARS = 1_000_000;
/** How long the relay may leave a ping unanswered before the pool tears its frame down and builds a new one. */
const RELAY_DEADLINE_MS = 10_000;

/** What the pool has done so far, for tests and the benchmark. */
export interface PoolStats {
  boots: { snapshot: number; plain: number; failed: number };
  /** Boots whose packages came imported with the snapshot instead of being loaded (pure-Python packages). */
  packagesFromSnapshot: number;
  lastBootMs: number | undefined;
  /** Snapshots stored in the page origin's cache for the site's next pages (snapshot-cache.ts). */
  snapshotsKept: number;
  /** The split of the last boot from the snapshot (absent for plain boots). */
  lastBootPhases?: BootPhases;
  /** Idle fresh interpreters. */
  spares: number;
  /** Fresh interpreters the pool keeps booted or booting now: one while idle, more while runs wait (`size` at most). */
  sparesWanted: number;
  running: number;
  queued: number;
}

/**
 * A pool of pre-warmed Pyodide interpreters. Every `run` gets an interpreter that has never run user code; spares
 * boot in the background from a memory snapshot, so a run is a message round trip, not a boot.
 */
export class SandboxPool {
  /** Resolves when the first interpreter can run; rejects if Pyodide cannot be loaded. */
  readonly ready: Promise<void>;
  readonly indexURL: string;
  readonly stats: PoolStats = { boots: { snapshot: 0, plain: 0, failed: 0 }, packagesFromSnapshot: 0, lastBootMs: undefined, snapshotsKept: 0, spares: 0, sparesWanted: 1, running: 0, queued: 0 };

  private readonly options: CheckedPoolOptions;
  private endpoint!: Endpoint;
  private readonly watchdog: RelayWatchdog;
  private readonly interpreters = new Map<number, Interpreter>();
  private readonly queue: PendingRun[] = [];
  private readonly sessions = new Map<string, SandboxSession>();
  private readonly createEndpoint: EndpointFactory;
  private nextWorkerId = 1;
  /** Pieces of the snapshot the relay is handing over, until its `snapshot-made`. */
  private madeSnapshot: Uint8Array[] = [];
  private nextRunId = 1;
  private bootFailures = 0;
  private replenishTimer: ReturnType<typeof setTimeout> | undefined;
  private broken: Error | undefined;
  private packageError: PythonError | undefined;
  private disposed = false;
  private markReady!: () => void;
  private markBroken!: (error: Error) => void;

  constructor(options: PoolOptions = {}) {
    this.options = checkPoolOptions(options);
    this.indexURL = checkIndexURL(resolveIndexURL(options.indexURL));
    this.createEndpoint = options.createEndpoint ?? createFrameEndpoint;
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.markBroken = reject;
    });
    this.ready.catch(() => {}); // a pool nobody awaits must not cause an unhandled rejection
    this.watchdog = new RelayWatchdog({
      ping: (seq) => this.endpoint.postMessage({ type: 'ping', seq }),
      alive: () => this.endpoint.alive?.() ?? true,
      busy: () => this.queue.length > 0 || [...this.interpreters.values()].some((each) => each.state !== 'idle'),
      dead: (reason, everHeard) => this.replaceRelay(reason, everHeard),
    }, options.relayDeadlineMs ?? RELAY_DEADLINE_MS);
    const refusal = refusedSource(this.indexURL, this.options.packages);
    if (refusal) {
      // A source the page did not allow is never contacted (no frame, no fetch); every run ends with the refusal.
      this.endpoint = unconnectedEndpoint;
      this.broken = refusal;
      this.markBroken(refusal);
      return;
    }
    this.connect();
    this.replenish();
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
    if (this.disposed) return;
    this.disposed = true;
    for (const pending of this.queue.splice(0)) pending.record.end('stopped');
    for (const interpreter of [...this.interpreters.values()]) {
      interpreter.run?.end('stopped', this.sessionState(interpreter, 'lost'));
      this.kill(interpreter);
    }
    clearTimeout(this.replenishTimer);
    this.watchdog.stop();
    this.disconnect();
    this.markBroken(new Error('python-sandbox: the pool was disposed'));
  }

  // async so that bad arguments reject the returned promise instead of throwing from run(); everything up to the
  // queueing still happens synchronously, in call order.
  private async enqueue(code: string, options: RunOptions, session: string | undefined): Promise<RunResult> {
    if (this.disposed) throw new Error('python-sandbox: the pool was disposed');
    const request: RunRequest = {
      id: this.nextRunId++,
      code: checkCode(code),
      files: checkFiles(options.files),
      stdin: checkStdin(options.stdin),
      interactive: typeof options.onInput === 'function',
      outputLimit: this.options.outputLimit,
      session: session !== undefined,
      ...exerciseRequest(options, session === undefined ? undefined : this.sessions.get(session)?.setups),
    };
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
      if (this.broken) return record.end('crashed', { error: bootError(this.broken) });
      if (this.packageError) return record.end('error', { error: this.packageError });
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
    const interpreter = [...this.interpreters.values()].find((each) => each.run === pending.record);
    if (interpreter) this.killRun(interpreter, 'stopped');
  }

  private resetSession(name: string): void {
    for (const interpreter of [...this.interpreters.values()]) {
      if (interpreter.session !== name) continue;
      interpreter.run?.end('stopped', { sessionState: 'lost' });
      this.kill(interpreter);
    }
    this.dispatch();
  }

  private connect(): void {
    this.madeSnapshot = [];
    const endpoint = this.createEndpoint(this.indexURL, this.options.packages);
    this.endpoint = endpoint;
    endpoint.addEventListener('message', this.onMessage);
    this.watchFiles(endpoint);
  }

  /** A file the endpoint could not fetch breaks the pool, for every run of every element on it, with its reason. */
  private watchFiles(endpoint: Endpoint): void {
    endpoint.files?.then(
      ({ packageError }) => endpoint === this.endpoint && packageError && this.failPackages(packageError),
      (error: unknown) => endpoint === this.endpoint && !this.disposed && this.breakPool(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private disconnect(): void {
    this.endpoint.removeEventListener('message', this.onMessage);
    this.endpoint.close?.();
  }

  /**
   * The relay is gone (its frame removed or reloaded) or hung. Runs in flight end as `'crashed'` (sessions lose their
   * state), a new relay is built, and queued runs go on there. A relay that never answered at all means the frame
   * cannot start on this page, which no retry fixes.
   */
  private replaceRelay(reason: string, everHeard: boolean): void {
    if (this.disposed || this.broken) return;
    this.disconnect();
    const message = `python-sandbox: ${reason}; a new one was started`;
    const crashed = { type: 'SandboxCrash', message, traceback: message + '\n' };
    for (const interpreter of [...this.interpreters.values()]) {
      this.interpreters.delete(interpreter.workerId);
      interpreter.run?.end('crashed', { error: crashed, ...this.sessionState(interpreter, 'lost') });
    }
    if (!everHeard) {
      return this.breakPool(`${reason}. If the page has a Content-Security-Policy, the sandbox frame inherits it, ` +
        'so it must allow what the frame needs (see docs/security.md of python-sandbox)');
    }
    this.connect();
    this.replenish();
    this.dispatch();
  }

  /** Starts queued runs, oldest first; a run waiting for its busy session does not hold up the others. */
  private dispatch(): void {
    if (this.endpoint.alive?.() === false) return this.replaceRelay('the sandbox frame was removed from the page or reloaded', true);
    for (let index = 0; index < this.queue.length; ) {
      const pending = this.queue[index];
      if (this.busyCount() >= this.options.size) break;
      const interpreter = this.interpreterFor(pending.session);
      if (!interpreter) {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      interpreter.state = 'busy';
      interpreter.session = pending.session;
      interpreter.run = pending.record;
      this.endpoint.postMessage({ type: 'run', workerId: interpreter.workerId, request: pending.request });
    }
    this.watchdog.watch();
    this.replenishSoon();
  }

  /**
   * Starting a worker costs the relay's thread a few milliseconds; while runs are in flight and a spare is still
   * ready, that cost waits until they finish (or a short while), so it does not land inside a warm run. Delaying it
   * also when nothing runs was tried: warm runs in a row then waited for boots (bench row 1: 3 → 50 ms).
   */
  private replenishSoon(): void {
    if (this.busyCount() === 0 || this.idleSpares() === 0) return this.replenish();
    this.replenishTimer ??= setTimeout(() => this.replenish(), REPLENISH_DELAY_MS);
  }

  private idleSpares(): number {
    return [...this.interpreters.values()].filter((each) => each.state === 'idle' && each.session === undefined).length;
  }

  private interpreterFor(session: string | undefined): Interpreter | undefined {
    const all = [...this.interpreters.values()];
    if (session !== undefined) {
      const own = all.find((each) => each.session === session);
      if (own) return own.state === 'idle' ? own : undefined;
    }
    return all.find((each) => each.state === 'idle' && each.session === undefined);
  }

  private busyCount(): number {
    return [...this.interpreters.values()].filter((each) => each.state === 'busy').length;
  }

  /**
   * Fresh interpreters to keep booted or booting: one while the page is idle (an idle one holds 50–60 MiB), and one
   * for each run waiting for a fresh interpreter, up to `size`. A run that takes the spare thus has the next one
   * booting behind it, and a burst of runs gets as many as it can use.
   */
  private sparesWanted(): number {
    const waiting = this.queue.filter((pending) => !this.hasOwnInterpreter(pending.session)).length;
    return Math.min(this.options.size, Math.max(1, waiting));
  }

  private hasOwnInterpreter(session: string | undefined): boolean {
    return session !== undefined && [...this.interpreters.values()].some((each) => each.session === session);
  }

  /** Keeps the spares wanted booted or booting (`sparesWanted`). */
  private replenish(): void {
    clearTimeout(this.replenishTimer);
    this.replenishTimer = undefined;
    if (this.disposed || this.broken || this.packageError) return this.updateStats();
    const fresh = [...this.interpreters.values()].filter((each) => each.session === undefined && each.state !== 'busy');
    for (let missing = this.sparesWanted() - fresh.length; missing > 0; missing--) {
      const workerId = this.nextWorkerId++;
      const interpreter: Interpreter = { workerId, state: 'booting', interruptible: false };
      this.interpreters.set(workerId, interpreter);
      // A boot that never reports (an engine bug, a lost message) must fail like any other, not wait forever.
      setTimeout(() => {
        if (this.interpreters.get(workerId) !== interpreter || interpreter.state !== 'booting') return;
        this.kill(interpreter);
        this.bootFailed(`the interpreter did not boot within ${BOOT_DEADLINE_MS / 1000} s`);
      }, BOOT_DEADLINE_MS);
      this.endpoint.postMessage({
        type: 'spawn',
        workerId,
        indexURL: this.indexURL,
        memoryLimitBytes: this.options.memoryLimitMiB * 1024 * 1024,
        packages: this.options.packages,
      });
    }
    this.updateStats();
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    const message = parseRelayMessage(event.data);
    if (!message) return;
    this.watchdog.heard();
    if (message.type === 'pong') return;
    // From the relay's own maker, which never runs a program: kept for the site's next pages.
    if (message.type === 'snapshot-made-piece') return void this.madeSnapshot.push(message.bytes);
    if (message.type === 'snapshot-made') return this.keepSnapshot(message.byteLength, message.packages);
    const interpreter = this.interpreters.get(message.workerId);
    if (!interpreter) return; // a late message from a worker already killed
    this.handle(interpreter, message);
  };

  /** The relay's maker made a snapshot (it never runs a program), which came in pieces: kept for the site's next pages. */
  private keepSnapshot(byteLength: number, packages: SnapshotPackages | undefined): void {
    const pieces = this.madeSnapshot.splice(0);
    if (pieces.reduce((sum, piece) => sum + piece.byteLength, 0) !== byteLength) return;
    void this.endpoint.files?.then((files) => files.keepSnapshot({ pieces, packages })).then((kept) => kept && this.stats.snapshotsKept++);
  }

  private handle(interpreter: Interpreter, message: Exclude<RelayToHost, { type: 'pong' | 'snapshot-made' | 'snapshot-made-piece' }>): void {
    const run = interpreter.run;
    // Messages about a run must name the run this interpreter is executing now.
    if ('id' in message && run?.id !== message.id) return;
    switch (message.type) {
      case 'booted':
        if (interpreter.state !== 'booting') return;
        interpreter.state = 'idle';
        interpreter.source = message.source;
        interpreter.interruptible = message.interruptible;
        this.stats.boots[message.source]++;
        if (message.packagesFromSnapshot) this.stats.packagesFromSnapshot++;
        this.stats.lastBootMs = message.bootMs;
        if (message.phases) this.stats.lastBootPhases = message.phases;
        this.bootFailures = 0;
        if (message.packageError) this.failPackages(message.packageError);
        this.markReady();
        this.dispatch();
        break;
      case 'boot-failed':
        this.interpreters.delete(interpreter.workerId);
        this.bootFailed(message.error.message);
        break;
      case 'started':
        if (!run || run.startedAt !== undefined) return;
        run.startClock(() => this.killRun(interpreter, 'timeout'));
        break;
      case 'input-request':
        if (!run || run.startedAt === undefined || run.waitingForInput || run.killReason) return;
        this.answerInput(interpreter, run, message.prompt);
        break;
      case 'input-busy':
        run?.clockWhileWaiting();
        break;
      case 'output':
        run?.append(message.chunks, message.dropped);
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

  /** Asks the run's `onInput` for a line while the run's clock is paused; no answer, or a failing one, is end of file. */
  private answerInput(interpreter: Interpreter, run: RunRecord, prompt: string): void {
    run.pauseClock();
    const { onInput } = run.options;
    new Promise<unknown>((resolve) => resolve(onInput ? onInput(prompt) : null))
      .catch(() => null)
      .then((answer) => {
        if (interpreter.run !== run || run.killReason || !run.waitingForInput) return;
        const text = typeof answer === 'string' ? answer.slice(0, MAX_INPUT_CHARS) : null;
        run.resumeClock();
        this.endpoint.postMessage({ type: 'input', workerId: interpreter.workerId, id: run.id, text });
      });
  }

  /** Deadline or Stop: interrupt when the worker can take it, terminate otherwise (or when the code ignores it). */
  private killRun(interpreter: Interpreter, reason: KillReason): void {
    const run = interpreter.run;
    if (!run || run.killReason) return;
    run.killReason = reason;
    clearTimeout(run.deadline);
    // A dispatched run that has not reported `started` yet is interrupted too: the flag waits in the shared buffer
    // until Python's next check, which comes before any user code can run for long.
    if (interpreter.interruptible) {
      // Python waiting in input() does not look at the interrupt flag until it runs again; it is woken with an
      // answer that raises KeyboardInterrupt right there instead.
      if (run.waitingForInput) this.endpoint.postMessage({ type: 'input', workerId: interpreter.workerId, id: run.id, text: false });
      else this.endpoint.postMessage({ type: 'interrupt', workerId: interpreter.workerId, id: run.id });
      run.deadline = setTimeout(() => this.terminate(interpreter, run), INTERRUPT_GRACE_MS);
      return;
    }
    this.terminate(interpreter, run);
  }

  private terminate(interpreter: Interpreter, run: RunRecord): void {
    if (interpreter.run !== run) return;
    this.kill(interpreter);
    run.end(run.killReason ?? 'stopped', this.sessionState(interpreter, 'lost'));
    this.dispatch();
  }

  private kill(interpreter: Interpreter): void {
    this.interpreters.delete(interpreter.workerId);
    interpreter.run = undefined;
    this.endpoint.postMessage({ type: 'kill', workerId: interpreter.workerId });
  }

  private sessionState(interpreter: Interpreter, state: 'kept' | 'lost'): Pick<RunResult, 'sessionState'> {
    return interpreter.session === undefined ? {} : { sessionState: state };
  }

  private bootFailed(reason: string): void {
    this.stats.boots.failed++;
    if (++this.bootFailures >= MAX_BOOT_FAILURES) this.breakPool(reason);
    else this.replenish();
  }

  /** The pool's packages cannot be loaded: every run, queued or to come, ends with a PackageError; no more boots. */
  private failPackages(reason: string): void {
    const message = `python-sandbox: ${reason}. Packages come from index-url's pyodide-lock.json ` +
      `(${this.indexURL}), or from the wheel URLs given; Pyodide's npm package ships no packages of its own.`;
    this.packageError = { type: 'PackageError', message, traceback: `PackageError: ${message}\n` };
    for (const pending of this.queue.splice(0)) pending.record.end('error', { error: this.packageError });
    this.updateStats();
  }

  /** No interpreter can start: every run, queued or later, ends as `'crashed'` with a `BootError` saying why. */
  private breakPool(reason: string | Error): void {
    if (this.broken) return;
    const error = reason instanceof Error ? reason : new Error(`python-sandbox: could not start Pyodide from ${this.indexURL} (${reason}). ` +
      'Check that the folder holds pyodide.mjs, pyodide.asm.wasm and pyodide-lock.json, or set indexURL / the index-url attribute.');
    this.broken = error;
    this.markBroken(error);
    for (const pending of this.queue.splice(0)) pending.record.end('crashed', { error: bootError(error) });
    this.updateStats();
  }

  private updateStats(): void {
    this.watchdog.watch();
    const all = [...this.interpreters.values()];
    this.stats.spares = this.idleSpares();
    this.stats.sparesWanted = this.sparesWanted();
    this.stats.running = all.filter((each) => each.state === 'busy').length;
    this.stats.queued = this.queue.length;
  }
}

/** The request's setup and check fields, present only when given, so a run without them costs nothing more. */
function exerciseRequest(options: RunOptions, sessionSetups: readonly string[] | undefined): Partial<RunRequest> {
  const setup = checkSource('setup', options.setup);
  const check = checkSource('check', options.check);
  return {
    ...(setup ? { setup } : {}),
    ...(check ? { check } : {}),
    ...(sessionSetups?.length ? { sessionSetups: [...sessionSetups] } : {}),
  };
}

function bootError(error: Error) {
  return { type: 'BootError', message: error.message, traceback: error.message };
}
