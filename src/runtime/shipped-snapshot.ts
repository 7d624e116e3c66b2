/**
 * The snapshot that ships with the package, beside Pyodide's files (scripts/build-snapshot.mjs makes it when the
 * package is built): a freshly booted default interpreter's memory, the same bytes for every reader of every site on
 * this version, so that no page, a first visit included, waits for CPython to boot. Two files: a small manifest
 * (`python-sandbox-snapshot.json`) and the snapshot, a kept-snapshot entry (snapshot-entry.ts) compressed with gzip
 * (`python-sandbox-snapshot.bin`), decompressed here with the browser's own stream, whatever the host's compression.
 *
 * It is used only for a pool without packages, and only when it holds: the manifest names the version it was made
 * for (the same key as a kept snapshot's: our sources and Pyodide's files), its length and SHA-256. Missing, stale,
 * truncated or corrupt means the path without it, with no error for the reader.
 */
import type { Piece } from '../../worker/byte-pieces.ts';
import { frameScriptHash } from '../generated/frame-script-hash.ts';
import { type ReadSnapshot, readEntry } from './snapshot-entry.ts';

export const SHIPPED_SNAPSHOT_MANIFEST = 'python-sandbox-snapshot.json';

/** What scripts/build-snapshot.mjs writes. */
export interface ShippedManifest {
  format: 1;
  /** The snapshot version (snapshot-cache.ts `snapshotVersion`) it was made for. */
  version: string;
  /** The frame's script hash it was made with: a manifest of other sources is known stale before anything is read. */
  frameScriptHash: string;
  /** The file, beside the manifest. */
  file: string;
  /** Length of the compressed file. */
  fileBytes: number;
  /** Length of the snapshot, and its SHA-256 as the entry's header holds it. */
  snapshotBytes: number;
  sha256: string;
}

const isLength = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** The manifest, if `value` is one made for these sources; undefined otherwise. */
export function usableManifest(value: unknown): ShippedManifest | undefined {
  const manifest = value as Partial<ShippedManifest> | null;
  if (typeof manifest !== 'object' || manifest === null || manifest.format !== 1) return undefined;
  const { version, file, fileBytes, snapshotBytes, sha256 } = manifest;
  if (manifest.frameScriptHash !== frameScriptHash || typeof version !== 'string' || typeof sha256 !== 'string') return undefined;
  if (typeof file !== 'string' || !/^[\w.-]+$/.test(file) || !isLength(fileBytes) || !isLength(snapshotBytes)) return undefined;
  return manifest as ShippedManifest;
}

/**
 * `body` decompressed. A body that is no gzip stream (a host that decompressed the file on the way, with
 * Content-Encoding) is taken as it is: the entry's own checks tell whether it holds.
 */
async function decompressed(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first = await reader.read();
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const isGzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  return isGzip ? whole.pipeThrough(new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>) : whole;
}

export class ShippedSnapshot {
  private readonly manifest: Promise<ShippedManifest | undefined>;

  constructor(private readonly indexURL: string) {
    this.manifest = fetch(indexURL + SHIPPED_SNAPSHOT_MANIFEST)
      .then(async (response) => (response.ok ? usableManifest(await response.json()) : undefined))
      .catch(() => undefined);
  }

  /** Whether there is a manifest made for these sources (its version is checked by `read`). */
  async present(): Promise<boolean> {
    return (await this.manifest) !== undefined;
  }

  /**
   * The shipped snapshot, checked against `version`, the manifest and its own digest; undefined when there is none
   * that holds (then the caller tells the relay to forget the pieces). Its bytes go to `sendPiece` in 1 MiB pieces as
   * they are read and decompressed, before `version` is known, and are good only if this resolves to a snapshot.
   */
  async read(version: Promise<string>, sendPiece: (piece: Piece) => void): Promise<ReadSnapshot | undefined> {
    const manifest = await this.manifest;
    if (!manifest || typeof DecompressionStream !== 'function') return undefined;
    const abort = new AbortController();
    // Another version (a Pyodide folder of another release): stop downloading at once.
    void version.then((key) => key !== manifest.version && abort.abort(), () => abort.abort());
    try {
      const response = await fetch(new URL(manifest.file, this.indexURL), { signal: abort.signal });
      if (!response.ok || !response.body) return undefined;
      const snapshot = await readEntry(await decompressed(response.body), sendPiece);
      const valid = snapshot && snapshot.byteLength === manifest.snapshotBytes && snapshot.digest === manifest.sha256 &&
        !snapshot.packages && (await version) === manifest.version;
      return valid ? snapshot : undefined;
    } catch {
      return undefined; // the download failed, was cut short, or the bytes are no gzip stream
    } finally {
      abort.abort();
    }
  }
}
