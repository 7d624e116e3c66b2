// The relay compiles pyodide.asm.wasm as its pieces arrive from the page (worker/wasm-compile.ts).
import { expect } from '@open-wc/testing';
import { WasmCompile } from '../../worker/wasm-compile.ts';

/** A module exporting `answer()` returning 42: the smallest Wasm that shows the bytes were compiled as sent. */
const ANSWER = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
  0x07, 0x0a, 0x01, 0x06, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b,
]);

async function answerOf(module: WebAssembly.Module): Promise<unknown> {
  const instance = await WebAssembly.instantiate(module);
  return (instance.exports.answer as () => number)();
}

describe('WasmCompile', () => {
  it('compiles the pieces it was given, in order', async () => {
    const compile = new WasmCompile();
    for (let offset = 0; offset < ANSWER.byteLength; offset += 7) compile.add(ANSWER.slice(offset, offset + 7));
    compile.end();
    expect(await answerOf(await compile.module)).to.equal(42);
  });

  it('compiles the Wasm of Pyodide while its pieces still arrive', async () => {
    const wasm = new Uint8Array(await (await fetch('/node_modules/pyodide/pyodide.asm.wasm')).arrayBuffer());
    const compile = new WasmCompile();
    let settled = false;
    compile.module.finally(() => (settled = true));
    for (let offset = 0; offset < wasm.byteLength; offset += 1 << 20) {
      compile.add(wasm.slice(offset, offset + (1 << 20)));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(settled, 'not done before the end').to.equal(false);
    compile.end();
    const module = await compile.module;
    expect(WebAssembly.Module.exports(module).length).to.be.above(100);
  });

  it('rejects bytes that are not Wasm, and takes nothing after its end', async () => {
    const compile = new WasmCompile();
    compile.add(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    compile.end();
    compile.add(ANSWER);
    let error: unknown;
    await compile.module.catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(WebAssembly.CompileError);
  });
});
