// Row 8: bytes of JavaScript a page downloads for the element, minified and gzipped, without Pyodide's own files.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minifySync } from 'vite';

const kB = (bytes) => bytes / 1000;
const gzipBytes = (text) => gzipSync(text, { level: 9 }).length;

/** The imports of `file`: static (`from`, bare `import`) and dynamic (`import()`), as paths. */
async function importsOf(file) {
  const code = await readFile(file, 'utf8');
  const paths = (pattern) => [...code.matchAll(pattern)].map(([, specifier]) => join(dirname(file), specifier));
  return {
    statics: paths(/(?:\bfrom|\bimport)\s*["'`](\.\.?\/[^"'`]+)["'`]/g),
    dynamics: paths(/\bimport\(\s*["'`](\.\.?\/[^"'`]+)["'`]\s*\)/g),
  };
}

/**
 * The files `entry` imports statically (itself included), and the ones loaded later with `import()`, with everything
 * those import in turn (the highlighter loads the grammar).
 */
async function moduleGraph(entry) {
  const staticFiles = new Set();
  const lazyFiles = new Set();
  const pending = [[entry, staticFiles]];
  while (pending.length) {
    const [file, into] = pending.pop();
    if (staticFiles.has(file) || into.has(file)) continue;
    into.add(file);
    const { statics, dynamics } = await importsOf(file);
    for (const next of statics) pending.push([next, into]);
    for (const next of dynamics) pending.push([next, lazyFiles]);
  }
  for (const file of staticFiles) lazyFiles.delete(file);
  return { staticFiles: [...staticFiles], lazyFiles: [...lazyFiles] };
}

async function gzippedKB(files, minify) {
  let total = 0;
  for (const file of files) {
    const code = await readFile(file, 'utf8');
    total += gzipBytes(minify ? minifySync(file, code, {}).code : code);
  }
  return kB(total);
}

/** The product's sizes come from dist/ as built (already minified); the baseline's files are minified here. */
export async function bundleSizes(root) {
  const product = await moduleGraph(join(root, 'dist/define.js'));
  const baselineFiles = ['bench/baseline.js', 'bench/baseline-worker.js'].map((file) => join(root, file));
  return {
    elementKB: await gzippedKB(product.staticFiles, false),
    lazyKB: await gzippedKB(product.lazyFiles, false),
    baselineKB: await gzippedKB(baselineFiles, true),
    files: { static: product.staticFiles.map((file) => file.slice(root.length)), lazy: product.lazyFiles.map((file) => file.slice(root.length)) },
  };
}
