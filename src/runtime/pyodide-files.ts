/**
 * Fetches, on the page, every file the pool's interpreters need: Pyodide's two scripts, the Wasm, the stdlib, the
 * lock file and the pool's package files. The page's own origin needs no CORS header for that, and its responses
 * come from the HTTP cache on the next visit; the sandbox frame gets the bytes and fetches nothing itself.
 */
import { type Piece, allZero, joinBytes } from '../../worker/byte-pieces.ts';
import { ASSET_PIECE_BYTES, type HostToRelay, type PyodideFiles, type PyodideScripts } from '../../worker/protocol.ts';
import { currentConfig } from './config.ts';
import { nextTask } from './later-task.ts';
import { packageFileURLs } from './package-files.ts';
import { type MadeSnapshot, SnapshotCache, snapshotSlot, snapshotVersion } from './snapshot-cache.ts';
import { type ReadSnapshot, PieceDigests } from './snapshot-entry.ts';
import { ShippedSnapshot } from './shipped-snapshot.ts';

/** A file of Pyodide's that the page could not fetch: the message names the URL, the reason and what to change. */
export class PyodideFileError extends Error {
  override name = 'BootError';
}

/** Why `url` could not be fetched, in words, or its response. */
async function fetchFile(url: string): Promise<Response | string> {
  try {
    const response = await fetch(url);
    return response.ok ? response : `HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
  } catch {
    return 'the request failed: the server is unreachable, or the file is on another origin that sends no ' +
      'Access-Control-Allow-Origin header, or the page\'s Content-Security-Policy blocks it in connect-src';
  }
}

async function pyodideFile(url: string): Promise<Response> {
  const fetched = await fetchFile(url);
  if (typeof fetched !== 'string') return fetched;
  throw new PyodideFileError(`python-sandbox: could not load ${url}: ${fetched}. Check that index-url (or ` +
    'configure({ indexURL })) points at a folder holding Pyodide\'s files (pyodide.mjs, pyodide.asm.mjs, ' +
    'pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json), served over http(s) from the page\'s origin or with CORS.');
}

/**
 * The body of `response` in pieces of exactly `pieceBytes` (the last may be shorter), each a buffer of its own, handed
 * to `onPiece` as they are read, a task apart: `arrayBuffer()` on the 9 MiB Wasm from the HTTP cache took the page's
 * main thread for one 64 ms task on a 2-core machine (bench row 9), receiving every piece of it at once. Resolves
 * to the body's length.
 */
export async function readInPieces(response: Response, onPiece: (piece: Uint8Array) => void,
  pieceBytes = ASSET_PIECE_BYTES): Promise<number> {
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  /** The first `size` bytes pending, copied into a buffer of their own. */
  const takePiece = (size: number) => {
    const piece = new Uint8Array(size);
    for (let filled = 0; filled < size;) {
      const head = pending[0];
      const count = Math.min(head.byteLength, size - filled);
      piece.set(head.subarray(0, count), filled);
      filled += count;
      if (count === head.byteLength) pending.shift();
      else pending[0] = head.subarray(count);
    }
    pendingBytes -= size;
    return piece;
  };
  const take = (chunk: Uint8Array) => {
    pending.push(chunk);
    pendingBytes += chunk.byteLength;
    total += chunk.byteLength;
  };
  const reader = response.body?.getReader();
  if (!reader) take(new Uint8Array(await response.arrayBuffer()));
  else {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      take(read.value);
      // A piece a task, however large the chunks the stream hands out.
      while (pendingBytes >= pieceBytes) {
        onPiece(takePiece(pieceBytes));
        await nextTask();
      }
    }
  }
  while (pendingBytes > 0) onPiece(takePiece(Math.min(pendingBytes, pieceBytes)));
  return total;
}

/** The body of `response`, read about 1 MiB a task (see `readInPieces`). */
export async function bodyInTasks(response: Response): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  await readInPieces(response, (piece) => pieces.push(piece));
  if (pieces.length < 2) return pieces[0] ?? new Uint8Array(0);
  await nextTask(); // joining 9 MiB is a task's worth on a slow machine: not in the task that read the last chunk
  return joinBytes(pieces);
}

/** Pyodide's files the relay needs whole, text (the Wasm and the stdlib go to `onPiece` as they are read). */
export type TextFiles = Omit<PyodideFiles, 'wasm' | 'stdlib'>;

export interface FetchedFiles {
  files: TextFiles;
  /** Why some package files could not be fetched: the pool's runs end with a PackageError saying so. */
  packageError?: string;
}

export interface Fetching {
  /** Pyodide's two scripts, as soon as both are here (they are small, and workers can start with them). */
  scripts: Promise<PyodideScripts>;
  /**
   * Every file, once the Wasm and the stdlib have all gone to `onPiece`; rejects with a `PyodideFileError` naming the
   * first of Pyodide's own files that could not be fetched.
   */
  all: Promise<FetchedFiles>;
}

/** A piece of the Wasm or of the stdlib, in order, as the page reads it: 1 MiB, a buffer of its own. */
export type BinaryPiece = (file: 'wasm' | 'stdlib', piece: Uint8Array) => void;

export function fetchPyodideFiles(indexURL: string, packages: readonly string[], onPiece: BinaryPiece): Fetching {
  const streamed = async (url: string, file: 'wasm' | 'stdlib') => readInPieces(await pyodideFile(url), (piece) => onPiece(file, piece));
  const textOf = async (url: string) => new TextDecoder().decode(await bodyInTasks(await pyodideFile(url)));
  const pyodideScript = textOf(indexURL + 'pyodide.mjs');
  const moduleScript = textOf(indexURL + 'pyodide.asm.mjs');
  const lockFile = textOf(indexURL + 'pyodide-lock.json');
  const packageFiles = lockFile.then(async (text) => {
    let lock: unknown;
    try {
      lock = JSON.parse(text);
    } catch {
      throw new PyodideFileError(`python-sandbox: ${indexURL}pyodide-lock.json is not JSON: is index-url a Pyodide folder?`);
    }
    const fetched = await Promise.all(packageFileURLs(indexURL, packages, lock).map(async (url) => [url, await fetchFile(url)] as const));
    const errors = fetched.filter(([, result]) => typeof result === 'string').map(([url, reason]) => `could not load ${url}: ${reason}`);
    const files = await Promise.all(fetched.filter(([, result]) => typeof result !== 'string')
      .map(async ([url, response]) => [url, await bodyInTasks(response as Response)] as const));
    return { files: Object.fromEntries(files), error: errors.length ? errors.join('; ') : undefined };
  });
  const all = (async () => {
    // All settle before any failure is reported, so the message names the first missing file in this order, whichever
    // request happened to fail first.
    const settled = await Promise.allSettled([
      pyodideScript, moduleScript, streamed(indexURL + 'pyodide.asm.wasm', 'wasm'), streamed(indexURL + 'python_stdlib.zip', 'stdlib'),
      lockFile, packageFiles,
    ] as const);
    // What waits for the files (the version's digest) starts in a task of its own, not in the one that read the last.
    await nextTask();
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const [pyodideText, moduleText, , , lock, packaged] = settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as
      [string, string, number, number, string, { files: Record<string, Uint8Array>; error?: string }];
    const files = { pyodideScript: pyodideText, moduleScript: moduleText, lockFile: lock, packageFiles: packaged.files };
    return { files, packageError: packaged.error };
  })();
  const scripts = Promise.all([pyodideScript, moduleScript]).then(([pyodideText, moduleText]) => ({ pyodideScript: pyodideText, moduleScript: moduleText }));
  scripts.catch(() => {}); // reported through `all`
  return { scripts, all };
}

/** What an endpoint gets back once it has handed its relay the files. */
export interface DeliveredFiles {
  /** Why package files could not be fetched, if so. */
  packageError?: string;
  /** Keeps a snapshot the relay made for the site's next pages; resolves to whether it was stored (not when off). */
  keepSnapshot(snapshot: MadeSnapshot): Promise<boolean>;
}

/**
 * Fetches the files and posts them to the relay behind `post` as soon as each can go (protocol.ts): Pyodide's
 * scripts; the Wasm and the stdlib in 1 MiB pieces as they are read (the relay compiles the Wasm as it arrives; a
 * message to the frame's process copies its bytes, so a piece a task); the other files; and the snapshot an earlier
 * page of the site kept, if any and if the cache is on, read meanwhile. Rejects with a `PyodideFileError` when a file
 * of Pyodide's own cannot be fetched.
 */
export async function deliverPyodideFiles(post: (message: HostToRelay, transfer: Transferable[]) => void, indexURL: string,
  packages: readonly string[]): Promise<DeliveredFiles> {
  const cache = currentConfig().snapshotCache === false ? undefined : new SnapshotCache(snapshotSlot(indexURL, packages));
  // The shipped snapshot is of the default pool: a pool with packages keeps its own.
  const shipped = packages.length ? undefined : new ShippedSnapshot(indexURL);
  // The version digests the Wasm and the stdlib as they are read: each digest copies its piece, which then goes.
  const digests = (cache || shipped) && { wasm: new PieceDigests(), stdlib: new PieceDigests() };
  const fetching = fetchPyodideFiles(indexURL, packages, (file, bytes) => {
    digests?.[file].add(bytes);
    post({ type: 'asset-piece', indexURL, file, bytes }, [bytes.buffer]);
  });
  void fetching.scripts.then((scripts) => post({ type: 'scripts', indexURL, ...scripts }, []), () => {});
  const version = digests ? fetching.all.then(({ files }) => snapshotVersion(packages, files, [digests.wasm, digests.stdlib]))
    : Promise.resolve('');
  version.catch(() => {}); // a file that could not be fetched is reported through `fetching.all`
  // The snapshot is read, checked and handed over while the files are still being fetched and digested.
  void sendSnapshot(post, indexURL, packages, { shipped, cache }, version);
  const { files, packageError } = await fetching.all;
  const { pyodideScript: _script, moduleScript: _module, ...texts } = files;
  post({ type: 'assets', indexURL, ...texts, wasm: new Uint8Array(0), stdlib: new Uint8Array(0) },
    Object.values(files.packageFiles).map((bytes) => bytes.buffer));
  return { packageError, keepSnapshot: (made) => (cache ? version.then((key) => cache.write(key, made), () => false) : Promise.resolve(false)) };
}

/**
 * The message for a piece of a kept snapshot, and what it transfers. A piece of zeros goes as its length (an entry
 * stores none, and one written before may hold some): a message to the frame's process copies its bytes.
 */
export function snapshotPiece(indexURL: string, piece: Piece): [HostToRelay, Transferable[]] {
  if (typeof piece === 'number') return [{ type: 'snapshot-piece', indexURL, bytes: piece }, []];
  return allZero(piece) ? [{ type: 'snapshot-piece', indexURL, bytes: piece.byteLength }, []]
    : [{ type: 'snapshot-piece', indexURL, bytes: piece }, [piece.buffer]];
}

/**
 * The page's verdict on a snapshot, its bytes first, in pieces as they are read (a task each): the relay uses them only
 * if the verdict says so. The shipped snapshot first, when there is one for these sources; else, or when it does not
 * hold, the one an earlier page kept. Not a closure in `deliverPyodideFiles`: its `keepSnapshot` lives as long as the
 * pool and would keep every variable its scope's closures use alive.
 */
async function sendSnapshot(post: (message: HostToRelay, transfer: Transferable[]) => void, indexURL: string,
  packages: readonly string[], sources: { shipped?: ShippedSnapshot; cache?: SnapshotCache }, version: Promise<string>): Promise<void> {
  const send = (piece: Piece) => post(...snapshotPiece(indexURL, piece));
  let snapshot: ReadSnapshot | undefined;
  if (await sources.shipped?.present()) {
    snapshot = await sources.shipped?.read(version, send);
    if (!snapshot) post({ type: 'snapshot-discard', indexURL }, []);
  }
  snapshot ??= await sources.cache?.read(version, send);
  post({
    type: 'cached-snapshot', indexURL, packages: [...packages],
    snapshot: snapshot && { byteLength: snapshot.byteLength, packages: snapshot.packages },
  }, []);
}
