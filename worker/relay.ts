/**
 * The relay owns the interpreter workers. It holds no policy: it starts, feeds, interrupts and kills workers on the
 * runtime's say-so and passes their messages along. It keeps what makes spares cheap: the compiled
 * `pyodide.asm.wasm`, the stdlib bytes and the memory snapshot taken from the first interpreter before any user code.
 *
 * Each worker talks to the relay over its own MessagePort; the relay never listens to a worker's global channel,
 * where user code could post anything.
 */
import type { HostToRelay, RelayToHost, WorkerBoot, WorkerToRelay } from './protocol.ts';
import { serializeError } from './protocol.ts';
import { type PackageDownloads, keepDownloads } from './package-downloads.ts';
import type { SnapshotPackages } from './package-snapshot.ts';
import { MAX_PROMPT_CHARS, capOutcome, capOutput } from './limits.ts';

export interface HostPort {
  postMessage(message: RelayToHost, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<HostToRelay>) => void): void;
}

export type WorkerFactory = () => Worker;

/**
 * Bytes every worker needs a copy of. Structured-cloning 30 MiB on the relay's thread would delay the very run that
 * asked for a replacement spare, so one copy circulates instead: transferred to a booting worker, handed back once
 * Pyodide has read it. A fresh copy is made only when two workers boot at once.
 */
class CirculatingBytes {
  private spare: Uint8Array | undefined;

  constructor(private readonly master: Uint8Array) {}

  take(): Uint8Array {
    const copy = this.spare ?? this.master.slice();
    this.spare = undefined;
    return copy;
  }

  giveBack(bytes: Uint8Array | undefined): void {
    if (bytes && bytes.byteLength === this.master.byteLength) this.spare ??= bytes;
  }
}

interface Assets {
  wasmModule?: WebAssembly.Module;
  stdlib?: CirculatingBytes;
}

interface Snapshot {
  state: 'making' | 'ready' | 'failed';
  bytes?: CirculatingBytes;
  /** What spares need for the packages the snapshot holds, imported; absent when they load the packages themselves. */
  packages?: SnapshotPackages;
  /** Spawns that arrived while the snapshot was being made; they start from it once it exists. */
  waiting: Array<() => void>;
}

interface ManagedWorker {
  worker: Worker;
  port: MessagePort;
  /** Which snapshot this worker boots from or makes: one per Pyodide distribution and list of packages. */
  snapshotKey: string;
  interruptBuffer?: Int32Array;
  /** Set while this worker is the one making the snapshot, so its death releases the spawns waiting for it. */
  makingSnapshot: boolean;
  /** Characters of output the current run may still send to the host. */
  outputRoom: number;
}

/** Assets are per Pyodide distribution, snapshots per distribution and packages; every relay in this realm shares them. */
const assetsByIndexURL = new Map<string, Promise<Assets>>();
const snapshotsByKey = new Map<string, Snapshot>();
/** Package files downloaded by a pool's spares, by snapshot key: spares that load the packages themselves reuse them. */
const downloadsByKey = new Map<string, PackageDownloads>();

function snapshotKeyOf(indexURL: string, packages: string[]): string {
  return JSON.stringify([indexURL, ...packages]);
}

interface HostBytes {
  wasm: Uint8Array | null;
  stdlib: Uint8Array | null;
}

/** The bytes the host sends for each indexURL (an `assets` message), awaited by the first spawn that needs them. */
const bytesFromHost = new Map<string, { bytes: Promise<HostBytes>; deliver: (bytes: HostBytes) => void }>();

function hostBytes(indexURL: string) {
  let entry = bytesFromHost.get(indexURL);
  if (!entry) {
    let deliver!: (bytes: HostBytes) => void;
    const bytes = new Promise<HostBytes>((resolve) => (deliver = resolve));
    entry = { bytes, deliver };
    bytesFromHost.set(indexURL, entry);
  }
  return entry;
}

