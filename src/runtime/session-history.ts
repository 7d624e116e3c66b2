import type { RunOptions, RunResult } from './types.ts';
import { checkTimeout } from './validate.ts';

/** How a kept run ended; its replay must end the same way, or the session cannot be restored. */
type Ending = { status: 'ok' } | { status: 'error'; type: string } | { status: 'exit'; exitCode: number };

/** One finished run of a session, with what it takes to run it again as it ran. */
interface KeptRun {
  code: string;
  files: Record<string, string | Uint8Array> | undefined;
  /** The `stdin` it was given, then the lines typed into `input()` while it ran. */
  stdin: string;
  timeout: number;
  durationMs: number;
  ending: Ending;
}

/** What a session keeps to replay; past either limit it keeps nothing, and losing the interpreter loses the state. */
export const REPLAY_LIMITS = {
  runs: 100,
  /** Characters of code, stdin and typed lines, plus bytes (or characters) of files, over all kept runs. */
  size: 4_000_000,
};

/** A run kept without a deadline (`timeout: 0`) is replayed with this long, or 10× what it took, if that is more. */
const UNLIMITED_REPLAY_FLOOR_MS = 10_000;
/**
 * What a replayed run gets beyond its own timeout: a run that finished well inside it may take longer on a busy
 * machine (measured: `import os` past a 300 ms deadline at load 10), and a replay that times out loses the session.
 */
const replayDeadline = (kept: KeptRun) => Math.ceil(kept.timeout
  ? Math.max(kept.timeout, 2 * kept.durationMs + 1000)
  : Math.max(UNLIMITED_REPLAY_FLOOR_MS, kept.durationMs * 10));

/** The code's first line, short, to name a run in a note. */
const firstLine = (code: string) => {
  const line = code.trim().split('\n')[0];
  return line.length > 40 ? line.slice(0, 39) + '…' : line;
};

/**
 * What a session with `replay` keeps of its runs, and the replay that restores its state on a fresh interpreter when
 * the old one was lost (killed at a deadline or a Stop on a page that cannot interrupt, crashed).
 *
 * Kept are the runs Python finished: `ok`, an exception, `sys.exit()`. A run that raised after defining things
 * leaves those definitions in a notebook, so it is replayed too, and must raise the same exception type again. Runs
 * that timed out, were stopped or crashed are not kept. A replay that ends differently from the original (time or
 * randomness, say) gives up: the session starts fresh and the run says why in `sessionNote`.
 */
export class SessionHistory {
  private kept: KeptRun[] = [];
  private size = 0;
  /** Past REPLAY_LIMITS: nothing is kept until the session next starts fresh. */
  private overflowed = false;
  /** The interpreter holding the kept runs' state is gone: the next run replays them first. */
  private lost = false;
  /** Bumped by `forget()`, so a run or replay that began before it keeps nothing and stops replaying. */
  private generation = 0;

  /** Whether the next run replays the kept runs first. */
  get needsReplay(): boolean {
    return this.lost && (this.kept.length > 0 || this.overflowed);
  }

  forget(): void {
    this.kept = [];
    this.size = 0;
    this.overflowed = false;
    this.lost = false;
    this.generation++;
  }

  /**
   * Runs `code` after restoring the session if it was lost. `run` is the pool's: one run on the session's interpreter
   * (a fresh one when the last was lost); `reset` drops that interpreter.
   */
  async run(code: string, options: RunOptions, host: { run: SessionRun; reset(): void }): Promise<RunResult> {
    let generation = this.generation;
    let sessionNote: string | undefined;
    let replayed = false;
    if (this.needsReplay) {
      const replay = await this.replay(host.run, options);
      if (replay === 'stopped' || this.generation !== generation) {
        host.reset(); // on a page that interrupts, the interpreter holds half the state: the next run replays afresh
        if (this.generation === generation) this.lost = true;
        return stoppedResult({ sessionState: 'lost' });
      }
      if (replay === 'replayed') replayed = true;
      else {
        sessionNote = `Could not restore the session: ${replay}; starting fresh.`;
        this.forget();
        generation = this.generation;
        host.reset();
        options.onReplay?.({ state: 'failed', note: sessionNote });
      }
    }
    const answers: string[] = [];
    const result = await host.run(code, { ...options, onInput: recordAnswers(options.onInput, answers) });
    if (this.generation === generation) this.keep(code, options, answers, result);
    if (sessionNote) return { ...result, sessionState: 'lost', sessionNote };
    return replayed && result.sessionState === 'kept' ? { ...result, sessionState: 'replayed' } : result;
  }

