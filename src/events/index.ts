import { SandboxCompleteEvent } from './sandbox-complete.ts';
import { SandboxOutputEvent } from './sandbox-output.ts';
import { SandboxReadyEvent } from './sandbox-ready.ts';
import { SandboxStartEvent } from './sandbox-start.ts';
import { SandboxTimeoutEvent } from './sandbox-timeout.ts';

export { SandboxCompleteEvent, SandboxOutputEvent, SandboxReadyEvent, SandboxStartEvent, SandboxTimeoutEvent };

declare global {
  interface HTMLElementEventMap {
    'sandbox-ready': SandboxReadyEvent;
    'sandbox-start': SandboxStartEvent;
    'sandbox-output': SandboxOutputEvent;
    'sandbox-timeout': SandboxTimeoutEvent;
    'sandbox-complete': SandboxCompleteEvent;
  }
}
