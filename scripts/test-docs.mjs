// `npm run test:docs`: fenced code blocks become sandboxes in real docs sites, built by the generators themselves.
// Packs the library (from the dist/ the last build left) and, for each generator, copies its site from test/docs/ into
// a temporary folder, adds the package as the recipe for it in docs/docs-sites.md says, builds the site, serves the output from a
// server that sends no CORS header and checks in headless Chromium: the marked blocks became <python-sandbox> elements
// with the code and options their blocks hold and the plain block stayed, Run prints what /usr/bin/python3 prints,
// two blocks share a session, and nothing reached the console as an error. Then switches the site to its dark mode
// and takes screenshots, light and dark, into screenshots/docs/.
//
// `npm run test:docs` tries MkDocs + Material and Sphinx + furo (Debian's packages, installed with apt-get when
// missing and root), VitePress, Starlight and plain HTML; `npm run test:docs:slow` Docusaurus, whose install and build
// take 1.5 minutes with a warm npm cache (2.5 without); `node scripts/test-docs.mjs <generator>…` the ones named.
// The sites' builds live in scripts/docs-sites/<generator>.mjs, the check of a built site in docs-sites/check-site.mjs.
// Prints one line per generator and a closing `docs: N passed, N failed`; exits non-zero on a failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { packPackage } from './consumer-helpers.mjs';
import { installDebianPackages } from './debian-packages.mjs';
import { checkSite, pythonStdouts } from './docs-sites/check-site.mjs';
import { generators } from './docs-sites/generators.mjs';
import { chromeArgs, ensureChrome } from './find-chrome.mjs';

const root = path.resolve(import.meta.dirname, '..');
const shots = path.join(root, 'screenshots/docs');
const started = performance.now();
const since = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => name !== '--slow' && !(name in generators));
if (unknown.length) {
  console.error(`test:docs: unknown generator ${unknown.join(', ')}; known: ${Object.keys(generators).join(', ')}`);
  process.exit(2);
}
const names = requested.filter((name) => name !== '--slow');
const selected = names.length
  ? names
  : Object.keys(generators).filter((name) => Boolean(generators[name].slow) === requested.includes('--slow'));

if (!existsSync(path.join(root, 'dist/auto.js'))) {
  console.error('test:docs: no dist/auto.js: run `npm run build` first');
  process.exit(1);
}
// Chromium as every test finds it, installed from Debian's package when missing (scripts/find-chrome.mjs).
const chrome = ensureChrome();
if (!chrome) process.exit(1);

// Debian's generators, as the browsers are installed: only when missing (scripts/debian-packages.mjs).
const missing = selected.flatMap((name) => (generators[name].debianPackages && !generators[name].versions()
  ? generators[name].debianPackages : []));
if (missing.length) {
  const installStart = performance.now();
  if (installDebianPackages(missing)) console.log(`docs: installed ${missing.join(' ')} with apt-get in ${since(installStart)}`);
  else console.log(`docs: could not install ${missing.join(' ')} with apt-get`);
}

let expectedStdout;
try {
  expectedStdout = pythonStdouts();
} catch (error) {
  console.error(`test:docs: ${error.message}`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'python-sandbox-docs-'));
const { tarball, filename } = packPackage(root, work);
mkdirSync(shots, { recursive: true });
// The sites build one after the other in the background while the browser checks the ones already built: the npm
// installs wait on the network more than on the two cores.
let previous = Promise.resolve();
const builds = Object.fromEntries(selected.map((name) => {
  previous = previous.then(() => buildSite(name));
  return [name, previous];
}));
const browser = await puppeteer.launch({ executablePath: chrome, headless: true, args: chromeArgs });
let passed = 0;
let failed = 0;
try {
  for (const name of selected) {
    const { label, out, seconds, error } = await builds[name];
    const browserStart = performance.now();
    try {
      if (error) throw error;
      const seen = await checkSite(browser, { name, generator: generators[name], out, expectedStdout, shots });
      console.log(`docs: ${label}: passed (built in ${seconds}, checked in ${since(browserStart)}): 4 marked blocks ` +
        'became sandboxes and the plain one stayed; Run printed what python3 prints, the session pair shared a ' +
        `variable, no console errors; ${seen}`);
      passed++;
    } catch (failure) {
      console.log(`docs: ${label}: FAILED: ${failure.message}`);
      failed++;
    }
  }
} finally {
  await browser.close();
}
if (failed) console.log(`docs: the sites are left in ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`docs: ${filename} in ${selected.length} generators' sites, ${since(started)}`);
console.log(`docs: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** Copies the generator's site and builds it; never rejects: `{ label, out, seconds }` or `{ label, error }`. */
async function buildSite(name) {
  const buildStart = performance.now();
  const generator = generators[name];
  try {
    if (generator.debianPackages && !generator.versions()) {
      throw new Error(`not installed: \`sudo apt-get install -y ${generator.debianPackages.join(' ')}\``);
    }
    const site = path.join(work, name);
    cpSync(path.join(root, 'test/docs', name), site, { recursive: true });
    const out = await generator.build(site, tarball);
    return { label: generator.versions(site), out, seconds: since(buildStart) };
  } catch (error) {
    return { label: name, error };
  }
}
