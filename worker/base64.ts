/**
 * Base64 of `bytes`: the engine's own `Uint8Array.prototype.toBase64` where there is one (native: the frame encodes
 * each worker's 1.7 MB `data:` URL with it, which in JS held its main thread for 60–200 ms before any worker could
 * start), else in chunks, since `String.fromCharCode(...all)` would overflow the call stack on megabytes.
 */
export function base64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
