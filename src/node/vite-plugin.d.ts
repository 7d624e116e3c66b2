import type { Plugin } from 'vite';

/**
 * Serves Pyodide's files on Vite's dev server and emits them in the build, where `<python-sandbox>` looks for them by
 * default: `plugins: [pythonSandbox()]` in `vite.config.js` (or VitePress's `vite` option, Astro's `vite`).
 */
export default function pythonSandbox(): Plugin;
