// The snapshot shipped with the package (run by `npm run build`, after the library build): dist/pyodide/ gets
// python-sandbox-snapshot.bin, a kept-snapshot entry (src/runtime/snapshot-entry.ts) compressed with gzip, and
// python-sandbox-snapshot.json, its manifest. Made by the product itself: dist/ on a page in headless Chromium, a
// default pool (no packages), whose relay's maker boots CPython, snapshots it before any user code runs and hands
// it to the page, which keeps it in Cache Storage as it does for a site's next pages. That entry is what ships.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { chromeArgs, ensureChrome, installHint } from './find-chrome.mjs';
import { contentType } from './pyodide-assets.mjs';
import { SHIPPED_SNAPSHOT_FILE, SHIPPED_SNAPSHOT_MANIFEST, readEntryHeader } from './shipped-snapshot.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const pyodideFolder = path.join(dist, 'pyodide');
const MAKE_TIMEOUT_MS = 180_000;

const makerPage = `<!doctype html><meta charset="utf-8"><title>snapshot maker</title>
<script type="module">
import { SandboxPool } from '/dist/index.js';
try {
  const pool = new SandboxPool({ size: 1 });
  await pool.ready;
  const cache = await caches.open('python-sandbox-snapshots');
  let keys = [];
  for (const started = Date.now(); !keys.length; await new Promise((resolve) => setTimeout(resolve, 200))) {
    keys = await cache.keys();
    if (Date.now() - started > ${MAKE_TIMEOUT_MS}) throw new Error('no snapshot was kept');
  }
  const entry = await (await cache.match(keys[0])).arrayBuffer();
  const jspi = typeof WebAssembly.Suspending === 'function';
  const response = await fetch('/entry?jspi=' + jspi + '&key=' + encodeURIComponent(keys[0].url), { method: 'POST', body: entry });
  window.made = response.ok ? 'ok' : await response.text();
} catch (error) {
  window.made = String(error?.message ?? error);
}
</script>`;

/** Serves dist/ and the maker page; takes the entry the page posts. Never the shipped snapshot of an earlier build. */
function startServer(onEntry) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end(makerPage);
      return;
    }
    if (url.pathname === '/entry' && request.method === 'POST') {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      try {
        await onEntry(url.searchParams.get('key'), url.searchParams.get('jspi') === 'true', Buffer.concat(chunks));
        response.writeHead(200).end();
      } catch (error) {
        response.writeHead(500).end(String(error?.message ?? error));
      }
      return;
    }
    const file = path.join(root, path.normalize(url.pathname));
    const shippedName = [SHIPPED_SNAPSHOT_FILE, SHIPPED_SNAPSHOT_MANIFEST].includes(path.basename(file));
    if (!file.startsWith(dist + path.sep) || shippedName || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': contentType(file) });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * The frame script's hash dist/ was built with: the page's snapshot version holds it, so the manifest must name the
 * same one (src/generated/ may be newer than dist/ when this runs on its own).
 */
async function builtFrameScriptHash() {
  const hashSource = await readFile(path.join(root, 'src/generated/frame-script-hash.ts'), 'utf8');
  const hash = /frameScriptHash = "([^"]+)"/.exec(hashSource)?.[1];
  const bundles = await Promise.all(readdirSync(dist).filter((name) => name.endsWith('.js')).map((name) => readFile(path.join(dist, name), 'utf8')));
  if (!hash || !bundles.some((source) => source.includes(hash))) {
    throw new Error('dist/ was built from other sources than src/generated/: run `npm run build`');
  }
  return hash;
}

export async function buildSnapshot() {
  const executablePath = ensureChrome();
  if (!executablePath) throw new Error(installHint);
  await Promise.all([SHIPPED_SNAPSHOT_FILE, SHIPPED_SNAPSHOT_MANIFEST].map((name) => rm(path.join(pyodideFolder, name), { force: true })));
  let made;
  const server = await startServer(async (key, jspi, entry) => {
    made = { version: new URL(key).pathname.split('/').pop(), jspi, entry };
  });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'python-sandbox-snapshot-'));
  const browser = await puppeteer.launch({ executablePath, headless: true, userDataDir, args: [...chromeArgs] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.made !== undefined, { timeout: MAKE_TIMEOUT_MS + 60_000, polling: 250 });
    const outcome = await page.evaluate(() => window.made);
    if (outcome !== 'ok' || !made) throw new Error(`the snapshot maker page said: ${outcome}`);
  } finally {
    await browser.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  const header = readEntryHeader(made.entry);
  if (header.files.length || header.loaded) throw new Error('the default pool\'s snapshot holds packages: it should hold none');
  const compressed = gzipSync(made.entry, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const frameScriptHash = await builtFrameScriptHash();
  const pyodideVersion = JSON.parse(await readFile(path.join(root, 'node_modules/pyodide/package.json'), 'utf8')).version;
  const manifest = {
    format: 1,
    pyodide: pyodideVersion,
    packages: [],
    version: made.version,
    frameScriptHash,
    jspi: made.jspi,
    file: SHIPPED_SNAPSHOT_FILE,
    fileBytes: compressed.byteLength,
    entryBytes: made.entry.byteLength,
    snapshotBytes: header.length,
    sha256: header.digest,
  };
  await writeFile(path.join(pyodideFolder, SHIPPED_SNAPSHOT_FILE), compressed);
  await writeFile(path.join(pyodideFolder, SHIPPED_SNAPSHOT_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const manifest = await buildSnapshot();
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  console.log(`python-sandbox: shipped snapshot in dist/pyodide/: ${mb(manifest.fileBytes)} MB compressed ` +
    `(${mb(manifest.entryBytes)} MB entry, ${mb(manifest.snapshotBytes)} MB heap), made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
