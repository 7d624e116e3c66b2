// The sandbox frame's CSP allows no network at all: the page fetches Pyodide's files and the package files and hands
// the bytes over. Before, it allowed Pyodide's folder, which CSP matches per decoded path segment, so
// `…/pyodide/..%2F..%2Fanything` counted as inside it, and a server that normalises `%2F` and `..` (as nginx
// describes its own, and as this suite's test server does) served the page's other URLs to Python.
import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

const ESCAPES = ['..%2F..%2F..%2Fhostile%2Fecho?probe=csp', '..%2Fconfig.ts', 'package.json', 'pyodide-lock.json'];

describe('the frame fetches nothing by itself', () => {
  const pool = usePool();

  it('blocks requests that climb out of Pyodide\'s folder with encoded slashes, and Pyodide\'s own files', async () => {
    const code = `from js import fetch
for url in ${JSON.stringify(ESCAPES.map((path) => pool.indexURL + path))}:
    try:
        response = await fetch(url)
        print("sent", url, response.status)
    except Exception as error:
        print("blocked")`;
    const result = await pool.run(code, { timeout: 15000 });
    expect(result.status, result.error?.traceback).to.equal('ok');
    expect(result.stdout).to.equal('blocked\n'.repeat(ESCAPES.length));
  });

  // The CSP allows `blob:` scripts, which each worker needs to import Pyodide's scripts from a URL of its own
  // (worker/interpreter-scripts.ts). User code gets no way to make one: without a blob: URL to import, it still has
  // no way to run JS source. (Before the fence took createObjectURL away, this printed the URL.)
  it('lets user code make no blob: URL, though the CSP allows blob: scripts', async () => {
    const code = `import js
from pyodide.ffi import to_js
try:
    url = js.URL.createObjectURL(js.Blob.new(to_js(["globalThis.breach = 42"])))
    print("BREACH", url)
except BaseException as error:
    print("blocked:", type(error).__name__)
print(js.URL.createObjectURL)`;
    const result = await pool.run(code, { timeout: 15000 });
    expect(result.status, result.error?.traceback).to.equal('ok');
    expect(result.stdout).to.equal('blocked: TypeError\nNone\n');
  });

  it('blocks what the page itself can fetch (the checks do not cry wolf)', async () => {
    for (const path of ESCAPES.slice(1)) {
      const response = await fetch(pool.indexURL + path);
      expect(response.status, path).to.equal(200);
    }
  });
});
