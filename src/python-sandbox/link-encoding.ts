import { base64 } from '../../worker/base64.ts';
import { joinBytes } from '../../worker/byte-pieces.ts';

/**
 * How a link carries code: the page's URL with the fragment `#sandbox=<id>&code=<payload>`. The payload is `z` and
 * the base64url of the code's UTF-8 compressed with deflate-raw (`CompressionStream`), or `p` and the base64url of
 * the UTF-8 itself, whichever is shorter: deflate halves a 15-line exercise (476 → 223 characters) and does nothing
 * for 3 lines (92 → 95).
 */
export const FRAGMENT_ELEMENT = 'sandbox';
export const FRAGMENT_CODE = 'code';

/** Code a link may carry, in UTF-8 bytes: a fragment that inflates past this is refused, not decompressed on. */
export const MAX_LINK_BYTES = 400_000;

/** The element and payload a fragment names, or `undefined` for a fragment that is not a code link (an anchor). */
export function codeInFragment(hash: string): { id: string; payload: string | null } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const id = params.get(FRAGMENT_ELEMENT);
  return id === null ? undefined : { id, payload: params.get(FRAGMENT_CODE) };
}

/** `href` with its fragment replaced by one that gives the element `id` the encoded code. */
export function linkTo(href: string, id: string, payload: string): string {
  const url = new URL(href);
  url.hash = new URLSearchParams({ [FRAGMENT_ELEMENT]: id, [FRAGMENT_CODE]: payload }).toString();
  return url.href;
}

export async function encodeCode(code: string): Promise<string> {
  const bytes = new TextEncoder().encode(code);
  const plain = 'p' + toBase64Url(bytes);
  if (typeof CompressionStream !== 'function') return plain;
  try {
    const compressed = 'z' + toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw'), Infinity));
    return compressed.length < plain.length ? compressed : plain;
  } catch {
    return plain; // a browser without deflate-raw (the format came after the API)
  }
}

/** The code in a payload; throws an Error saying what is wrong with a payload it cannot read. */
export async function decodeCode(payload: string): Promise<string> {
  if (!payload) throw new Error('the link carries no code');
  // Base64 of deflate output is at most a few bytes longer than base64 of the input it came from.
  if (payload.length > (MAX_LINK_BYTES * 4) / 3 + 64) tooLong();
  const format = payload[0];
  if (format !== 'z' && format !== 'p') throw new Error(`the payload starts with neither "z" nor "p"`);
  const bytes = fromBase64Url(payload.slice(1));
  if (format === 'p') return utf8(bytes.length > MAX_LINK_BYTES ? tooLong() : bytes);
  if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot decompress it');
  return utf8(await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_LINK_BYTES));
}

function toBase64Url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('the payload is not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the code is not UTF-8');
  }
}

function tooLong(): never {
  throw new Error(`the code is longer than ${MAX_LINK_BYTES.toLocaleString('en')} bytes`);
}

/** `bytes` through a (de)compression stream, stopping with an error past `limit` bytes out. */
async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Not awaited before reading: the stream holds back what is written until its output is read.
  writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close()).catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      length += chunk.value.length;
      if (length > limit) break;
      chunks.push(chunk.value);
    }
  } catch {
    throw new Error('the compressed code is damaged');
  }
  if (length > limit) {
    void reader.cancel().catch(() => {});
    tooLong();
  }
  return joinBytes(chunks);
}
