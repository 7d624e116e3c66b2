/**
 * The relay owns the interpreter workers. It holds no policy: it starts, feeds, interrupts and kills workers on the
 * runtime's say-so and passes their messages along. It keeps what makes spares cheap (assets in asset-cache.ts,
 * snapshots in snapshot-store.ts); each worker's own state is a ManagedWorker (managed-worker.ts).
 *
 * Each worker talks to the relay over its own MessagePort; the relay never listens to a worker's global channel,
 * where user code could post anything. Trust in a worker ends at its boot: what it may hand the relay for reuse (the
 * snapshot, package files) is accepted only from the worker being booted, before it reports `booted`; after that it
 * may only report on the run it was given, and a worker that says anything else, or floods, is killed.
 */
import type { BootRequest, HostToRelay, RelayToHost, WorkerToRelay } from './protocol.ts';
import { joinBytes } from './byte-pieces.ts';
import { SNAPSHOT_PIECE_BYTES, postInPieces, serializeError } from './protocol.ts';
import { AssetCache } from './asset-cache.ts';
import type { Piece } from './byte-pieces.ts';
import { MAX_PROMPT_CHARS, capOutcome } from './limits.ts';
import { ManagedWorker, OutOfTurn, type WorkerFactory, type WorkerListener } from './managed-worker.ts';
import type { SnapshotPackages } from './package-snapshot.ts';
import { type SnapshotPlan, SnapshotStore, snapshotKeyOf } from './snapshot-store.ts';

export interface HostPort {
  postMessage(message: RelayToHost, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<HostToRelay>) => void): void;
}

export class Relay {
  private readonly workers = new Map<number, ManagedWorker>();
  private readonly assets = new AssetCache();
  private readonly snapshots = new SnapshotStore();
  /** Pieces of the snapshot the page kept, as they arrive, until its `cached-snapshot` message. */
  private readonly incomingSnapshot = new Map<string, Piece[]>();
  /** Pieces of the stdlib, as they arrive, until the `assets` message (the Wasm's are compiled as they come). */
  private readonly incomingStdlib = new Map<string, Uint8Array[]>();
  /** Snapshot makers are the relay's own workers: negative ids, which the host never uses. */
  private nextMakerId = -1;
  /** Set once a worker would not import Pyodide's scripts (WebKit): workers start with them in their source. */
  private scriptsInSource = false;

  constructor(
    private readonly host: HostPort,
    private readonly createWorker: WorkerFactory,
  ) {
    host.addEventListener('message', (event) => this.onHostMessage(event.data));
  }

