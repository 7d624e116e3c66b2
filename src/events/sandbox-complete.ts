import type { RunResult } from '../runtime/types.ts';

/** A run ended, whatever its status; `result` is the runtime's result. */
export class SandboxCompleteEvent extends Event {
  static readonly type = 'sandbox-complete';
  constructor(readonly result: RunResult) {
    super(SandboxCompleteEvent.type, { bubbles: true, composed: true });
  }
}
