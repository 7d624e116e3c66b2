/**
 * The binary format of a kept snapshot in Cache Storage: a 4-byte header length, a JSON header (the snapshot's
 * length, which of its 1 MiB pieces are all zeros, the package files' paths and lengths, the digest), then the
 * snapshot's other pieces and the package files. Pieces of zeros are not stored: 14 of a snapshot's 30 MiB are (the
 * heap's unused top), and they are neither read nor copied on the next page. Both ways stream in 1 MiB pieces: the
 * page never holds the entry in one buffer, and never spends one long task on it (read whole, it was a 134 ms task on
 * the next page).
 */
import type { SnapshotPackages } from '../../worker/package-snapshot.ts';
import { PIECE_BYTES, type Piece, allZero, viewsOf } from '../../worker/byte-pieces.ts';
import { TaskSlicer, nextTask } from './later-task.ts';

/** A snapshot the relay's maker made, as it reached the page: in pieces, each a multiple of 1 MiB but the last. */
export interface MadeSnapshot {
  pieces: Uint8Array[];
  packages?: SnapshotPackages;
}

/** What an entry held, once read and checked; its snapshot's bytes went to `sendPiece` as they were read. */
export interface ReadSnapshot {
  byteLength: number;
  /** The SHA-256 its header names, which the bytes were checked against. */
  digest: string;
  packages?: SnapshotPackages;
}

export const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** The digests of the pieces, digested together: the entry's digest. */
export async function joinDigests(digests: readonly Uint8Array[]): Promise<string> {
  const joined = new Uint8Array(digests.length * 32);
  digests.forEach((each, index) => joined.set(each, index * 32));
  return hex(await crypto.subtle.digest('SHA-256', joined));
}

/** `part` in pieces of 1 MiB (the last may be shorter; an empty part is one empty piece), as views. */
const piecesOf = (part: Uint8Array) => viewsOf(part, PIECE_BYTES);

/** Pieces whose digests are started in one task: 4 MiB copied per task. */
const PIECES_PER_TASK = 4;

/**
 * SHA-256 of `parts` (for an entry: the snapshot's bytes, then its package files, in order), each digested in 1 MiB
 * pieces, and the pieces' digests digested together. Digests are started 4 MiB per task (each copies its piece at the
 * call, so `parts` may be transferred once this resolves) and run meanwhile.
 */
export async function digestInPieces(parts: readonly Uint8Array[]): Promise<string> {
  return joinDigests(await pieceDigests(parts));
}

/**
 * Digests of a file's 1 MiB pieces, each started as its piece arrives (the digest copies the piece at the call, so the
 * piece may be transferred right after): the file's digest is ready soon after its last byte, not a pass later.
 */
export class PieceDigests {
  private readonly digests: Array<Promise<ArrayBuffer>> = [];

  add(piece: Uint8Array): void {
    // No WebCrypto (an insecure context) rejects here, and the version with it: the cache is then not used.
    this.addDigest((async () => crypto.subtle.digest('SHA-256', piece as Uint8Array<ArrayBuffer>))());
  }

  /** The digest of the next piece, known already (a piece of zeros, whose digest is the same every time). */
  addDigest(digest: Promise<ArrayBuffer>): void {
    digest.catch(() => {}); // reported by `all()`
    this.digests.push(digest);
  }

  async all(): Promise<Uint8Array[]> {
    return (await Promise.all(this.digests)).map((digest) => new Uint8Array(digest));
  }
}

/** The digests of `parts`' 1 MiB pieces, started 4 MiB per task. */
export async function pieceDigests(parts: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const digests = new PieceDigests();
  let started = 0;
  for (const part of parts) {
    for (const piece of piecesOf(part)) {
      if (started && started % PIECES_PER_TASK === 0) await nextTask();
      digests.add(piece);
      started++;
    }
  }
  return digests.all();
}

/** The entry for `snapshot`, as a stream of pieces (copies: the stream may hand its chunks on by transfer). */
export async function encodeEntry({ pieces: snapshotPieces, packages }: MadeSnapshot): Promise<ReadableStream<Uint8Array>> {
  const files = Object.values(packages?.files ?? {});
  const parts = [...snapshotPieces, ...files];
  // The snapshot's pieces are multiples of 1 MiB but the last: these views are its 1 MiB pieces, in order.
  const zeros: number[] = [];
  const kept: Uint8Array[] = [];
  const slicer = new TaskSlicer();
  for (const [index, piece] of snapshotPieces.flatMap(piecesOf).entries()) {
    if (piece.byteLength === PIECE_BYTES && allZero(piece)) zeros.push(index);
    else if (piece.byteLength) kept.push(piece);
    await slicer.step();
  }
  const header = new TextEncoder().encode(JSON.stringify({
    // The same as digesting the snapshot whole, zeros included.
    digest: await digestInPieces(parts),
    length: snapshotPieces.reduce((sum, piece) => sum + piece.byteLength, 0),
    zeros,
    loaded: packages?.loaded,
    files: Object.entries(packages?.files ?? {}).map(([path, bytes]) => [path, bytes.byteLength]),
  }));
  const start = new Uint8Array(4 + header.byteLength);
  new DataView(start.buffer).setUint32(0, header.byteLength);
  start.set(header, 4);
  const pieces = [start, ...kept, ...files.flatMap((file) => (file.byteLength ? piecesOf(file) : []))];
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces.shift();
      if (piece) controller.enqueue(piece.slice());
      else controller.close();
    },
  });
}

