// Restoring a snapshot leaves the pages that are zero in the image and in the heap alone (worker/heap-restore.ts),
// and Pyodide's restore is pointed at it in the pinned release (worker/pyodide-module.ts).
import { expect } from '@open-wc/testing';
import { restoreHeap } from '../../worker/heap-restore.ts';
import { pyodideModuleSource } from '../../worker/pyodide-module.ts';

const PAGE = 4096;

/** `pages` pages (+ `tail` bytes) of which those listed in `filled` hold non-zero bytes. */
function bytesWith(pages: number, filled: number[], seed: number, tail = 0): Uint8Array {
  const bytes = new Uint8Array(pages * PAGE + tail);
  for (const page of filled) for (let index = page * PAGE; index < Math.min((page + 1) * PAGE, bytes.length); index++) {
    bytes[index] = ((index * 31 + seed) % 255) + 1;
  }
  return bytes;
}

/** Runs `restoreHeap`, recording the byte ranges it wrote with `set`. */
function restoreRecording(heap: Uint8Array, image: Uint8Array): Array<[number, number]> {
  const writes: Array<[number, number]> = [];
  const set = heap.set.bind(heap);
  heap.set = (source: ArrayLike<number>, offset = 0) => {
    writes.push([offset, offset + source.length]);
    set(source, offset);
  };
  restoreHeap(heap, image);
  return writes;
}

const touches = (writes: Array<[number, number]>, page: number) =>
  writes.some(([from, to]) => from < (page + 1) * PAGE && to > page * PAGE);

describe('restoreHeap', () => {
  it('leaves the heap byte for byte the image, and the heap past it as it was', () => {
    // Pages 0–1 and 5 hold data in the image; 3 holds data in the heap only (written by the module's start-up).
    const image = bytesWith(8, [0, 1, 5, 7], 1, 100);
    const heap = bytesWith(12, [3, 10], 2);
    const past = heap.slice(image.length);
    restoreRecording(heap, image);
    expect(heap.subarray(0, image.length).every((byte, index) => byte === image[index])).to.equal(true);
    expect(heap.subarray(image.length).every((byte, index) => byte === past[index])).to.equal(true);
  });

  it('writes no page that is zero in both, and copies consecutive pages in one write', () => {
    const image = bytesWith(8, [0, 1, 5], 1);
    const heap = bytesWith(8, [3], 2);
    const writes = restoreRecording(heap, image);
    for (const page of [2, 4, 6, 7]) expect(touches(writes, page), `page ${page}, zero in both`).to.equal(false);
    for (const page of [0, 1, 3, 5]) expect(touches(writes, page), `page ${page}`).to.equal(true);
    expect(writes.filter(([from, to]) => to > from)).to.deep.equal([[0, 2 * PAGE], [3 * PAGE, 4 * PAGE], [5 * PAGE, 6 * PAGE]]);
  });

  it('copies whole when a view is not word-aligned, and refuses an image larger than the heap', () => {
    const image = bytesWith(3, [1], 1).subarray(1);
    const heap = new Uint8Array(4 * PAGE);
    restoreHeap(heap, image);
    expect(heap.subarray(0, image.length).every((byte, index) => byte === image[index])).to.equal(true);
    expect(() => restoreHeap(new Uint8Array(PAGE), new Uint8Array(2 * PAGE))).to.throw(RangeError);
  });
});

describe("Pyodide's restore, pointed at restoreHeap", () => {
  it('is found in the pinned release, and copies as before when no hook is set', async () => {
    const [pyodideScript, moduleScript] = await Promise.all(['pyodide.mjs', 'pyodide.asm.mjs']
      .map(async (file) => (await fetch(`/node_modules/pyodide/${file}`)).text()));
    const source = pyodideModuleSource(pyodideScript, moduleScript);
    expect(moduleScript).to.include('return Module.HEAP8.set(');
    expect(source).to.include('return (globalThis.__sandboxRestoreHeap??((h,i)=>h.set(i)))(Module.HEAP8,');
    expect(source).not.to.include('return Module.HEAP8.set(');
  });
});
