// Headless Chromium for the benchmark: Debian's, as the tests use it, driven with puppeteer-core.
import puppeteer from 'puppeteer-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromeArgs, ensureChrome, installHint } from './find-chrome.mjs';

const benchArgs = [
  ...chromeArgs,
  // Chromium keeps a spare renderer process ready for the next navigation; without it, every renderer process
  // belongs to the page being measured (row 7 sums them).
  '--disable-features=SpareRendererForSitePerProcess',
  // Chrome puts a sandboxed iframe in a process of its own; Puppeteer turns that off by default (puppeteer#10715),
  // which would measure the isolation frame sharing the page's main thread, as no visitor's browser runs it.
  '--enable-features=IsolateSandboxedIframes',
  // Timers and rendering of a page must not be throttled if Chromium ever deems it in the background.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
];

/** A browser with a profile of its own in a temporary folder (so nothing is cached), removed on close. */
export async function launchBrowser() {
  const executablePath = ensureChrome();
  if (!executablePath) throw new Error(installHint);
  const userDataDir = await mkdtemp(join(tmpdir(), 'python-sandbox-bench-'));
  // A copy: Puppeteer takes the --enable/--disable-features flags out of the array it is given.
  const browser = await puppeteer.launch({ executablePath, headless: true, userDataDir, args: [...benchArgs] });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  return browser;
}

/** Opens `url` as the browser's only page (one page at a time: two would share the two cores). */
export async function openPage(browser, url) {
  for (const old of await browser.pages()) await old.close();
  const page = await browser.newPage();
  page.setDefaultTimeout(180_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.bench !== undefined);
  if (errors.length) throw errors[0];
  return page;
}

/** `page.evaluate` of a call on the page's `window.bench`, e.g. `call(page, 'warmRuns', 30)`. */
export function call(page, method, ...args) {
  return page.evaluate((name, list) => window.bench[name](...list), method, args);
}

export async function chromiumVersion(browser) {
  return (await browser.version()).replace(/^(Headless)?Chrome\//, '');
}

/** Collects garbage in every page and worker, so what is measured is what is alive. */
async function collectGarbage(browser) {
  for (const target of browser.targets()) {
    if (!['page', 'other', 'worker', 'iframe'].includes(target.type())) continue;
    try {
      const session = await target.createCDPSession();
      await session.send('HeapProfiler.collectGarbage');
      await session.detach();
    } catch {
      // a target that went away meanwhile holds no memory either
    }
  }
}

/** MiB of ArrayBuffer contents held by the main threads of the page and its frames (the relay's among them). */
export async function arrayBuffersMiB(browser) {
  let bytes = 0;
  for (const target of browser.targets()) {
    if (target.type() !== 'page' && !target.url().startsWith('about:srcdoc')) continue;
    const session = await target.createCDPSession();
    await session.send('HeapProfiler.collectGarbage');
    bytes += (await session.send('Runtime.getHeapUsage')).backingStorageSize;
    await session.detach();
  }
  return bytes / 1024 / 1024;
}

async function rendererProcesses(browser) {
  const session = await browser.target().createCDPSession();
  const { processInfo } = await session.send('SystemInfo.getProcessInfo');
  await session.detach();
  return processInfo.filter((each) => each.type === 'renderer').map((each) => each.id);
}

/**
 * Private memory (MiB) of all the browser's renderer processes, after a garbage collection: the page, its isolation
 * frame (a process of its own) and every worker (workers are threads of their renderer). Private means resident
 * anonymous memory plus swap (RssAnon + VmSwap), Chromium's "private footprint" of a process on Linux: the RSS
 * without file-backed pages, which are mostly Chromium's own code, shared by all its processes.
 */
export async function rendererMemoryMiB(browser) {
  await collectGarbage(browser);
  await new Promise((resolve) => setTimeout(resolve, 500));
  let kib = 0;
  for (const pid of await rendererProcesses(browser)) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    for (const field of ['RssAnon', 'VmSwap']) kib += Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}
