// The benchmark's web server: dist/ (the library build, with its own copy of Pyodide in dist/pyodide/) and bench/
// (the measuring pages; bench/lesson.html is made by scripts/bench-lesson-page.mjs), on 127.0.0.1 only. Every
// response allows any origin (scripts/pyodide-assets.mjs): the isolation frame and its `data:` workers have opaque
// origins, so all their requests are cross-origin. Pages opened without DevTools post their figures to /bench/report.
// `?coi=1` on a page adds COOP + COEP, making it cross-origin isolated (deadlines interrupt instead of terminating).
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lessonHtml } from './bench-lesson-page.mjs';
import { connectPyodideAssets } from './pyodide-assets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where a page measured without DevTools posts its figures (row 2). */
const REPORT_PATH = '/bench/report';
const servedFolders = ['/dist/', '/bench/'];
/** Pages made on request, as static HTML (the markup a docs generator would have written). */
const generatedPages = { '/bench/lesson.html': lessonHtml };

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.css': 'text/css',
};

function serveFile(req, res, link) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = normalize(decodeURIComponent(url.pathname));
  if (generatedPages[path]) {
    const body = Buffer.from(generatedPages[path](url.searchParams));
    res.writeHead(200, { 'Content-Type': types['.html'], 'Content-Length': body.byteLength, 'Cache-Control': 'no-cache' }).end(body);
    return body.byteLength;
  }
  const file = join(root, path);
  let size;
  try {
    if (!servedFolders.some((folder) => path.startsWith(folder))) throw new Error('outside');
    size = statSync(file).isFile() ? statSync(file).size : undefined;
  } catch {
    size = undefined;
  }
  if (size === undefined) {
    res.writeHead(404).end();
    return 0;
  }
  const page = extname(file) === '.html';
  const headers = {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    // Assets may be cached, so the second visit of row 2 can show what the HTTP cache gives; pages are re-fetched.
    'Cache-Control': page ? 'no-cache' : 'max-age=3600',
  };
  if (page && url.searchParams.get('coi') === '1') {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  if (link) {
    const { body, headers: encoding } = link.encode(file, headers['Content-Type'], readFileSync(file), req.headers['accept-encoding']);
    void link.send(res, 200, { ...headers, ...encoding }, body);
    return body.byteLength;
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
  return size;
}

/**
 * Starts the server on a free port of 127.0.0.1; with `link` (a SlowLink, scripts/bench-link.mjs), dist/ and bench/
 * go over that link: compressed as hosts do, delayed and sharing its bandwidth. Resolves with its origin, `bytesServed` (what went over the wire
 * since the last `resetCount()`: row 2 tells a cached visit from one that downloads everything again) and `close()`.
 */
export async function startBenchServer({ link } = {}) {
  let bytesServed = 0;
  const reports = [];
  const waiting = [];
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === REPORT_PATH) return takeReport(req, res);
    connectPyodideAssets(req, res, () => {
      bytesServed += serveFile(req, res, link) ?? 0;
    });
  });
  /** A page's report, with the bytes served since the last one (or the last `resetCount()`), which it resets. */
  function takeReport(req, res) {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(204).end();
      const report = { ...JSON.parse(body), bytesServed };
      bytesServed = 0;
      if (waiting.length) waiting.shift()(report);
      else reports.push(report);
    });
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    get bytesServed() {
      return bytesServed;
    },
    resetCount: () => (bytesServed = 0),
    /** The next report a page posts to `/bench/report` (bench/harness.js), or a rejection after `timeoutMs`. */
    nextReport(timeoutMs) {
      if (reports.length) return Promise.resolve(reports.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(take), 1);
          reject(new Error(`no page reported within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const take = (report) => {
          clearTimeout(timer);
          resolve(report);
        };
        waiting.push(take);
      });
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
