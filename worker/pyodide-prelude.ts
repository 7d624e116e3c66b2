/**
 * Pyodide's two scripts (`pyodide.mjs` and `pyodide.asm.mjs`), turned into the first lines of the interpreter
 * worker's own source. The page fetches them from its own origin and the frame starts workers from `data:` URLs
 * holding them, so the frame loads no script from anywhere (its CSP allows none) and the page's server needs no
 * CORS header. Each script's body is wrapped in a function of its own, so their top-level names cannot collide, and
 * its exports become two constants the interpreter reads (`__sandboxLoadPyodide`, `__sandboxCreatePyodideModule`).
 */

/** `export{dt as loadPyodide,U as version};` at the end of pyodide.mjs, then perhaps a source map comment. */
const NAMED_EXPORTS = /export\s*\{([^}]*)\}\s*;?\s*(?:\/\/[^\n]*\s*)*$/;
/**
 * The end of Pyodide's snapshot restore in pyodide.asm.mjs, `…return Module.HEAP8.set(t),l}`: the image copied whole
 * into the heap. Pointed at `globalThis.__sandboxRestoreHeap` (heap-restore.ts) when a load sets it.
 */
const RESTORE_COPY = /(API\.restoreSnapshot=function\(\w+\)\{[\s\S]{0,800}?)return Module\.HEAP8\.set\((\w+)\),(\w+)\}/;
/** `export default _createPyodideModule;` at the end of pyodide.asm.mjs. */
const DEFAULT_EXPORT = /export\s+default\s+([\w$]+)\s*;?\s*(?:\/\/[^\n]*\s*)*$/;

export function pyodidePrelude(pyodideScript: string, moduleScript: string): string {
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
    `const __sandboxCreatePyodideModule=await(async()=>{${body}\nreturn ${createModule[1]}})();\n`;
}
