// `npm start`: the demo on Vite's dev server, with Pyodide served from the installed npm package.
import { defineConfig } from 'vite';
import { connectPyodideAssets } from './scripts/pyodide-assets.mjs';

export default defineConfig({
  root: 'demo',
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
