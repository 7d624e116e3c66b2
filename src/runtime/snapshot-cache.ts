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
import type { Piece } from '../../worker/byte-pieces.ts';
import type { PyodideScripts } from '../../worker/protocol.ts';
import { frameScriptHash } from '../generated/frame-script-hash.ts';
import {
  type MadeSnapshot, type PieceDigests, type ReadSnapshot, encodeEntry, hex, joinDigests, pieceDigests,
  readEntry,
} from './snapshot-entry.ts';

export type { MadeSnapshot, ReadSnapshot } from './snapshot-entry.ts';

const CACHE_NAME = 'python-sandbox-snapshots';
/** Entries live under this made-up origin: the URL is only a key, nothing is ever fetched from it. */
const ENTRY_BASE = 'https://snapshots.python-sandbox.invalid/';

/** Where the page keeps snapshots; a test may stand another `CacheStorage` (or none) in. */
export interface SnapshotStorage {
  open(name: string): Promise<Pick<Cache, 'match' | 'put' | 'delete' | 'keys'>>;
}

const defaultStorage = (): SnapshotStorage | undefined => (typeof caches === 'object' && caches ? caches : undefined);

const encoder = new TextEncoder();

/**
 * The slot of an entry: one per pool configuration (Pyodide's folder and the package list), the SHA-256 of both. A
 * new slot leaves the old slot's entry behind for good (writes replace versions within a slot only), so this stays.
 */
export async function snapshotSlot(indexURL: string, packages: readonly string[]): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify([indexURL, ...packages]))));
}

/**
 * The version of an entry: everything that makes a snapshot valid. Digested in 1 MiB pieces (all at once, copying
 * Pyodide's 14 MB for the digest held the page's main thread for 22–29 ms): the texts here, the Wasm's and the
 * stdlib's (`binaries`, in that order) as the page read them.
 */
export async function snapshotVersion(packages: readonly string[], files: PyodideScripts & { lockFile: string },
  binaries: readonly PieceDigests[]): Promise<string> {
  const texts = [frameScriptHash, files.pyodideScript, files.moduleScript, files.lockFile, JSON.stringify(packages)];
  const digests = await pieceDigests(texts.map((text) => encoder.encode(text)));
  for (const binary of binaries) digests.push(...await binary.all());
  return joinDigests(digests);
}

export class SnapshotCache {
  constructor(
    private readonly slot: Promise<string>,
    private readonly storage: SnapshotStorage | undefined = defaultStorage(),
  ) {}

  /**
   * The stored snapshot of `version`, checked; undefined (and a bad entry gone) when there is none that holds. Its
   * bytes go to `sendPiece` in 1 MiB pieces as they are read (pieces of zeros as their length), and are good only if this resolves to a snapshot. The
   * slot's entry is read and checked while `version` is still being worked out; no piece is sent after this settles.
   */
  async read(version: Promise<string>, sendPiece: (piece: Piece) => void): Promise<ReadSnapshot | undefined> {
    let early: Promise<ReadSnapshot | undefined> | undefined;
    let sending = true;
    let snapshot: ReadSnapshot | undefined;
    try {
      const cache = await this.storage?.open(CACHE_NAME);
      if (!cache) return undefined;
      const prefix = ENTRY_BASE + await this.slot + '/';
      const stored = (await cache.keys()).filter((each) => each.url.startsWith(prefix));
      const send = (piece: Piece) => sending && sendPiece(piece);
      const readFrom = (request: Request) => cache.match(request).then((response) => (response?.body ? readEntry(response.body, send) : undefined));
      // A slot holds one entry but while a write replaces it: the one there is read before its version is known.
      early = stored.length === 1 ? readFrom(stored[0]) : undefined;
      early?.catch(() => {});
      const url = prefix + await version;
      const request = stored.find((each) => each.url === url);
      if (!request) return undefined; // none, or a stale one: the next write replaces it
      snapshot = await (early ?? readFrom(request));
      if (!snapshot) await cache.delete(request);
      return snapshot;
    } catch {
      return undefined; // storage denied or broken: boot plainly
    } finally {
      if (!snapshot) {
        // A stale entry read early: its pieces stop here, before the page's verdict goes out.
        sending = false;
        await early?.catch(() => undefined);
      }
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
      const entry = await encodeEntry(snapshot);
      await cache.put(prefix + version, new Response(entry, { headers: { 'Content-Type': 'application/octet-stream' } }));
      return true;
    } catch {
      return false; // full (QuotaExceededError), denied or broken: the next page boots plainly
    }
  }
}
