/**
 * What every interpreter of one Pyodide distribution needs, as the page delivers it in three messages (protocol.ts,
 * `scripts`, `assets`, `cached-snapshot`): the worker source with Pyodide's scripts at its start, `pyodide.asm.wasm`
 * compiled once, the stdlib bytes, the lock file and the package files. Each step is awaited only by what needs it,
 * so a worker starts (and parses its source) while the Wasm still arrives and compiles. The relay fetches nothing.
 */
import { BootBytes } from './boot-bytes.ts';
import type { PackageDownloads } from './package-downloads.ts';
import type { PyodideFiles, PyodideScripts } from './protocol.ts';
import { pyodideModuleSource, scriptsInWorkerSource } from './pyodide-module.ts';
import { WasmCompile } from './wasm-compile.ts';

export interface Assets {
  wasmModule: WebAssembly.Module;
  stdlib: BootBytes;
  lockFile: unknown;
  packageFiles: PackageDownloads;
}

type Binaries = Omit<PyodideFiles, keyof PyodideScripts>;

/** A value delivered once, later; only the first delivery counts. */
class Later<T> {
  readonly value: Promise<T>;
  private deliver: ((value: T) => void) | undefined;

  constructor() {
    this.value = new Promise((resolve) => (this.deliver = resolve));
  }

  settle(value: T): void {
    this.deliver?.(value);
    this.deliver = undefined;
  }
}

interface Entry {
  /** Until delivered: then only what was made of them is kept. */
  scripts?: Later<PyodideScripts>;
  binaries?: Later<Binaries>;
  /** The page has said whether it holds a snapshot from an earlier page (and the relay has taken it, if so). */
  snapshotVerdict: Later<void>;
  /** The Wasm, compiled as its pieces arrive. */
  wasm: WasmCompile;
  /** Pyodide's scripts as one module (pyodide-module.ts), for workers to import. */
  pyodideScripts: Promise<Blob>;
  /** The same, as the first lines of a worker's own source, made once an engine refused to import them. */
  scriptsInSource?: Promise<string>;
  ready: Promise<Assets>;
}

export class AssetCache {
  private readonly entries = new Map<string, Entry>();

  deliverScripts(indexURL: string, scripts: PyodideScripts): void {
    const entry = this.entryFor(indexURL);
    entry.scripts?.settle(scripts);
    entry.scripts = undefined;
  }

  /** A piece of the Wasm, in order, before the `assets` message that ends it. */
  deliverWasmPiece(indexURL: string, piece: Uint8Array): void {
    this.entryFor(indexURL).wasm.add(piece);
  }

  /** The other files; their `wasm`, if not empty, is the whole Wasm (else it came in pieces). */
  deliver(indexURL: string, binaries: Binaries): void {
    const entry = this.entryFor(indexURL);
    entry.wasm.add(binaries.wasm);
    entry.wasm.end();
    entry.binaries?.settle(binaries);
    entry.binaries = undefined;
  }

  /** The page's word on a kept snapshot has arrived: boots may now decide between restoring and booting plainly. */
  snapshotDecided(indexURL: string): void {
    this.entryFor(indexURL).snapshotVerdict.settle();
  }

  /** Pyodide's scripts as one module for interpreter workers to import, as soon as they are here. */
  pyodideScripts(indexURL: string): Promise<Blob> {
    return this.entryFor(indexURL).pyodideScripts;
  }

  /** Pyodide's scripts as the first lines of a worker's source, for engines that will not import the module. */
  scriptsInSource(indexURL: string): Promise<string> {
    const entry = this.entryFor(indexURL);
    entry.scriptsInSource ??= entry.pyodideScripts.then(async (module) => scriptsInWorkerSource(await module.text()));
    return entry.scriptsInSource;
  }

  /** Everything else a boot needs, once it is here, compiled, and the page's snapshot verdict is in. */
  get(indexURL: string): Promise<Assets> {
    return this.entryFor(indexURL).ready;
  }

  private entryFor(indexURL: string): Entry {
    let entry = this.entries.get(indexURL);
    if (!entry) {
      const scripts = new Later<PyodideScripts>();
      const binaries = new Later<Binaries>();
      const snapshotVerdict = new Later<void>();
      const wasm = new WasmCompile();
      // One Blob, shared by every worker's import: posting it copies no bytes.
      const pyodideScripts = scripts.value.then(({ pyodideScript, moduleScript }) =>
        new Blob([pyodideModuleSource(String(pyodideScript), String(moduleScript))], { type: 'text/javascript' }));
      const prepared = binaries.value.then((files) => prepare(files, wasm.module));
      entry = {
        scripts, binaries, snapshotVerdict, wasm, pyodideScripts,
        ready: Promise.all([prepared, snapshotVerdict.value]).then(([assets]) => assets),
      };
      this.entries.set(indexURL, entry);
    }
    return entry;
  }
}

async function prepare(files: Binaries, wasmModule: Promise<WebAssembly.Module>): Promise<Assets> {
  return {
    wasmModule: await wasmModule,
    stdlib: new BootBytes(files.stdlib),
    lockFile: JSON.parse(String(files.lockFile)),
    packageFiles: files.packageFiles ?? {},
  };
}
