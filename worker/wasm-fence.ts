/**
 * WebAssembly for user code, fenced. A Wasm memory reserves address space up to its maximum (and V8 adds guard
 * regions) without touching a page, so neither `memory-limit` nor the page's memory sees it; about 120 of them, made
 * from Python through `js.WebAssembly.Memory`, left the frame's process unable to boot another interpreter. No Python
 * program needs to make memories or tables, so from the fence on:
 *
 * - `WebAssembly.Memory` and `WebAssembly.Table` construct nothing;
 * - `Module`, `compile` and `instantiate` compile only modules that define no memory of their own (they may import
 *   one): Pyodide's loader compiles packages' side modules and its call trampolines this way after boot, and they
 *   import the interpreter's memory;
 * - `Instance` and `instantiate` instantiate only modules compiled through those checks, so a module compiled before
 *   (the interpreter's own, which defines its memory) is never instantiated again;
 * - the streaming variants are gone (the frame has no network anyway).
 *
 * The originals are captured when this module is evaluated, before Pyodide loads; each replacement keeps the
 * original's prototype, so `instanceof` works, and each prototype's `constructor` points at the replacement, so
 * user code cannot reach an original through an instance it holds (`pyodide_js._module.wasmMemory.constructor`).
 */
const { Module, Instance, Memory, Table } = WebAssembly;
const construct = Reflect.construct;
const defineProperty = Object.defineProperty;
const PromiseOf = Promise;
const Bytes = Uint8Array;
const ArrayBufferOf = ArrayBuffer;
const isView = ArrayBuffer.isView;
const weakSetAdd = WeakSet.prototype.add;
const weakSetHas = WeakSet.prototype.has;

/** Modules compiled after the fence that define no memory: the only ones user code may instantiate. */
const memoryless = new WeakSet<WebAssembly.Module>();
const approve = (module: WebAssembly.Module) => (Reflect.apply(weakSetAdd, memoryless, [module]), module);
const approved = (module: unknown) => Reflect.apply(weakSetHas, memoryless, [module]) as boolean;

/** A copy of the bytes a module is compiled from: what is checked is what is compiled. */
function copyOf(source: unknown): Uint8Array {
  if (source instanceof ArrayBufferOf) return new Bytes(new Bytes(source));
  if (isView(source)) {
    const view = source as ArrayBufferView;
    return new Bytes(new Bytes(view.buffer as ArrayBuffer, view.byteOffset, view.byteLength));
  }
  throw new TypeError('python-sandbox: WebAssembly takes a module\'s bytes as an ArrayBuffer or a typed array');
}

/** Whether the module's binary has a memory section with at least one memory (section 5, its count a LEB128). */
export function definesMemory(bytes: Uint8Array): boolean {
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0, byte = 0x80; byte & 0x80 && at < bytes.length; shift += 7) {
      byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
    }
    // Any count that is not a plain 0 counts as memories (a padded LEB128 zero too: nothing to gain from it).
    if (id === 5) return bytes[at] !== 0;
    at += size;
  }
  return false;
}

function compileChecked(source: unknown): WebAssembly.Module {
  const bytes = copyOf(source);
  if (definesMemory(bytes)) throw new TypeError('python-sandbox: programs cannot compile WebAssembly that defines a memory');
  return approve(construct(Module, [bytes]) as WebAssembly.Module);
}

function instantiateChecked(module: unknown, imports: unknown): WebAssembly.Instance {
  if (!approved(module)) throw new TypeError('python-sandbox: programs can only instantiate WebAssembly they compiled');
  return construct(Instance, [module, imports]) as WebAssembly.Instance;
}

const refused = (what: string) => function refusedConstructor(): never {
  throw new TypeError(`python-sandbox: programs cannot make WebAssembly ${what}`);
};

/** Puts the fenced WebAssembly in place of the original, for good: see the module's comment. */
export function fenceWebAssembly(): void {
  const replacements: Array<[string, { prototype: object } | undefined, unknown]> = [
    ['Memory', Memory, refused('memories')],
    ['Table', Table, refused('tables')],
    ['Module', Module, function FencedModule(source: unknown) {
      return compileChecked(source);
    }],
    ['Instance', Instance, function FencedInstance(module: unknown, imports: unknown) {
      return instantiateChecked(module, imports);
    }],
    ['compile', undefined, (source: unknown) => new PromiseOf((resolve) => resolve(compileChecked(source)))],
    ['instantiate', undefined, (source: unknown, imports: unknown) => new PromiseOf((resolve) => {
      if (source instanceof Module) return resolve(instantiateChecked(source, imports));
      const module = compileChecked(source);
      resolve({ module, instance: instantiateChecked(module, imports) });
    })],
    ['compileStreaming', undefined, undefined],
    ['instantiateStreaming', undefined, undefined],
  ];
  for (const [name, original, replacement] of replacements) {
    if (original && typeof replacement === 'function') {
      defineProperty(replacement, 'prototype', { value: original.prototype, writable: false, configurable: false });
      // Module's static readers (customSections, imports, exports), which Pyodide's loader uses on side modules.
      for (const key of ['customSections', 'imports', 'exports']) {
        const value = (original as unknown as Record<string, unknown>)[key];
        if (typeof value === 'function') defineProperty(replacement, key, { value, writable: false, configurable: false });
      }
      defineProperty(original.prototype, 'constructor', { value: replacement, writable: false, configurable: false });
    }
    defineProperty(WebAssembly, name, { value: replacement, writable: false, configurable: false, enumerable: false });
  }
}
