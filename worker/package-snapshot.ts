/**
 * Packages in the memory snapshot. A snapshot holds Wasm memory: modules imported before it is taken come back
 * imported in every spare, but the files their packages installed live in Emscripten's file system (JS memory) and
 * do not. So the snapshot's maker loads the pool's packages, imports them, takes the snapshot, and keeps the files;
 * each spare restores the snapshot and writes the files back, with nothing to fetch or unpack.
 *
 * Packages with compiled extensions (`.so`) cannot be captured: a loaded shared library also lives in the Wasm
 * function table and in Emscripten's loader state, neither of which a snapshot holds. Those are loaded by each spare.
 */
import type { PyodideAPI } from 'pyodide';

/** What a spare restored from a snapshot that holds the packages needs besides the snapshot. */
export interface SnapshotPackages {
  /** The files the packages installed, by absolute path. */
  files: Record<string, Uint8Array>;
  /** Pyodide's `loadedPackages` (name → where it came from), which must be empty while a snapshot is taken. */
  loaded: Record<string, string>;
}

/** Where Pyodide installs packages (site-packages) and their shared libraries. */
const INSTALL_ROOTS = ['/lib', '/usr/lib'];

export interface MadeSnapshot {
  bytes: Uint8Array;
  /** Present when the snapshot holds the packages, imported: spares restore these instead of loading the packages. */
  packages?: SnapshotPackages;
  /** Why the packages could not be loaded (the snapshot then holds no packages). */
  packageError?: string;
}

type LoadPackages = (interpreter: PyodideAPI, packages: string[]) => Promise<string | undefined>;

/**
 * Takes the snapshot in an interpreter that has never run user code: with the packages in it when they are pure
 * Python, else without (spares then load them), so that a snapshot is made in every case.
 */
export async function makeSnapshot(interpreter: PyodideAPI, packages: string[], loadPackages: LoadPackages): Promise<MadeSnapshot> {
  const withoutPackages = interpreter.makeMemorySnapshot();
  if (!packages.length) return { bytes: withoutPackages };
  const { packageError, installed } = await loadAndImport(interpreter, packages, loadPackages);
  if (packageError) return { bytes: withoutPackages, packageError };
  if (installed.some(isSharedLibrary)) return { bytes: withoutPackages };
  const loaded = loadedPackages(interpreter);
  const names = Object.keys(loaded);
  // Pyodide checks that its JS objects Python refers to are as a fresh interpreter has them; one is this record.
  for (const name of names) delete loadedPackages(interpreter)[name];
  let bytes: Uint8Array;
  try {
    bytes = interpreter.makeMemorySnapshot();
  } catch {
    return { bytes: withoutPackages }; // an import left state the snapshot cannot hold (a JS object held by Python)
  }
  const files: SnapshotPackages['files'] = {};
  for (const path of installed) files[path] = interpreter.FS.readFile(path) as Uint8Array;
  return { bytes, packages: { files, loaded } };
}

/**
 * Loads the packages into an interpreter that has never run user code and, when they are pure Python, imports their
 * top-level modules: an interpreter booted plainly then offers a program what one restored from the snapshot does.
 */
export async function loadAndImport(interpreter: PyodideAPI, packages: string[], loadPackages: LoadPackages): Promise<{ packageError?: string; installed: string[] }> {
  const before = new Set(listFiles(interpreter));
  const packageError = await loadPackages(interpreter, packages);
  if (packageError) return { packageError, installed: [] };
  const installed = listFiles(interpreter).filter((path) => !before.has(path));
  if (!installed.some(isSharedLibrary)) importTopLevel(interpreter, installed);
  return { installed };
}

/** Puts the packages' files and Pyodide's record of them back in a spare restored from a snapshot holding them. */
export function restorePackages(interpreter: PyodideAPI, packages: SnapshotPackages): void {
  const { FS } = interpreter;
  for (const [path, bytes] of Object.entries(packages.files)) {
    FS.mkdirTree(path.slice(0, path.lastIndexOf('/')));
    FS.writeFile(path, bytes);
  }
  Object.assign(loadedPackages(interpreter), packages.loaded);
}

function loadedPackages(interpreter: PyodideAPI): Record<string, string> {
  return interpreter.loadedPackages as unknown as Record<string, string>;
}

export function isSharedLibrary(path: string): boolean {
  return /\.so(\.[\d.]+)?$/.test(path);
}

function listFiles(interpreter: PyodideAPI): string[] {
  const { FS } = interpreter;
  const files: string[] = [];
  const walk = (folder: string) => {
    let names: string[];
    try {
      names = FS.readdir(folder) as string[];
    } catch {
      return;
    }
    for (const name of names) {
      if (name === '.' || name === '..') continue;
      const path = `${folder}/${name}`;
      const { mode } = FS.lstat(path) as { mode: number };
      if (FS.isDir(mode)) walk(path);
      else if (FS.isFile(mode)) files.push(path);
    }
  };
  for (const root of INSTALL_ROOTS) walk(root);
  return files;
}

/**
 * Imports the top-level modules the packages installed (`name/__init__.py` or `name.py` in site-packages), so a
 * spare has them in `sys.modules` already. One that fails to import is left for the program to import and see fail.
 */
function importTopLevel(interpreter: PyodideAPI, installed: string[]): void {
  const names = new Set<string>();
  for (const path of installed) {
    const match = /\/site-packages\/([A-Za-z_]\w*)(\/__init__\.py|\.py)$/.exec(path);
    if (match) names.add(match[1]!);
  }
  if (!names.size) return;
  const globals = interpreter.toPy({ _names: [...names].sort() });
  interpreter.runPython(
    'import importlib\nfor _name in _names:\n    try:\n        importlib.import_module(_name)\n    except BaseException:\n        pass\n',
    { globals },
  );
  globals.destroy();
}
