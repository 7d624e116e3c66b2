// The names of the shipped snapshot's files (src/runtime/shipped-snapshot.ts has the same) and a reader of an entry's
// header, for the build (build-snapshot.mjs) and the tests that break the shipped files on purpose.
export const SHIPPED_SNAPSHOT_FILE = 'python-sandbox-snapshot.bin';
export const SHIPPED_SNAPSHOT_MANIFEST = 'python-sandbox-snapshot.json';

/** The JSON header of a kept-snapshot entry (4-byte big-endian length, then the JSON). */
export function readEntryHeader(entry) {
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const length = view.getUint32(0);
  return JSON.parse(new TextDecoder().decode(entry.subarray(4, 4 + length)));
}
