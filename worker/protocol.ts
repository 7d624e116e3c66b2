/**
 * The one message protocol of python-sandbox, a discriminated union per direction.
 *
 *   host (runtime/SandboxPool) ⇄ relay (owns the workers) ⇄ interpreter worker (one Pyodide)
 *
 * Every run message carries the run `id`; every relay message names its `workerId`, so a late message from a
 * killed worker can never be attributed to another run. Bytes travel as `Uint8Array`.
 */

import { PIECE_BYTES, type Piece } from './byte-pieces.ts';
import type { PackageDownloads } from './package-downloads.ts';
import type { SnapshotPackages } from './package-snapshot.ts';

export type Stream = 'stdout' | 'stderr';

/** Rich output a program displayed (`display(obj)`, `_repr_png_`, matplotlib's `plt.show()`…). */
export type DisplayMime = 'image/png' | 'image/jpeg' | 'image/svg+xml' | 'text/html' | 'text/markdown';
export const DISPLAY_MIMES: readonly DisplayMime[] = ['image/png', 'image/jpeg', 'image/svg+xml', 'text/html', 'text/markdown'];

export interface DisplayOutput {
  mime: DisplayMime;
  /** Bytes for images (`image/png`, `image/jpeg`), text for the rest. */
  data: string | Uint8Array;
}

/** Output as it crossed the wire, in the order Python wrote it: `[stream, text]`, or `['display', mime, data]`. */
export type OutputChunk = [Stream, string] | ['display', DisplayMime, string | Uint8Array];

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export interface PythonError {
  /** The exception's class name, e.g. `ZeroDivisionError`. */
  type: string;
  message: string;
  /** Formatted like CPython's, starting at the user's code (no runtime frames). */
  traceback: string;
  /**
   * The frames `traceback` shows, outermost first, taken from the exception's traceback object, never read from its
   * text (a message can hold lines that look like frames): the console links those in `main.py` to the editor.
   */
  frames?: TracebackFrame[];
  /**
   * 1-based line in the user's code, when there is one: where a SyntaxError is, or else the innermost frame in the
   * user's code (for an error inside a module or a file the program imported, the line that called into it).
   */
  line?: number;
  /**
   * Where on `line` Python puts the error, as 1-based columns in characters (code points): a SyntaxError's
   * `offset`, or the expression the frame was running (CPython 3.11+ positions). Absent where Python gives none.
   */
  column?: number;
  /** The line the range ends on (a multi-line expression ends below `line`); set together with `column`. */
  endLine?: number;
  /** 1-based column on `endLine` just past the range's last character; set together with `column`. */
  endColumn?: number;
  /**
   * Where the error happened when it was not in the user's code: `'setup'` (the run's setup code failed, the user's
   * code did not run; the traceback names `setup.py`) or `'check'` (an exercise's check is broken; `check.py`).
   */
  origin?: 'setup' | 'check';
}

/** One frame of a traceback: where its `File "<file>", line <line>` starts in the traceback's text (UTF-16 offset). */
export interface TracebackFrame {
  file: string;
  line: number;
  /** The function, `<module>` at the top level; empty for where a SyntaxError is. */
  name: string;
  at: number;
}

/** An exercise's verdict on a run (worker/exercise.py), decided by its check after the user's code. */
export interface CheckVerdict {
  passed: boolean;
  /** What the check said: `fail("…")`, `passed("…")`, an assertion's message, or a default. */
  message: string;
  /** Set when the check itself raised (it is broken, not the user's code): its traceback, for the author. */
  error?: PythonError;
}

/** What the interpreter reports at the end of a run; the runtime adds what it knows itself (time, output). */
export type RunOutcome = (
  | { status: 'ok'; result?: string; files: Record<string, Uint8Array> }
  | { status: 'error'; error: PythonError; files: Record<string, Uint8Array> }
  | { status: 'exit'; exitCode: number; files: Record<string, Uint8Array> }
) & {
  /** The check's verdict, when the run had a check and its setup succeeded. Never read from the program's output. */
  check?: CheckVerdict;
};

