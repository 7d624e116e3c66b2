import type { CheckVerdict, DisplayOutput, PythonError, Stream } from '../../worker/protocol.ts';
import type { EndpointFactory } from './endpoint.ts';

export type { CheckVerdict, DisplayOutput, PythonError, Stream };

export type RunStatus = 'ok' | 'error' | 'timeout' | 'stopped' | 'exit' | 'crashed';

export interface PoolOptions {
  /** Spare interpreters kept booted, and the most runs executed at once. Default 2. */
  size?: number;
  /** Where Pyodide's files live (a folder URL). Default: `configure({ indexURL })`, else `./pyodide/` beside this module. */
  indexURL?: string;
  /** Wasm memory an interpreter may grow to, in MiB; past it Python gets `MemoryError`. Default 256. */
  memoryLimitMiB?: number;
  /** Characters of stdout + stderr kept per run; the rest is dropped and the result says `truncated`. Default 1 000 000. */
  outputLimit?: number;
  /**
   * Pyodide packages every interpreter of the pool loads before it is ready: names from the distribution's
   * `pyodide-lock.json` (at `indexURL`) or absolute URLs of wheels. A package that cannot be loaded makes every run
   * end with `status: 'error'`, `error.type: 'PackageError'`.
   */
  packages?: string[];
  /** What runs the interpreters. Default: workers inside an opaque-origin sandboxed frame. Tests pass others. */
  createEndpoint?: EndpointFactory;
  /** @internal How long the relay may leave a ping unanswered before it is replaced. Default 10 000 ms. */
  relayDeadlineMs?: number;
  /** @internal Room on the page for a run beyond `size`, for runs waiting for input (shared-pools.ts). */
  pageRoom?: () => number;
  /** @internal How long after its last run the pool keeps two spares instead of one. Default 30 000 ms. */
  activeSparesMs?: number;
}

export interface RunOptions {
  /** Milliseconds of execution before the run is killed; counted from the moment user code starts. 0 = none. Default 5000. */
  timeout?: number;
  /** Files written into the run's working directory before it starts. Names are relative, without `..`. */
  files?: Record<string, string | Uint8Array>;
  /** Text `input()` and `sys.stdin` read first; when it runs out, `onInput` is asked, else they see end of file (`EOFError`). */
  stdin?: string;
  /**
   * Called when the program waits for a line of input (`input()`, `sys.stdin.readline()`) and `stdin` has run out;
   * `prompt` is what `input()` printed. Return (or resolve to) the line, or `null` for end of file. The run's
   * deadline is paused while it waits. Needs WebAssembly JSPI (Chromium, Firefox); elsewhere Python sees end of file.
   */
  onInput?: (prompt: string) => string | null | Promise<string | null>;
  /**
   * Milliseconds the program may wait in `input()` for one line before the run ends `'timeout'` (the deadline is
   * paused while it waits, but the run holds an interpreter). 0 = no bound. Default 300 000 (5 minutes).
   */
  inputTimeout?: number;
  /**
   * Called with why the run waits in the queue instead of starting (other runs hold every interpreter the pool may
   * use, some of them waiting for input), and with `undefined` when it leaves the queue.
   */
  onQueued?: (reason: string | undefined) => void;
  /** Aborting stops the run (`status: 'stopped'`), or removes it from the queue if it has not started. */
  signal?: AbortSignal;
  /** Called as output arrives, in order, in batches. */
  onOutput?: (stream: Stream, text: string) => void;
  /** Called for each picture or page the program displays, in order with `onOutput`. */
  onDisplay?: (output: DisplayOutput) => void;
  /**
   * Python run before `code`, in the same interpreter and `__main__`, on every run (time counts against `timeout`).
   * Its output is hidden unless it fails; then the run ends `status: 'error'` with `error.origin: 'setup'` (traceback in
   * `setup.py`) and `code` does not run. Tracebacks and `error.line` of `code` count `code`'s own lines.
   */
  setup?: string;
  /**
   * An exercise's check: Python run after `code` (also when it raised, not when setup failed) in a namespace of its own,
   * which decides `result.check` through `fail()`, `passed()`, `expect_output()`, `assert` and `reader` (see docs/lessons.md, "Exercises").
   */
  check?: string;
  /**
   * For runs of a session with `replay`: told as the session restores its lost state before this run (each earlier
   * run replayed, output hidden), and when it could not and starts fresh (`note` says why).
   */
  onReplay?: (progress: ReplayProgress) => void;
}

/** How restoring a lost session goes, before the run that asked for it. */
export type ReplayProgress =
  | { state: 'replaying'; run: number; runs: number }
  | { state: 'failed'; note: string };

/** What a session may be asked for: see `SandboxPool.session`. */
export interface SessionOptions {
  /**
   * Keep the code (with its files, stdin and the lines typed into `input()`) of the runs Python finished, and when a
   * kill or a crash loses the interpreter, replay them on a fresh one, output hidden, before the next run. Default
   * `false` for the headless runtime; `<python-sandbox>` turns it on.
   */
  replay?: boolean;
  /**
   * Python run once on each interpreter the session gets (its first run, and the first after a reset or a lost
   * state), before that run's code and `setup`. Each different setup given for one session name runs once.
   */
  setup?: string;
}

export interface RunResult {
  status: RunStatus;
  stdout: string;
  stderr: string;
  /** Pictures and pages the program displayed (`display()`, `_repr_png_`, `_repr_svg_`, `_repr_html_`…), in order. */
  outputs: DisplayOutput[];
  /** `repr()` of the program's last expression, when it is not `None`. */
  result?: string;
  /** For `'error'` (a Python exception) and `'crashed'` (the interpreter died). */
  error?: PythonError;
  /** For `'exit'`: the code given to `SystemExit` / `sys.exit()`. */
  exitCode?: number;
  /** Files created or changed in the working directory by this run. */
  files: Record<string, Uint8Array>;
  /** Output went past the pool's `outputLimit` and the rest was dropped. */
  truncated: boolean;
  /** Execution time only: not boot, not queueing. */
  durationMs: number;
  /**
   * For session runs: whether the session's globals survived this run (`'lost'` after a kill), or were restored
   * before it by replaying the session's earlier runs (`'replayed'`, sessions with `replay`).
   */
  sessionState?: 'kept' | 'lost' | 'replayed';
  /**
   * Why a session with `replay` started fresh before this run instead of restoring its state ("Could not restore the
   * session: …; starting fresh."); `sessionState` is then `'lost'`.
   */
  sessionNote?: string;
  /** The check's verdict, for a run with `check` that was not stopped or timed out and whose setup succeeded. */
  check?: CheckVerdict;
}
