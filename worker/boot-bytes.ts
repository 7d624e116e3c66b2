/**
 * Bytes every booting interpreter needs a private copy of (the stdlib, the memory snapshot). Each worker gets its own
 * copy and never hands it back: after boot the worker runs user code, which could rewrite the bytes, and nothing a
 * worker sends is ever served to another worker. The copy is made when a worker needs it, not ahead: a copy kept
 * ready held another 30 MiB in every frame for the few milliseconds it saves a replacement spare, which the pool
 * starts once the runs in flight have finished anyway (spare-keeper.ts).
 *
 * Runs of zeros are kept as their length: 14 of a snapshot's 30 MiB are whole MiB of zeros (the heap's unused top).
 * A copy is a fresh buffer, zero already, with only the other pieces written, so its zero pages cost no memory in the
 * frame or in the worker, whose restore skips them too (heap-restore.ts).
 */

import { allZero, viewsOf } from './byte-pieces.ts';

/** The unit checked for zeros. */
const PIECE_BYTES = 1 << 20;

/** Bytes, or the length of a run of zeros. */
export type Piece = Uint8Array | number;

/** `part` as pieces, zero runs as lengths; what is kept is copied out when its buffer also holds dropped zeros. */
function piecesOf(part: Uint8Array): Piece[] {
  const pieces: Piece[] = viewsOf(part, PIECE_BYTES).map((piece) => (allZero(piece) ? piece.byteLength : piece));
  if (!pieces.some((piece) => typeof piece === 'number')) return [part];
  return pieces.map((piece) => (typeof piece === 'number' || piece.byteLength === piece.buffer.byteLength ? piece : piece.slice()));
}

const lengthOf = (piece: Piece) => (typeof piece === 'number' ? piece : piece.byteLength);

export class BootBytes {
  private readonly pieces: readonly Piece[];
  readonly byteLength: number;

  /**
   * The bytes, whole or in pieces (as a kept snapshot arrives from the page, its runs of zeros as their length), which
   * are never joined but per copy.
   */
  constructor(master: Uint8Array | readonly Piece[]) {
    this.pieces = (master instanceof Uint8Array ? [master] : master).flatMap((piece) => (typeof piece === 'number' ? [piece] : piecesOf(piece)));
    this.byteLength = this.pieces.reduce<number>((sum, piece) => sum + lengthOf(piece), 0);
  }

  /** Bytes held, the zero runs left out. */
  get heldBytes(): number {
    return this.pieces.reduce<number>((sum, piece) => sum + (typeof piece === 'number' ? 0 : piece.byteLength), 0);
  }

  /** A copy for one worker to own (and to receive by transfer). */
  take(): Uint8Array {
    const [only] = this.pieces;
    if (this.pieces.length === 1 && typeof only !== 'number') return only.slice();
    const copy = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const piece of this.pieces) {
      if (typeof piece !== 'number') copy.set(piece, offset);
      offset += lengthOf(piece);
    }
    return copy;
  }
}