async function loadAssets(indexURL: string): Promise<Assets> {
  const given = await hostBytes(indexURL).bytes;
  // Taken: the map must not keep 10 MB of wasm bytes alive once they are compiled; later deliveries are dropped.
  bytesFromHost.set(indexURL, { bytes: Promise.resolve({ wasm: null, stdlib: null }), deliver: () => {} });
  const [wasmModule, stdlib] = await Promise.all([
    (given.wasm ? WebAssembly.compile(given.wasm as Uint8Array<ArrayBuffer>) : WebAssembly.compileStreaming(fetch(indexURL + 'pyodide.asm.wasm')))
      .catch(() => undefined),
    (given.stdlib ? Promise.resolve(given.stdlib) : fetch(indexURL + 'python_stdlib.zip')
      .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(response.statusText))))
      .then((buffer) => new Uint8Array(buffer)))
      .then((bytes) => new CirculatingBytes(bytes))
      .catch(() => undefined),
  ]);
  return { wasmModule, stdlib };
}

export class Relay {
  private readonly workers = new Map<number, ManagedWorker>();

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
        if (!managed) break;
        managed.outputRoom = message.request.outputLimit;
        managed.port.postMessage({ type: 'run', request: message.request });
        break;
      }
      case 'interrupt': {
        const buffer = this.workers.get(message.workerId)?.interruptBuffer;
        if (buffer) Atomics.store(buffer, 0, 2); // SIGINT: Python raises KeyboardInterrupt
        break;
      }
      case 'kill':
        this.kill(message.workerId);
        break;
      case 'input':
        this.workers.get(message.workerId)?.port.postMessage({ type: 'input', id: message.id, text: message.text });
        break;
      case 'assets':
        hostBytes(message.indexURL).deliver({
          wasm: message.wasm instanceof Uint8Array ? message.wasm : null,
          stdlib: message.stdlib instanceof Uint8Array ? message.stdlib : null,
        });
        break;
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
    let worker: Worker;
    try {
      worker = this.createWorker();
    } catch (error) {
      this.host.postMessage({ type: 'boot-failed', workerId, error: serializeError(error) });
      return;
    }
    const channel = new MessageChannel();
    // WebKitGTK 2.50 reports crossOriginIsolated but defines no SharedArrayBuffer constructor: no interrupts there.
    const interruptBuffer = globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function'
      ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    const snapshotKey = snapshotKeyOf(indexURL, packages);
    const managed: ManagedWorker = { worker, port: channel.port1, snapshotKey, interruptBuffer, makingSnapshot: false, outputRoom: 0 };
    this.workers.set(workerId, managed);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fail(workerId, { name: 'WorkerError', message: event.message || 'the interpreter worker failed to start' });
    });
    channel.port1.onmessage = (event: MessageEvent<WorkerToRelay>) => {
      try {
        this.onWorkerMessage(workerId, indexURL, snapshotKey, event.data);
      } catch (error) {
        // A message the relay cannot handle means the worker is not behaving: treat it as a crash.
        this.fail(workerId, serializeError(error));
      }
    };

    const start = async () => {
      if (!assetsByIndexURL.has(indexURL)) assetsByIndexURL.set(indexURL, loadAssets(indexURL));
      const assets = await assetsByIndexURL.get(indexURL)!;
      const snapshot = await this.snapshotFor(snapshotKey);
      if (!this.workers.has(workerId)) {
        if (snapshot.make) this.settleSnapshot(snapshotKey, undefined); // killed while waiting
        return;
      }
      managed.makingSnapshot = snapshot.make;
      const boot: WorkerBoot = {
        type: 'boot',
        port: channel.port2,
        indexURL,
        memoryLimitBytes,
        packages,
        wasmModule: assets.wasmModule,
        stdlib: assets.stdlib?.take(),
        snapshot: snapshot.bytes?.take(),
        snapshotPackages: snapshot.packages,
        packageDownloads: snapshot.packages ? undefined : downloadsByKey.get(snapshotKey),
        makeSnapshot: snapshot.make,
        interruptBuffer,
      };
      const transfer: Transferable[] = [channel.port2];
      for (const bytes of [boot.stdlib, boot.snapshot]) if (bytes) transfer.push(bytes.buffer);
      worker.postMessage(boot, transfer);
    };
    start().catch((error: unknown) => this.failBoot(workerId, snapshotKey, error));
  }

  /** A boot that could not even be started (assets, a worker that would not take its message) is a failed boot. */
  private failBoot(workerId: number, snapshotKey: string, error: unknown): void {
    if (!this.workers.has(workerId)) return;
    this.settleSnapshot(snapshotKey, undefined);
    this.host.postMessage({ type: 'boot-failed', workerId, error: serializeError(error) });
    this.kill(workerId);
  }

  /** The first spawn makes the snapshot; later spawns wait for it, or boot plainly if making it failed. */
  private async snapshotFor(key: string): Promise<Pick<Snapshot, 'bytes' | 'packages'> & { make: boolean }> {
    let snapshot = snapshotsByKey.get(key);
    if (!snapshot) {
      snapshotsByKey.set(key, { state: 'making', waiting: [] });
      return { make: true };
    }
    if (snapshot.state === 'making') {
      await new Promise<void>((resolve) => snapshot!.waiting.push(resolve));
      snapshot = snapshotsByKey.get(key)!;
    }
    return snapshot.state === 'ready' ? { bytes: snapshot.bytes, packages: snapshot.packages, make: false } : { make: false };
  }

  private settleSnapshot(key: string, bytes: Uint8Array | undefined, packages?: SnapshotPackages): void {
    const snapshot = snapshotsByKey.get(key);
    if (!snapshot || snapshot.state !== 'making') return;
    if (bytes) {
      snapshot.state = 'ready';
      snapshot.bytes = new CirculatingBytes(bytes);
      snapshot.packages = packages;
      if (packages) downloadsByKey.delete(key); // no spare of this pool loads packages any more
    } else {
      // Let the next spawn try again; spares waiting meanwhile boot plainly.
      snapshotsByKey.delete(key);
      snapshot.state = 'failed';
    }
    for (const resume of snapshot.waiting.splice(0)) resume();
  }

  private onWorkerMessage(workerId: number, indexURL: string, snapshotKey: string, message: WorkerToRelay): void {
    switch (message.type) {
      case 'snapshot':
        this.settleSnapshot(snapshotKey, message.bytes, message.packages);
        this.workers.get(workerId)!.makingSnapshot = false;
        break;
      case 'boot-assets':
        void assetsByIndexURL.get(indexURL)?.then((assets) => assets.stdlib?.giveBack(message.stdlib));
        snapshotsByKey.get(snapshotKey)?.bytes?.giveBack(message.snapshot);
        break;
      case 'booted':
        if (!message.madeSnapshot) this.settleSnapshot(snapshotKey, undefined);
        this.host.postMessage({ ...message, workerId, interruptible: this.workers.get(workerId)?.interruptBuffer !== undefined });
        break;
      case 'package-downloads': {
        if (snapshotsByKey.get(snapshotKey)?.packages) break;
        let kept = downloadsByKey.get(snapshotKey);
        if (!kept) downloadsByKey.set(snapshotKey, (kept = {}));
        keepDownloads(kept, message.downloads);
        break;
      }
      case 'boot-failed':
        this.settleSnapshot(snapshotKey, undefined);
        this.host.postMessage({ ...message, workerId });
        this.kill(workerId);
        break;
      case 'started':
        this.host.postMessage({ type: 'started', workerId, id: message.id });
        break;
      case 'input-request':
        this.host.postMessage({ type: 'input-request', workerId, id: message.id, prompt: String(message.prompt).slice(0, MAX_PROMPT_CHARS) });
        break;
      case 'output': {
        const managed = this.workers.get(workerId);
        if (!managed) break;
        const capped = capOutput(message.chunks, managed.outputRoom);
        managed.outputRoom -= capped.kept;
        if (capped.chunks.length || capped.dropped || message.dropped) {
          this.host.postMessage({ type: 'output', workerId, id: message.id, chunks: capped.chunks, dropped: capped.dropped || message.dropped });
        }
        break;
      }
      case 'finished': {
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
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  private fail(workerId: number, error: { name: string; message: string }): void {
    if (!this.workers.has(workerId)) return;
    this.kill(workerId);
    this.host.postMessage({ type: 'crashed', workerId, error });
  }

  private kill(workerId: number): void {
    const managed = this.workers.get(workerId);
    if (!managed) return;
    this.workers.delete(workerId);
    if (managed.makingSnapshot) this.settleSnapshot(managed.snapshotKey, undefined);
    managed.worker.terminate();
    managed.port.close();
  }
}
