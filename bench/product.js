// The product as a page uses it: a SandboxPool from the built library, with its default isolation frame.
import { SandboxPool, configure } from '/dist/index.js';
import { createHarness, reportFirstRun, waitFor } from './harness.js';

const params = new URLSearchParams(location.search);
const size = Number(params.get('size') ?? 2);
// The third visit of row 2: the HTTP cache warm, the snapshot kept by the earlier pages not used.
if (params.has('no-snapshot-cache')) configure({ snapshotCache: false });
let pool;

function ensurePool() {
  pool ??= new SandboxPool({ size });
  return pool;
}

const fullOfSpares = () => pool.stats.spares === pool.stats.sparesWanted;

const product = {
  run: (code, options) => ensurePool().run(code, options),
  async settle() {
    await ensurePool().ready;
    await waitFor(fullOfSpares);
  },
  lastBootMs: () => pool.stats.lastBootMs,
  async bootAfter(since) {
    await waitFor(fullOfSpares);
    return { totalMs: performance.now() - since, bootMs: pool.stats.lastBootMs, phases: pool.stats.lastBootPhases };
  },
};

window.bench = {
  ...createHarness(product),
  /**
   * Resolves once the pool is idle with all its spares booted and, on the site's first page, the snapshot kept
   * (row 7: a settled page, not one still handing the snapshot over).
   */
  idle: async () => {
    await product.settle();
    if (pool.stats.boots.plain > 0) await window.bench.snapshotKept();
  },
  /**
   * Row 7: keeps `count` interpreters alive, each in a run waiting in `input()` for ever, with the pool's spare booted
   * behind them: an idle pool keeps one spare, so the memory of more interpreters is measured on held ones.
   */
  async holdInterpreters(count) {
    for (let index = 0; index < count; index++) ensurePool().run('input()', { timeout: 0, onInput: () => new Promise(() => {}) });
    await waitFor(() => pool.stats.running === count && fullOfSpares(), 120_000);
  },
  stats: () => JSON.parse(JSON.stringify(pool?.stats ?? null)),
  /**
   * Row 2: a reader stays on the site's first page until the snapshot is kept for the next (at most 60 s); with the
   * shipped snapshot, nothing boots plainly and nothing is made or kept.
   */
  snapshotKept: () => (pool.stats.boots.plain === 0 ? Promise.resolve(true)
    : waitFor(() => pool.stats.snapshotsKept > 0, 60_000).then(() => true, () => false)),
  crossOriginIsolated: () => crossOriginIsolated,
};
if (params.has('first-run')) reportFirstRun(window.bench, (window.firstRun = window.bench.firstRun()));
