import type { RunOptions, RunResult } from './types.ts';

interface SessionHost {
  run(code: string, options: RunOptions): Promise<RunResult>;
  reset(): void;
}

/**
 * One persistent interpreter of a pool: globals survive between runs, like notebook cells. Runs on a session
 * execute one at a time, in the order they were asked for.
 */
export class SandboxSession {
  constructor(
    readonly name: string,
    private readonly host: SessionHost,
  ) {}

  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.host.run(code, options);
  }

  /** Forgets the session's state: a running run ends as `'stopped'`, the next run starts on a fresh interpreter. */
  reset(): void {
    this.host.reset();
  }
}