/** Reads exact lengths off a byte stream, whatever sizes its chunks come in. */
class ExactReader {
  private chunk: Uint8Array = new Uint8Array(0);

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The next `length` bytes in a buffer of their own, or undefined if the stream ends first. */
  async read(length: number): Promise<Uint8Array | undefined> {
    const bytes = new Uint8Array(length);
    for (let filled = 0; filled < length; ) {
      if (!this.chunk.byteLength) {
        const { done, value } = await this.reader.read();
        if (done) return undefined;
        this.chunk = value;
      }
      const taken = this.chunk.subarray(0, length - filled);
      bytes.set(taken, filled);
      filled += taken.byteLength;
      this.chunk = this.chunk.subarray(taken.byteLength);
    }
    return bytes;
  }

  async atEnd(): Promise<boolean> {
    while (!this.chunk.byteLength) {
      const { done, value } = await this.reader.read();
      if (done) return true;
      this.chunk = value;
    }
    return false;
  }
}

interface Header {
  digest: string;
  length: number;
  /** The indexes of the snapshot's 1 MiB pieces that are all zeros, not stored; ascending. */
  zeros: Set<number>;
  loaded?: Record<string, string>;
  files: Array<[string, number]>;
}

function parseHeader(bytes: Uint8Array): Header | undefined {
  let header: { digest?: unknown; length?: unknown; zeros?: unknown; loaded?: unknown; files?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const files = Array.isArray(header.files) ? header.files : [];
  const validFiles = files.every((each): each is [string, number] => Array.isArray(each) && typeof each[0] === 'string' &&
    Number.isSafeInteger(each[1]) && each[1] >= 0);
  if (typeof header.digest !== 'string' || !Number.isSafeInteger(header.length) || (header.length as number) <= 0 || !validFiles) return undefined;
  const length = header.length as number;
  // An entry written before zeros were left out has none listed.
  const zeros = header.zeros === undefined ? [] : header.zeros;
  const wholePieces = Math.floor(length / PIECE_BYTES);
  const validZeros = Array.isArray(zeros) && zeros.every((index, at) => Number.isSafeInteger(index) && index >= 0 &&
    index < wholePieces && (at === 0 || index > zeros[at - 1]));
  if (!validZeros) return undefined;
  const loaded = header.loaded && typeof header.loaded === 'object' ? header.loaded as Record<string, string> : undefined;
  return { digest: header.digest, length, zeros: new Set(zeros as number[]), loaded, files };
}

/**
 * Reads and checks an entry from `body`. The snapshot goes to `sendPiece` in 1 MiB pieces as they are read and
 * digested (each piece is the receiver's: it may transfer it), a piece of zeros as its length; they are only good if
 * this resolves to a snapshot, not undefined (a truncated, overlong or corrupt entry, or not an entry at all).
 */
export async function readEntry(body: ReadableStream<Uint8Array>, sendPiece: (piece: Piece) => void): Promise<ReadSnapshot | undefined> {
  const reader = body.getReader();
  try {
    const input = new ExactReader(reader);
    const start = await input.read(4);
    const headerLength = start && new DataView(start.buffer).getUint32(0);
    const header = headerLength && headerLength < PIECE_BYTES ? parseHeader((await input.read(headerLength)) ?? new Uint8Array()) : undefined;
    if (!header) return undefined;
    // Digests run while the next pieces are read: each copies its piece at the call, which then goes at once. A
    // piece of zeros costs its digest's copy only, so the page is given a task every few milliseconds, not a piece.
    const digests = new PieceDigests();
    const slicer = new TaskSlicer();
    const zeroDigest = header.zeros.size ? crypto.subtle.digest('SHA-256', new Uint8Array(PIECE_BYTES)) : undefined;
    for (let index = 0, left = header.length; left > 0; index++, left -= PIECE_BYTES) {
      if (zeroDigest && header.zeros.has(index)) {
        digests.addDigest(zeroDigest);
        sendPiece(PIECE_BYTES);
        continue;
      }
      const piece = await input.read(Math.min(PIECE_BYTES, left));
      if (!piece) return undefined;
      digests.add(piece);
      sendPiece(piece);
      await slicer.step();
    }
    const files: Record<string, Uint8Array> = {};
    for (const [path, length] of header.files) {
      const file = await input.read(length);
      if (!file) return undefined;
      for (const piece of piecesOf(file)) digests.add(piece);
      files[path] = file;
    }
    if (!(await input.atEnd()) || header.digest !== await joinDigests(await digests.all())) return undefined;
    return { byteLength: header.length, digest: header.digest, packages: header.loaded ? { loaded: header.loaded, files } : undefined };
  } finally {
    reader.cancel().catch(() => {});
  }
}
