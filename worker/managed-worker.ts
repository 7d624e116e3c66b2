/**
 * One interpreter worker as the relay keeps it: started, booted, given runs, killed. It knows what the worker may say
 * next (its phase and its current run) and how much output the run may still send, and holds nothing it could serve
 * to another worker. What to boot it with, and what to do with what it says, are the relay's (relay.ts).
 */
import type { LineAnswer, OutputChunk, RunRequest, ScriptsReport, WorkerBoot, WorkerScripts, WorkerToRelay } from './protocol.ts';
import { MAX_DISPLAYS_PER_RUN, capOutput } from './limits.ts';
import { MessageBudget } from './message-budget.ts';

/**
 * Starts an interpreter worker: from our code alone, Pyodide's scripts to follow as a module it imports
 * (interpreter-scripts.ts), or, given that module's source, with them in its own source, for engines that will not
 * import a `blob:` module in an opaque origin (WebKit).
 */
export type WorkerFactory = (pyodideScripts?: string) => Worker;

/** Everything of a boot message but the port and the interrupt buffer, which the worker's own launch makes. */
export type BootFields = Omit<WorkerBoot, 'type' | 'port' | 'interruptBuffer'>;

/** What the relay hears of a worker: its messages, a flood of them (over its budget), or a failure to start. */
export interface WorkerListener {
  message(message: WorkerToRelay): void;
  flood(): void;
  error(message: string): void;
}

/** A worker message the relay will not take: the worker is not behaving, and is killed. */
export class OutOfTurn extends Error {
  override name = 'WorkerError';
}

export class ManagedWorker {
  /** Booting until it reports `booted`: only then may it hand over the snapshot or package files. */
  phase: 'booting' | 'ready' = 'booting';
  /** Set while this worker is the one making the snapshot, so its death releases the spawns waiting for it. */
  makingSnapshot = false;
  /** Boots from a snapshot the page kept from an earlier page, rather than one made in this frame. */
  fromCachedSnapshot = false;
  /** Started once this worker has booted (or died): the snapshot's maker, on the site's first page. */
  whenBooted: (() => void) | undefined;
  /** Set once killed: a boot still on its way stops, and nothing the worker says counts any more. */
  killed = false;
  /** Started once the page's files are there. */
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  /** The worker's end of its port, until the boot message takes it there. */
  private bootPort: MessagePort | undefined;
  private interruptBuffer: Int32Array | undefined;
  /** The run the host gave it last, until it reports the run finished: the only run it may report on. */
  private runId: number | undefined;
  /** Characters of output the current run may still send to the host. */
  private outputRoom = 0;
  /** Pictures and pages the current run may still show. */
  private displayRoom = 0;
  private readonly budget = new MessageBudget();

  /** `snapshotKey`: which snapshot this worker boots from or makes, one per Pyodide distribution and list of packages. */
  constructor(readonly workerId: number, readonly snapshotKey: string) {}

  /** Whether Python in this worker can be interrupted (the frame is cross-origin isolated), rather than only killed. */
  get interruptible(): boolean {
    return this.interruptBuffer !== undefined;
  }

  /**
   * Starts the worker (again, replacing the one started before, if any). It talks to the relay over a port of its
   * own, never over its global channel, where user code could post anything; `on.message` gets what it says there
   * while it keeps within its message budget.
   */
  launch(createWorker: () => Worker, on: WorkerListener): void {
    this.worker?.terminate();
    this.port?.close();
    const worker = createWorker();
    const channel = new MessageChannel();
    this.worker = worker;
    this.port = channel.port1;
    // WebKitGTK 2.50 reports crossOriginIsolated but defines no SharedArrayBuffer constructor: no interrupts there.
    this.interruptBuffer = globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function'
      ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      on.error(event.message || 'the interpreter worker failed to start');
    });
    channel.port1.onmessage = (event: MessageEvent<WorkerToRelay>) => {
      if (this.killed) return;
      if (this.budget.spend()) on.message(event.data);
      else on.flood();
    };
    this.bootPort = channel.port2;
  }

  /**
   * Sends Pyodide's scripts (pyodide-module.ts), which the worker imports while the rest of its boot is on its way.
   * Resolves to whether it could. Its answer is the one message taken from its global channel: it comes before the
   * boot, so before any user code could post there.
   */
  importScripts(module: Blob): Promise<boolean> {
    const worker = this.worker;
    if (!worker) throw new Error('scripts before launch');
    return new Promise((resolve) => {
      const onReport = (event: MessageEvent<ScriptsReport>) => {
        worker.removeEventListener('message', onReport);
        resolve(event.data?.type === 'scripts-imported');
      };
      worker.addEventListener('message', onReport);
      const scripts: WorkerScripts = { type: 'scripts', module };
      worker.postMessage(scripts);
    });
  }

  /** Sends the boot message; the bytes in it are transferred, so the worker owns its copies. */
  boot(fields: BootFields): void {
    if (!this.worker || !this.bootPort) throw new Error('boot before launch');
    const boot: WorkerBoot = { type: 'boot', port: this.bootPort, ...fields, interruptBuffer: this.interruptBuffer };
    const transfer: Transferable[] = [this.bootPort];
    for (const bytes of [boot.stdlib, boot.snapshot]) if (bytes) transfer.push(bytes.buffer);
    this.bootPort = undefined;
    this.worker.postMessage(boot, transfer);
  }

  /** Throws unless the worker is in `phase` and, for a message about a run, names the run it was given. */
  expect(phase: ManagedWorker['phase'], type: unknown, id?: number): void {
    if (this.phase !== phase || (id !== undefined && id !== this.runId)) {
      throw new OutOfTurn(`the interpreter sent '${String(type).slice(0, 40)}' out of turn`);
    }
  }

  giveRun(request: RunRequest): void {
    this.runId = request.id;
    this.outputRoom = request.outputLimit;
    this.displayRoom = MAX_DISPLAYS_PER_RUN;
    this.port?.postMessage({ type: 'run', request });
  }

  /** Keeps what of the run's output still fits its allowance, and counts it. */
  takeOutput(chunks: OutputChunk[]): ReturnType<typeof capOutput> {
    const capped = capOutput(chunks, this.outputRoom, this.displayRoom);
    this.outputRoom -= capped.kept;
    this.displayRoom -= capped.displays;
    return capped;
  }

  runFinished(): void {
    this.runId = undefined;
  }

  interrupt(): void {
    if (this.interruptBuffer) Atomics.store(this.interruptBuffer, 0, 2); // SIGINT: Python raises KeyboardInterrupt
  }

  sendInput(id: number, text: LineAnswer): void {
    this.port?.postMessage({ type: 'input', id, text });
  }

  /** What waited for this worker's boot (the snapshot's maker), handed out once, however the boot ended. */
  takeDeferred(): (() => void) | undefined {
    const deferred = this.whenBooted;
    this.whenBooted = undefined;
    return deferred;
  }

  terminate(): void {
    this.killed = true;
    this.worker?.terminate();
    if (this.port) {
      this.port.onmessage = null;
      this.port.close();
    }
  }
}
