import type { BootPhases, RelayToHost, RunRequest } from '../../worker/protocol.ts';
import type { RunRecord } from './run-record.ts';
import type { PythonError } from './types.ts';

/**
 * Where the pool stands: open (booting and running; `bootFailures` counts failed boots in a row, and `ranUserCode`
 * says whether a program has run in the current frame), broken (no interpreter can start: runs end `crashed`), without
 * its packages (runs end `error`), or disposed.
 */
export type PoolState =
  | { name: 'open'; bootFailures: number; ranUserCode: boolean }
  | { name: 'broken'; error: Error }
  | { name: 'packages-failed'; error: PythonError }
  | { name: 'disposed' };

/** A run waiting for an interpreter; `session` names the session it belongs to, if any. */
export interface PendingRun {
  record: RunRecord;
  request: RunRequest;
  session?: string;
  /** Why it waits, as last told to its `onQueued`. */
  queuedReason?: string;
}

/** What the pool has done so far, for tests and the benchmark. */
export interface PoolStats {
  boots: { snapshot: number; plain: number; failed: number };
  /** Boots whose packages came imported with the snapshot instead of being loaded (pure-Python packages). */
  packagesFromSnapshot: number;
  lastBootMs: number | undefined;
  /** Snapshots stored in the page origin's cache for the site's next pages (snapshot-cache.ts). */
  snapshotsKept: number;
  /** The split of the last boot from the snapshot (absent for plain boots). */
  lastBootPhases?: BootPhases;
  /**
   * Frames ended and built again because interpreters could not boot beside the programs that had run in them (one
   * program can exhaust what the frame's process may reserve): a broken pool is only for what a reload would not fix.
   */
  framesRecycled: number;
  /** Idle fresh interpreters. */
  spares: number;
  /** Fresh interpreters the pool keeps booted or booting now: one while idle, more while runs wait (`size` at most). */
  sparesWanted: number;
  running: number;
  queued: number;
}

export function emptyStats(): PoolStats {
  return { boots: { snapshot: 0, plain: 0, failed: 0 }, packagesFromSnapshot: 0, lastBootMs: undefined, snapshotsKept: 0, framesRecycled: 0, spares: 0, sparesWanted: 1, running: 0, queued: 0 };
}

/** A boot's figures, counted in the pool's stats. */
export function recordBoot(stats: PoolStats, booted: Extract<RelayToHost, { type: 'booted' }>): void {
  stats.boots[booted.source]++;
  if (booted.packagesFromSnapshot) stats.packagesFromSnapshot++;
  stats.lastBootMs = booted.bootMs;
  if (booted.phases) stats.lastBootPhases = booted.phases;
}
