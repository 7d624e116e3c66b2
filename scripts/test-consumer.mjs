// `npm run test:consumer`: the package as a Vite user gets it. Packs the library (from the dist/ the last build left;
// `npm test` builds), installs the tarball into a new plain HTML + Vite project in a temporary folder, builds that
// project the way the README's bundler section says (Pyodide's folder copied to public/, `configure({ indexURL })`),
// serves the output with `Access-Control-Allow-Origin: *` (the sandbox frame's requests come from an opaque origin)
// and runs Python in the element in headless Chromium. Catches a file missing from the tarball, a wrong `exports`
// entry and an asset path that only works inside this repository. Prints one line; exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromeArgs, findChrome } from './find-chrome.mjs';
import { serveStatic } from './consumer-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const started = performance.now();
const work = mkdtempSync(path.join(tmpdir(), 'python-sandbox-consumer-'));
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`test:consumer: FAILED after ${seconds()}: ${message} (project left in ${work})`);
  process.exit(1);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
  if (result.status !== 0) fail(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

if (!existsSync(path.join(root, 'dist/index.js'))) fail('no dist/: run `npm run build` first');
const chrome = findChrome();
if (!chrome) fail('no Chromium found: install it with `sudo apt-get install -y chromium` or set CHROME_PATH');

// The package exactly as npm would publish it.
const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
const tarball = path.join(work, packed.filename);
const packedFiles = new Set(packed.files.map((file) => file.path));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const file of [manifest.customElements, 'dist/define.js', 'dist/pyodide/pyodide.asm.wasm']) {
  if (!packedFiles.has(file)) fail(`the tarball lacks ${file}`);
}

// A consumer's project: what the README tells a Vite user to write, and nothing from this repository.
const app = path.join(work, 'app');
const files = {
  'package.json': JSON.stringify({
    name: 'consumer',
    private: true,
    type: 'module',
    scripts: {
      'copy-pyodide': "node -e \"fs.cpSync('node_modules/python-sandbox/dist/pyodide', 'public/pyodide', { recursive: true })\"",
      prebuild: 'npm run copy-pyodide',
      build: 'vite build',
    },
    dependencies: { 'python-sandbox': `file:${tarball}` },
    devDependencies: { vite: manifest.devDependencies.vite },
  }, null, 2),
  'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>consumer</title><script type="module" src="/main.js"></script></head>
  <body>
    <python-sandbox preload="eager">print("hello")</python-sandbox>
  </body>
</html>
`,
  // configure() before the element is defined: an element already in the page with preload="eager" leases its pool
  // on upgrade, and `import 'python-sandbox/define.js'` would upgrade it before any statement of this module runs.
  'main.js': `import { PythonSandbox, configure } from 'python-sandbox';

configure({ indexURL: import.meta.env.BASE_URL + 'pyodide/' });
customElements.define('python-sandbox', PythonSandbox);
`,
};
for (const [name, text] of Object.entries(files)) {
  const file = path.join(app, name);
  run('mkdir', ['-p', path.dirname(file)], work);
  writeFileSync(file, text);
}
run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
// Every entry of `exports` (and its types) resolves in the installed package, the ones the page below does not import too.
const resolved = run('node', ['--input-type=module', '-e', `
  import { existsSync } from 'node:fs';
  for (const specifier of ['python-sandbox', 'python-sandbox/define.js', 'python-sandbox/pyodide/pyodide.mjs']) {
    const file = new URL(import.meta.resolve(specifier)).pathname;
    const types = file.replace(/\\.js$/, '.d.ts');
    console.log(existsSync(file) ? (file.endsWith('.js') && !existsSync(types) ? 'no types: ' + types : 'ok') : 'missing: ' + file);
  }`], app);
for (const line of resolved.trim().split('\n')) if (line !== 'ok') fail(`installed package: ${line}`);
run('npm', ['run', 'build'], app);

// Vite must leave Pyodide's files alone: nothing but the copied public/pyodide/ may hold them.
const out = path.join(app, 'dist');
const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const file = path.join(dir, name);
  return statSync(file).isDirectory() ? walk(file) : [path.relative(out, file)];
});
const built = walk(out);
const stray = built.filter((file) => !file.startsWith('pyodide/') && /\.(wasm|zip|mjs)$|pyodide/.test(file));
if (stray.length) fail(`Vite emitted Pyodide files outside pyodide/: ${stray.join(', ')}`);
const bundleBytes = built.filter((file) => file.endsWith('.js')).reduce((sum, file) => sum + statSync(path.join(out, file)).size, 0);
if (bundleBytes > 1_000_000) fail(`the app's JavaScript is ${bundleBytes} bytes: something was inlined`);

const server = await serveStatic(out);
const browser = await puppeteer.launch({ executablePath: chrome, headless: true, args: chromeArgs });
let failure;
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(server.url, { waitUntil: 'load' });
  const result = await page.evaluate(async () => {
    await customElements.whenDefined('python-sandbox');
    const el = document.querySelector('python-sandbox');
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ status: 'no answer in 90 s' }), 90_000));
    return Promise.race([el.run('print(6*7)'), timeout]);
  });
  if (result.status !== 'ok' || result.stdout !== '42\n') {
    const { status, stdout, error } = result;
    failure = `run('print(6*7)') gave ${JSON.stringify({ status, stdout, error: error?.message })}` +
      (problems.length ? `; ${problems.join('; ')}` : '');
  }
} catch (error) {
  failure = String(error);
} finally {
  await browser.close();
  server.close();
}
if (failure) fail(failure);
rmSync(work, { recursive: true, force: true });
console.log(`test:consumer: passed in ${seconds()}: ${packed.filename} installed into a Vite app, built, served, print(6*7) gave 42`);
