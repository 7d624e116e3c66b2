// The kept snapshot's entry format (src/runtime/snapshot-entry.ts): written and read back in pieces, whatever sizes
// the storage's stream hands its chunks in, and refused when it is truncated, overlong or corrupt.
import { expect } from '@open-wc/testing';
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
  const pieces: Uint8Array[] = [];
  const result = await readEntry(streamOf(bytes, chunkBytes), (piece) => pieces.push(piece));
  return { result, pieces };
}

describe('the kept snapshot\'s entry', () => {
  for (const chunkBytes of [4093, 3 * MiB]) {
    it(`reads back what was written, from chunks of ${chunkBytes} bytes, in pieces of 1 MiB`, async () => {
      const { result, pieces } = await read(await entryBytes(), chunkBytes);
      expect(result?.byteLength).to.equal(snapshot.byteLength);
      expect(pieces.map((piece) => piece.byteLength)).to.deep.equal([MiB, MiB, MiB / 2]);
      const joined = new Uint8Array(snapshot.byteLength);
      pieces.reduce((offset, piece) => (joined.set(piece, offset), offset + piece.byteLength), 0);
      expect(joined.every((byte, index) => byte === snapshot[index])).to.equal(true);
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
});
