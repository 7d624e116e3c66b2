/**
 * `pyodide.asm.wasm` compiled while its pieces still arrive from the page (`WebAssembly.compileStreaming` on a stream
 * the relay feeds), so the module is ready soon after the last piece rather than a whole compile later. Where an
 * engine has no streaming compile, the pieces are joined and compiled at the end.
 */
import { joinBytes } from './byte-pieces.ts';

export class WasmCompile {
  readonly module: Promise<WebAssembly.Module>;
  private feed: ReadableStreamDefaultController<Uint8Array> | undefined;
  private readonly pieces: Uint8Array[] = [];
  private finish: (() => void) | undefined;
  private ended = false;

  constructor() {
    if (typeof WebAssembly.compileStreaming === 'function') {
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (this.feed = controller) });
      this.module = WebAssembly.compileStreaming(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }));
    } else {
      this.module = new Promise<void>((resolve) => (this.finish = resolve))
        .then(() => WebAssembly.compile(joinBytes(this.pieces.splice(0)) as Uint8Array<ArrayBuffer>));
    }
    this.module.catch(() => {}); // reported to the boots that await it
  }

  /** The next piece of the Wasm, in order; pieces after `end` are ignored. */
  add(piece: Uint8Array): void {
    if (this.ended || !piece.byteLength) return;
    if (this.feed) this.feed.enqueue(piece);
    else this.pieces.push(piece);
  }

  /** The Wasm is all here. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.feed?.close();
    this.finish?.();
  }
}
