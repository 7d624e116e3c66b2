/**
 * Restoring a memory snapshot: Pyodide copies the whole image into the fresh Wasm memory (one `HEAP8.set`), which
 * makes the system commit every page of it, though about half are zero (15.6 of 30 MiB with no packages) and fresh
 * memory reads as zero already. pyodide-module.ts points Pyodide's restore here instead: a page that is zero in the
 * image and in the heap is left alone, so it costs no memory until Python uses it. Anything else is copied, so the
 * heap ends byte for byte the image, whatever the module's start-up wrote to it before the restore.
 */

/** The unit skipped or copied: the system's page. */
const PAGE_BYTES = 4096;

/** Whether `words[from, to)` are all zero. */
function zero(words: Int32Array, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (words[index] !== 0) return false;
  return true;
}

/** Writes `image` at the start of `heap`, as `heap.set(image)` does, touching only the pages it must. */
export function restoreHeap(heap: Uint8Array, image: Uint8Array): void {
  if (image.byteLength > heap.byteLength) throw new RangeError('the snapshot is larger than the heap');
  if (heap.byteOffset % 4 || image.byteOffset % 4) {
    heap.set(image);
    return;
  }
  const wholeWords = image.byteLength >> 2;
  const imageWords = new Int32Array(image.buffer, image.byteOffset, wholeWords);
  const heapWords = new Int32Array(heap.buffer, heap.byteOffset, wholeWords);
  const pageWords = PAGE_BYTES >> 2;
  // Consecutive pages to copy go in one `set`.
  let runStart = -1;
  const copyRun = (end: number) => {
    if (runStart >= 0) heap.set(image.subarray(runStart * 4, end * 4), runStart * 4);
    runStart = -1;
  };
  for (let from = 0; from < wholeWords; from += pageWords) {
    const to = Math.min(from + pageWords, wholeWords);
    const skip = zero(imageWords, from, to) && zero(heapWords, from, to);
    if (skip) copyRun(from);
    else if (runStart < 0) runStart = from;
  }
  copyRun(wholeWords);
  // The image's last bytes past its whole words, if any.
  heap.set(image.subarray(wholeWords * 4), wholeWords * 4);
}
