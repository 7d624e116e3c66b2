#!/usr/bin/env node
// `npx python-sandbox-copy-pyodide <folder>` (shipped as dist/copy-pyodide.js): copies Pyodide's files into
// `<folder>/pyodide/`, for sites that do not build with Vite (use `python-sandbox/vite` there). Run it before each
// build, e.g. as a `prebuild` script, then point the runtime at the folder: `configure({ indexURL: '/pyodide/' })`.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./pyodide/', import.meta.url));
const [folder, ...extra] = process.argv.slice(2);
if (!folder || extra.length || folder.startsWith('-')) {
  console.error('usage: python-sandbox-copy-pyodide <folder>   copies Pyodide\'s files into <folder>/pyodide/');
  process.exit(2);
}
const target = path.join(folder, 'pyodide');
cpSync(source, target, { recursive: true });
console.log(`python-sandbox: copied ${readdirSync(source).length} files of Pyodide into ${target}`);
