import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SandboxCheckEvent } from '../events/sandbox-check.ts';
import { SandboxCompleteEvent } from '../events/sandbox-complete.ts';
import { SandboxOutputEvent } from '../events/sandbox-output.ts';
import { SandboxReadyEvent } from '../events/sandbox-ready.ts';
import { SandboxStartEvent } from '../events/sandbox-start.ts';
import { SandboxTimeoutEvent } from '../events/sandbox-timeout.ts';
import { stoppedResult } from '../runtime/session-history.ts';
import type { DisplayOutput, ReplayProgress, RunOptions, RunResult, Stream } from '../runtime/types.ts';
import type { Preload } from './attribute-converters.ts';
import type { ConsoleBuffer } from './console-buffer.ts';
import { type Cell, type EarlierRun, markRan, registerEarlierRun, runEarlierCells, unmarkRan } from './earlier-cells.ts';
import type { EditorCode } from './editor-code.ts';
import type { ErrorMarkController } from './error-mark.ts';
import type { ExerciseController, ExerciseRun } from './exercise-controller.ts';
import type { InputController } from './input-controller.ts';
import type { PoolController } from './pool-controller.ts';
import { type StatusLine, describeResult, loadingText } from './status-text.ts';
import { appendTraceback } from './traceback-links.ts';

/** Said in an earlier cell's console when a later cell's run ran its original instead of the editor's code. */
const FOREIGN_NOTES = {
  link: "Ran the page's original code for this cell: the code in the editor came from a link, and runs only when you press Run here.",
  kept: "Ran the page's original code for this cell: the code in the editor was kept from an earlier visit, and runs only when you press Run here.",
} as const;

/** What a run reads of the element: its public properties, and `clear()` and the other cells' `run()`. */
export type RunHost = ReactiveControllerHost & HTMLElement & Cell & {
  timeout: number;
  autorun: boolean;
  preload: Preload;
  packages: string[] | undefined;
  files: Record<string, string | Uint8Array> | undefined;
  stdin: string | undefined;
  lastResult: RunResult | undefined;
  clear(): void;
};

/** The parts of the element a run drives. */
export interface RunParts {
  /** The element's custom states: `ready`, `running` and `error` are this controller's. */
  readonly states: CustomStateSet;
  readonly status: StatusLine;
  readonly output: ConsoleBuffer;
  readonly pool: PoolController;
  readonly exercise: ExerciseController;
  readonly errorMark: ErrorMarkController;
  readonly input: InputController;
  readonly code: EditorCode;
}

/**
 * A run of the element, from start to finish: its options (timeout, files, stdin, the exercise's setup and check,
 * the session, with the cells above it first under `run-earlier`), the console and status line as it goes, the
 * result in the console and the editor when it ends, and the element's events and states (`ready`, `running`,
 * `error`), as Lit's Task keeps a status and its transitions in one place.
 */
export class RunController implements ReactiveController {
  /** Whether a run is going on. */
  running = false;
  private abort: AbortController | undefined;

  constructor(private readonly host: RunHost, private readonly parts: RunParts) {
    host.addController(this);
    registerEarlierRun(host, this.asEarlierCell);
  }

  hostDisconnected(): void {
    this.parts.states.delete('ready');
  }

  /** The pool booted: say so, and run the author's code if `autorun` (not an edit kept from an earlier visit, nor a link's code). */
  poolReady(): void {
    const { host, parts } = this;
    parts.states.add('ready');
    if (!this.running && !host.lastResult) parts.status.text = 'Ready';
    host.dispatchEvent(new SandboxReadyEvent());
    if (host.autorun && !host.lastResult && !this.running && host.code === parts.code.original) void host.run();
  }

  /** Before the pool boots: the status line says when Python loads. */
  sayLoading(): void {
    if (this.running || this.parts.states.has('ready')) return;
    this.parts.status.text = this.host.preload === 'none' && !this.parts.pool.leased ? 'Python loads on first run' : this.loadingText;
  }

  /** Run, or Stop while a run goes on (the toolbar's first button). */
  readonly toggle = () => {
    if (this.running) this.host.stop();
    else void this.host.run();
  };

  /** A run the reader (or the page's script) asked of this element: the editor's code becomes theirs. */
  run(code: string): Promise<RunResult> {
    this.parts.code.ran(code);
    return this.start(code);
  }

  /**
   * This element run on a later cell's behalf (`run-earlier`): the editor's code, unless it came from a link or a
   * kept edit the reader has not run here; then the original, and the console says so.
   */
  readonly asEarlierCell: EarlierRun = {
    code: () => this.parts.code.forOtherCells.code,
    run: () => {
      const { code, foreign } = this.parts.code.forOtherCells;
      return this.start(code, foreign && FOREIGN_NOTES[foreign]);
    },
  };

