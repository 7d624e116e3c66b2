/**
 * The pool's memory snapshot, kept in the page origin's Cache Storage so that the next page of the site (or a reload)
 * restores its first interpreter from it instead of booting CPython. What is stored is only ever the snapshot of the
 * relay's own maker, a worker that never runs a program (worker/relay.ts forwards no other).
 *
 * An entry is keyed by everything that makes a snapshot valid: the interpreter's and relay's source (their CSP hash),
 * Pyodide's scripts, Wasm, stdlib and lock file (their SHA-256), and the package list. Each pool configuration has
 * one slot; writing a new version removes the old. An entry is checked (length and SHA-256) before use: a missing,
 * stale, corrupt or truncated one means a plain boot, and the entry is replaced. Storage that is absent (insecure
 * context, `file:`), denied, or full never breaks a run: the cache is then simply not used.
 */
import type { PyodideFiles } from '../../worker/protocol.ts';
import type { SnapshotPackages } from '../../worker/package-snapshot.ts';
import { frameScriptHash } from '../generated/worker-sources.ts';

export interface CachedSnapshot {
  bytes: Uint8Array;
  packages?: SnapshotPackages;
}

/** A snapshot the relay's maker made, as it reached the page: in pieces, each a multiple of 1 MiB but the last. */
export interface MadeSnapshot {
  pieces: Uint8Array[];
  packages?: SnapshotPackages;
}

const CACHE_NAME = 'python-sandbox-snapshots';
/** Entries live under this made-up origin: the URL is only a key, nothing is ever fetched from it. */
const ENTRY_BASE = 'https://snapshots.python-sandbox.invalid/';

/** Where the page keeps snapshots; a test may stand another `CacheStorage` (or none) in. */
export interface SnapshotStorage {
  open(name: string): Promise<Pick<Cache, 'match' | 'put' | 'delete' | 'keys'>>;
}

const defaultStorage = (): SnapshotStorage | undefined => (typeof caches === 'object' && caches ? caches : undefined);

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * SHA-256 of `parts`, as hex. One part is digested as it is; several are digested each on its own and their digests
 * digested together, so that no part is joined to another. Every part is copied at the call (the caller may transfer
 * the bytes away at once): 14 MB of Pyodide's files take 22–29 ms of the page's main thread. The snapshot itself is
 * digested in pieces instead (`digestInPieces`).
 */
async function sha256(...parts: Array<string | Uint8Array>): Promise<string> {
  const encoder = new TextEncoder();
  const digest = (part: string | Uint8Array) =>
    crypto.subtle.digest('SHA-256', (typeof part === 'string' ? encoder.encode(part) : part) as Uint8Array<ArrayBuffer>);
  if (parts.length === 1) return hex(await digest(parts[0]));
  const digests = await Promise.all(parts.map(digest));
  const joined = new Uint8Array(digests.length * 32);
  digests.forEach((each, index) => joined.set(new Uint8Array(each), index * 32));
  return hex(await crypto.subtle.digest('SHA-256', joined));
}

/** The slot of an entry: one per pool configuration (Pyodide's folder and the package list). */
export function snapshotSlot(indexURL: string, packages: readonly string[]): Promise<string> {
  return sha256(JSON.stringify([indexURL, ...packages]));
}

/**
 * The version of an entry: everything that makes a snapshot valid. The files' bytes are copied for digesting before
 * this returns, so the caller may transfer them away at once.
 */
export function snapshotVersion(packages: readonly string[], files: PyodideFiles): Promise<string> {
  return sha256(frameScriptHash, files.pyodideScript, files.moduleScript, files.wasm, files.stdlib, files.lockFile, JSON.stringify(packages));
}

/** Bytes digested (and copied by the digest) per task: a 30 MiB snapshot in one would hold the page's main thread. */
const PIECE_BYTES = 1 << 20;

/**
 * SHA-256 of `parts` (the snapshot's bytes, then its package files, in order): each part is digested in 1 MiB
 * pieces, one task each, and the pieces' digests are digested together.
 */
async function digestInPieces(parts: readonly Uint8Array[]): Promise<string> {
  const digests: Uint8Array[] = [];
  for (const part of parts) {
    let offset = 0;
    do {
      const piece = part.subarray(offset, offset + PIECE_BYTES) as Uint8Array<ArrayBuffer>;
      digests.push(new Uint8Array(await crypto.subtle.digest('SHA-256', piece)));
      offset += PIECE_BYTES;
    } while (offset < part.byteLength);
  }
  const joined = new Uint8Array(digests.length * 32);
  digests.forEach((each, index) => joined.set(each, index * 32));
  return hex(await crypto.subtle.digest('SHA-256', joined));
}

/**
 * One binary entry: a 4-byte header length, a JSON header (lengths, digest, package record), then the snapshot's
 * bytes and its package files. Streamed in pieces: the body is never assembled in one buffer on the page.
 */
