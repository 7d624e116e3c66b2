// `npm run test:docs`: fenced code blocks become sandboxes in real docs sites, built by the generators themselves.
// Packs the library (from the dist/ the last build left) and, for each generator, copies its site from test/docs/ into
// a temporary folder, adds the package as the README's recipe for it says, builds the site, serves the output from a
// server that sends no CORS header and checks in headless Chromium: the marked blocks became <python-sandbox> elements
// with the code and options their blocks hold and the plain block stayed, Run prints what /usr/bin/python3 prints,
// two blocks share a session, and nothing reached the console as an error. Then switches the site to its dark mode
// and takes screenshots, light and dark, into screenshots/docs/.
//
// `npm run test:docs` tries MkDocs + Material and Sphinx + furo (Debian's packages, installed with apt-get when
// missing and root), VitePress, Starlight and plain HTML; `npm run test:docs:slow` Docusaurus, whose install and build
// take 1.5 minutes with a warm npm cache (2.5 without); `node scripts/test-docs.mjs <generator>…` the ones named.
// Prints one line per generator and a closing `docs: N passed, N failed`; exits non-zero on a failure.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { packPackage, runCommand, watchPage } from './consumer-helpers.mjs';
import { installDebianPackages } from './debian-packages.mjs';
import { serveStatic } from './consumer-server.mjs';
import { chromeArgs, installHint, findChrome } from './find-chrome.mjs';

const root = path.resolve(import.meta.dirname, '..');
const shots = path.join(root, 'screenshots/docs');
const started = performance.now();
const since = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

/** The code of the four marked blocks every site's page holds, in page order, as the sandboxes must get it. */
const expectedBlocks = [
  { marker: 'class', code: 'print("class-marked", 6 * 7)' },
  {
    marker: '#| sandbox, #| timeout: 5000',
    code: 'a, b = 1, 2\nif a < b:\n    x = "&amp;"\n\n    print(x, "<tag>")',
    timeout: 5000,
  },
  { marker: '#| session: s (1 of 2)', code: 'answer = 6 * 7', session: 's' },
  { marker: '#| session: s (2 of 2)', code: 'print("session", answer)', session: 's' },
];
const unmarkedCode = 'print("unmarked")';
/** The one block of the second page, which single-page sites (`spa`) link to from the first. */
const secondPageCode = 'print("second page")';

