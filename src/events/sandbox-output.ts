import type { Stream } from '../runtime/types.ts';

/** A batch of output, in the order Python wrote it. */
export class SandboxOutputEvent extends Event {
  static readonly type = 'sandbox-output';
  constructor(
    readonly stream: Stream,
    readonly text: string,
  ) {
    super(SandboxOutputEvent.type, { bubbles: true, composed: true });
  }
}
