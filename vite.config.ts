// `npm run build`: the library in dist/. Three ES entries, index.js (exports only), define.js (registers
// <python-sandbox>) and auto.js (registers it and upgrades the page's marked code blocks), with Lit bundled in so
// dist/ works as plain static files; shared chunks sit beside them, so the runtime finds dist/pyodide/ beside
// whichever file holds it (src/runtime/config.ts). Beside them: the Vite plugin (`python-sandbox/vite`) and the copy
// command for other set-ups, from src/node/, which run in Node as they are.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { copyNodeFiles, copyPyodide, emitDeclarations, minifyCssTemplates } from './scripts/library-build.mjs';

export default defineConfig({
  publicDir: false,
  resolve: {
    // Lit's "node" builds are its browser builds with each DOM global read behind a check (`globalThis.HTMLElement ??
    // shim`, `document` only if defined): in a browser they behave the same, and in Node dist/ imports without a DOM.
    // Without "browser" here, since Lit's exports list it first.
    conditions: ['module', 'node', 'development|production'],
    alias: { '@lit-labs/ssr-dom-shim': fileURLToPath(new URL('./src/lit-server-stand-in.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts', auto: 'src/auto.ts' },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: { chunkFileNames: '[name].js', minify: true },
    },
  },
  plugins: [minifyCssTemplates(), copyPyodide(), copyNodeFiles(), emitDeclarations({ entries: ['src/index.ts', 'src/define.ts', 'src/auto.ts'] })],
});
