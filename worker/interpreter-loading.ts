/**
 * Loading, the first room of the interpreter's boot: Pyodide from the bytes the relay handed over (its compiled Wasm,
 * the stdlib, the memory snapshot when there is one), the runner installed or restored, the pool's packages loaded.
 * Nothing here runs user code, and nothing here is fenced yet: Pyodide's loader still uses the worker's own fetch and
 * timers. The snapshot's maker ends its life here, once it has handed its snapshot over.
 */
import type { PyodideAPI, loadPyodide } from 'pyodide';
import type { PyodideScripts } from './pyodide-module.ts';
import type { BootPhases, BootSource, WorkerBoot, WorkerToRelay } from './protocol.ts';
import type { Judge } from './check-step.ts';
import { now } from './fence.ts';
import { type PackageDownloads, urlOf, withKeptDownloads } from './package-downloads.ts';
import { restoreHeap } from './heap-restore.ts';
import { loadAndImport, makeSnapshot, restorePackages } from './package-snapshot.ts';
import exerciseSource from './exercise.py';
import matplotlibBackendSource from './matplotlib_backend.py';
import runnerSource from './runner.py';
import tracebacksSource from './tracebacks.py';

/** The working directory of every run. */
export const WORKDIR = '/home/pyodide';

/** The runner's outcome dict, as Python hands it back. */
export interface PyOutcome {
  type: string;
  toJs(options: object): unknown;
  destroy(): void;
}

/** `run(...)` of worker/runner.py. */
export interface RunnerRun {
  (...args: unknown[]): PyOutcome;
  callPromising(...args: unknown[]): Promise<PyOutcome>;
}

/** An interpreter ready for its hooks, and what its boot report says. */
export interface Loaded {
  interpreter: PyodideAPI;
  /** The runner's entry point and the exercise checker, captured now: user code can rebind the modules' names. */
  runProgram: RunnerRun;
  judge: Judge;
  source: BootSource;
  phases?: BootPhases;
  packagesFromSnapshot: boolean;
  packageError?: string;
}

type Send = (message: WorkerToRelay, transfer?: Transferable[]) => void;

/**
 * Loads the interpreter `boot` describes. Resolves to `undefined` for the snapshot's maker, which has handed its
 * snapshot over and is never given a program.
 */
export async function loadInterpreter(boot: WorkerBoot, scripts: PyodideScripts, started: number, send: Send): Promise<Loaded | undefined> {
  giveEveryErrorAStack();
  const loadPackages = packageLoader(boot.packageDownloads, send);
  const overrides = new AssetOverrides(boot);
  const load = (snapshot: Uint8Array | undefined, makeSnapshot: boolean) =>
    overrides.during(() =>
      scripts.loadPyodide({
        indexURL: boot.indexURL,
        packageBaseUrl: boot.indexURL,
        lockFileContents: boot.lockFile,
        createPyodideModule: scripts.createPyodideModule,
        env: { HOME: WORKDIR },
        _makeSnapshot: makeSnapshot,
        _loadSnapshot: snapshot,
      } as Parameters<typeof loadPyodide>[0]),
    );
  let interpreter: PyodideAPI;
  let phases: BootPhases | undefined;
  if (boot.snapshot) {
    interpreter = await load(boot.snapshot, false);
    reseedRandom(interpreter);
    if (overrides.instantiation) {
      const { start, end } = overrides.instantiation;
      phases = { fetchMs: start - started, instantiateMs: end - start, restoreMs: now() - end };
    }
  } else {
    interpreter = await load(undefined, boot.makeSnapshot);
    installRunner(interpreter);
    if (boot.makeSnapshot) {
      // This worker only makes the snapshot: the relay terminates it once it has the bytes. An interpreter booted
      // with `_makeSnapshot` ignores the interrupt buffer afterwards, and programs run on it failed in Firefox and
      // WebKit (reading attributes of `js` raised), so it is never given a program.
      const made = await makeSnapshot(interpreter, boot.packages, loadPackages);
      const bytes = made.bytes.slice();
      send({ type: 'snapshot', bytes, packages: made.packages }, [bytes.buffer]);
      return undefined;
    }
  }
  const source = boot.snapshot ? 'snapshot' : 'plain';
  // Pyodide has copied them, but keeps references (its config holds the snapshot): detaching the buffers frees 30 MiB
  // per interpreter at once. They are never handed back to the relay, which reuses nothing a worker sends.
  for (const bytes of [boot.stdlib, boot.snapshot]) if (bytes && bytes.byteLength) structuredClone(bytes, { transfer: [bytes.buffer] });
  boot.stdlib = boot.snapshot = undefined;
  // Set when the snapshot this interpreter starts from holds the packages, imported.
  const snapshotPackages = boot.snapshotPackages;
  let packageError: string | undefined;
  if (snapshotPackages) restorePackages(interpreter, snapshotPackages);
  else if (boot.packages.length && source === 'plain') ({ packageError } = await loadAndImport(interpreter, boot.packages, loadPackages));
  else if (boot.packages.length) packageError = await loadPackages(interpreter, boot.packages);
  return {
    interpreter,
    runProgram: (interpreter.pyimport('_sandbox_runner') as unknown as { run: RunnerRun }).run,
    judge: (interpreter.pyimport('_sandbox_exercise') as unknown as { judge: Judge }).judge,
    source,
    phases,
    packagesFromSnapshot: snapshotPackages !== undefined,
    packageError,
  };
}

