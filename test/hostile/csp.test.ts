// The sandbox frame's CSP lets Python reach Pyodide's own files and the pool's package files, each by its exact URL,
// and nothing else on the page's server. A folder source (`…/pyodide/`) is matched per decoded path segment, so
// `…/pyodide/..%2F..%2Fanything` counted as inside it, and a server that normalises `%2F` and `..` (as nginx
// describes its own) routes it to the page's other endpoints.
import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';

describe('the frame\'s CSP allows exact files, not a folder', () => {
  let pool: SandboxPool;

  before(async () => {
    pool = new SandboxPool();
    await pool.ready;
  });
  after(() => pool.dispose());

  it('blocks requests that climb out of Pyodide\'s folder with encoded slashes, and other files in it', async () => {
    const code = `from js import fetch
for url in ("INDEX..%2F..%2F..%2Fhostile%2Fecho?probe=csp", "INDEX..%2Fconfig.ts", "INDEXpackage.json", "INDEXREADME.md"):
    try:
        response = await fetch(url)
        print("sent", url.replace("INDEX", ""), response.status)
    except Exception as error:
        print("blocked")`.replaceAll('INDEX', pool.indexURL);
    const result = await pool.run(code, { timeout: 15000 });
    expect(result.status, result.error?.traceback).to.equal('ok');
    expect(result.stdout).to.equal('blocked\n'.repeat(4));
  });

  it('still fetches Pyodide\'s own files (the checks do not cry wolf)', async () => {
    const result = await pool.run(`from js import fetch\nresponse = await fetch("${pool.indexURL}pyodide-lock.json")\nprint(response.status)`);
    expect(result.stdout).to.equal('200\n');
  });
});
