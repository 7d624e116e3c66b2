// `npm run build`: the library in dist/. Two ES entries, index.js (exports only) and define.js (registers
// <python-sandbox>), with Lit bundled in so dist/ works as plain static files; shared chunks sit beside them, so the
// runtime's `new URL('./pyodide/', import.meta.url)` finds dist/pyodide/ from whichever file holds it.
import { defineConfig } from 'vite';
import { copyPyodide, emitDeclarations } from './scripts/library-build.mjs';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts' },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: { chunkFileNames: '[name].js', minify: true },
    },
  },
  plugins: [copyPyodide(), emitDeclarations()],
});
