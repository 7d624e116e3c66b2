/**
 * Pyodide's scripts in an interpreter worker. The worker starts from a small `data:` URL (our code only) as soon as
 * the relay books it, and the relay posts Pyodide's scripts to it as one module in a Blob (pyodide-module.ts) once
 * the page has sent them. The worker imports that module from a `blob:` URL of its own, which only it can resolve
 * (a `data:` worker's origin is unique), and revokes the URL once imported. The fence then takes `URL.createObjectURL`
 * away before user code runs, so the frame's CSP allowing `blob:` scripts gives user code no way to run JS source.
 *
 * WebKit refuses that import (a cross-origin load, to it, from an opaque origin). The worker says so, and the relay
 * starts it again with the scripts at the start of its own source, which leave them in a global taken here.
 */
import type { ScriptsReport } from './protocol.ts';
import { serializeError } from './protocol.ts';
import { SCRIPTS_IN_SOURCE, type PyodideScripts } from './pyodide-module.ts';

/** The scripts this worker's own source began with, if it did; taken off the global scope. */
export function scriptsInSource(): PyodideScripts | undefined {
  const scope = globalThis as Record<string, unknown>;
  const scripts = scope[SCRIPTS_IN_SOURCE] as PyodideScripts | undefined;
  delete scope[SCRIPTS_IN_SOURCE];
  return scripts;
}

/** Imports the module and tells the relay (on the global channel, before the boot) whether it could. */
export async function importPyodideScripts(module: Blob, report: (message: ScriptsReport) => void): Promise<PyodideScripts> {
  const url = URL.createObjectURL(module);
  try {
    const scripts = (await import(/* @vite-ignore */ url)) as PyodideScripts;
    report({ type: 'scripts-imported' });
    return scripts;
  } catch (error) {
    report({ type: 'scripts-refused', error: serializeError(error) });
    throw error;
  } finally {
    URL.revokeObjectURL(url);
  }
}
