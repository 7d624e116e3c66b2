import { SessionHistory, stoppedResult } from './session-history.ts';
import type { RunOptions, RunResult, SessionOptions } from './types.ts';
import { checkCode, checkFiles, checkStdin, checkTimeout, describe } from './validate.ts';

interface SessionHost {
  run(code: string, options: RunOptions): Promise<RunResult>;
  reset(): void;
}

/**
 * One persistent interpreter of a pool: globals survive between runs, like notebook cells. Runs on a session
 * execute one at a time, in the order they were asked for. With `replay`, a session whose interpreter was lost
 * restores its state before its next run by replaying its earlier runs (see `SessionOptions.replay`).
 */
export class SandboxSession {
  private replay = false;
  private readonly history = new SessionHistory();
  /** Settles when every run asked for so far has: with `replay`, whether a run replays first depends on the last. */
  private last: Promise<unknown> = Promise.resolve();
  private freshStarts = 0;
  private readonly sessionSetups: string[] = [];

  constructor(
    readonly name: string,
    private readonly host: SessionHost,
    options?: SessionOptions,
  ) {
    this.configure(options);
  }

  /** The session's setups (`pool.session(name, { setup })`): each runs once on every interpreter the session gets. */
  get setups(): readonly string[] {
    return this.sessionSetups;
  }

  /** @internal Adds a setup, once; the pool calls it for `pool.session(name, { setup })`. */
  addSetup(setup: string): void {
    if (!this.sessionSetups.includes(setup)) this.sessionSetups.push(setup);
  }

  /** @internal The options of each `pool.session(name, options)` call; they apply from the next run asked for. */
  configure(options: SessionOptions | undefined): void {
    if (options === undefined) return;
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`python-sandbox: session options must be an object, got ${describe(options)}`);
    }
    const { replay } = options;
    if (replay === undefined || replay === this.replay) return;
    if (typeof replay !== 'boolean') throw new TypeError(`python-sandbox: the session option replay must be true or false, got ${describe(replay)}`);
    this.replay = replay;
    this.history.forget(); // runs made while it was off were not kept: a replay of the rest would be wrong
  }

  /**
   * How many times the session's state started over: `reset()`, or an interpreter lost and not restored (no
   * `replay`, or a replay that failed). Lets callers tell which runs the current state has seen.
   */
  get restarts(): number {
    return this.freshStarts;
  }

  async run(code: string, options: RunOptions = {}): Promise<RunResult> {
    if (!this.replay) {
      const result = await this.host.run(code, options);
      if (result.sessionState === 'lost') this.freshStarts++;
      return result;
    }
    // The pool checks these too, later; checked now, a bad argument rejects before the runs ahead of it finish.
    checkCode(code);
    checkFiles(options.files);
    checkStdin(options.stdin);
    checkTimeout(options.timeout);
    const previous = this.last;
    const turn = waitForTurn(previous, options.signal).then(async (stopped) => {
      if (stopped) return stoppedResult();
      const result = await this.history.run(code, options, this.host);
      if (result.sessionNote) this.freshStarts++;
      return result;
    });
    this.last = Promise.allSettled([previous, turn]);
    return turn;
  }

  /**
   * Forgets the session's state (and with `replay`, the runs it kept): a running run ends as `'stopped'`, the next
   * run starts on a fresh interpreter.
   */
  reset(): void {
    this.history.forget();
    this.freshStarts++;
    this.host.reset();
  }
}

/** Resolves when `previous` settles (`false`), or earlier when `signal` aborts (`true`). */
function waitForTurn(previous: Promise<unknown>, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => resolve(true);
    signal?.addEventListener('abort', onAbort, { once: true });
    void previous.finally(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    });
  });
}
