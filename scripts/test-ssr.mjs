// `npm run test:ssr`: the built package where no browser is. Imports dist/index.js, define.js and auto.js in plain Node
// (what VitePress, Astro, Next and SvelteKit do while rendering pages on the server): each must load without a DOM
// and define no `window`, `document`, `HTMLElement` or `customElements`. Then bundles a one-line page with
// webpack 5 (Docusaurus's bundler), which turns `import.meta.url` into the `file:` URL of the module on the build
// machine: no `file:` URL and no path of this machine may reach the output. Reads the dist/ the last build left.
// Prints one line; exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import webpack from 'webpack';

const root = path.resolve(import.meta.dirname, '..');
const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const failures = [];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

if (!existsSync(path.join(root, 'dist/index.js'))) {
  console.error('test:ssr: FAILED: no dist/: run `npm run build` first');
  process.exit(1);
}

// Each entry in a fresh Node process, so one import cannot set up globals for the other.
const browserGlobals = ['window', 'document', 'HTMLElement', 'customElements', 'location'];
for (const entry of ['index.js', 'define.js', 'auto.js']) {
  const script = `
    const module = await import(${JSON.stringify(path.join(root, 'dist', entry))});
    const left = ${JSON.stringify(browserGlobals)}.filter((name) => globalThis[name] !== undefined);
    if (left.length) throw new Error('left on globalThis: ' + left.join(', '));
    if (typeof module.PythonSandbox !== 'function') throw new Error('no PythonSandbox class exported');
    if (typeof module.configure !== 'function') throw new Error('no configure() exported');`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) {
    const message = result.stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? result.stderr.trim();
    failures.push(`import('dist/${entry}') in Node: ${message}`);
  }
}

// A consumer's page bundled by webpack, with the package installed as a link to this repository.
const work = mkdtempSync(path.join(tmpdir(), 'python-sandbox-ssr-'));
mkdirSync(path.join(work, 'node_modules'));
symlinkSync(root, path.join(work, 'node_modules/python-sandbox'), 'dir');
writeFileSync(path.join(work, 'page.js'), `import 'python-sandbox/define.js';
export { configure } from 'python-sandbox';
`);
const stats = await new Promise((resolve, reject) => {
  webpack({
    mode: 'production',
    context: work,
    entry: './page.js',
    output: { path: path.join(work, 'out'), clean: true },
    // As if installed: module paths stay under node_modules/ instead of leading back to this repository.
    resolve: { symlinks: false },
    // Minifying changes nothing this test looks for and takes most of the time.
    optimization: { minimize: false },
    performance: { hints: false },
  }, (error, result) => (error ? reject(error) : resolve(result)));
});
if (stats.hasErrors()) failures.push(`webpack: ${stats.toString({ all: false, errors: true })}`);
const outputs = existsSync(path.join(work, 'out')) ? readdirSync(path.join(work, 'out')) : [];
for (const name of outputs) {
  const text = readFileSync(path.join(work, 'out', name), 'utf8');
  // A `file:` URL with a path (an error message may say `file://` alone), or this machine's folders.
  const leaks = [/file:\/\/\/[^"'`\s]+/, ...[root, work].map((folder) => new RegExp(`${escape(folder)}[^"'\`\\s]*`))];
  for (const leak of leaks) {
    const found = leak.exec(text)?.[0];
    if (found) failures.push(`webpack's ${name} holds ${found}`);
  }
}
if (!outputs.length && !failures.length) failures.push('webpack wrote nothing');
if (failures.length) {
  console.error(`test:ssr: FAILED after ${seconds()} (webpack's output left in ${work}/out):`);
  console.error(`  ${failures.join('\n  ')}`);
  process.exit(1);
}
rmSync(work, { recursive: true, force: true });
console.log(`test:ssr: passed in ${seconds()}: dist/index.js, define.js and auto.js import in Node with no DOM; ` +
  `webpack 5 bundled define.js (${outputs.length} files) with no file: URL`);
