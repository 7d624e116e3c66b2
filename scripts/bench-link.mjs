// A slow link for the bench (scripts/bench-journey.mjs): responses compressed as hosts compress them (gzip for
// text, JavaScript, JSON and Wasm; zip files and other binaries as they are), each started `latencyMs` after its
// request, and all of them sharing `mbitPerSecond`, in the order their bytes are ready, as on one access link.
import { gzipSync } from 'node:zlib';

const COMPRESSED_TYPES = /^(text\/|application\/(javascript|json|wasm))/;
const CHUNK_BYTES = 16 * 1024;

export class SlowLink {
  /** When the link is next free, in ms of performance.now(). */
  nextFree = 0;
  gzipCache = new Map();

  constructor({ mbitPerSecond = 20, latencyMs = 60 } = {}) {
    this.bytesPerMs = (mbitPerSecond * 1e6) / 8 / 1000;
    this.latencyMs = latencyMs;
  }

  /** The body to send for `file` with `type`, compressed when a host would, and its extra headers. */
  encode(file, type, body, acceptEncoding = '') {
    if (!COMPRESSED_TYPES.test(type) || !/\bgzip\b/.test(acceptEncoding)) return { body, headers: {} };
    let compressed = this.gzipCache.get(file);
    if (!compressed) this.gzipCache.set(file, (compressed = gzipSync(body, { level: 6 })));
    return { body: compressed, headers: { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } };
  }

  /** Sends `body` on `res` (headers written by the caller's `writeHead` first) at the link's pace. */
  async send(res, status, headers, body) {
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    res.writeHead(status, { ...headers, 'Content-Length': body.byteLength });
    for (let offset = 0; offset < body.byteLength; offset += CHUNK_BYTES) {
      const chunk = body.subarray(offset, offset + CHUNK_BYTES);
      const start = Math.max(performance.now(), this.nextFree);
      this.nextFree = start + chunk.byteLength / this.bytesPerMs;
      const wait = this.nextFree - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      if (res.destroyed) return;
      res.write(chunk);
    }
    res.end();
  }
}
