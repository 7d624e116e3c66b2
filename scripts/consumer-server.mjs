// A static file server for scripts/test-consumer.mjs, as a consumer's host would be set up: every response carries
// `Access-Control-Allow-Origin: *`, because the sandbox frame's module workers fetch Pyodide with `Origin: null`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.svg': 'image/svg+xml',
};

/** Serves `folder` on 127.0.0.1 at a free port; resolves with `{ url, close }`. */
export async function serveStatic(folder) {
  const server = createServer(async (request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = path.join(folder, pathname.endsWith('/') ? pathname + 'index.html' : pathname);
    const info = file.startsWith(folder + path.sep) ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}