/** A static site generator's own command, or what `dpkg-query` says of a Debian package: its version, or undefined. */
function probe(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
const debianVersion = (name) => probe('dpkg-query', ['-W', '-f=${Version}', name])?.replace(/[-+].*$/, '');
const npmVersion = (site, name) =>
  JSON.parse(readFileSync(path.join(site, 'node_modules', name, 'package.json'), 'utf8')).version;

/** runCommand without blocking the browser checks that run meanwhile: resolves with stdout, rejects with output. */
async function runAsync(command, args, cwd) {
  try {
    const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' };
    return (await promisify(execFile)(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${error.code}:\n${error.stdout}${error.stderr}`);
  }
}

/**
 * The README's recipe for sites without a Node toolchain: unpack the package and copy its dist/ into the site's
 * static folder (the README's `npm pack python-sandbox` downloads the tarball this test packs).
 */
async function copyDist(site, tarball, folder) {
  await runAsync('tar', ['-xzf', tarball], site);
  mkdirSync(path.dirname(path.join(site, folder)), { recursive: true });
  await runAsync('cp', ['-r', 'package/dist', folder], site);
}

/** `npm install` of the site with `python-sandbox` added from the tarball, as `npm install python-sandbox` adds it. */
async function npmInstall(site, tarball) {
  const manifestFile = path.join(site, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.dependencies = { ...manifest.dependencies, 'python-sandbox': `file:${tarball}` };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  await runAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], site);
}

/** Clicks the first visible element matching `selector` until `done()` holds in the page, at most `tries` times. */
async function clickUntil(page, selector, done, tries = 3) {
  for (let i = 0; i < tries && !(await page.evaluate(done)); i++) {
    const handles = await page.$$(selector);
    let clicked = false;
    for (const handle of handles) {
      if (!clicked && (await handle.isVisible())) {
        await handle.click();
        clicked = true;
      }
    }
    if (!clicked) throw new Error(`no visible ${selector} to switch to dark mode`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!(await page.evaluate(done))) throw new Error(`clicking ${selector} did not switch to dark mode`);
}

const generators = {
  // No generator: the README's plain HTML, dark by the reader's preference (the page says `color-scheme: light dark`).
  html: {
    versions: () => 'plain HTML',
    async build(site, tarball) {
      await copyDist(site, tarball, 'python-sandbox');
      return site;
    },
    dark: (page) => page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]),
  },
  mkdocs: {
    debianPackages: ['mkdocs', 'mkdocs-material'],
    versions: () => {
      const mkdocs = probe('mkdocs', ['--version'])?.match(/version (\S+)/)?.[1];
      const material = debianVersion('mkdocs-material')
        ?? probe('/usr/bin/python3', ['-c', 'import material; print(material.__version__)']);
      return mkdocs && material && `MkDocs ${mkdocs} + Material ${material}`;
    },
    async build(site, tarball) {
      await copyDist(site, tarball, 'docs/python-sandbox');
      await runAsync('mkdocs', ['build', '--strict', '--site-dir', 'site'], site);
      return path.join(site, 'site');
    },
    // The palette toggle sets data-md-color-scheme on <body>.
    dark: (page) => clickUntil(page, 'label[title="Switch to dark mode"]',
      () => document.body.getAttribute('data-md-color-scheme') === 'slate'),
  },
  sphinx: {
    debianPackages: ['python3-sphinx', 'furo'],
    versions: () => {
      const sphinx = probe('sphinx-build', ['--version'])?.match(/\S+$/)?.[0];
      const furo = debianVersion('furo') ?? probe('/usr/bin/python3', ['-c', 'import furo; print(furo.__version__)']);
      return sphinx && furo && `Sphinx ${sphinx} + furo ${furo}`;
    },
    async build(site, tarball) {
      await copyDist(site, tarball, 'docs/_static/python-sandbox');
      await runAsync('sphinx-build', ['-W', '-q', '-b', 'html', 'docs', 'build/html'], site);
      return path.join(site, 'build/html');
    },
    // Debian's furo (2022.12.07+dfsg) ships its furo.js unbundled, an ES module loaded as a classic script: it throws
    // on every page, so furo's theme toggle (hidden while <html> keeps its no-js class) never works; and its CSS
    // imports normalize.css from /javascript/, where Debian's javascript-common serves it under Apache. Furo from PyPI
    // has neither problem, and PyPI is out of reach here. So these two are not counted, and dark mode is set as the
    // toggle would set it: data-theme on <body>.
    ignore: [/^page error: Cannot use import statement outside a module$/, /\/javascript\/normalize\.css\//,
      /^console error: Failed to load resource: the server responded with a status of 404/],
    async dark(page) {
      await page.evaluate(() => {
        document.body.dataset.theme = 'dark';
      });
    },
  },
  vitepress: {
    spa: true,
    versions: (site) => `VitePress ${npmVersion(site, 'vitepress')}`,
    async build(site, tarball) {
      await npmInstall(site, tarball);
      await runAsync('npm', ['run', 'build'], site);
      return path.join(site, 'docs/.vitepress/dist');
    },
    dark: (page) => clickUntil(page, 'button.VPSwitchAppearance',
      () => document.documentElement.classList.contains('dark')),
  },
  docusaurus: {
    slow: true,
    spa: true,
    versions: (site) => `Docusaurus ${npmVersion(site, '@docusaurus/core')}`,
    async build(site, tarball) {
      await npmInstall(site, tarball);
      await runAsync('npm', ['run', 'build'], site);
      return path.join(site, 'build');
    },
    dark: (page) => clickUntil(page, 'button[class*="toggleButton"]',
      () => document.documentElement.dataset.theme === 'dark'),
  },
  starlight: {
    versions: (site) => `Starlight ${npmVersion(site, '@astrojs/starlight')} (Astro ${npmVersion(site, 'astro')})`,
    async build(site, tarball) {
      await npmInstall(site, tarball);
      await runAsync('npm', ['run', 'build'], site);
      return path.join(site, 'dist');
    },
    async dark(page) {
      await page.select('starlight-theme-select select', 'dark');
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', { timeout: 5000 });
    },
  },
};

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
const chrome = findChrome();
if (!chrome) {
  console.error(`test:docs: ${installHint}`);
  process.exit(1);
}

// Debian's generators, as the browsers are installed: only when missing (scripts/debian-packages.mjs).
const missing = selected.flatMap((name) => (generators[name].debianPackages && !generators[name].versions()
  ? generators[name].debianPackages : []));
if (missing.length) {
  const installStart = performance.now();
  if (installDebianPackages(missing)) console.log(`docs: installed ${missing.join(' ')} with apt-get in ${since(installStart)}`);
  else console.log(`docs: could not install ${missing.join(' ')} with apt-get`);
}

// Python's own answer for the block with `<` and `&`.
const python = spawnSync('/usr/bin/python3', ['-c', expectedBlocks[1].code], { encoding: 'utf8' });
if (python.status !== 0) {
  console.error(`test:docs: /usr/bin/python3 could not run the block: ${python.stderr}`);
  process.exit(1);
}
const expectedStdout = ['class-marked 42\n', python.stdout, '', 'session 42\n'];

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
      const seen = await checkSite(name, generators[name], out);
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

/** Opens the built site's page and checks it; returns what the screenshots hold, for the report line. */
async function checkSite(name, generator, out) {
  const server = await serveStatic(out);
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    const watched = watchPage(page, { console: true });
    page.on('console', (message) => {
      // auto.js warns about option lines it cannot read: the pages hold none.
      if (message.type() === 'warn' && message.text().startsWith('<python-sandbox>')) watched.push(message.text());
    });
    // What went wrong on the page so far, as the end of an error message.
    const problems = () => watched.filter((problem) => !generator.ignore?.some((known) => known.test(problem)))
      .map((problem) => `; ${problem}`).join('');
    await page.goto(server.url, { waitUntil: 'load' });
    // Blocks become sandboxes as they come near the viewport: scroll through the page as a reader does.
    await page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
      }
      scrollTo(0, 0);
    });
    await page.waitForFunction(
      (count) => customElements.get('python-sandbox') && document.querySelectorAll('python-sandbox').length >= count,
      { timeout: 30_000 }, expectedBlocks.length,
    ).catch(async () => {
      const count = await page.evaluate(() => document.querySelectorAll('python-sandbox').length);
      throw new Error(`${count} of ${expectedBlocks.length} marked blocks became sandboxes in 30 s` +
        problems());
    });
    // Long enough for a framework's hydration, and for a wrong upgrade of the plain block to show.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const found = await page.evaluate((unmarked) => ({
      sandboxes: [...document.querySelectorAll('python-sandbox')].map((el) => ({
        code: el.code, session: el.getAttribute('session'), timeout: el.timeout, visible: el.checkVisibility(),
      })),
      plain: [...document.querySelectorAll('pre')].filter((pre) => pre.textContent.includes(unmarked))
        .map((pre) => ({ visible: pre.checkVisibility(), inSandbox: pre.closest('python-sandbox') !== null })),
      markedShown: [...document.querySelectorAll('pre')].filter((pre) => pre.checkVisibility() &&
        /#\| sandbox|class-marked/.test(pre.textContent)).length,
    }), unmarkedCode);
    const wrong = [];
    if (found.sandboxes.length !== expectedBlocks.length) {
      wrong.push(`${found.sandboxes.length} sandboxes, not ${expectedBlocks.length}: ` +
        JSON.stringify(found.sandboxes.map((el) => el.code)));
    }
    expectedBlocks.forEach((block, i) => {
      const el = found.sandboxes[i];
      if (!el) return;
      if (el.code !== block.code) wrong.push(`block ${i + 1} (${block.marker}) has code ${JSON.stringify(el.code)}`);
      if (el.session !== (block.session ?? null)) wrong.push(`block ${i + 1} has session ${el.session}`);
      if (block.timeout && el.timeout !== block.timeout) wrong.push(`block ${i + 1} has timeout ${el.timeout}`);
      if (!el.visible) wrong.push(`block ${i + 1}'s sandbox is not visible`);
    });
    if (found.plain.length !== 1 || !found.plain[0].visible || found.plain[0].inSandbox) {
      wrong.push(`the plain block is not one visible <pre>: ${JSON.stringify(found.plain)}`);
    }
    if (found.markedShown) wrong.push(`${found.markedShown} marked blocks are still shown beside their sandboxes`);
    if (wrong.length) throw new Error(wrong.join('; '));

    // Run each sandbox with its Run button, in page order: the session's second block needs its first.
    const sandboxes = await page.$$('python-sandbox');
    for (const [i, sandbox] of sandboxes.entries()) {
      const result = await clickRun(sandbox);
      if (result.status !== 'ok' || result.stdout !== expectedStdout[i]) {
        throw new Error(`Run in block ${i + 1} (${expectedBlocks[i].marker}) gave ${JSON.stringify(result)}, ` +
          `not stdout ${JSON.stringify(expectedStdout[i])}` + problems());
      }
    }

    const light = await screenshot(page, `${name}-light.png`);
    await generator.dark(page);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const dark = await screenshot(page, `${name}-dark.png`);
    let navigated = '';
    if (generator.spa) {
      // The site's router swaps the page's content: the first page's sandboxes go, the new page's block becomes one.
      await page.evaluate(() => {
        window.testDocsFirstPage = true;
      });
      await page.click('a[href*="second"]');
      const holds = (code) => [...document.querySelectorAll('python-sandbox')].some((el) => el.code === code);
      await page.waitForFunction(holds, { timeout: 30_000 }, secondPageCode).catch(() => {
        throw new Error(`after following the link to the second page, no sandbox holds ${secondPageCode}` + problems());
      });
      const { left, reloaded } = await page.evaluate(() => ({
        left: document.querySelectorAll('python-sandbox').length, reloaded: !window.testDocsFirstPage,
      }));
      if (reloaded) throw new Error('the link to the second page loaded a new document: no client-side navigation');
      if (left !== 1) throw new Error(`the second page has ${left} sandboxes, not 1`);
      const result = await clickRun(await page.$('python-sandbox'));
      if (result.status !== 'ok' || result.stdout !== 'second page\n') {
        throw new Error(`Run on the second page gave ${JSON.stringify(result)}`);
      }
      navigated = '; after a client-side navigation the next page\'s block became a sandbox and ran';
    }
    if (problems()) throw new Error(`every check passed, but the page reported: ${problems().slice(2)}`);
    return `light: sandbox ${light.sandbox} on page ${light.page}; dark: sandbox ${dark.sandbox} on page ` +
      `${dark.page}${navigated}`;
  } finally {
    await page.close();
    server.close();
  }
}

/** Clicks the sandbox's Run button; resolves with what its `sandbox-complete` reported. */
async function clickRun(sandbox) {
  await sandbox.evaluate((el) => {
    el.testDocsDone = new Promise((resolve) => el.addEventListener('sandbox-complete', (event) => {
      const { status, stdout, stderr, error } = event.result;
      resolve({ status, stdout, stderr, error: error && `${error.name}: ${error.message}` });
    }, { once: true }));
  });
  const button = await sandbox.$('pierce/[part="run-button"]');
  await button.click();
  return sandbox.evaluate((el) => Promise.race([el.testDocsDone,
    new Promise((resolve) => setTimeout(() => resolve({ status: 'no answer in 90 s' }), 90_000))]));
}

/**
 * A screenshot of the whole page, taken with a viewport as tall as the page (full-page captures skip what is outside
 * the viewport). Returns the first sandbox's background and the page's behind it, light or dark.
 */
async function screenshot(page, file) {
  const height = await page.evaluate(() => {
    scrollTo(0, 0);
    return document.documentElement.scrollHeight;
  });
  await page.setViewport({ width: 1280, height: Math.min(height, 4000) });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await page.screenshot({ path: path.join(shots, file) });
  await page.setViewport({ width: 1280, height: 900 });
  return page.evaluate(() => {
    const describe = (colour) => {
      const [r, g, b] = colour.match(/[\d.]+/g).map(Number);
      return `${0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light'} ${colour}`;
    };
    const sandbox = document.querySelector('python-sandbox');
    let behind = sandbox.parentElement;
    while (behind && /rgba\(.*, 0\)|transparent/.test(getComputedStyle(behind).backgroundColor)) {
      behind = behind.parentElement;
    }
    return {
      sandbox: describe(getComputedStyle(sandbox).backgroundColor),
      // No background anywhere: the canvas, which the page's `color-scheme` and the reader's preference colour.
      page: behind ? describe(getComputedStyle(behind).backgroundColor) : 'the canvas',
    };
  });
}
