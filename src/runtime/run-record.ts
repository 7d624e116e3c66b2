import type { DisplayOutput, OutputChunk, RunOutcome } from '../../worker/protocol.ts';
import type { PythonError, RunOptions, RunResult, RunStatus } from './types.ts';

/** Why the runtime ended a run itself, overriding what the interpreter reports. */
export type KillReason = 'timeout' | 'stopped';

/**
 * One run's bookkeeping on the host: its output so far (capped), its clock and how it ends. The result is built
 * here from the runtime's own records, never from a message user code could have written.
 */
export class RunRecord {
  stdout = '';
  stderr = '';
  readonly outputs: DisplayOutput[] = [];
  truncated = false;
  startedAt: number | undefined;
  killReason: KillReason | undefined;
  deadline: ReturnType<typeof setTimeout> | undefined;
  /** Set while the program waits in `input()`: its clock is paused. */
  waitingForInput = false;
  /** The bound on one wait in `input()` (`inputTimeout`), while it waits. */
  private inputDeadline: ReturnType<typeof setTimeout> | undefined;
  /** The run was ended for waiting in `input()` past its bound: its result says so. */
  private inputTimedOut = false;
  private keptChars = 0;
  /** Execution time of the stretches before the current one; waiting for input does not count. */
  private executedMs = 0;
  private stretchStartedAt: number | undefined;
  private onDeadline: (() => void) | undefined;

  constructor(
    readonly id: number,
    readonly options: RunOptions,
    private readonly outputLimit: number,
    private readonly settle: (result: RunResult) => void,
  ) {}

  append(chunks: OutputChunk[], droppedByWorker: boolean): void {
    if (droppedByWorker) this.truncated = true;
    for (const chunk of chunks) {
      const room = this.outputLimit - this.keptChars;
      if (room <= 0) {
        this.truncated = true;
        return;
      }
      if (chunk[0] === 'display') {
        const output: DisplayOutput = { mime: chunk[1], data: chunk[2] };
        if (output.data.length > room) {
          this.truncated = true;
          continue;
        }
        this.keptChars += output.data.length;
        this.outputs.push(output);
        this.options.onDisplay?.(output);
        continue;
      }
      const [stream, text] = chunk;
      const kept = text.length > room ? text.slice(0, room) : text;
      if (kept.length < text.length) this.truncated = true;
      this.keptChars += kept.length;
      if (stream === 'stdout') this.stdout += kept;
      else this.stderr += kept;
      this.options.onOutput?.(stream, kept);
    }
  }

  /** User code started: the deadline counts from now. */
  startClock(onDeadline: () => void): void {
    this.startedAt = this.stretchStartedAt = performance.now();
    this.onDeadline = onDeadline;
    this.armDeadline();
  }

  /** The program waits for input: its time stops counting. */
  pauseClock(): void {
    if (this.stretchStartedAt === undefined) return;
    this.executedMs += performance.now() - this.stretchStartedAt;
    this.stretchStartedAt = undefined;
    this.waitingForInput = true;
    if (this.killReason) return;
    clearTimeout(this.deadline);
    const { inputTimeout } = this.options;
    const onDeadline = this.onDeadline;
    if (inputTimeout && onDeadline) {
      this.inputDeadline = setTimeout(() => {
        this.inputTimedOut = true;
        onDeadline();
      }, inputTimeout);
    }
  }

  /** The program got its line and runs again, with what is left of its time. */
  resumeClock(): void {
    if (this.startedAt === undefined) return;
    this.waitingForInput = false;
    clearTimeout(this.inputDeadline);
    if (this.stretchStartedAt !== undefined) return; // its clock already ran again: see clockWhileWaiting
    this.stretchStartedAt = performance.now();
    if (!this.killReason) this.armDeadline();
  }

  /**
   * Python runs while the program waits for input (a timer, an asyncio task, a callback): that is execution, not
   * waiting, so the clock runs again and the deadline with it, while the program still waits for its line.
   */
  clockWhileWaiting(): void {
    if (!this.waitingForInput || this.stretchStartedAt !== undefined || this.startedAt === undefined) return;
    this.stretchStartedAt = performance.now();
    if (!this.killReason) this.armDeadline();
  }

  private armDeadline(): void {
    const { timeout } = this.options;
    if (timeout && this.onDeadline) this.deadline = setTimeout(this.onDeadline, Math.max(0, timeout - this.executedMs));
  }

  get durationMs(): number {
    if (this.startedAt === undefined) return 0;
    return this.executedMs + (this.stretchStartedAt === undefined ? 0 : performance.now() - this.stretchStartedAt);
  }

  finish(outcome: RunOutcome, extra: Partial<RunResult> = {}): void {
    const status: RunStatus = this.killReason ?? outcome.status;
    const result: RunResult = this.base(status, extra);
    result.files = outcome.files;
    if (!this.killReason) {
      if (outcome.status === 'ok' && outcome.result !== undefined) result.result = outcome.result;
      if (outcome.status === 'error') result.error = { ...outcome.error, line: outcome.error.line ?? undefined };
      if (outcome.status === 'exit') result.exitCode = outcome.exitCode;
      // A run stopped or timed out has no verdict: its check, if it ran at all, saw a program cut short.
      const setupFailed = outcome.status === 'error' && outcome.error.origin === 'setup';
      if (outcome.check) result.check = outcome.check;
      else if (this.options.check && !setupFailed) result.check = { passed: false, message: 'The check did not run.' };
    }
    this.settle(result);
  }

  /** Ends the run without the interpreter's word: killed, crashed, or never started. */
  end(status: RunStatus, extra: Partial<RunResult> = {}): void {
    this.settle(this.base(status, extra));
  }

  private base(status: RunStatus, extra: Partial<RunResult>): RunResult {
    clearTimeout(this.deadline);
    clearTimeout(this.inputDeadline);
    const waitedTooLong = status === 'timeout' && this.inputTimedOut ? { error: inputTimeoutError(this.options.inputTimeout ?? 0) } : {};
    return {
      status,
      stdout: this.stdout,
      stderr: this.stderr,
      outputs: this.outputs,
      files: {},
      truncated: this.truncated,
      durationMs: this.durationMs,
      ...waitedTooLong,
      ...extra,
    };
  }
}

/** What a run ended for waiting in `input()` too long says. */
function inputTimeoutError(inputTimeout: number): PythonError {
  const message = `python-sandbox: the program waited for input for more than ${Math.round(inputTimeout / 1000)} s, so its run was ended`;
  return { type: 'InputTimeout', message, traceback: `${message}\n` };
}
