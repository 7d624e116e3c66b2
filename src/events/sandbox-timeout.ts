/** A run hit its deadline and was killed; fired just before its `sandbox-complete`. */
export class SandboxTimeoutEvent extends Event {
  static readonly type = 'sandbox-timeout';
  constructor(readonly timeout: number) {
    super(SandboxTimeoutEvent.type, { bubbles: true, composed: true });
  }
}
