// Packages, offline: test/fixtures/package-index.mjs serves a Pyodide distribution at /fixture-index/pyodide/ whose
// lock file lists one extra package, a tiny pure-Python wheel from test/fixtures/packages/.
import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';

const FIXTURE_INDEX = new URL('/fixture-index/pyodide/', location.href).href;
const WHEEL_URL = new URL('/test/fixtures/packages/sandbox_fixture-1.0.0-py3-none-any.whl', location.href).href;
const USE = 'import sandbox_fixture\nsandbox_fixture.hello("py")';

/** A first run's imports and file reads take seconds on a loaded machine: more than the 5 s default. */
const RUN = { timeout: 30_000 };

describe('SandboxPool packages (real Pyodide, offline)', () => {
  const pools: SandboxPool[] = [];
  const poolWith = (options: ConstructorParameters<typeof SandboxPool>[0]) => {
    const pool = new SandboxPool(options);
    pools.push(pool);
    return pool;
  };
  after(() => pools.forEach((pool) => pool.dispose()));

  it('loads a package by name from index-url\'s lock file, in every interpreter of the pool', async () => {
    const pool = poolWith({ indexURL: FIXTURE_INDEX, packages: ['sandbox-fixture'] });
    const first = await pool.run(USE, RUN);
    expect(first).to.include({ status: 'ok', result: "'hello py from sandbox_fixture'" });
    const second = await pool.run(USE, RUN);
    expect(second).to.include({ status: 'ok', result: "'hello py from sandbox_fixture'" });
  });

  it('captures pure-Python packages in the snapshot: every spare has them imported, and nobody fetches them again', async () => {
    const tag = `snapshot-${Date.now()}`;
    const pool = poolWith({ indexURL: new URL(`/fixture-index/${tag}/pyodide/`, location.href).href, packages: ['sandbox-fixture'], size: 1 });
    // Each ephemeral run takes a new interpreter: the first booted plainly (while another made the snapshot), the
    // others restored from the snapshot; every one has the package imported.
    const before = 'import sys\n"sandbox_fixture" in sys.modules';
    for (let run = 0; run < 3; run++) {
      expect(await pool.run(before, RUN), `run ${run}`).to.include({ status: 'ok', result: 'True' });
      // The files the package installed came back too (the snapshot holds memory, not files): its metadata reads.
      const files = 'import importlib.metadata, sandbox_fixture\nimportlib.metadata.version("sandbox-fixture"), open(sandbox_fixture.__file__).read(9)';
      expect(await pool.run(files, RUN), `run ${run}`).to.include({ status: 'ok', result: "('1.0.0', '\"\"\"A tiny')" });
    }
    await pool.ready;
    expect(pool.stats.boots.snapshot, 'spares restored from the snapshot').to.be.greaterThan(3);
    expect(pool.stats.packagesFromSnapshot).to.equal(pool.stats.boots.snapshot);
    const requests = await (await fetch(`/fixture-index/${tag}/wheel-requests`)).json();
    expect(requests.count, 'wheel downloads').to.equal(1);
  });

  it('loads packages with compiled parts in every spare, from bytes the first one downloaded', async () => {
    const tag = `native-${Date.now()}`;
    const pool = poolWith({ indexURL: new URL(`/fixture-index/${tag}/pyodide/`, location.href).href, packages: ['sandbox-native-fixture'], size: 1 });
    for (let run = 0; run < 3; run++) {
      expect(await pool.run('import sandbox_native_fixture\nsandbox_native_fixture.hello("py")', RUN), `run ${run}`)
        .to.include({ status: 'ok', result: "'hello py from sandbox_native_fixture'" });
    }
    await pool.ready;
    expect(pool.stats.boots.snapshot, 'spares restored from the snapshot').to.be.greaterThan(1);
    expect(pool.stats.packagesFromSnapshot, 'a shared library cannot be held in a snapshot').to.equal(0);
    const requests = await (await fetch(`/fixture-index/${tag}/wheel-requests`)).json();
    expect(requests.count, 'wheel downloads').to.equal(1);
  });

  it('loads a wheel by URL', async () => {
    const pool = poolWith({ packages: [WHEEL_URL] });
    expect(await pool.run(USE, RUN)).to.include({ status: 'ok', result: "'hello py from sandbox_fixture'" });
  });

  it('ends runs with a PackageError naming a package that does not exist, without hanging', async () => {
    const pool = poolWith({ indexURL: FIXTURE_INDEX, packages: ['no-such-package'] });
    const result = await pool.run('print("never")', RUN);
    expect(result.status).to.equal('error');
    expect(result.error?.type).to.equal('PackageError');
    expect(result.error?.message).to.include('no-such-package');
    expect(result.stdout).to.equal('');
    expect((await pool.run('1', RUN)).error?.type).to.equal('PackageError');
  });

  it('says an index without pyodide-lock.json is no Pyodide distribution: a BootError, not a hang', async () => {
    // Pyodide reads the lock file as it starts, packages or not: such a folder cannot start Python at all.
    const pool = poolWith({ indexURL: new URL('/fixture-index/no-lock-file/pyodide/', location.href).href, packages: ['sandbox-fixture'] });
    const result = await pool.run('print("never")', RUN);
    expect(result.status).to.equal('crashed');
    expect(result.error?.type, result.error?.message).to.equal('BootError');
    expect(result.error?.message).to.include('pyodide-lock.json').and.include('/fixture-index/no-lock-file/pyodide/');
    expect(result.stdout).to.equal('');
  });

  it('ends runs with a PackageError when a wheel URL cannot be fetched', async () => {
    const pool = poolWith({ packages: [new URL('/test/fixtures/packages/missing-1.0-py3-none-any.whl', location.href).href] });
    const result = await pool.run('1', RUN);
    expect(result.error?.type).to.equal('PackageError');
    expect(result.error?.message).to.include('missing-1.0-py3-none-any.whl');
  });

  it('rejects package lists that are not names or wheel URLs, before anything boots', () => {
    expect(() => new SandboxPool({ packages: 'numpy' as unknown as string[] })).to.throw(TypeError);
    expect(() => new SandboxPool({ packages: ['numpy; rm -rf'] })).to.throw(RangeError);
    expect(() => new SandboxPool({ packages: ['javascript:alert(1).whl'] })).to.throw(RangeError);
  });
});

describe('SandboxPool on pages it cannot work from', () => {
  it('says a file:// Pyodide folder needs a web server', () => {
    expect(() => new SandboxPool({ indexURL: 'file:///home/me/pyodide/' })).to.throw(RangeError, /web server/);
  });
});
