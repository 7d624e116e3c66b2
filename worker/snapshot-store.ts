/**
 * The memory snapshots of one relay, one per Pyodide distribution and package list, and the package files spares of a
 * pool downloaded. A snapshot is taken by the first interpreter of its key, before it ever runs user code, and
 * accepted from that worker only while it boots (the relay checks); later spawns of the key wait for it.
 */
import { BootBytes } from './boot-bytes.ts';
import type { Piece } from './byte-pieces.ts';
import { type PackageDownloads, keepDownloads } from './package-downloads.ts';
import type { SnapshotPackages } from './package-snapshot.ts';

interface Snapshot {
  state: 'making' | 'ready';
  /** Delivered by the page from its cache rather than made in this frame. */
  cached?: boolean;
  bytes?: BootBytes;
  /** What spares need for the packages the snapshot holds, imported; absent when they load the packages themselves. */
  packages?: SnapshotPackages;
  /** Spawns that arrived while the snapshot was being made; they start from it once it exists. */
  waiting: Array<() => void>;
}

export interface SnapshotPlan {
  /** This boot makes the snapshot. */
  make: boolean;
  /** The snapshot came from the page's cache. */
  cached?: boolean;
  bytes?: BootBytes;
  packages?: SnapshotPackages;
}

/**
 * How long after a snapshot is ready the relay starts holding it deflated (BootBytes.pack): after the boots that
 * wait for it, which then copy it out without inflating. Deflating takes the relay's thread a few milliseconds a MiB.
 */
const PACK_AFTER_MS = 1000;

/** Attempts at making a key's snapshot after which its spares boot plainly (the pool works, only slower). */
const MAX_FAILED_MAKES = 2;

export function snapshotKeyOf(indexURL: string, packages: string[]): string {
  return JSON.stringify([indexURL, ...packages]);
}

export class SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly downloads = new Map<string, PackageDownloads>();
  private readonly failedMakes = new Map<string, number>();

  /**
   * The first spawn of a key is told to have the snapshot made (`make`); later spawns wait for it, or boot plainly if
   * making it failed. After two failed attempts for a key, nobody makes it again: spares boot plainly.
   */
  async planFor(key: string): Promise<SnapshotPlan> {
    let snapshot = this.snapshots.get(key);
    if (!snapshot && (this.failedMakes.get(key) ?? 0) >= MAX_FAILED_MAKES) return { make: false };
    if (!snapshot) {
      this.snapshots.set(key, { state: 'making', waiting: [] });
      return { make: true };
    }
    if (snapshot.state === 'making') {
      const making = snapshot;
      await new Promise<void>((resolve) => making.waiting.push(resolve));
      snapshot = this.snapshots.get(key);
    }
    return snapshot?.state === 'ready'
      ? { make: false, bytes: snapshot.bytes, packages: snapshot.packages, cached: snapshot.cached } : { make: false };
  }

  /** The snapshot of `key` exists (`bytes`) or could not be made (`undefined`: the next spawn tries again). */
  settle(key: string, bytes: Uint8Array | undefined, packages?: SnapshotPackages): void {
    const snapshot = this.snapshots.get(key);
    if (!snapshot || snapshot.state !== 'making') return;
    if (bytes) {
      snapshot.state = 'ready';
      snapshot.bytes = packLater(new BootBytes(bytes));
      snapshot.packages = packages;
      if (packages) this.downloads.delete(key); // no spare of this pool loads packages any more
    } else {
      this.snapshots.delete(key);
      this.failedMakes.set(key, (this.failedMakes.get(key) ?? 0) + 1);
    }
    for (const resume of snapshot.waiting.splice(0)) resume();
  }

  /** A snapshot the page kept (in pieces as it arrived, zero runs as lengths): ready at once, unless this key already has one. */
  seed(key: string, bytes: readonly Piece[], packages?: SnapshotPackages): void {
    if (this.snapshots.has(key)) return;
    this.snapshots.set(key, { state: 'ready', cached: true, bytes: packLater(new BootBytes(bytes)), packages, waiting: [] });
  }

  /** The page's snapshot did not start an interpreter: forget it, so the next spawn makes one. */
  discardCached(key: string): void {
    if (this.snapshots.get(key)?.cached) this.snapshots.delete(key);
  }

  /** Package files the pool's spares downloaded, for the next spares that load the packages themselves. */
  downloadsFor(key: string): PackageDownloads | undefined {
    return this.snapshots.get(key)?.packages ? undefined : this.downloads.get(key);
  }

  keepDownloads(key: string, fetched: PackageDownloads): void {
    if (this.snapshots.get(key)?.packages) return;
    let kept = this.downloads.get(key);
    if (!kept) this.downloads.set(key, (kept = {}));
    keepDownloads(kept, fetched);
  }
}

/** `bytes`, which will be held deflated from PACK_AFTER_MS on, a piece a task. */
function packLater(bytes: BootBytes): BootBytes {
  // A piece that fails to deflate stays as it was.
  setTimeout(() => bytes.pack(() => new Promise((resolve) => setTimeout(resolve, 0))).catch(() => {}), PACK_AFTER_MS);
  return bytes;
}
