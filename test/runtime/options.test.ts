// Numeric ranges the browser can honour, and what configure() pins: allowed index URLs and package sources, and the
// page-wide cap on interpreters. Real Pyodide wherever something runs; /fixture-index/pyodide/ is a second real
// distribution (test/fixtures/package-index.mjs).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import '../../src/define.ts';
import { configure } from '../../src/runtime/config.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';
import { type PoolLease, leasePool } from '../../src/runtime/shared-pools.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { usePool } from '../use-pool.ts';

const FIXTURE_INDEX = new URL('/fixture-index/pyodide/', location.href).href;
const WHEEL_URL = new URL('/test/fixtures/packages/sandbox_fixture-1.0.0-py3-none-any.whl', location.href).href;
/** Allows everything these tests load: what a test pins, the next one unpins. */
const EVERYTHING = [location.origin + '/'];

/** Collects console.warn calls until stopped. */
function collectWarnings(): { readonly texts: string[]; stop(): void } {
  const texts: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => texts.push(args.map(String).join(' '));
  return { texts, stop: () => (console.warn = original) };
}

/** Counts isolation frames added to the page: a pool that contacts nothing adds none. */
function watchFrames(): { readonly added: number; stop(): void } {
  let added = 0;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      added += [...record.addedNodes].filter((node) => node instanceof HTMLIFrameElement).length;
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  return { get added() { return added; }, stop: () => observer.disconnect() };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`);
}

describe('numeric ranges', () => {
  const pool = usePool({ size: 1 });

  it('refuses a timeout past the 2^31 − 1 ms browsers can wait, instead of ending the run at once', async () => {
    const error = await rejection(pool.run('print(1)', { timeout: 3e9 }));
    expect(error).to.be.instanceOf(RangeError);
    expect(error.message).to.include('timeout').and.include('2147483647').and.include('3000000000');
    const longest = await pool.run('import time\ntime.sleep(0.05)\nprint(1)', { timeout: 2_147_483_647 });
    expect(longest).to.include({ status: 'ok', stdout: '1\n' });
  });

  it('refuses an output limit past what a page can keep in a string', () => {
    expect(() => new SandboxPool({ outputLimit: 2e8 })).to.throw(RangeError, /outputLimit must be an integer from 1 to 100000000,/);
  });

  describe('attributes of <python-sandbox>', () => {
    let warnings: ReturnType<typeof collectWarnings>;
    beforeEach(() => (warnings = collectWarnings()));
    afterEach(() => warnings.stop());

    it('timeout="3000000000" warns once and falls back to 5000; runs are not cut short', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="3000000000"></python-sandbox>`);
      await fixture<PythonSandbox>(html`<python-sandbox preload="none" timeout="3000000000"></python-sandbox>`);
      expect(el.timeout).to.equal(5000);
      const mentions = warnings.texts.filter((text) => text.includes('timeout="3000000000"'));
      expect(mentions, 'one warning for the same attribute and value').to.have.length(1);
      expect(mentions[0]).to.include('2147483647').and.include('using 5000');
      const result = await el.run('import time\ntime.sleep(0.05)\nprint("done")');
      expect(result).to.include({ status: 'ok', stdout: 'done\n' });
    });

    it('output-limit="2000000000" warns, naming the default it falls back to, and the element still runs', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox output-limit="2000000000"></python-sandbox>`);
      expect(el.outputLimit).to.equal(undefined);
      const mention = warnings.texts.find((text) => text.includes('output-limit="2000000000"'));
      expect(mention).to.include('100000000').and.include('the default, 1000000');
      const result = await el.run('print("still works")');
      expect(result).to.include({ status: 'ok', stdout: 'still works\n' });
    });
  });
});

describe('configure() pins sources', () => {
  afterEach(() => configure({ allowedIndexURLs: EVERYTHING, allowedPackageSources: EVERYTHING }));

  it('refuses an index URL outside allowedIndexURLs: nothing is loaded, runs end crashed with a BootError', async () => {
    configure({ allowedIndexURLs: ['/nowhere/'] });
    const frames = watchFrames();
    const pool = new SandboxPool({ indexURL: FIXTURE_INDEX, size: 1 });
    try {
      const result = await pool.run('print(1)');
      expect(result.status).to.equal('crashed');
      expect(result.error?.type).to.equal('BootError');
      expect(result.error?.message).to.include(FIXTURE_INDEX).and.include('allowedIndexURLs')
        .and.include(new URL('/nowhere/', location.href).href);
      expect((await rejection(pool.ready)).message).to.include('allowedIndexURLs');
      expect(frames.added, 'isolation frames built').to.equal(0);
    } finally {
      frames.stop();
      pool.dispose();
    }
  });

  it('matches whole folders, and runs from an allowed one and from the default folder whatever the list says', async () => {
    configure({ allowedIndexURLs: ['/fixture-index/pyo'] });
    const prefixOnly = new SandboxPool({ indexURL: FIXTURE_INDEX, size: 1 });
    expect((await prefixOnly.run('1')).error?.type, '/fixture-index/pyo allowing /fixture-index/pyodide/').to.equal('BootError');
    prefixOnly.dispose();
    configure({ allowedIndexURLs: ['/fixture-index'] });
    const allowed = new SandboxPool({ indexURL: FIXTURE_INDEX, size: 1 });
    const byDefault = new SandboxPool({ size: 1 });
    try {
      expect(await allowed.run('print("allowed")')).to.include({ status: 'ok', stdout: 'allowed\n' });
      expect(await byDefault.run('print("default")')).to.include({ status: 'ok', stdout: 'default\n' });
    } finally {
      allowed.dispose();
      byDefault.dispose();
    }
  });

  it('refuses an element whose index-url is not allowed, with the reason in its result', async () => {
    configure({ allowedIndexURLs: ['/nowhere/'] });
    const el = await fixture<PythonSandbox>(html`<python-sandbox index-url="/fixture-index/pyodide/"></python-sandbox>`);
    const result = await el.run('print(1)');
    expect(result.status).to.equal('crashed');
    expect(result.error?.message).to.include(FIXTURE_INDEX).and.include('allowedIndexURLs');
  });

  it('refuses a wheel URL outside allowedPackageSources, loads one inside; package names stay allowed', async () => {
    configure({ allowedPackageSources: ['/nowhere/'] });
    const refused = new SandboxPool({ packages: [WHEEL_URL], size: 1 });
    const named = new SandboxPool({ indexURL: FIXTURE_INDEX, packages: ['sandbox-fixture'], size: 1 });
    try {
      const result = await refused.run('print(1)');
      expect(result.status).to.equal('crashed');
      expect(result.error?.message).to.include(WHEEL_URL).and.include('allowedPackageSources');
      expect(await named.run('import sandbox_fixture\nprint("named")')).to.include({ status: 'ok', stdout: 'named\n' });
    } finally {
      refused.dispose();
      named.dispose();
    }
    configure({ allowedPackageSources: ['/test/fixtures/packages/'] });
    const allowed = new SandboxPool({ packages: [WHEEL_URL], size: 1 });
    try {
      expect(await allowed.run('import sandbox_fixture\nprint("wheel")')).to.include({ status: 'ok', stdout: 'wheel\n' });
    } finally {
      allowed.dispose();
    }
  });

  it('checks its options before applying any', () => {
    configure({ maxInterpreters: 3 });
    expect(() => configure({ maxInterpreters: 0 })).to.throw(RangeError, /maxInterpreters/);
    expect(() => configure({ allowedIndexURLs: 'https://cdn.example/' as unknown as string[] })).to.throw(TypeError, /allowedIndexURLs/);
    expect(() => configure({ maxInterpreters: 5, allowedPackageSources: ['javascript:alert(1)'] })).to.throw(TypeError, /allowedPackageSources/);
    const lease = leasePool({ size: 16, outputLimit: 900_000 });
    expect(lease.pool.size, 'the cap of the last good call').to.equal(3);
    lease.pool.dispose();
    lease.release();
    configure({ maxInterpreters: 4 });
  });
});

describe('the page-wide cap on interpreters', () => {
  let leases: PoolLease[] = [];
  afterEach(() => {
    for (const lease of leases) {
      lease.pool.dispose();
      lease.release();
    }
    leases = [];
  });

  it('keeps 3 pools of size 16 within maxInterpreters 4 (4, 1, 1), warning once', async () => {
    configure({ maxInterpreters: 4 });
    const warnings = collectWarnings();
    try {
      leases = [1, 2, 3].map((n) => leasePool({ size: 16, outputLimit: 900_100 + n }));
    } finally {
      warnings.stop();
    }
    expect(leases.map((lease) => lease.pool.size)).to.deep.equal([4, 1, 1]);
    expect(warnings.texts.filter((text) => text.includes('maxInterpreters'))).to.have.length(1);
    // An idle pool keeps one spare; runs held in input() make each pool use all it may: 4, 1 and 1 at once, the rest
    // waiting in its queue.
    const stop = new AbortController();
    const hold = (lease: PoolLease, count: number) => Array.from({ length: count }, () =>
      lease.pool.run('input()', { timeout: 0, signal: stop.signal, onInput: () => new Promise<string>(() => {}) }));
    const held = [...hold(leases[0], 5), ...hold(leases[1], 2)];
    let most = 0;
    const running = () => leases.reduce((sum, lease) => sum + lease.pool.stats.running, 0);
    await waitUntil(() => {
      most = Math.max(most, running());
      return leases[0].pool.stats.running === 4 && leases[1].pool.stats.running === 1;
    }, 'the pools never ran what they may', { timeout: 60_000, interval: 20 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    most = Math.max(most, running());
    expect(most, 'runs at any moment').to.equal(5);
    expect(leases.map((lease) => lease.pool.stats.queued)).to.deep.equal([1, 1, 0]);
    stop.abort();
    expect((await Promise.all(held)).map((result) => result.status)).to.deep.equal(held.map(() => 'stopped'));
    expect(await leases[2].pool.run('print("capped")')).to.include({ status: 'ok', stdout: 'capped\n' });
  });

  it('disposes pools nobody leases any more to make room', async () => {
    configure({ maxInterpreters: 4 });
    const first = leasePool({ size: 4, outputLimit: 900_201 });
    first.release();
    leases = [leasePool({ size: 4, outputLimit: 900_202 })];
    expect(leases[0].pool.size).to.equal(4);
    expect((await rejection(first.pool.run('print(1)'))).message).to.include('disposed');
  });
});