async function encode({ pieces: snapshotPieces, packages }: MadeSnapshot): Promise<ReadableStream<Uint8Array>> {
  const files = Object.values(packages?.files ?? {});
  const parts = [...snapshotPieces, ...files];
  const header = new TextEncoder().encode(JSON.stringify({
    // The same as digesting the snapshot whole: its pieces are multiples of the digest's 1 MiB, but the last.
    digest: await digestInPieces(parts),
    length: snapshotPieces.reduce((sum, piece) => sum + piece.byteLength, 0),
    loaded: packages?.loaded,
    files: Object.entries(packages?.files ?? {}).map(([path, bytes]) => [path, bytes.byteLength]),
  }));
  const start = new Uint8Array(4 + header.byteLength);
  new DataView(start.buffer).setUint32(0, header.byteLength);
  start.set(header, 4);
  const pieces = [start, ...parts.flatMap((part) => {
    const split: Uint8Array[] = [];
    for (let offset = 0; offset < part.byteLength; offset += PIECE_BYTES) split.push(part.subarray(offset, offset + PIECE_BYTES));
    return split;
  })];
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces.shift();
      if (piece) controller.enqueue(piece.slice()); // a copy: the stream may hand its chunks on by transfer
      else controller.close();
    },
  });
}

async function decode(entry: Uint8Array): Promise<CachedSnapshot | undefined> {
  if (entry.byteLength < 4) return undefined;
  const headerLength = new DataView(entry.buffer, entry.byteOffset).getUint32(0);
  if (4 + headerLength > entry.byteLength) return undefined;
  let header: { digest?: unknown; length?: unknown; loaded?: unknown; files?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(entry.subarray(4, 4 + headerLength)));
  } catch {
    return undefined;
  }
  const body = entry.subarray(4 + headerLength);
  const files = Array.isArray(header.files) ? header.files as Array<[string, number]> : [];
  const expected = Number(header.length) + files.reduce((sum, [, length]) => sum + Number(length), 0);
  if (!Number.isSafeInteger(expected) || body.byteLength !== expected) return undefined;
  // Views on the entry's own buffer, not copies: it is read for this pool alone, and 30 MiB copied here would hold
  // the page's main thread.
  const bytes = body.subarray(0, Number(header.length));
  let offset = bytes.byteLength;
  const packageFiles: Record<string, Uint8Array> = {};
  for (const [path, length] of files) {
    packageFiles[String(path)] = body.slice(offset, offset + length);
    offset += length;
  }
  if (header.digest !== await digestInPieces([bytes, ...Object.values(packageFiles)])) return undefined;
  const packages = header.loaded && typeof header.loaded === 'object'
    ? { loaded: header.loaded as Record<string, string>, files: packageFiles } : undefined;
  return { bytes, packages };
}

export class SnapshotCache {
  constructor(
    private readonly slot: Promise<string>,
    private readonly storage: SnapshotStorage | undefined = defaultStorage(),
  ) {}

  /**
   * The stored snapshot of `version`, checked; undefined (and a bad entry gone) when there is none that holds. The
   * slot's entry is read and checked while `version` is still being worked out.
   */
  async read(version: Promise<string>): Promise<CachedSnapshot | undefined> {
    try {
      const cache = await this.storage?.open(CACHE_NAME);
      if (!cache) return undefined;
      const prefix = ENTRY_BASE + await this.slot + '/';
      const stored = (await cache.keys()).filter((each) => each.url.startsWith(prefix));
      const readEntry = (request: Request) => cache.match(request).then(async (response) => response && decode(new Uint8Array(await response.arrayBuffer())));
      // A slot holds one entry but while a write replaces it: the one there is read before its version is known.
      const early = stored.length === 1 ? readEntry(stored[0]) : undefined;
      early?.catch(() => {});
      const url = prefix + await version;
      const request = stored.find((each) => each.url === url);
      if (!request) return undefined; // none, or a stale one: the next write replaces it
      const snapshot = await (early ?? readEntry(request));
      if (!snapshot) await cache.delete(request);
      return snapshot;
    } catch {
      return undefined; // storage denied or broken: boot plainly
    }
  }

  /**
   * Stores a snapshot the relay made as `version`, replacing this slot's older versions. Failures are not errors: it
   * resolves to whether the entry was stored.
   */
  async write(version: string, snapshot: MadeSnapshot): Promise<boolean> {
    try {
      const cache = await this.storage?.open(CACHE_NAME);
      if (!cache) return false;
      const prefix = ENTRY_BASE + await this.slot + '/';
      for (const request of await cache.keys()) if (request.url.startsWith(prefix)) await cache.delete(request);
      const entry = await encode(snapshot);
      await cache.put(prefix + version, new Response(entry, { headers: { 'Content-Type': 'application/octet-stream' } }));
      return true;
    } catch {
      return false; // full (QuotaExceededError), denied or broken: the next page boots plainly
    }
  }
}
