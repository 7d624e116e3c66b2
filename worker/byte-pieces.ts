/**
 * Bytes cut into pieces and joined again: snapshots, Pyodide's files and response bodies travel and are kept in
 * pieces on both sides of the frame. Plain code, imported by the page's runtime and the frame's relay alike.
 */

/**
 * The one piece size: the page reads Pyodide's Wasm and stdlib in it, the snapshot cache digests and stores a snapshot
 * in it and leaves out its pieces of zeros, and the relay checks a snapshot's pieces for zeros in it. The kept
 * snapshot's version digests the files as read, so the page's two uses must agree: one constant.
 */
export const PIECE_BYTES = 1 << 20;

/** A piece of a snapshot: its bytes, or the length of a run of zeros, which is neither stored nor copied across. */
export type Piece = Uint8Array | number;

/** `bytes` in views of `pieceBytes` (the last may be shorter; empty bytes are one empty piece). */
export function viewsOf(bytes: Uint8Array, pieceBytes: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let offset = 0;
  do {
    pieces.push(bytes.subarray(offset, offset + pieceBytes));
    offset += pieceBytes;
  } while (offset < bytes.byteLength);
  return pieces;
}

/** The pieces, in order, in one new buffer. */
export function joinBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.byteLength, 0));
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.byteLength;
  }
  return bytes;
}

/** Whether every byte is zero (a word at a time where the bytes are aligned): most of a fresh heap's top is. */
export function allZero(bytes: Uint8Array): boolean {
  if (bytes.byteOffset % 4 || bytes.byteLength % 4) return bytes.every((byte) => byte === 0);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  for (let index = 0; index < words.length; index++) if (words[index] !== 0) return false;
  return true;
}