  private keep(code: string, options: RunOptions, answers: string[], result: RunResult): void {
    if (result.sessionState === 'lost') {
      this.lost = true;
      return;
    }
    const ending = endingOf(result);
    if (!ending || this.overflowed) return;
    const given = options.stdin ?? '';
    const typed = answers.map((line) => line + '\n').join('');
    const stdin = given && typed && !given.endsWith('\n') ? `${given}\n${typed}` : given + typed;
    const files = options.files && copyFiles(options.files);
    const run: KeptRun = { code, files, stdin, timeout: checkTimeout(options.timeout), durationMs: result.durationMs, ending };
    this.size += code.length + stdin.length + filesSize(files);
    this.kept.push(run);
    if (this.kept.length > REPLAY_LIMITS.runs || this.size > REPLAY_LIMITS.size) {
      this.kept = [];
      this.size = 0;
      this.overflowed = true;
    }
  }

  /** Replays the kept runs in order: `'replayed'`, `'stopped'`, or why it failed. */
  private async replay(run: SessionRun, options: RunOptions): Promise<'replayed' | 'stopped' | string> {
    this.lost = false;
    if (this.overflowed) {
      return `it ran more than ${REPLAY_LIMITS.runs} cells or ${REPLAY_LIMITS.size.toLocaleString('en')} characters, more than is kept to replay`;
    }
    const generation = this.generation;
    const { signal } = options;
    for (const [index, kept] of this.kept.entries()) {
      options.onReplay?.({ state: 'replaying', run: index + 1, runs: this.kept.length });
      const timeout = replayDeadline(kept);
      const result = await run(kept.code, { timeout, files: kept.files, stdin: kept.stdin, signal });
      if (signal?.aborted || this.generation !== generation) return 'stopped';
      const failure = differs(kept, result, timeout);
      if (failure) return `replaying run ${index + 1} of ${this.kept.length} (\`${firstLine(kept.code)}\`) ${failure}`;
    }
    return 'replayed';
  }
}

type SessionRun = (code: string, options: RunOptions) => Promise<RunResult>;

function endingOf(result: RunResult): Ending | undefined {
  if (result.status === 'ok') return { status: 'ok' };
  if (result.status === 'error' && result.error) return { status: 'error', type: result.error.type };
  if (result.status === 'exit') return { status: 'exit', exitCode: result.exitCode ?? 0 };
  return undefined;
}

/** How a replayed run ended differently from the original, if it did. */
function differs(kept: KeptRun, result: RunResult, timeout: number): string | undefined {
  const expected = kept.ending;
  const ending = endingOf(result);
  if (ending && JSON.stringify(ending) === JSON.stringify(expected)) return undefined;
  if (result.status === 'timeout') return `did not finish within ${timeout} ms`;
  if (result.status === 'crashed') return `crashed (${result.error?.message ?? 'the interpreter died'})`;
  if (result.status === 'error') {
    const message = (result.error?.message ?? '').split('\n')[0].slice(0, 200);
    return `raised ${result.error?.type ?? 'an exception'}${message ? `: ${message}` : ''}`;
  }
  if (result.status === 'exit') return `exited with code ${result.exitCode ?? 0}`;
  if (expected.status === 'error') return `did not raise ${expected.type} as it did the first time`;
  if (expected.status === 'exit') return `did not exit as it did the first time`;
  return `ended as ${result.status}`;
}

/** Wraps `onInput` to note the lines the program was given, so a replay can hand them over as stdin. */
function recordAnswers(onInput: RunOptions['onInput'], answers: string[]): RunOptions['onInput'] {
  if (!onInput) return undefined;
  let ended = false;
  return async (prompt) => {
    let line: string | null;
    try {
      line = await onInput(prompt);
    } catch (error) {
      ended = true; // the pool gives the program end of file
      throw error;
    }
    // After end of file the program saw EOFError; a line typed later cannot be replayed from stdin in the same place.
    if (typeof line === 'string' && !ended) answers.push(line);
    else ended = true;
    return line;
  };
}

function copyFiles(files: Record<string, string | Uint8Array>): Record<string, string | Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, data instanceof Uint8Array ? data.slice() : data]));
}

function filesSize(files: Record<string, string | Uint8Array> | undefined): number {
  let size = 0;
  for (const data of Object.values(files ?? {})) size += typeof data === 'string' ? data.length : data.byteLength;
  return size;
}

/** A run stopped before its own code ran: while it waited for its turn, or for the session to be restored. */
export function stoppedResult(extra: Partial<RunResult> = {}): RunResult {
  return { status: 'stopped', stdout: '', stderr: '', outputs: [], files: {}, truncated: false, durationMs: 0, ...extra };
}
