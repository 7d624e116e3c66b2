/**
 * Pyodide's two scripts (`pyodide.mjs` and `pyodide.asm.mjs`), turned into one module that an interpreter worker
 * imports from a `blob:` URL of its own (interpreter-scripts.ts). The page fetches them from its own origin, so the
 * frame loads no script by URL (its CSP allows none but `blob:`) and the page's server needs no CORS header. Each
 * script's body is wrapped in a function of its own, so their top-level names cannot collide, and the module exports
 * what the interpreter needs of them (`PyodideScripts`).
 */
import type { loadPyodide } from 'pyodide';

/** What the module exports. */
export interface PyodideScripts {
  loadPyodide: typeof loadPyodide;
  /** Pyodide's Emscripten module factory, handed to `loadPyodide` so that it loads no script itself. */
  createPyodideModule: unknown;
}

/** `export{dt as loadPyodide,U as version};` at the end of pyodide.mjs, then perhaps a source map comment. */
const NAMED_EXPORTS = /export\s*\{([^}]*)\}\s*;?\s*(?:\/\/[^\n]*\s*)*$/;
/**
 * The end of Pyodide's snapshot restore in pyodide.asm.mjs, `…return Module.HEAP8.set(t),l}`: the image copied whole
 * into the heap. Pointed at `globalThis.__sandboxRestoreHeap` (heap-restore.ts) when a load sets it.
 */
const RESTORE_COPY = /(API\.restoreSnapshot=function\(\w+\)\{[\s\S]{0,800}?)return Module\.HEAP8\.set\((\w+)\),(\w+)\}/;
/** `export default _createPyodideModule;` at the end of pyodide.asm.mjs. */
const DEFAULT_EXPORT = /export\s+default\s+([\w$]+)\s*;?\s*(?:\/\/[^\n]*\s*)*$/;

export function pyodideModuleSource(pyodideScript: string, moduleScript: string): string {
  const named = NAMED_EXPORTS.exec(pyodideScript);
  const loadPyodide = named && /([\w$]+)\s+as\s+loadPyodide\b/.exec(named[1])?.[1];
  const createModule = DEFAULT_EXPORT.exec(moduleScript);
  if (!named || !loadPyodide || !createModule) {
    throw new Error('python-sandbox: this Pyodide release lays out pyodide.mjs or pyodide.asm.mjs in a way this version does not know');
  }
  // A release laid out otherwise restores as Pyodide does, copying every page (bench row 7 shows it).
  const body = moduleScript.slice(0, createModule.index).replace(RESTORE_COPY,
    (_all, before: string, image: string, result: string) =>
      `${before}return (globalThis.__sandboxRestoreHeap??((h,i)=>h.set(i)))(Module.HEAP8,${image}),${result}}`);
  return `const __sandboxLoadPyodide=await(async()=>{${pyodideScript.slice(0, named.index)}\nreturn ${loadPyodide}})();\n` +
    `const __sandboxCreatePyodideModule=await(async()=>{${body}\nreturn ${createModule[1]}})();\n` + EXPORTS;
}

const EXPORTS = 'export{__sandboxLoadPyodide as loadPyodide,__sandboxCreatePyodideModule as createPyodideModule};\n';
/** Where a worker whose own source begins with Pyodide's scripts finds them (interpreter-scripts.ts). */
export const SCRIPTS_IN_SOURCE = '__sandboxPyodideScripts';

/**
 * The module as the first lines of a worker's own source, for engines that will not import a `blob:` module in an
 * opaque origin (WebKit): its exports become a global, which the worker takes (and deletes) as it is evaluated.
 */
export function scriptsInWorkerSource(moduleSource: string): string {
  if (!moduleSource.endsWith(EXPORTS)) throw new Error('not a module made by pyodideModuleSource');
  return moduleSource.slice(0, -EXPORTS.length) +
    `globalThis.${SCRIPTS_IN_SOURCE}={loadPyodide:__sandboxLoadPyodide,createPyodideModule:__sandboxCreatePyodideModule};\n`;
}
