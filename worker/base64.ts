/** Base64 of `bytes`, in chunks: `String.fromCharCode(...all)` would overflow the call stack on megabytes. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
