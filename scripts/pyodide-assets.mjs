// Serves Pyodide's files from the installed npm package at any URL ending in `/pyodide/<file>`, so the runtime's
// default (`./pyodide/` beside its own module) works unchanged in the dev server, the tests and the benchmark.
// Every response allows any origin: the isolated sandbox frame has an opaque origin and its requests are cross-origin.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const pyodideDir = fileURLToPath(new URL('../node_modules/pyodide/', import.meta.url));

const types = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.whl': 'application/zip',
};

/** The file in node_modules/pyodide a request path stands for, or undefined. */
export function pyodideFileFor(path) {
  // dist/pyodide/ is the library build's own copy; tests of the build must see what it really holds.
  if (path.startsWith('/dist/')) return undefined;
  const match = /\/pyodide\/([\w.+-]+)$/.exec(path.split('?')[0]);
  if (!match) return undefined;
  const file = pyodideDir + match[1];
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** The Content-Type of one of Pyodide's files (or the shipped snapshot's) by its name. */
export function contentType(file) {
  return types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
}

export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** Koa middleware for @web/test-runner and @web/dev-server. */
export async function koaPyodideAssets(ctx, next) {
  ctx.set(corsHeaders);
  const file = pyodideFileFor(ctx.path);
  if (!file) return next();
  ctx.type = contentType(file);
  ctx.set('Cache-Control', 'max-age=3600');
  ctx.body = createReadStream(file);
}

/** Connect middleware for Vite's dev and preview servers. */
export function connectPyodideAssets(req, res, next) {
  for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
  const file = pyodideFileFor(req.url ?? '');
  if (!file) return next();
  res.setHeader('Content-Type', contentType(file));
  res.setHeader('Cache-Control', 'max-age=3600');
  createReadStream(file).pipe(res);
}
