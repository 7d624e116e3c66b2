// `npm start`: the demo on Vite's dev server, with Pyodide served from the installed npm package.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { connectPyodideAssets, pyodideDir } from './scripts/pyodide-assets.mjs';

const pyodideVersion: string = JSON.parse(readFileSync(pyodideDir + 'package.json', 'utf8')).version;

export default defineConfig({
  root: 'demo',
  // The packages example loads the full distribution of the Pyodide version installed here from the CDN.
  define: { __PYODIDE_VERSION__: JSON.stringify(pyodideVersion) },
  server: { fs: { allow: ['..'] }, open: false },
  plugins: [
    {
      name: 'pyodide-assets',
      configureServer(server) {
        server.middlewares.use(connectPyodideAssets);
      },
      configurePreviewServer(server) {
        server.middlewares.use(connectPyodideAssets);
      },
    },
  ],
});
