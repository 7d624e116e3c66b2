// The kept snapshot's entry format (src/runtime/snapshot-entry.ts): written and read back in pieces, whatever sizes
// the storage's stream hands its chunks in, and refused when it is truncated, overlong or corrupt.
import { expect } from '@open-wc/testing';
import type { Piece } from '../../worker/byte-pieces.ts';
import { encodeEntry, readEntry } from '../../src/runtime/snapshot-entry.ts';

const MiB = 1 << 20;
const snapshot = new Uint8Array(2.5 * MiB).map((_, index) => (index * 7) % 251);
const packageFile = new Uint8Array(3000).map((_, index) => index % 13);
const made = () => ({
  pieces: [snapshot.slice(0, 2 * MiB), snapshot.slice(2 * MiB)],
  packages: { loaded: { six: 'default channel' }, files: { '/lib/python3.14/site-packages/six.py': packageFile.slice() } },
});

async function entryBytes(): Promise<Uint8Array> {
  return new Uint8Array(await new Response(await encodeEntry(made())).arrayBuffer());
}

/** `bytes` as a stream handing out chunks of `chunkBytes`. */
function streamOf(bytes: Uint8Array, chunkBytes: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

async function read(bytes: Uint8Array, chunkBytes: number) {
  const pieces: Piece[] = [];
  const result = await readEntry(streamOf(bytes, chunkBytes), (piece) => pieces.push(piece));
  return { result, pieces };
}

/** The pieces read, zero runs made bytes again, in one buffer. */
function joined(pieces: readonly Piece[]): Uint8Array {
  const bytes = new Uint8Array(pieces.reduce<number>((sum, piece) => sum + (typeof piece === 'number' ? piece : piece.byteLength), 0));
  pieces.reduce<number>((offset, piece) => {
    if (typeof piece === 'number') return offset + piece;
    bytes.set(piece, offset);
    return offset + piece.byteLength;
  }, 0);
  return bytes;
}

/** The entry's header (JSON), and the entry rebuilt with the header changed by `change`. */
function withHeader(entry: Uint8Array, change: (header: Record<string, unknown>) => void): Uint8Array {
  const length = new DataView(entry.buffer, entry.byteOffset).getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(entry.subarray(4, 4 + length)));
  change(header);
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  const rebuilt = new Uint8Array(4 + encoded.byteLength + entry.byteLength - 4 - length);
  new DataView(rebuilt.buffer).setUint32(0, encoded.byteLength);
  rebuilt.set(encoded, 4);
  rebuilt.set(entry.subarray(4 + length), 4 + encoded.byteLength);
  return rebuilt;
}

describe('the kept snapshot\'s entry', () => {
  for (const chunkBytes of [4093, 3 * MiB]) {
    it(`reads back what was written, from chunks of ${chunkBytes} bytes, in pieces of 1 MiB`, async () => {
      const { result, pieces } = await read(await entryBytes(), chunkBytes);
      expect(result?.byteLength).to.equal(snapshot.byteLength);
      expect(pieces.map((piece) => (piece as Uint8Array).byteLength)).to.deep.equal([MiB, MiB, MiB / 2]);
      expect(joined(pieces).every((byte, index) => byte === snapshot[index])).to.equal(true);
      expect(result?.packages?.loaded).to.deep.equal({ six: 'default channel' });
      expect([...result!.packages!.files['/lib/python3.14/site-packages/six.py']]).to.deep.equal([...packageFile]);
    });
  }

  it('refuses a truncated, an overlong and a corrupt entry, and one that is not an entry at all', async () => {
    const bytes = await entryBytes();
    const corrupt = bytes.slice();
    corrupt[corrupt.length - MiB] ^= 0xff;
    const overlong = new Uint8Array(bytes.byteLength + 1);
    overlong.set(bytes);
    for (const [damage, spoiled] of [
      ['truncated', bytes.slice(0, bytes.byteLength - 100)],
      ['overlong', overlong],
      ['corrupt', corrupt],
      ['not an entry', new TextEncoder().encode('garbage, not an entry')],
      ['empty', new Uint8Array(0)],
    ] as const) {
      expect((await read(spoiled, 64 * 1024)).result, damage).to.equal(undefined);
    }
  });

  it('leaves whole MiB of zeros out of the entry and hands them on as their length', async () => {
    // MiB 1 and 3 are zeros; the last half MiB is zeros too, but not a whole piece: it is stored.
    const sparse = new Uint8Array(4.5 * MiB).map((_, index) => (index < MiB || (index >= 2 * MiB && index < 3 * MiB) ? 1 + (index % 7) : 0));
    const entry = new Uint8Array(await new Response(await encodeEntry({ pieces: [sparse.slice(0, 4 * MiB), sparse.slice(4 * MiB)] })).arrayBuffer());
    expect(entry.byteLength, 'two MiB less than the snapshot').to.be.below(2.5 * MiB + 1000);
    for (const chunkBytes of [4093, 3 * MiB]) {
      const { result, pieces } = await read(entry, chunkBytes);
      expect(result?.byteLength).to.equal(sparse.byteLength);
      expect(pieces.map((piece) => (typeof piece === 'number' ? `zeros ${piece}` : piece.byteLength)))
        .to.deep.equal([MiB, `zeros ${MiB}`, MiB, `zeros ${MiB}`, MiB / 2]);
      expect(joined(pieces).every((byte, index) => byte === sparse[index])).to.equal(true);
    }
    // Listing a piece as zeros that is not, or a list out of order or out of range, is a corrupt entry.
    for (const zeros of [[0, 1, 3], [3, 1], [1, 3, 4], [1, 1.5], 'none']) {
      expect((await read(withHeader(entry, (header) => (header.zeros = zeros)), 64 * 1024)).result, JSON.stringify(zeros)).to.equal(undefined);
    }
  });

  it('reads an entry written before zeros were left out', async () => {
    const { result, pieces } = await read(withHeader(await entryBytes(), (header) => delete header.zeros), 64 * 1024);
    expect(result?.byteLength).to.equal(snapshot.byteLength);
    expect(joined(pieces).every((byte, index) => byte === snapshot[index])).to.equal(true);
  });
});
