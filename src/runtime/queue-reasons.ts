import { currentConfig } from './config.ts';

/**
 * Room on the page for one more run beyond a pool's `size`, for a pool no element shares (`new SandboxPool()`): its
 * runs in flight may reach the page's `maxInterpreters` when some of them wait for input. Shared pools are given the
 * page-wide count instead (shared-pools.ts).
 */
export function ownRoom(size: number, runsInFlight: number): number {
  return Math.max(size, currentConfig().maxInterpreters) - Math.max(size, runsInFlight);
}

/** Why a queued run waits: what its `onQueued` is told, and the element's status line shows. */
export function queuedReason(runsInFlight: number, waitingForInput: number): string {
  const runs = (count: number) => (count === 1 ? '1 other run' : `${count} other runs`);
  if (!waitingForInput) return `Waiting: ${runs(runsInFlight)} use every interpreter; this one starts when one ends`;
  return `Waiting: ${runs(runsInFlight)} use every interpreter the page allows, ${waitingForInput} of them waiting for ` +
    'input; this one starts when one gets its line or ends';
}
