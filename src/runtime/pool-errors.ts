import type { PythonError } from './types.ts';

/** Why no run of the pool can have its packages: what runs end with. */
export function packageError(reason: string, indexURL: string): PythonError {
  const message = `python-sandbox: ${reason}. Packages come from index-url's pyodide-lock.json ` +
    `(${indexURL}), or from the wheel URLs given; Pyodide's npm package ships no packages of its own.`;
  return { type: 'PackageError', message, traceback: `PackageError: ${message}\n` };
}

/** Why no interpreter of the pool can start, when the boots themselves failed. */
export function bootFailure(reason: string, indexURL: string): Error {
  return new Error(`python-sandbox: could not start Pyodide from ${indexURL} (${reason}). ` +
    'Check that the folder holds pyodide.mjs, pyodide.asm.wasm and pyodide-lock.json, or set indexURL / the index-url attribute.');
}

/** How a pool that cannot start interpreters reports it in a run's result. */
export function bootError(error: Error): PythonError {
  return { type: 'BootError', message: error.message, traceback: error.message };
}
