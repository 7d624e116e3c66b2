// The preload tags of docs/self-hosting.md: with them in the page, the library's own requests for Pyodide's files and
// the shipped snapshot are served by the preloads, so each file is downloaded once (the counting server sends
// nothing cacheable, so only a used preload saves the second request).
import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';

const FILES = [
  'pyodide.asm.wasm', 'python-sandbox-snapshot.bin', 'python_stdlib.zip', 'pyodide.asm.mjs', 'pyodide.mjs',
  'pyodide-lock.json', 'python-sandbox-snapshot.json',
];

/** Preloads every file of `folder` as the docs say, and waits for them. */
async function preload(folder: string): Promise<void> {
  await Promise.all(FILES.map((file) => new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement('link'), { rel: 'preload', href: folder + file, as: 'fetch' });
    link.crossOrigin = '';
    link.addEventListener('load', resolve);
    link.addEventListener('error', () => reject(new Error(`preloading ${file} failed`)));
    document.head.append(link);
  })));
}

async function requestsAfterARun(): Promise<Record<string, number>> {
  const tag = Math.random().toString(36).slice(2);
  const folder = `/counted/${tag}/pyodide/`;
  await preload(folder);
  const pool = new SandboxPool({ size: 1, indexURL: folder });
  try {
    const result = await pool.run('print(1)', { timeout: 60000 });
    expect(result.stdout).to.equal('1\n');
    expect(pool.stats.boots.plain, 'the shipped snapshot was used').to.equal(0);
  } finally {
    pool.dispose();
  }
  return (await fetch(`/counted/${tag}/requests`)).json();
}

describe('preload links for Pyodide\'s files and the shipped snapshot', function () {
  this.timeout(180000);

  it('serve the library\'s requests: each file is downloaded once', async () => {
    const requests = await requestsAfterARun();
    expect(requests).to.deep.equal(Object.fromEntries(FILES.map((file) => [file, 1])));
  });

  it('are what saves the second download (the control: without them, two requests of a file reach the server)', async () => {
    const tag = Math.random().toString(36).slice(2);
    const folder = `/counted/${tag}/pyodide/`;
    for (let request = 0; request < 2; request++) await (await fetch(folder + 'pyodide-lock.json')).text();
    const requests = await (await fetch(`/counted/${tag}/requests`)).json();
    expect(requests['pyodide-lock.json'], 'nothing cached it').to.equal(2);
  });
});
