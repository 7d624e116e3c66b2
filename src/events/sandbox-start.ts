/** A run begins; `code` is the program it runs. */
export class SandboxStartEvent extends Event {
  static readonly type = 'sandbox-start';
  constructor(readonly code: string) {
    super(SandboxStartEvent.type, { bubbles: true, composed: true });
  }
}