export interface RunRequest {
  id: number;
  code: string;
  files: Record<string, Uint8Array>;
  /** Characters of output the worker forwards before it starts dropping. */
  outputLimit: number;
  /** A session keeps its globals between runs; an ephemeral run starts from an empty `__main__`. */
  session: boolean;
  /** What `input()` and `sys.stdin` read first. */
  stdin?: string;
  /** Whether someone can type more once `stdin` runs out; otherwise Python sees end of file (`EOFError`). */
  interactive: boolean;
  /** Python run before `code` in the same `__main__`, its output hidden unless it fails. */
  setup?: string;
  /** For session runs: setups that run once per session interpreter (each the first time it sees it), before `setup`. */
  sessionSetups?: string[];
  /** An exercise's check, run after `code` in a namespace of its own (worker/exercise.py). */
  check?: string;
}

export interface BootRequest {
  /** Absolute URL of the Pyodide distribution, ending with `/`. */
  indexURL: string;
  /** Bytes of Wasm memory user code may grow to; growing past it gives Python a `MemoryError`. */
  memoryLimitBytes: number;
  /** Pyodide packages (names in the distribution's lock file, or wheel URLs) loaded before the interpreter is ready. */
  packages: string[];
}

/** `pyodide.mjs` and `pyodide.asm.mjs`: they become the start of the interpreter worker's source. */
export interface PyodideScripts {
  pyodideScript: string;
  moduleScript: string;
}

/** Pyodide's files as the page fetched them, for one distribution and one pool's packages. */
export interface PyodideFiles extends PyodideScripts {
  wasm: Uint8Array;
  stdlib: Uint8Array;
  /** `pyodide-lock.json`, as text. */
  lockFile: string;
  /** The files of the pool's packages and their dependencies, by URL. */
  packageFiles: PackageDownloads;
}

/** The size of the pieces the page sends `pyodide.asm.wasm` and the stdlib in, as it reads them. */
export const ASSET_PIECE_BYTES = PIECE_BYTES;

/** The largest piece of a snapshot in one message between the page and the relay: 4 MiB (the page sends 1 MiB ones). */
export const SNAPSHOT_PIECE_BYTES = 4 << 20;

/**
 * Hands `bytes` to `post` in pieces of at most SNAPSHOT_PIECE_BYTES, each a copy with a buffer of its own (to
 * transfer), one task each: neither side copies the whole at once.
 */
