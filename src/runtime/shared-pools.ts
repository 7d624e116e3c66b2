import { currentConfig, resolveIndexURL } from './config.ts';
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
/** The cap the page was last warned about: one warning per cap, not one per pool. */
let warnedAboutCap: number | undefined;

/** One pool per configuration per page: twenty elements with the same settings share one set of interpreters. */
export function leasePool(options: Omit<PoolOptions, 'createEndpoint' | 'relayDeadlineMs' | 'pageRoom'> = {}): PoolLease {
  const checked = checkPoolOptions(options);
  const key = JSON.stringify({ indexURL: resolveIndexURL(options.indexURL), ...checked });
  let entry = shared.get(key);
  if (!entry) {
    entry = { pool: new SandboxPool({ ...options, size: sizeWithinCap(checked.size), pageRoom }), leases: 0 };
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

/**
 * Each idle interpreter holds 30–55 MiB, so the page's shared pools together keep at most `configure({
 * maxInterpreters })`: pools nobody leases any more make room first, then a new pool gets what is left, at least 1.
 */
function sizeWithinCap(requested: number): number {
  const cap = currentConfig().maxInterpreters;
  for (const [key, entry] of shared) {
    if (interpretersKept() + requested <= cap) break;
    if (entry.leases > 0) continue;
    clearTimeout(entry.disposeTimer);
    shared.delete(key);
    entry.pool.dispose();
  }
  const size = Math.max(1, Math.min(requested, cap - interpretersKept()));
  if (size < requested && warnedAboutCap !== cap) {
    warnedAboutCap = cap;
    console.warn(`python-sandbox: the page's pools keep at most ${cap} interpreters in all (configure({ maxInterpreters })); ` +
      `a pool that asked for ${requested} gets ${size}. Later pools get what is left, at least 1, without another warning.`);
  }
  return size;
}

/**
 * Room for one more run beyond a pool's size (its others wait for input): the page's cap less what every shared pool
 * keeps, its size or its runs in flight if more.
 */
function pageRoom(): number {
  let taken = 0;
  for (const { pool } of shared.values()) taken += Math.max(pool.size, pool.runsInFlight);
  return currentConfig().maxInterpreters - taken;
}

function interpretersKept(): number {
  let total = 0;
  for (const { pool } of shared.values()) total += pool.size;
  return total;
}
