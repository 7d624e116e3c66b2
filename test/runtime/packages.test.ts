// Packages, offline: test/fixtures/package-index.mjs serves a Pyodide distribution at /fixture-index/pyodide/ whose
// lock file lists one extra package, a tiny pure-Python wheel from test/fixtures/packages/.
import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';

const FIXTURE_INDEX = new URL('/fixture-index/pyodide/', location.href).href;
const WHEEL_URL = new URL('/test/fixtures/packages/sandbox_fixture-1.0.0-py3-none-any.whl', location.href).href;
const USE = 'import sandbox_fixture\nsandbox_fixture.hello("py")';

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
    const first = await pool.run(USE);
    expect(first).to.include({ status: 'ok', result: "'hello py from sandbox_fixture'" });
    const second = await pool.run(USE);
    expect(second).to.include({ status: 'ok', result: "'hello py from sandbox_fixture'" });
  });

  it('loads a wheel by URL', async () => {
    const pool = poolWith({ packages: [WHEEL_URL] });
    expect(await pool.run(USE)).to.include({ status: 'ok', result: "'hello py from sandbox_fixture'" });
  });

  it('ends runs with a PackageError naming a package that does not exist, without hanging', async () => {
    const pool = poolWith({ indexURL: FIXTURE_INDEX, packages: ['no-such-package'] });
    const result = await pool.run('print("never")');
    expect(result.status).to.equal('error');
    expect(result.error?.type).to.equal('PackageError');
    expect(result.error?.message).to.include('no-such-package');
    expect(result.stdout).to.equal('');
    expect((await pool.run('1')).error?.type).to.equal('PackageError');
  });

  it('ends runs with a PackageError when a wheel URL cannot be fetched', async () => {
    const pool = poolWith({ packages: [new URL('/test/fixtures/packages/missing-1.0-py3-none-any.whl', location.href).href] });
    const result = await pool.run('1');
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
