import type { RunResult } from '../runtime/types.ts';

/** The status line after a run: what happened and how long it took. */
export function describeResult(result: RunResult, timeout: number): string {
  const took = formatDuration(result.durationMs);
  switch (result.status) {
    case 'ok':
      return `Finished in ${took}`;
    case 'error':
      return `${result.error?.type ?? 'Error'} after ${took}`;
    case 'exit':
      return `Exited with code ${result.exitCode ?? 0} after ${took}`;
    case 'timeout':
      return `Timed out after ${formatDuration(timeout)}`;
    case 'stopped':
      return `Stopped after ${took}`;
    case 'crashed':
      // A pool that cannot start Python at all (assets not found, offline) is not a crash the next run recovers from.
      return result.error?.type === 'BootError' ? 'Python could not be started' : 'The interpreter crashed; the next run uses a fresh one';
  }
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
