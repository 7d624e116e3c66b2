import { currentConfig } from './config.ts';
import type { Interpreters } from './interpreters.ts';
import type { PendingRun } from './pool-state.ts';

/**
 * How many runs a pool may have in flight. `size` of them, counting only runs that execute: a run waiting in `input()`
 * holds an interpreter while the reader types, so runs beyond `size` may start while others wait, as long as the
 * page has room (`pageRoom`: its `maxInterpreters`, counted across the shared pools by shared-pools.ts). A queued run
 * that cannot start for that is told why, once per reason.
 */
export class RunSlots {
  private readonly pageRoom: () => number;

  constructor(private readonly interpreters: Interpreters, private readonly size: number, pageRoom?: () => number) {
    this.pageRoom = pageRoom ?? (() => ownRoom(size, interpreters.busy()));
  }

  /** Whether one more run may start now. */
  mayStart(): boolean {
    const busy = this.interpreters.busy();
    if (busy - this.interpreters.waitingForInput() >= this.size) return false;
    return busy < this.size || this.pageRoom() > 0;
  }

  /** Tells each run still queued why it waits (or that it no longer does), when that changed. */
  tellQueued(queue: readonly PendingRun[]): void {
    const reason = this.mayStart() ? undefined : queuedReason(this.interpreters.busy(), this.interpreters.waitingForInput());
    for (const pending of queue) this.tell(pending, this.interpreters.hasSession(pending.session) ? undefined : reason);
  }

  /** The run leaves the queue: a reason it was told no longer holds. */
  started(pending: PendingRun): void {
    this.tell(pending, undefined);
  }

  private tell(pending: PendingRun, reason: string | undefined): void {
    if (reason === pending.queuedReason) return;
    pending.queuedReason = reason;
    pending.record.options.onQueued?.(reason);
  }
}

/** The room of a pool no element shares (`new SandboxPool()`): its runs in flight may reach the page's cap. */
function ownRoom(size: number, runsInFlight: number): number {
  return Math.max(size, currentConfig().maxInterpreters) - Math.max(size, runsInFlight);
}

/** Why a queued run waits: what its `onQueued` is told, and the element's status line shows. */
function queuedReason(runsInFlight: number, waitingForInput: number): string {
  const runs = runsInFlight === 1 ? '1 other run' : `${runsInFlight} other runs`;
  if (!waitingForInput) return `Waiting: ${runs} use every interpreter; this one starts when one ends`;
  return `Waiting: ${runs} use every interpreter the page allows, ${waitingForInput} of them waiting for input; ` +
    'this one starts when one gets its line or ends';
}