export async function postInPieces(bytes: Uint8Array, post: (piece: Uint8Array) => void): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength; offset += SNAPSHOT_PIECE_BYTES) {
    post(bytes.slice(offset, offset + SNAPSHOT_PIECE_BYTES));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/** The one message the host posts to the isolation frame's window, carrying the relay's private port. */
export const FRAME_CONNECT = 'python-sandbox:connect';

// ── host ⇄ relay ────────────────────────────────────────────────────────────────────────────────

export type HostToRelay =
  | ({ type: 'spawn'; workerId: number } & BootRequest)
  | { type: 'run'; workerId: number; request: RunRequest }
  | { type: 'interrupt'; workerId: number; id: number }
  | { type: 'kill'; workerId: number }
  /** A line for a run waiting in `input()`, `null` for end of file, `false` to interrupt it (KeyboardInterrupt). */
  | { type: 'input'; workerId: number; id: number; text: LineAnswer }
  /**
   * Every file interpreters need, fetched by the page from its own origin (no CORS header needed; the HTTP cache
   * works, which the frame's opaque origin never gets): the frame fetches nothing itself. They come in three steps so
   * that each can start as soon as it can: Pyodide's scripts (workers start, and parse them, while the rest arrives),
   * the other files (the Wasm compiles), then the page's verdict on a snapshot kept from an earlier page.
   */
  | ({ type: 'scripts'; indexURL: string } & PyodideScripts)
  /**
   * The other files. Its `wasm` and `stdlib` are empty when they came before it in `asset-piece` messages, as the page
   * sends them.
   */
  | ({ type: 'assets'; indexURL: string } & Omit<PyodideFiles, keyof PyodideScripts>)
  /**
   * A piece of `pyodide.asm.wasm` or the stdlib (at most ASSET_PIECE_BYTES), in order, as the page reads it: the 12 MiB
   * in one message held the page's main thread for 15–50 ms copying them to the frame's process (bench row 9, traced),
   * and the relay compiles the Wasm as its pieces arrive.
   */
  | { type: 'asset-piece'; indexURL: string; file: 'wasm' | 'stdlib'; bytes: Uint8Array }
  | {
    type: 'cached-snapshot';
    indexURL: string;
    /** The pool's packages, for the key of `snapshot`. */
    packages: string[];
    /**
     * A snapshot the page kept from an earlier page of the site (snapshot-cache.ts), if any: its bytes came before, in
     * `snapshot-piece` messages, and add up to `byteLength`. Spares restore from it.
     */
    snapshot?: { byteLength: number; packages?: SnapshotPackages };
  }
  /**
   * A piece of the kept snapshot (at most SNAPSHOT_PIECE_BYTES), in order, one task each: 30 MiB posted at once held
   * the page's main thread for 50–60 ms, copying it to the frame's process. A number is a piece of that many zero
   * bytes, which is not copied across at all (14 of a snapshot's 30 MiB are).
   */
  | { type: 'snapshot-piece'; indexURL: string; bytes: Piece }
  /** The pieces sent so far are not a snapshot after all (the page tries its next source): forget them. */
  | { type: 'snapshot-discard'; indexURL: string }
  /** The host's watchdog: a relay that stops answering pings is torn down and rebuilt. */
  | { type: 'ping'; seq: number };

export type BootSource = 'snapshot' | 'plain';

/** What a program waiting in `input()` gets: a line, end of file (`null`), or an interrupt (`false`). */
export type LineAnswer = string | null | false;

export interface BootReport {
  source: BootSource;
  /** Milliseconds from the worker's first message to a ready interpreter. */
  bootMs: number;
  /** Why the pool's packages could not be loaded; the interpreter booted but cannot run the pool's programs. */
  packageError?: string;
  /** Whether the pool's packages came imported with the snapshot (pure Python), rather than loaded by this boot. */
  packagesFromSnapshot: boolean;
  /** Where a boot from the snapshot spent its time, for the benchmark. */
  phases?: BootPhases;
}

/** Milliseconds of a boot from the snapshot; `bootMs` minus their sum is the setup after Pyodide has loaded. */
export interface BootPhases {
  /** From the worker's first message until instantiation: fetching and evaluating Pyodide's JavaScript. */
  fetchMs: number;
  /** Instantiating the relay's compiled `pyodide.asm.wasm` (nothing is compiled per worker). */
  instantiateMs: number;
  /** From instantiation until `loadPyodide` resolves: Emscripten's start-up and restoring the memory snapshot. */
  restoreMs: number;
}

export type RelayToHost =
  | ({ type: 'booted'; workerId: number; interruptible: boolean } & BootReport)
  | { type: 'boot-failed'; workerId: number; error: SerializedError }
  | { type: 'started'; workerId: number; id: number }
  /** The run waits for a line of input; the deadline pauses until the host answers with `input`. */
  | { type: 'input-request'; workerId: number; id: number; prompt: string }
  /** Python runs while the program waits for input: the run's clock runs again. */
  | { type: 'input-busy'; workerId: number; id: number }
  | { type: 'output'; workerId: number; id: number; chunks: OutputChunk[]; dropped: boolean }
  | { type: 'finished'; workerId: number; id: number; outcome: RunOutcome }
  | { type: 'crashed'; workerId: number; error: SerializedError }
  /**
   * A copy of the snapshot the relay's own maker took before any user code (the maker is never given a run), for the
   * page to keep for the site's next pages.
   */
  | { type: 'snapshot-made'; byteLength: number; packages?: SnapshotPackages }
  /** A piece of that snapshot (at most SNAPSHOT_PIECE_BYTES, a multiple of 1 MiB but the last), before `snapshot-made`. */
  | { type: 'snapshot-made-piece'; bytes: Uint8Array }
  | { type: 'pong'; seq: number };

// ── relay ⇄ worker (over a private MessagePort handed to the worker in its boot message) ───────

export interface WorkerBoot extends BootRequest {
  type: 'boot';
  port: MessagePort;
  /** `pyodide.asm.wasm`, compiled once by the relay. */
  wasmModule: WebAssembly.Module;
  /** `python_stdlib.zip`, as the page fetched it. */
  stdlib?: Uint8Array;
  /** `pyodide-lock.json`, parsed. */
  lockFile: unknown;
  /** Restore from this memory snapshot instead of booting CPython from scratch. */
  snapshot?: Uint8Array;
  /** When the snapshot holds the packages, imported: their files and Pyodide's record of them, put back after restoring. */
  snapshotPackages?: SnapshotPackages;
  /** Package files earlier boots of this pool downloaded, by URL, served to Pyodide instead of fetching them again. */
  packageDownloads?: PackageDownloads;
  /**
   * Only make the snapshot (and the packages, when they can be held in it) and hand it over: the relay's maker, which
   * is terminated then and never runs a program.
   */
  makeSnapshot: boolean;
  /** An `Int32Array` over a `SharedArrayBuffer`, when the frame is cross-origin isolated. */
  interruptBuffer?: Int32Array;
}

/** Pyodide's scripts as one module (pyodide-module.ts), posted to a worker as soon as the page has sent them. */
export interface WorkerScripts {
  type: 'scripts';
  module: Blob;
}

/** What the relay posts on a worker's global channel, in this order; everything after goes over the boot's port. */
export type RelayToNewWorker = WorkerScripts | WorkerBoot;

/** A worker's answer to its scripts, on its global channel (before its boot, so before any user code). */
export type ScriptsReport = { type: 'scripts-imported' } | { type: 'scripts-refused'; error: SerializedError };

export type RelayToWorker =
  | { type: 'run'; request: RunRequest }
  | { type: 'input'; id: number; text: LineAnswer };

export type WorkerToRelay =
  | ({ type: 'booted' } & BootReport)
  /** The snapshot for this boot's configuration; `packages` when it holds the packages (see package-snapshot.ts). */
  | { type: 'snapshot'; bytes: Uint8Array; packages?: SnapshotPackages }
  | { type: 'boot-failed'; error: SerializedError }
  /** Package files this boot had to download, for the relay to hand to the pool's next spares. */
  | { type: 'package-downloads'; downloads: PackageDownloads }
  | { type: 'started'; id: number }
  | { type: 'input-request'; id: number; prompt: string }
  /** Python ran while the program waited for input (a timer, a task, a callback): its clock must run again. */
  | { type: 'input-busy'; id: number }
  | { type: 'output'; id: number; chunks: OutputChunk[]; dropped: boolean }
  | { type: 'finished'; id: number; outcome: RunOutcome }
  | { type: 'fatal'; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  // Not every failure is an Error: an ErrorEvent, a DOMException from another realm, a plain object.
  const described = error as { name?: unknown; message?: unknown } | null;
  if (described && typeof described.message === 'string' && described.message) {
    return { name: typeof described.name === 'string' ? described.name : 'Error', message: described.message };
  }
  if (described && typeof described === 'object') {
    let json = '';
    try {
      json = JSON.stringify(error);
    } catch {
      // cyclic: keep the type below
    }
    return { name: 'Error', message: json && json !== '{}' ? json : `${described.constructor?.name ?? 'Object'} without a message` };
  }
  return { name: 'Error', message: String(error) };
}
