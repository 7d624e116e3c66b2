// `npm run test:consumer`: the package as its users get it. Packs the library (from the dist/ the last build left;
// `npm test` builds) and installs the tarball, in a temporary folder, into two projects set up as the README says,
// with nothing from this repository:
// - a plain HTML + Vite app: the `python-sandbox/vite` plugin and `import 'python-sandbox/define.js'`, nothing else;
// - a VitePress site (VitePress renders every page in Node first): the same plugin and import, in its theme.
// Checks what the install brought and the copy command for other set-ups, builds both projects (no `file:` URL in the
// output, Pyodide's files beside the library's chunk), serves each output from a server that sends no CORS header
// (as most hosts do) and runs Python in the element in headless Chromium, and once
// more on Vite's dev server. Catches a file missing from the tarball, a wrong `exports` entry and an asset path that
// only works inside this repository. Prints one line; exits non-zero on failure.
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromeArgs, ensureChrome } from './find-chrome.mjs';
import { checkBuild } from './consumer-build-check.mjs';
import { packPackage, runCommand, watchPage } from './consumer-helpers.mjs';
import { vitepressSite, viteApp } from './consumer-projects.mjs';
import { serveStatic } from './consumer-server.mjs';

// The VitePress docs/docs-sites.md was tried with (it brings its own Vite 5).
const vitepressVersion = '1.6.4';

const root = path.resolve(import.meta.dirname, '..');
const started = performance.now();
const work = mkdtempSync(path.join(tmpdir(), 'python-sandbox-consumer-'));
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`test:consumer: FAILED after ${seconds()}: ${message} (projects left in ${work})`);
  process.exit(1);
}

function run(command, args, cwd) {
  try {
    return runCommand(command, args, cwd);
  } catch (error) {
    fail(error.message);
  }
}

/** checkBuild's verdict on a build: the Pyodide folder it holds, or the end of the test. */
function built(out, label) {
  try {
    return checkBuild(out, label, { root, packedFiles });
  } catch (error) {
    fail(error.message);
  }
}

function writeProject(folder, files) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(folder, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], folder);
}

if (!existsSync(path.join(root, 'dist/index.js'))) fail('no dist/: run `npm run build` first');
// Chromium as every test finds it, installed from Debian's package when missing (scripts/find-chrome.mjs).
const chrome = ensureChrome();
if (!chrome) fail('no Chromium');

// The package exactly as npm would publish it.
let packed;
try {
  packed = packPackage(root, work);
} catch (error) {
  fail(error.message);
}
const { tarball, files: packedFiles } = packed;
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const file of [manifest.customElements, 'dist/define.js', 'dist/vite.js', 'dist/pyodide/pyodide.asm.wasm']) {
  if (!packedFiles.includes(file)) fail(`the tarball lacks ${file}`);
}

const app = path.join(work, 'app');
writeProject(app, viteApp(tarball, manifest.devDependencies.vite));
// Every entry of `exports` (and its types) resolves in the installed package, the ones the page does not import too.
// Entries with types alone (python-sandbox/react, /vue) are for TypeScript, which resolves them; Node cannot.
const typesOnly = Object.entries(manifest.exports).filter(([, target]) => typeof target === 'object' && !target.default);
for (const [key, target] of typesOnly) {
  if (!existsSync(path.join(app, 'node_modules/python-sandbox', target.types))) fail(`installed package: no ${target.types} for ${key}`);
}
const specifiers = Object.keys(manifest.exports)
  .filter((key) => !typesOnly.some(([typed]) => typed === key))
  .map((key) => path.posix.join('python-sandbox', key.replace('*', 'pyodide.mjs')));
const resolved = run('node', ['--input-type=module', '-e', `
  import { existsSync } from 'node:fs';
  for (const specifier of ${JSON.stringify(specifiers)}) {
    const file = new URL(import.meta.resolve(specifier)).pathname;
    const types = file.replace(/\\.js$/, '.d.ts');
    const typed = !file.endsWith('.js') || existsSync(types);
    console.log(existsSync(file) ? (typed ? 'ok' : 'no types: ' + types) : 'missing: ' + file);
  }`], app);
for (const line of resolved.trim().split('\n')) if (line !== 'ok') fail(`installed package: ${line}`);
// Installing brings the package and Lit (its declarations extend LitElement), not what dist/ bundles.
const installed = readdirSync(path.join(app, 'node_modules')).flatMap((name) =>
  name.startsWith('@') ? readdirSync(path.join(app, 'node_modules', name)).map((inner) => `${name}/${inner}`) : [name]);
