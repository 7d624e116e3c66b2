/**
 * Bytes every booting interpreter needs a private copy of (the stdlib, the memory snapshot). Each worker gets its own
 * copy and never hands it back: after boot the worker runs user code, which could rewrite the bytes, and nothing a
 * worker sends is ever served to another worker. The copy is made when a worker needs it, not ahead: a copy kept
 * ready held another 30 MiB in every frame for the few milliseconds it saves a replacement spare, which the pool
 * starts once the runs in flight have finished anyway (spare-keeper.ts).
 *
 * Runs of zeros are kept as their length: 14 of a snapshot's 30 MiB are whole MiB of zeros (the heap's unused top).
 * A copy is a fresh buffer, zero already, with only the other pieces written, so its zero pages cost no memory in the
 * frame or in the worker, whose restore skips them too (heap-restore.ts). The other pieces can be held deflated
 * (`pack`): the 16 MiB left of a snapshot deflate to about 6 MiB, and a copy inflates them again.
 */

import { PIECE_BYTES, type Piece, allZero, viewsOf } from './byte-pieces.ts';
import { canDeflate, deflate, inflateInto } from './deflate.ts';

/** A piece held deflated, and its length inflated. */
interface Packed {
  packed: Uint8Array;
  byteLength: number;
}

/** A piece is kept deflated only if that saves at least this share of it. */
const WORTH_PACKING = 0.75;

/** `part` as pieces, zero runs as lengths; what is kept is copied out when its buffer also holds dropped zeros. */
function piecesOf(part: Uint8Array): Piece[] {
  const pieces: Piece[] = viewsOf(part, PIECE_BYTES).map((piece) => (allZero(piece) ? piece.byteLength : piece));
  if (!pieces.some((piece) => typeof piece === 'number')) return [part];
  return pieces.map((piece) => (typeof piece === 'number' || piece.byteLength === piece.buffer.byteLength ? piece : piece.slice()));
}

const lengthOf = (piece: Piece | Packed) => (typeof piece === 'number' ? piece : piece.byteLength);

export class BootBytes {
  private readonly pieces: Array<Piece | Packed>;
  readonly byteLength: number;
  private packing: Promise<void> | undefined;

  /**
   * The bytes, whole or in pieces (as a kept snapshot arrives from the page, its runs of zeros as their length), which
   * are never joined but per copy.
   */
  constructor(master: Uint8Array | readonly Piece[]) {
    this.pieces = (master instanceof Uint8Array ? [master] : master).flatMap((piece) => (typeof piece === 'number' ? [piece] : piecesOf(piece)));
    this.byteLength = this.pieces.reduce<number>((sum, piece) => sum + lengthOf(piece), 0);
  }

  /** Bytes held, the zero runs left out and packed pieces as packed. */
  get heldBytes(): number {
    return this.pieces.reduce<number>((sum, piece) => sum + (typeof piece === 'number' ? 0 : piece instanceof Uint8Array ? piece.byteLength : piece.packed.byteLength), 0);
  }

  /**
   * Holds the pieces deflated from now on, one at a time with a task between (`laterTask`), where the engine can
   * deflate; copies taken meanwhile are whole all the same. Resolves when done.
   */
  pack(laterTask: () => Promise<void>): Promise<void> {
    this.packing ??= (async () => {
      if (!canDeflate) return;
      for (const [index, piece] of this.pieces.entries()) {
        if (!(piece instanceof Uint8Array) || !piece.byteLength) continue;
        await laterTask();
        const packed = await deflate(piece);
        if (packed.byteLength < piece.byteLength * WORTH_PACKING) this.pieces[index] = { packed, byteLength: piece.byteLength };
      }
    })();
    return this.packing;
  }

  /** A copy for one worker to own (and to receive by transfer). */
  async take(): Promise<Uint8Array> {
    const [only] = this.pieces;
    if (this.pieces.length === 1 && only instanceof Uint8Array) return only.slice();
    const copy = new Uint8Array(this.byteLength);
    let offset = 0;
    // The list as it is now: a piece packed while this copies is copied as it was.
    for (const piece of [...this.pieces]) {
      if (piece instanceof Uint8Array) copy.set(piece, offset);
      else if (typeof piece !== 'number' && await inflateInto(piece.packed, copy, offset) !== piece.byteLength) {
        throw new Error('a packed piece of the snapshot did not inflate to its length');
      }
      offset += lengthOf(piece);
    }
    return copy;
  }
}
