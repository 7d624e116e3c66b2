/**
 * Bytes every booting interpreter needs a private copy of (the stdlib, the memory snapshot). Each worker gets its own
 * copy and never hands it back: after boot the worker runs user code, which could rewrite the bytes, and nothing a
 * worker sends is ever served to another worker. The copy is made when a worker needs it, not ahead: a copy kept
 * ready held another 30 MiB in every frame for the few milliseconds it saves a replacement spare, which the pool
 * starts once the runs in flight have finished anyway (pool.ts, `replenishSoon`).
 */
export class BootBytes {
  private readonly pieces: readonly Uint8Array[];

  /** The bytes, whole or in pieces (as a kept snapshot arrives from the page), which are never joined but per copy. */
  constructor(master: Uint8Array | readonly Uint8Array[]) {
    this.pieces = master instanceof Uint8Array ? [master] : master;
  }

  get byteLength(): number {
    return this.pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
  }

  /** A copy for one worker to own (and to receive by transfer). */
  take(): Uint8Array {
    if (this.pieces.length === 1) return this.pieces[0].slice();
    const copy = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const piece of this.pieces) {
      copy.set(piece, offset);
      offset += piece.byteLength;
    }
    return copy;
  }
}
