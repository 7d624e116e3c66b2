/**
 * Pyodide's two scripts (`pyodide.mjs` and `pyodide.asm.mjs`), turned into the first lines of the interpreter
 * worker's own source. The page fetches them from its own origin and the frame starts workers from `data:` URLs
 * holding them, so the frame loads no script from anywhere (its CSP allows none) and the page's server needs no
 * CORS header. Each script's body is wrapped in a function of its own, so their top-level names cannot collide, and
 * its exports become two constants the interpreter reads (`__sandboxLoadPyodide`, `__sandboxCreatePyodideModule`).
 */

/** `export{dt as loadPyodide,U as version};` at the end of pyodide.mjs, then perhaps a source map comment. */
const NAMED_EXPORTS = /export\s*\{([^}]*)\}\s*;?\s*(?:\/\/[^\n]*\s*)*$/;
/** `export default _createPyodideModule;` at the end of pyodide.asm.mjs. */
const DEFAULT_EXPORT = /export\s+default\s+([\w$]+)\s*;?\s*(?:\/\/[^\n]*\s*)*$/;

export function pyodidePrelude(pyodideScript: string, moduleScript: string): string {
  const named = NAMED_EXPORTS.exec(pyodideScript);
  const loadPyodide = named && /([\w$]+)\s+as\s+loadPyodide\b/.exec(named[1])?.[1];
  const createModule = DEFAULT_EXPORT.exec(moduleScript);
  if (!named || !loadPyodide || !createModule) {
    throw new Error('python-sandbox: this Pyodide release lays out pyodide.mjs or pyodide.asm.mjs in a way this version does not know');
  }
  return `const __sandboxLoadPyodide=await(async()=>{${pyodideScript.slice(0, named.index)}\nreturn ${loadPyodide}})();\n` +
    `const __sandboxCreatePyodideModule=await(async()=>{${moduleScript.slice(0, createModule.index)}\nreturn ${createModule[1]}})();\n`;
}
