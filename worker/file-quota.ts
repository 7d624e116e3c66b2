/**
 * A quota on the interpreter's in-memory file system. Emscripten's MEMFS keeps file contents in JS memory, outside
 * the Wasm heap that the memory limit caps, so plain file writes (no `js` module needed) could hold gigabytes. Every
 * write and resize that grows a file goes through here first; past the quota it fails with ENOSPC, which Python sees
 * as `OSError: No space left on device`.
 */
interface FsNode {
  mode: number;
  contents?: unknown;
}

interface EmscriptenFs {
  root: FsNode;
  isFile(mode: number): boolean;
  isDir(mode: number): boolean;
  ErrnoError: new (errno: number) => Error;
  filesystems: { MEMFS: Memfs };
}

type Write = (stream: { node: FsNode }, buffer: unknown, offset: number, length: number, position: number, canOwn?: boolean) => number;

interface Memfs {
  stream_ops: { write: Write };
  /** Emscripten copies `stream_ops.write` into this table, which file nodes use. */
  ops_table?: { file?: { stream?: { write: Write } } };
  resizeFileStorage: (node: FsNode, newSize: number) => void;
}

/** Emscripten's errno for ENOSPC. */
const ENOSPC = 51;

const capacityOf = (node: FsNode) => (ArrayBuffer.isView(node.contents) ? node.contents.byteLength : 0);

function totalBytes(fs: EmscriptenFs, node: FsNode, seen = new Set<FsNode>()): number {
  if (seen.has(node)) return 0;
  seen.add(node);
  if (fs.isFile(node.mode)) return capacityOf(node);
  if (!fs.isDir(node.mode) || !node.contents || typeof node.contents !== 'object') return 0;
  let sum = 0;
  for (const child of Object.values(node.contents as Record<string, FsNode>)) sum += totalBytes(fs, child, seen);
  return sum;
}

export function capFileSystem(fs: EmscriptenFs, quotaBytes: number): void {
  const memfs = fs.filesystems.MEMFS;
  // Counted up as files grow; deletions are not seen, so when the count reaches the quota the tree is measured.
  let used = totalBytes(fs, fs.root);
  const reserve = (node: FsNode, size: number) => {
    const growth = size - capacityOf(node);
    if (growth <= 0) return;
    if (used + growth > quotaBytes) used = totalBytes(fs, fs.root);
    if (used + growth > quotaBytes) throw new fs.ErrnoError(ENOSPC);
    used += growth;
  };
  for (const ops of [memfs.stream_ops, memfs.ops_table?.file?.stream]) {
    if (!ops) continue;
    const { write } = ops;
    ops.write = function (stream, buffer, offset, length, position, canOwn) {
      reserve(stream.node, position + length);
      return write.call(this, stream, buffer, offset, length, position, canOwn);
    };
  }
  const { resizeFileStorage } = memfs;
  memfs.resizeFileStorage = function (node, newSize) {
    reserve(node, newSize);
    return resizeFileStorage.call(this, node, newSize);
  };
}
