// The pool's memory snapshot kept in the page origin's Cache Storage for the site's next pages (snapshot-cache.ts):
// a later pool of the same configuration, as on the next page, restores its first interpreter from it; a missing,
// corrupt, truncated or stale entry, a full or absent storage, and the cache turned off all fall back to a plain boot
// and never break a run.
import { expect } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import { configure } from '../../src/runtime/config.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';
import { snapshotSlot } from '../../src/runtime/snapshot-cache.ts';

const CACHE = 'python-sandbox-snapshots';
/** Each test's own folder (the test server serves Pyodide under any …/pyodide/): a slot no other test page writes. */
let indexURL = '';

/**
 * A pool's first run, and how its first interpreter booted; the pool is disposed afterwards. On the site's first page
 * the run's interpreter boots plainly while another makes the snapshot: with `keep`, the pool lives until the
 * snapshot is stored, as a page a reader stays on does.
 */
async function firstRun(keep = false): Promise<{ stdout: string; plainBoots: number; snapshotBoots: number }> {
  const pool = new SandboxPool({ size: 1, indexURL });
  try {
    const result = await pool.run('import sys\nprint(sys.version_info[0])', { timeout: 20000 });
    if (keep) await waitUntil(() => pool.stats.snapshotsKept > 0, 'the snapshot was stored', { timeout: 50000 });
    return { stdout: result.stdout, plainBoots: pool.stats.boots.plain, snapshotBoots: pool.stats.boots.snapshot };
  } finally {
    pool.dispose();
  }
}

/** This test's entries in the cache (its folder's slot), once whatever a pool was writing has landed. */
async function entries(expected: number): Promise<Request[]> {
  const cache = await caches.open(CACHE);
  const slot = await snapshotSlot(new URL(indexURL, location.href).href, []);
  const ours = async () => (await cache.keys()).filter((request) => request.url.includes(`/${slot}/`));
  for (let waited = 0; waited < 10000; waited += 100) {
    const keys = await ours();
    if (keys.length >= expected) return keys;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return ours();
}


describe('the snapshot kept across pages', () => {
  beforeEach(() => {
    indexURL = `/snapshot-cache-${Math.random().toString(36).slice(2)}/pyodide/`;
    configure({ snapshotCache: true });
  });
  after(() => configure({ snapshotCache: true }));

  it('restores the next page\'s first interpreter from the snapshot the first page made', async () => {
    const first = await firstRun(true);
    expect(first).to.include({ stdout: '3\n', plainBoots: 1 });
    expect(await entries(1)).to.have.length(1);
    const next = await firstRun();
    expect(next).to.include({ stdout: '3\n', plainBoots: 0 });
    expect(next.snapshotBoots).to.be.greaterThan(0);
  });

  for (const [damage, spoil] of [
    ['corrupt', (bytes: Uint8Array) => { bytes[bytes.length - 1000] ^= 0xff; return bytes; }],
    ['truncated', (bytes: Uint8Array) => bytes.slice(0, bytes.length - 4096)],
    ['not an entry at all', () => new TextEncoder().encode('garbage')],
  ] as const) {
    it(`boots plainly from a ${damage} entry and replaces it`, async () => {
      await firstRun(true);
      const [request] = await entries(1);
      const cache = await caches.open(CACHE);
      const bytes = new Uint8Array(await (await cache.match(request))!.arrayBuffer());
      await cache.put(request, new Response(spoil(bytes) as Uint8Array<ArrayBuffer>));
      const spoiled = await firstRun(true);
      expect(spoiled).to.include({ stdout: '3\n', plainBoots: 1 });
      await entries(1);
      const mended = await firstRun();
      expect(mended, 'the entry was replaced by a good one').to.include({ stdout: '3\n', plainBoots: 0 });
    });
  }

  it('removes the entry of an older version of the same configuration', async () => {
    await firstRun(true);
    const [request] = await entries(1);
    const cache = await caches.open(CACHE);
    const stale = request.url.replace(/[^/]+$/, 'an-older-version');
    await cache.put(stale, new Response('old'));
    await cache.delete(request);
    await firstRun(true);
    const urls = (await entries(1)).map((each) => each.url);
    expect(urls).to.have.length(1);
    expect(urls[0]).to.not.equal(stale);
  });

  it('runs when the storage is full (a quota error on every write)', async () => {
    const put = Cache.prototype.put;
    Cache.prototype.put = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    try {
      expect(await firstRun()).to.include({ stdout: '3\n', plainBoots: 1 });
      expect(await firstRun()).to.include({ stdout: '3\n', plainBoots: 1 });
    } finally {
      Cache.prototype.put = put;
    }
  });

  it('runs when the page has no Cache Storage (insecure context, file:, storage denied)', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'caches') ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(window), 'caches');
    Object.defineProperty(window, 'caches', { value: undefined, configurable: true });
    try {
      expect(await firstRun()).to.include({ stdout: '3\n', plainBoots: 1 });
    } finally {
      delete (window as { caches?: unknown }).caches;
      if (!('caches' in window) && descriptor) Object.defineProperty(window, 'caches', descriptor);
    }
    expect(await entries(0)).to.have.length(0);
  });

  it('reads and writes nothing with configure({ snapshotCache: false })', async () => {
    configure({ snapshotCache: false });
    await firstRun();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await entries(0)).to.have.length(0);
    expect(await firstRun()).to.include({ plainBoots: 1 });
  });
});