const bundled = installed.filter((name) => name === 'pyodide' || name.startsWith('@lezer/'));
if (bundled.length) fail(`installing the package brought ${bundled.join(', ')}, which dist/ bundles`);
// The command for set-ups without Vite.
run('npx', ['python-sandbox-copy-pyodide', 'static'], app);
for (const file of ['pyodide.asm.wasm', 'python-sandbox-snapshot.bin', 'python-sandbox-snapshot.json']) {
  if (!existsSync(path.join(app, 'static/pyodide', file))) fail(`\`python-sandbox-copy-pyodide static\` copied no static/pyodide/${file}`);
}
rmSync(path.join(app, 'static'), { recursive: true });
run('npm', ['run', 'build'], app);
const appPyodide = built(path.join(app, 'dist'), 'the Vite app');

const site = path.join(work, 'site');
writeProject(site, vitepressSite(tarball, vitepressVersion));
run('npm', ['run', 'build'], site);
const sitePyodide = built(path.join(site, 'docs/.vitepress/dist'), 'the VitePress site');

const shippedSnapshotBytes = statSync(path.join(root, 'dist/pyodide/python-sandbox-snapshot.bin')).size;

/** Runs print(6*7) in the page's element; undefined when it printed 42 and the shipped snapshot came, else what went wrong. */
async function runPython(browser, url) {
  const page = await browser.newPage();
  const problems = watchPage(page);
  try {
    await page.goto(url, { waitUntil: 'load' });
    const result = await page.evaluate(async () => {
      await customElements.whenDefined('python-sandbox');
      const el = document.querySelector('python-sandbox');
      const timeout = new Promise((resolve) => setTimeout(() => resolve({ status: 'no answer in 90 s' }), 90_000));
      const ran = await Promise.race([el.run('print(6*7)'), timeout]);
      // The snapshot shipped beside Pyodide's files, downloaded whole (a stale one is abandoned when found so).
      const snapshot = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/python-sandbox-snapshot.bin'));
      return { ...ran, snapshotBytes: snapshot?.decodedBodySize };
    });
    if (result.status === 'ok' && result.stdout === '42\n' && result.snapshotBytes !== shippedSnapshotBytes) {
      return `the snapshot shipped in dist/pyodide/ was not downloaded whole: ${result.snapshotBytes} of ${shippedSnapshotBytes} bytes`;
    }
    if (result.status === 'ok' && result.stdout === '42\n') return undefined;
    const { status, stdout, error } = result;
    return `run('print(6*7)') gave ${JSON.stringify({ status, stdout, error: error?.message })}` +
      (problems.length ? `; ${problems.join('; ')}` : '');
  } catch (error) {
    return String(error) + (problems.length ? `; ${problems.join('; ')}` : '');
  } finally {
    await page.close();
  }
}

async function runPythonServed(browser, folder) {
  const server = await serveStatic(folder);
  try {
    return await runPython(browser, server.url);
  } finally {
    server.close();
  }
}

const browser = await puppeteer.launch({ executablePath: chrome, headless: true, args: chromeArgs });
let failure;
let devPyodide;
try {
  failure = await runPythonServed(browser, path.join(app, 'dist'));
  if (failure) failure = `the Vite app, built: ${failure}`;
  if (!failure) {
    failure = await runPythonServed(browser, path.join(site, 'docs/.vitepress/dist'));
    if (failure) failure = `the VitePress site, built: ${failure}`;
  }
  if (!failure) {
    // The dev server, with the library pre-bundled into node_modules/.vite/deps/ and no CORS set-up of its own.
    const vite = await import(pathToFileURL(path.join(app, 'node_modules/vite/dist/node/index.js')).href);
    const dev = await vite.createServer({ root: app, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
    try {
      await dev.listen();
      dev.httpServer.on('request', (request) => {
        if (request.url.includes('/pyodide.asm.wasm')) devPyodide = path.posix.dirname(request.url.split('?')[0]);
      });
      failure = await runPython(browser, dev.resolvedUrls.local[0]);
      if (failure) failure = `the Vite app on the dev server: ${failure}`;
    } finally {
      await dev.close();
    }
  }
} catch (error) {
  failure = String(error);
} finally {
  await browser.close();
}
if (failure) fail(failure);
rmSync(work, { recursive: true, force: true });
console.log(`test:consumer: passed in ${seconds()}: ${packed.filename} installed with python-sandbox/vite into a ` +
  `Vite app (Pyodide in ${appPyodide}/) and a VitePress ${vitepressVersion} site (${sitePyodide}/), built, served, ` +
  `and the app on the dev server (Pyodide from ${devPyodide}/): print(6*7) gave 42 in all three`);
