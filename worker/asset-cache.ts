/**
 * What every interpreter of one Pyodide distribution needs, as the page delivered it in one `assets` message:
 * `pyodide.asm.wasm` compiled once, the stdlib bytes, the lock file, the package files, and the worker source
 * with Pyodide's scripts at its start. The relay fetches nothing itself.
 */
import { BootBytes } from './boot-bytes.ts';
import type { PackageDownloads } from './package-downloads.ts';
import type { PyodideFiles } from './protocol.ts';
import { pyodidePrelude } from './pyodide-prelude.ts';

export interface Assets {
  /** Pyodide's scripts, to put before the interpreter's own source. */
  prelude: string;
  wasmModule: WebAssembly.Module;
  stdlib: BootBytes;
  lockFile: unknown;
  packageFiles: PackageDownloads;
}

export class AssetCache {
  private readonly assets = new Map<string, { ready: Promise<Assets>; deliver?: (files: PyodideFiles) => void }>();

  /** The page's files for `indexURL`; only the first delivery counts. */
  deliver(indexURL: string, files: PyodideFiles): void {
    const entry = this.entryFor(indexURL);
    entry.deliver?.(files);
    entry.deliver = undefined;
  }

  get(indexURL: string): Promise<Assets> {
    return this.entryFor(indexURL).ready;
  }

  private entryFor(indexURL: string) {
    let entry = this.assets.get(indexURL);
    if (!entry) {
      let deliver!: (files: PyodideFiles) => void;
      const delivered = new Promise<PyodideFiles>((resolve) => (deliver = resolve));
      entry = { ready: delivered.then(prepare), deliver };
      this.assets.set(indexURL, entry);
    }
    return entry;
  }
}

async function prepare(files: PyodideFiles): Promise<Assets> {
  return {
    prelude: pyodidePrelude(String(files.pyodideScript), String(files.moduleScript)),
    wasmModule: await WebAssembly.compile(files.wasm as Uint8Array<ArrayBuffer>),
    stdlib: new BootBytes(files.stdlib),
    lockFile: JSON.parse(String(files.lockFile)),
    packageFiles: files.packageFiles ?? {},
  };
}
