/**
 * Deflate and inflate with the engine's own `CompressionStream` (native, off no thread of ours but in small steps):
 * the relay holds its copy of the memory snapshot this way between boots.
 */

/** Whether the engine has `CompressionStream` and `DecompressionStream`. */
export const canDeflate = typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates `packed` into `into` from `offset`; resolves to the number of bytes written. */
export async function inflateInto(packed: Uint8Array, into: Uint8Array, offset: number): Promise<number> {
  const reader = new Blob([packed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  let written = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    into.set(read.value, offset + written);
    written += read.value.byteLength;
  }
  return written;
}
