// The page every docs site of `npm run test:docs` holds (test/docs/<generator>/), and the check of one built site in
// headless Chromium: the marked blocks became <python-sandbox> elements with the code and options their blocks hold
// and the plain block stayed, Run prints what /usr/bin/python3 prints, two blocks share a session, a single-page
// site's client-side link brings the next page's block to life, and nothing reached the console as an error.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { watchPage } from '../consumer-helpers.mjs';
import { serveStatic } from '../consumer-server.mjs';
import { captureWholePage } from '../page-screenshots.mjs';

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

/** What Run must print in each marked block, in page order: Python's own answer for the block with `<` and `&`. */
export function pythonStdouts() {
  const python = spawnSync('/usr/bin/python3', ['-c', expectedBlocks[1].code], { encoding: 'utf8' });
  if (python.status !== 0) throw new Error(`/usr/bin/python3 could not run the block: ${python.stderr}`);
  return ['class-marked 42\n', python.stdout, '', 'session 42\n'];
}

/**
 * Opens the site built in `out` in `browser` and checks it against the page every site holds; takes its screenshots,
 * light and dark, into `shots`. Returns what the screenshots hold, for the report line; throws what went wrong.
 */
export async function checkSite(browser, { name, generator, out, expectedStdout, shots }) {
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

    const light = await screenshot(page, path.join(shots, `${name}-light.png`));
    await generator.dark(page);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const dark = await screenshot(page, path.join(shots, `${name}-dark.png`));
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
 * A screenshot of the whole page into `file` (scripts/page-screenshots.mjs). Returns the first sandbox's background
 * and the page's behind it, light or dark.
 */
async function screenshot(page, file) {
  await captureWholePage(page, file);
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
