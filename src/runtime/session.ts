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
  private readonly sessionSetups: string[] = [];

  constructor(
    readonly name: string,
    private readonly host: SessionHost,
  ) {}

  /** The session's setups (`pool.session(name, { setup })`): each runs once on every interpreter the session gets. */
  get setups(): readonly string[] {
    return this.sessionSetups;
  }

  /** @internal Adds a setup, once; the pool calls it for `pool.session(name, { setup })`. */
  addSetup(setup: string): void {
    if (!this.sessionSetups.includes(setup)) this.sessionSetups.push(setup);
  }

  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.host.run(code, options);
  }

  /** Forgets the session's state: a running run ends as `'stopped'`, the next run starts on a fresh interpreter. */
  reset(): void {
    this.host.reset();
  }
}
