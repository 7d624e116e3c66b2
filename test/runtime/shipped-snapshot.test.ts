// The snapshot shipped in dist/pyodide/ (built by `npm run build`, which `npm test` runs first): a default pool's
// first interpreter restores from it on a first visit, with nothing kept from an earlier page and no snapshot made on
// this one; a missing, truncated, corrupt, stale or foreign one falls back to booting CPython with no error, as
// does a pool with packages, which never fetches it. test/fixtures/shipped-snapshot-server.mjs serves the variants.
import { expect } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import { configure } from '../../src/runtime/config.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';
import { snapshotSlot } from '../../src/runtime/snapshot-cache.ts';

/** A folder of its own for each pool: no kept snapshot of another test stands in. */
const folderOf = (variant: string) => `${variant}-${Math.random().toString(36).slice(2)}`;

async function snapshotRequests(folder: string): Promise<number> {
  return ((await (await fetch('/shipped/requests')).json()) as Record<string, number>)[folder] ?? 0;
}

async function keptEntries(indexURL: string): Promise<number> {
  const slot = await snapshotSlot(new URL(indexURL, location.href).href, []);
  return (await (await caches.open('python-sandbox-snapshots')).keys()).filter((request) => request.url.includes(`/${slot}/`)).length;
}

/** A pool's first run at `indexURL`, and how its interpreters booted; `spares` waits for that many booted in all. */
async function firstRun(indexURL: string, { boots = 1 } = {}) {
  const pool = new SandboxPool({ size: boots, indexURL });
  try {
    const result = await pool.run('import sys\nprint(sys.version_info[0])', { timeout: 30000 });
    await waitUntil(() => pool.stats.boots.plain + pool.stats.boots.snapshot >= boots, `${boots} interpreters booted`, { timeout: 60000 });
    return { stdout: result.stdout, status: result.status, plain: pool.stats.boots.plain, snapshot: pool.stats.boots.snapshot };
  } finally {
    pool.dispose();
  }
}

describe('the snapshot shipped with the package', function () {
  // Fallbacks boot CPython twice (the run's interpreter and the maker) and then a next page: minutes on a busy machine.
  this.timeout(240000);
  before(() => configure({ snapshotCache: true }));

  it('starts the first interpreter of a first visit from it, and makes no snapshot of its own', async () => {
    const folder = folderOf('good');
    const indexURL = `/shipped/${folder}/pyodide/`;
    const first = await firstRun(indexURL, { boots: 2 });
    expect(first).to.include({ stdout: '3\n', plain: 0 });
    expect(first.snapshot).to.be.at.least(2);
    expect(await snapshotRequests(folder)).to.equal(1);
    // A made snapshot would be stored a few seconds after the first boot; none is made when the shipped one holds.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await keptEntries(indexURL), 'no snapshot was made and kept').to.equal(0);
  });

  it('starts from it when the host decompressed it on the way (Content-Encoding: gzip)', async () => {
    const first = await firstRun(`/shipped/${folderOf('decoded')}/pyodide/`);
    expect(first).to.include({ stdout: '3\n', plain: 0 });
  });

  for (const variant of ['truncated', 'corrupt', 'stale', 'foreign']) {
    it(`boots CPython when it is ${variant}, with no error`, async () => {
      const first = await firstRun(`/shipped/${folderOf(variant)}/pyodide/`);
      expect(first).to.include({ stdout: '3\n', status: 'ok', plain: 1, snapshot: 0 });
    });
  }

  it('boots CPython when it is missing, and keeps the snapshot it makes for the next page instead', async () => {
    const indexURL = `/shipped/${folderOf('missing')}/pyodide/`;
    const pool = new SandboxPool({ size: 1, indexURL });
    try {
      const result = await pool.run('print(3)', { timeout: 30000 });
      expect(result).to.include({ stdout: '3\n', status: 'ok' });
      expect(pool.stats.boots.plain).to.equal(1);
      // Today's path: the relay's maker snapshots a fresh interpreter and the page keeps it for the next page.
      await waitUntil(() => pool.stats.snapshotsKept === 1, 'the made snapshot was kept', { timeout: 120000 });
    } finally {
      pool.dispose();
    }
    const next = await firstRun(indexURL);
    expect(next, 'the next page restores the kept one').to.include({ stdout: '3\n', plain: 0 });
  });

  it('is not even fetched by an engine whose JSPI support differs from the one that made it', async () => {
    const folder = folderOf('unjspi');
    const first = await firstRun(`/shipped/${folder}/pyodide/`);
    expect(first).to.include({ stdout: '3\n', status: 'ok', plain: 1, snapshot: 0 });
    expect(await snapshotRequests(folder)).to.equal(0);
  });

  it('is not even fetched for a pool with packages, which keeps its own snapshot', async () => {
    const folder = folderOf('good');
    const indexURL = `/fixture-index/shipped-${folder}/pyodide/`;
    const pool = new SandboxPool({ size: 1, indexURL, packages: ['sandbox-fixture'] });
    try {
      const result = await pool.run('import sandbox_fixture\nprint(sandbox_fixture.hello("py"))', { timeout: 30000 });
      expect(result.status).to.equal('ok');
      expect(pool.stats.boots.plain).to.equal(1);
      expect(await snapshotRequests(folder)).to.equal(0);
    } finally {
      pool.dispose();
    }
  });

  it('gives every interpreter its own random state', async () => {
    const pool = new SandboxPool({ size: 1, indexURL: `/shipped/${folderOf('good')}/pyodide/` });
    try {
      const draws = [];
      for (let run = 0; run < 3; run++) {
        draws.push((await pool.run('import random\nprint(random.random())', { timeout: 30000 })).stdout);
      }
      expect(new Set(draws).size).to.equal(3);
      expect(pool.stats.boots.plain).to.equal(0);
    } finally {
      pool.dispose();
    }
  });
});
