// The relay's copy of the snapshot and the stdlib (worker/boot-bytes.ts): whole MiB of zeros are held as their
// length, and every copy a worker takes is byte for byte the bytes given.
import { expect } from '@open-wc/testing';
import { BootBytes } from '../../worker/boot-bytes.ts';

const MiB = 1 << 20;

/** `mib` MiB (+ `tail` bytes) with data in the MiB listed in `filled` and in the tail. */
function bytesWith(mib: number, filled: number[], tail = 0): Uint8Array {
  const bytes = new Uint8Array(mib * MiB + tail);
  for (const index of filled) bytes.fill(index + 1, index * MiB, index * MiB + 1000).fill(9, (index + 1) * MiB - 3, (index + 1) * MiB);
  if (tail) bytes.fill(7, mib * MiB);
  return bytes;
}

const same = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((byte, index) => byte === b[index]);

describe('BootBytes', () => {
  it('holds whole MiB of zeros as lengths, and copies out the bytes given', async () => {
    const master = bytesWith(8, [0, 1, 4], 123);
    const bytes = new BootBytes(master);
    expect(bytes.byteLength).to.equal(master.byteLength);
    expect(bytes.heldBytes, 'three MiB of data and the tail').to.equal(3 * MiB + 123);
    const copy = await bytes.take();
    expect(same(copy, master)).to.equal(true);
    copy[0] = 99;
    expect(same(await bytes.take(), master), 'each copy is its own').to.equal(true);
  });

  it('takes pieces as a kept snapshot arrives, zero pieces and all', async () => {
    const master = bytesWith(5, [1, 3], 10);
    const pieces = [0, 1, 2, 3, 4, 5].map((index) => master.slice(index * MiB, (index + 1) * MiB));
    const bytes = new BootBytes(pieces);
    expect(bytes.heldBytes).to.equal(2 * MiB + 10);
    expect(same(await bytes.take(), master)).to.equal(true);
  });

  it('keeps bytes with no zero MiB whole (the stdlib), and an empty part as nothing', async () => {
    const stdlib = new Uint8Array(2.5 * MiB).fill(5);
    const bytes = new BootBytes(stdlib);
    expect(bytes.heldBytes).to.equal(stdlib.byteLength);
    expect(same(await bytes.take(), stdlib)).to.equal(true);
    expect((await new BootBytes(new Uint8Array(0)).take()).byteLength).to.equal(0);
  });

  const task = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  it('holds its pieces deflated once packed, and copies out the same bytes', async () => {
    const master = bytesWith(8, [0, 1, 4], 123);
    // A MiB of noise does not deflate: it stays as it is.
    const noise = new Uint8Array(MiB);
    for (let offset = 0; offset < MiB; offset += 65536) crypto.getRandomValues(noise.subarray(offset, offset + 65536));
    master.set(noise, 6 * MiB);
    const bytes = new BootBytes(master);
    const before = bytes.heldBytes;
    await bytes.pack(task);
    expect(bytes.heldBytes, 'the noise, and the three MiB of data deflated').to.be.within(MiB, MiB + 64 * 1024);
    expect(before).to.equal(4 * MiB + 123);
    expect(same(await bytes.take(), master)).to.equal(true);
    expect(same(await bytes.take(), master), 'again').to.equal(true);
  });

  it('copies out the same bytes while it packs', async () => {
    const master = bytesWith(6, [0, 2, 3, 5], 10);
    const bytes = new BootBytes(master);
    const packing = bytes.pack(task);
    const copies = await Promise.all([bytes.take(), task().then(() => bytes.take()), task().then(task).then(() => bytes.take())]);
    await packing;
    for (const copy of copies) expect(same(copy, master)).to.equal(true);
    expect(bytes.pack(task), 'packed once').to.equal(packing);
  });
});
