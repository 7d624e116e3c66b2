import type { DisplayOutput, Stream } from '../runtime/types.ts';

/**
 * A batch of output, in the order Python wrote it: text on `stdout` or `stderr` (`mime` is `text/plain`), or a picture
 * or page the program displayed (`stream` is `display`, `mime` says what `data` holds; `text` is empty).
 */
export class SandboxOutputEvent extends Event {
  static readonly type = 'sandbox-output';
  readonly mime: string;
  readonly data: string | Uint8Array;

  constructor(
    readonly stream: Stream | 'display',
    readonly text: string,
    display?: DisplayOutput,
  ) {
    super(SandboxOutputEvent.type, { bubbles: true, composed: true });
    this.mime = display?.mime ?? 'text/plain';
    this.data = display?.data ?? text;
  }
}