  private async start(code: string, note?: string): Promise<RunResult> {
    if (!code.trim()) return this.runNothing(code);
    const { host, parts } = this;
    host.stop();
    const abort = (this.abort = new AbortController());
    const pool = parts.pool.pool();
    host.clear();
    if (note) parts.output.note(note);
    this.setRunning(true);
    parts.status.text = this.runningText;
    host.dispatchEvent(new SandboxStartEvent(code));
    const exercise = parts.exercise.beforeRun();
    const options = this.options(exercise, abort.signal);
    let result: RunResult;
    const session = host.session ? parts.exercise.session(pool, host.session, exercise.setups) : undefined;
    try {
      if (!session) result = await pool.run(code, options);
      else {
        markRan(session, host);
        const stopped = await runEarlierCells(host, session, abort.signal, (index, count) => {
          parts.status.text = `Running the cells above first (${index} of ${count})…`;
        });
        parts.status.text = this.runningText;
        result = stopped ? stoppedResult() : await session.run(code, options);
        if (result.status === 'stopped') unmarkRan(session, host);
      }
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
    this.finish(result, code);
    return result;
  }

  stop(): void {
    this.abort?.abort();
  }

  private get loadingText(): string {
    return loadingText(this.host.packages);
  }

  private get runningText(): string {
    return this.parts.states.has('ready') ? 'Running…' : this.loadingText;
  }

  private options(exercise: ExerciseRun, signal: AbortSignal): RunOptions {
    const { host, parts } = this;
    return {
      ...(host.session ? {} : { setup: exercise.setups.join('\n') }),
      check: exercise.check,
      timeout: host.timeout,
      files: host.files,
      stdin: host.stdin,
      signal,
      onOutput: (stream: Stream, text: string) => {
        parts.output.append(stream, text);
        host.dispatchEvent(new SandboxOutputEvent(stream, text));
      },
      onDisplay: (output: DisplayOutput) => {
        parts.output.appendDisplay(output);
        host.dispatchEvent(new SandboxOutputEvent('display', '', output));
      },
      onInput: (prompt: string) => parts.input.read(prompt),
      // Other runs hold every interpreter (some wait for input): the status line says why this one waits.
      onQueued: (reason: string | undefined) => (parts.status.text = reason ?? this.runningText),
      onReplay: (progress: ReplayProgress) => {
        if (progress.state === 'failed') parts.output.note(progress.note);
        else parts.status.text = `Restoring the session (run ${progress.run} of ${progress.runs})…`;
      },
    };
  }

  /** Empty code boots nothing and says so in the console, rather than finish silently; the run is `ok`. */
  private runNothing(code: string): RunResult {
    this.host.stop();
    this.host.clear();
    this.host.dispatchEvent(new SandboxStartEvent(code));
    this.parts.output.note('No code to run.');
    const result: RunResult = { status: 'ok', stdout: '', stderr: '', outputs: [], files: {}, truncated: false, durationMs: 0 };
    this.finish(result, code);
    this.parts.status.text = 'No code to run';
    return result;
  }

  private finish(result: RunResult, code: string): void {
    const { host, parts } = this;
    parts.input.cancel();
    host.lastResult = result;
    const { output } = parts;
    if (result.error?.origin === 'setup') output.note("Setup failed: the page's setup code raised an error before your code ran.");
    if (result.status === 'error' && result.error) {
      appendTraceback(output, result.error, code === host.code);
      // A setup's error is not in the reader's code: nothing to mark in the editor.
      if (result.error.origin === undefined) parts.errorMark.show(code, result.error);
    }
    if (result.check?.error) {
      output.note("The exercise's check is broken (a problem of the page, not of your code):");
      output.append('stderr', result.check.error.traceback);
    }
    if (result.status === 'crashed' && result.error) output.append('stderr', result.error.message + '\n');
    if (result.truncated) output.noteTruncated();
    output.flush();
    this.setRunning(false);
    parts.status.text = parts.exercise.afterRun(result) ?? describeResult(result, host.timeout);
    parts.states[result.status === 'ok' || result.status === 'exit' ? 'delete' : 'add']('error');
    if (result.status === 'timeout') host.dispatchEvent(new SandboxTimeoutEvent(host.timeout));
    if (result.check) host.dispatchEvent(new SandboxCheckEvent(result.check));
    host.dispatchEvent(new SandboxCompleteEvent(result));
  }

  private setRunning(running: boolean): void {
    if (running !== this.running) this.host.requestUpdate();
    this.running = running;
    this.parts.states[running ? 'add' : 'delete']('running');
  }
}