  private onHostMessage(message: HostToRelay): void {
    switch (message.type) {
      case 'spawn':
        this.spawn(message.workerId, message.indexURL, message.memoryLimitBytes, message.packages);
        break;
      case 'run': {
        const managed = this.workers.get(message.workerId);
        if (managed?.phase === 'ready') managed.giveRun(message.request);
        break;
      }
      case 'interrupt':
        this.workers.get(message.workerId)?.interrupt();
        break;
      case 'kill':
        this.kill(message.workerId);
        break;
      case 'input':
        this.workers.get(message.workerId)?.sendInput(message.id, message.text);
        break;
      case 'scripts':
        this.assets.deliverScripts(message.indexURL, message);
        break;
      case 'asset-piece': {
        if (message.file === 'wasm') {
          if (message.bytes instanceof Uint8Array) this.assets.deliverWasmPiece(message.indexURL, message.bytes);
          break;
        }
        const pieces = this.incomingStdlib.get(message.indexURL) ?? [];
        if (message.bytes instanceof Uint8Array) pieces.push(message.bytes);
        this.incomingStdlib.set(message.indexURL, pieces);
        break;
      }
      case 'assets': {
        const { type: _type, indexURL, ...files } = message;
        const pieces = this.incomingStdlib.get(indexURL) ?? [];
        this.incomingStdlib.delete(indexURL);
        this.assets.deliver(indexURL, { ...files, stdlib: files.stdlib.byteLength ? files.stdlib : joinBytes(pieces) });
        break;
      }
      case 'snapshot-piece': {
        const pieces = this.incomingSnapshot.get(message.indexURL) ?? [];
        const { bytes } = message;
        if (bytes instanceof Uint8Array || (Number.isSafeInteger(bytes) && bytes > 0 && bytes <= SNAPSHOT_PIECE_BYTES)) pieces.push(bytes);
        this.incomingSnapshot.set(message.indexURL, pieces);
        break;
      }
      case 'snapshot-discard':
        this.incomingSnapshot.delete(message.indexURL);
        break;
      case 'cached-snapshot': {
        const { indexURL, packages, snapshot } = message;
        const pieces = this.incomingSnapshot.get(indexURL) ?? [];
        this.incomingSnapshot.delete(indexURL);
        const arrived = pieces.reduce<number>((sum, piece) => sum + (typeof piece === 'number' ? piece : piece.byteLength), 0);
        if (snapshot && arrived > 0 && arrived === snapshot.byteLength && Array.isArray(packages)) {
          this.snapshots.seed(snapshotKeyOf(indexURL, packages), pieces, snapshot.packages);
        }
        this.assets.snapshotDecided(indexURL);
        break;
      }
      case 'ping':
        this.host.postMessage({ type: 'pong', seq: message.seq });
        break;
      default: {
        const never: never = message;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  private spawn(workerId: number, indexURL: string, memoryLimitBytes: number, packages: string[]): void {
    const snapshotKey = snapshotKeyOf(indexURL, packages);
    this.start(workerId, { indexURL, memoryLimitBytes, packages }, snapshotKey, async () => {
      const plan = await this.snapshots.planFor(snapshotKey);
      // No snapshot for this configuration yet (the site's first page): this spare boots plainly at once, so the
      // first program waits for no more than one boot, and then a worker of the relay's own makes the snapshot. Not
      // at the same time: on two cores the two boots slowed this one by a quarter (bench row 2).
      if (plan.make) {
        const managed = this.workers.get(workerId);
        const startMaker = () => this.startMaker(indexURL, memoryLimitBytes, packages, snapshotKey);
        if (managed) managed.whenBooted = startMaker;
        else startMaker();
      }
      return { ...plan, make: false };
    });
  }

  /**
   * Starts the worker that makes the snapshot of `snapshotKey`. The host never learns of it and never gives it a run:
   * it boots, snapshots the interpreter before any user code, hands the snapshot over and is terminated, so its
   * memory is not kept.
   */
  private startMaker(indexURL: string, memoryLimitBytes: number, packages: string[], snapshotKey: string): void {
    const workerId = this.nextMakerId--;
    this.start(workerId, { indexURL, memoryLimitBytes, packages }, snapshotKey, async () => ({ make: true })).makingSnapshot = true;
  }

  private start(workerId: number, request: BootRequest, snapshotKey: string, plan: () => Promise<SnapshotPlan>): ManagedWorker {
    // Booking the worker before anything is awaited, so a `kill` meanwhile finds it.
    const managed = new ManagedWorker(workerId, snapshotKey);
    this.workers.set(workerId, managed);
    const start = async () => {
      // The worker starts at once, from our code alone, and imports Pyodide's scripts as soon as they are here: its
      // start and their parsing overlap with the page reading its files and the Wasm compiling. The boot waits.
      const listener: WorkerListener = {
        message: (message) => this.onWorkerMessage(managed, message),
        flood: () => this.fail(workerId, { name: 'WorkerError', message: 'the interpreter flooded the sandbox with messages and was stopped' }),
        error: (message) => this.fail(workerId, { name: 'WorkerError', message }),
      };
      if (!this.scriptsInSource) managed.launch(() => this.createWorker(), listener);
      const scriptsLoaded = this.loadScripts(managed, request.indexURL, listener);
      scriptsLoaded.catch(() => {}); // a failure is the boot's, through the await below
      const assets = await this.assets.get(request.indexURL);
      if (managed.killed) return;
      const snapshot = await plan();
      if (managed.killed) return;
      managed.fromCachedSnapshot = snapshot.cached === true;
      const [stdlib, snapshotBytes] = await Promise.all([assets.stdlib.take(), snapshot.bytes?.take()]);
      await scriptsLoaded;
      if (managed.killed) return;
      managed.boot({
        ...request,
        wasmModule: assets.wasmModule,
        stdlib,
        lockFile: assets.lockFile,
        snapshot: snapshotBytes,
        snapshotPackages: snapshot.packages,
        packageDownloads: { ...assets.packageFiles, ...this.snapshots.downloadsFor(snapshotKey) },
        makeSnapshot: snapshot.make,
      });
    };
    start().catch((error: unknown) => this.failBoot(workerId, error));
    return managed;
  }

  /**
   * Gives a worker Pyodide's scripts to import. An engine that will not import them (WebKit) has the worker started
   * again with them in its own source, as every worker after it in this frame is started from the first.
   */
  private async loadScripts(managed: ManagedWorker, indexURL: string, listener: WorkerListener): Promise<void> {
    if (!this.scriptsInSource) {
      const module = await this.assets.pyodideScripts(indexURL);
      if (managed.killed || await managed.importScripts(module)) return;
      this.scriptsInSource = true;
    }
    const source = await this.assets.scriptsInSource(indexURL);
    if (!managed.killed) managed.launch(() => this.createWorker(source), listener);
  }

  /**
   * The page keeps a copy of the maker's snapshot (taken before any user code ran) for its next pages. It goes in
   * pieces, a task each, so that neither thread copies 30 MiB at once.
   */
  private async handOver(bytes: Uint8Array, packages: SnapshotPackages | undefined): Promise<void> {
    await postInPieces(bytes, (piece) => this.host.postMessage({ type: 'snapshot-made-piece', bytes: piece }, [piece.buffer]));
    this.host.postMessage({ type: 'snapshot-made', byteLength: bytes.byteLength, packages });
  }

  /** A boot that could not even be started (assets, a worker that would not take its message) is a failed boot. */
  private failBoot(workerId: number, error: unknown): void {
    if (!this.workers.has(workerId)) return;
    if (!isMaker(workerId)) this.host.postMessage({ type: 'boot-failed', workerId, error: serializeError(error) });
    this.kill(workerId);
  }

  private onWorkerMessage(managed: ManagedWorker, message: WorkerToRelay): void {
    try {
      this.takeWorkerMessage(managed, message);
    } catch (error) {
      // A message the relay cannot handle, or one out of turn, means the worker is not behaving: a crash.
      this.fail(managed.workerId, serializeError(error));
    }
  }

  private takeWorkerMessage(managed: ManagedWorker, message: WorkerToRelay): void {
    const { workerId, snapshotKey } = managed;
    const expect = (phase: ManagedWorker['phase'], id?: number) => managed.expect(phase, message?.type, id);
    switch (message.type) {
      case 'snapshot':
        expect('booting');
        if (!managed.makingSnapshot) throw new OutOfTurn('the interpreter sent a snapshot it was not asked for');
        if (!(message.bytes instanceof Uint8Array)) throw new OutOfTurn('the interpreter sent a snapshot without bytes');
        this.snapshots.settle(snapshotKey, message.bytes, message.packages);
        managed.makingSnapshot = false;
        void this.handOver(message.bytes, message.packages);
        this.kill(workerId); // its work is done: nothing else is ever asked of it
        break;
      case 'package-downloads':
        expect('booting');
        this.snapshots.keepDownloads(snapshotKey, message.downloads);
        break;
      case 'booted':
        expect('booting');
        managed.takeDeferred()?.();
        if (managed.makingSnapshot) throw new OutOfTurn('the snapshot maker reported booted instead of its snapshot');
        managed.phase = 'ready';
        this.host.postMessage({ ...message, workerId, interruptible: managed.interruptible });
        break;
      case 'boot-failed':
        expect('booting');
        // A snapshot the page kept that does not start an interpreter is dropped: the next spare makes a new one.
        if (managed.fromCachedSnapshot) this.snapshots.discardCached(snapshotKey);
        if (!isMaker(workerId)) this.host.postMessage({ type: 'boot-failed', workerId, error: plainError(message.error) });
        this.kill(workerId);
        break;
      case 'started':
        expect('ready', message.id);
        this.host.postMessage({ type: 'started', workerId, id: message.id });
        break;
      case 'input-request':
        expect('ready', message.id);
        this.host.postMessage({ type: 'input-request', workerId, id: message.id, prompt: String(message.prompt).slice(0, MAX_PROMPT_CHARS) });
        break;
      case 'input-busy':
        expect('ready', message.id);
        this.host.postMessage({ type: 'input-busy', workerId, id: message.id });
        break;
      case 'output': {
        expect('ready', message.id);
        const capped = managed.takeOutput(message.chunks);
        if (capped.chunks.length || capped.dropped || message.dropped) {
          this.host.postMessage({ type: 'output', workerId, id: message.id, chunks: capped.chunks, dropped: capped.dropped || message.dropped === true });
        }
        break;
      }
      case 'finished': {
        expect('ready', message.id);
        managed.runFinished();
        const outcome = capOutcome(message.outcome);
        const buffers = new Set(Object.values(outcome.files).map((bytes) => bytes.buffer));
        this.host.postMessage({ type: 'finished', workerId, id: message.id, outcome }, [...buffers]);
        break;
      }
      case 'fatal':
        this.fail(workerId, message.error);
        break;
      default: {
        const never: never = message;
        throw new OutOfTurn(`the interpreter sent an unknown message ${JSON.stringify(never)?.slice(0, 100)}`);
      }
    }
  }

  private fail(workerId: number, error: { name: string; message: string }): void {
    if (!this.workers.has(workerId)) return;
    this.kill(workerId);
    if (!isMaker(workerId)) this.host.postMessage({ type: 'crashed', workerId, error: plainError(error) });
  }

  private kill(workerId: number): void {
    const managed = this.workers.get(workerId);
    if (!managed) return;
    this.workers.delete(workerId);
    managed.takeDeferred()?.();
    if (managed.makingSnapshot) this.snapshots.settle(managed.snapshotKey, undefined);
    managed.terminate();
  }
}

/** The relay's own snapshot makers have negative ids; the host knows nothing of them. */
const isMaker = (workerId: number) => workerId < 0;

/** An error as the host gets it: a name and a message, both strings, whatever the worker sent. */
const plainError = (error: { name?: unknown; message?: unknown } | undefined) => ({ name: String(error?.name), message: String(error?.message) });
