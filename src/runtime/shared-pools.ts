import { resolveIndexURL } from './config.ts';
import { SandboxPool } from './pool.ts';
import type { PoolOptions } from './types.ts';
import { checkPoolOptions } from './validate.ts';

export interface PoolLease {
  readonly pool: SandboxPool;
  release(): void;
}

interface SharedPool {
  pool: SandboxPool;
  leases: number;
  disposeTimer?: ReturnType<typeof setTimeout>;
}

/** A pool nobody leases is kept this long, so an element moved in the DOM or a page re-render keeps its spares. */
const IDLE_DISPOSE_MS = 5000;
const shared = new Map<string, SharedPool>();

/** One pool per configuration per page: twenty elements with the same settings share one set of interpreters. */
export function leasePool(options: Omit<PoolOptions, 'createEndpoint' | 'relayDeadlineMs'> = {}): PoolLease {
  const key = JSON.stringify({ indexURL: resolveIndexURL(options.indexURL), ...checkPoolOptions(options) });
  let entry = shared.get(key);
  if (!entry) {
    entry = { pool: new SandboxPool(options), leases: 0 };
    shared.set(key, entry);
  }
  const leased = entry;
  clearTimeout(leased.disposeTimer);
  leased.leases++;
  let released = false;
  return {
    pool: leased.pool,
    release() {
      if (released) return;
      released = true;
      if (--leased.leases > 0) return;
      leased.disposeTimer = setTimeout(() => {
        shared.delete(key);
        leased.pool.dispose();
      }, IDLE_DISPOSE_MS);
    },
  };
}
