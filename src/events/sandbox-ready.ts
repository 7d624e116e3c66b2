/** The element's interpreter pool has booted and can run code. */
export class SandboxReadyEvent extends Event {
  static readonly type = 'sandbox-ready';
  constructor() {
    super(SandboxReadyEvent.type, { bubbles: true, composed: true });
  }
}
