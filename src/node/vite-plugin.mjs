// `python-sandbox/vite` (shipped as dist/vite.js): puts Pyodide's files where the runtime looks by default, the
// `pyodide/` folder beside the script that holds the library (src/runtime/config.ts). For Vite 5 and later, so for
// plain Vite, VitePress, Astro and SvelteKit alike.
// - Build: emits them beside the chunk the library went into (`assets/pyodide/` in plain Vite), wherever the
//   framework puts its chunks.
// - Dev server: answers `…/pyodide/<file>` under any path, since the library then runs from
//   node_modules/.vite/deps/ (pre-bundled) or from node_modules/python-sandbox/dist/.
// The sandbox frame and its workers have an opaque origin (`Origin: null`), which Vite's servers send no CORS header
// to: these responses, on the dev and the preview server, allow any origin.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.dirname(fileURLToPath(import.meta.url));
const pyodideFolder = path.join(dist, 'pyodide');
// The module that holds the runtime (dist/define.js imports it), as Vite names modules: absolute, with `/`.
const runtimeModule = path.join(dist, 'index.js').split(path.sep).join('/');

const types = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};
const headers = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

/** @returns {import('vite').Plugin} */
export default function pythonSandbox() {
  const files = new Set(readdirSync(pyodideFolder));
  /** The Pyodide file a request path asks for, by name, or undefined. */
  const requested = (url = '') => {
    const match = /\/pyodide\/([^/?#]+)(?:[?#].*)?$/.exec(url);
    return match && files.has(match[1]) ? match[1] : undefined;
  };
  return {
    name: 'python-sandbox',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const name = requested(request.url);
        if (!name) return next();
        const file = path.join(pyodideFolder, name);
        response.writeHead(200, {
          ...headers,
          'Content-Type': types[path.extname(name)] ?? 'application/octet-stream',
          'Content-Length': statSync(file).size,
        });
        createReadStream(file).pipe(response);
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        if (requested(request.url)) {
          for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
        }
        next();
      });
    },
    async generateBundle(_options, bundle) {
      // Vite 6+ says which build this is; a server build needs no Pyodide (the library runs in the browser only).
      if (this.environment?.config.consumer === 'server') return;
      const folders = new Set();
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk' && output.moduleIds.some((id) => id.split('?')[0] === runtimeModule)) {
          folders.add(path.posix.dirname(output.fileName));
        }
      }
      for (const folder of folders) {
        for (const name of files) {
          this.emitFile({
            type: 'asset',
            fileName: path.posix.join(folder, 'pyodide', name),
            source: await readFile(path.join(pyodideFolder, name)),
          });
        }
      }
    },
  };
}