/**
 * An interpreter restored from a snapshot holds the `random` module's state as it was when the snapshot was made: the
 * same for every interpreter of the page and, with the snapshot shipped in the package, for every reader. Seeded
 * again from the system's randomness (crypto.getRandomValues), as a fresh interpreter's import would be.
 */
function reseedRandom(interpreter: PyodideAPI): void {
  const globals = interpreter.toPy({});
  interpreter.runPython('import sys\nif "random" in sys.modules:\n    sys.modules["random"].seed()', { globals });
  globals.destroy();
}

/**
 * Pyodide 314 takes a JS value for an error only if it has a `stack`; WebKit's network errors ("Load failed") have
 * none, so a failed fetch awaited from Python never settled there. Every error gets one.
 */
function giveEveryErrorAStack(): void {
  if (!('stack' in Error.prototype)) Object.defineProperty(Error.prototype, 'stack', { value: '', writable: true, configurable: true });
}

/**
 * During a load only: serves the page's wasm (compiled by the relay) and stdlib bytes to Pyodide instead of fetching
 * them, and points Pyodide's snapshot restore (pyodide-module.ts) at `restoreHeap`.
 */
class AssetOverrides {
  /** When the load instantiated the relay's wasm module, for the boot report's phases. */
  instantiation: { start: number; end: number } | undefined;

  constructor(private readonly boot: WorkerBoot) {}

  during<T>(load: () => Promise<T>): Promise<T> {
    const { boot } = this;
    const originalFetch = globalThis.fetch;
    const originalInstantiateStreaming = WebAssembly.instantiateStreaming;
    const wasmURL = boot.indexURL + 'pyodide.asm.wasm';
    const stdlibURL = boot.indexURL + 'python_stdlib.zip';
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = urlOf(input);
      if (boot.wasmModule && url === wasmURL) return Promise.resolve(new Response(null));
      if (boot.stdlib && url === stdlibURL) return Promise.resolve(new Response(boot.stdlib as Uint8Array<ArrayBuffer>));
      return originalFetch(input, init);
    };
    if (boot.wasmModule) {
      const module = boot.wasmModule;
      WebAssembly.instantiateStreaming = async (_source, imports) => {
        const start = now();
        const instance = await WebAssembly.instantiate(module, imports);
        this.instantiation = { start, end: now() };
        return { module, instance };
      };
    }
    const hooks = globalThis as { __sandboxRestoreHeap?: typeof restoreHeap };
    if (boot.snapshot) hooks.__sandboxRestoreHeap = restoreHeap;
    return load().finally(() => {
      globalThis.fetch = originalFetch;
      WebAssembly.instantiateStreaming = originalInstantiateStreaming;
      delete hooks.__sandboxRestoreHeap;
    });
  }
}

/**
 * Installs the runner and the matplotlib backend as modules and walks the runner once through an empty program, so
 * everything a run touches is imported before the snapshot. No user code has run yet. The runner sets MPLBACKEND,
 * which matplotlib reads when it is imported: this comes before the pool's packages are loaded and imported.
 */
function installRunner(interpreter: PyodideAPI): void {
  // In this order: the runner imports the exercise and traceback modules when it is installed.
  const sources = {
    _sandbox_matplotlib: matplotlibBackendSource,
    _sandbox_exercise: exerciseSource,
    _sandbox_tracebacks: tracebacksSource,
    _sandbox_runner: runnerSource,
  };
  const globals = interpreter.toPy({ _SOURCES: sources, _WORKDIR: WORKDIR });
  interpreter.runPython(
    `import sys, types\nfor _name, _source in _SOURCES.items():\n` +
      `    _m = sys.modules[_name] = types.ModuleType(_name)\n` +
      `    exec(compile(_source, f"<python-sandbox {_name}>", "exec"), _m.__dict__)\n` +
      `sys.modules["_sandbox_runner"].run("", {}, False, _WORKDIR, "", None)\ndel _m, _name, _source, _SOURCES, _WORKDIR`,
    { globals },
  );
  globals.destroy();
}

/**
 * Loads the pool's packages into a booted interpreter, before any user code, serving the files this worker or earlier
 * spares of its pool downloaded (`kept`) and handing what it had to fetch to the relay. Pyodide reports a package it
 * cannot find or fetch through `errorCallback` (and on the console) rather than by throwing, so both count as failure.
 */
function packageLoader(kept: PackageDownloads | undefined, send: Send): (interpreter: PyodideAPI, packages: string[]) => Promise<string | undefined> {
  const downloads: PackageDownloads = { ...kept };
  const keep = (fetched: PackageDownloads) => send({ type: 'package-downloads', downloads: fetched });
  return async (interpreter, packages) => {
    const errors: string[] = [];
    try {
      await withKeptDownloads(downloads, keep, () =>
        interpreter.loadPackage(packages, { messageCallback: () => {}, errorCallback: (error) => errors.push(error) }));
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    return errors.length ? `could not load ${packages.join(', ')}: ${errors.join('; ')}` : undefined;
  };
}
