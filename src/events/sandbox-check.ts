import type { CheckVerdict } from '../runtime/types.ts';

/**
 * An exercise's check judged a run: `passed`, and the check's `message`. `broken` when the check itself raised (its
 * traceback is in the console, for the page's author); the reader's code then counts as not passed. Fired after each
 * run that had a check, just before its `sandbox-complete`.
 */
export class SandboxCheckEvent extends Event {
  static readonly type = 'sandbox-check';
  readonly passed: boolean;
  readonly message: string;
  readonly broken: boolean;

  constructor(verdict: CheckVerdict) {
    super(SandboxCheckEvent.type, { bubbles: true, composed: true });
    this.passed = verdict.passed;
    this.message = verdict.message;
    this.broken = verdict.error !== undefined;
  }
}
