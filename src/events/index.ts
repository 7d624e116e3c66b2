import { SandboxCheckEvent } from './sandbox-check.ts';
import { SandboxCompleteEvent } from './sandbox-complete.ts';
import { SandboxOutputEvent } from './sandbox-output.ts';
import { SandboxReadyEvent } from './sandbox-ready.ts';
import { SandboxStartEvent } from './sandbox-start.ts';
import { SandboxTimeoutEvent } from './sandbox-timeout.ts';

export { SandboxCheckEvent, SandboxCompleteEvent, SandboxOutputEvent, SandboxReadyEvent, SandboxStartEvent, SandboxTimeoutEvent };

interface SandboxEventMap {
  'sandbox-ready': SandboxReadyEvent;
  'sandbox-start': SandboxStartEvent;
  'sandbox-output': SandboxOutputEvent;
  'sandbox-timeout': SandboxTimeoutEvent;
  'sandbox-complete': SandboxCompleteEvent;
  'sandbox-check': SandboxCheckEvent;
}

declare global {
  // The events bubble and are composed, so listeners on the document see them too.
  interface HTMLElementEventMap extends SandboxEventMap {}
  interface DocumentEventMap extends SandboxEventMap {}
}
