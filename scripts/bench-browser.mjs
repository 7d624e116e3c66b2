// Headless Chromium for the benchmark: Debian's, as the tests use it, driven with puppeteer-core.
import puppeteer, { Connection } from 'puppeteer-core';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
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

/**
 * Puppeteer attaches DevTools to every worker and holds each at its start until it has answered, and the attach
 * event carries the worker's URL: for the product's interpreter workers, a `data:` URL of 1.7 MB. With that, the
 * product's first run on a next page measured 1082 ms; without DevTools (a plain headless Chromium reporting over
 * HTTP), 660–690 ms. No visitor's browser has DevTools attached, so the bench's connection attaches to pages and
 * frames only, for both designs: it never needs a worker's session.
 */
function attachToNoWorkers() {
  const rawSend = Connection.prototype._rawSend;
  if (rawSend.attachesToNoWorkers) return;
  Connection.prototype._rawSend = function (callbacks, method, params, ...rest) {
    if (method === 'Target.setAutoAttach') params = { ...params, waitForDebuggerOnStart: false, filter: [{ type: 'worker', exclude: true }, ...(params.filter ?? [{}])] };
    return rawSend.call(this, callbacks, method, params, ...rest);
  };
  Connection.prototype._rawSend.attachesToNoWorkers = true;
}

/**
 * A headless Chromium with no DevTools connection at all, opened on `url` with a fresh profile, as a visitor's
 * browser is: for row 2, whose pages report to the bench server themselves (bench/harness.js `reportFirstRun`).
 * Puppeteer's connection still slows a page's load (its Network and Runtime domains on the page and the frame):
 * the product's first run on a next page took 862 ms with it (workers not attached) and 660–690 ms without.
 */
export async function openWithoutDevTools(url) {
  const executablePath = ensureChrome();
  if (!executablePath) throw new Error(installHint);
  const userDataDir = await mkdtemp(join(tmpdir(), 'python-sandbox-bench-'));
  const browser = spawn(executablePath, [...benchArgs, '--headless=new', '--mute-audio', '--hide-scrollbars',
    `--user-data-dir=${userDataDir}`, url], { stdio: 'ignore' });
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  return {
    /** The browser's process: its renderers are among its descendants. */
    pid: browser.pid,
    async close() {
      browser.kill();
      await exited;
      // Its helper processes may still be writing to the profile for a moment after the browser exits.
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** A browser with a profile of its own in a temporary folder (so nothing is cached), removed on close. */
export async function launchBrowser() {
  attachToNoWorkers();
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
    if (!['page', 'other', 'iframe'].includes(target.type())) continue;
    try {
      const session = await target.createCDPSession();
      await session.send('HeapProfiler.collectGarbage');
      await session.detach();
    } catch {
      // a target that went away meanwhile holds no memory either
    }
  }
  // Workers are not attached (attachToNoWorkers): each is attached for its collection only.
  const root = await browser.target().createCDPSession();
  const { targetInfos } = await root.send('Target.getTargets');
  for (const { targetId, type } of targetInfos) {
    if (type !== 'worker') continue;
    try {
      const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: true });
      await browser._connection.session(sessionId)?.send('HeapProfiler.collectGarbage');
      await root.send('Target.detachFromTarget', { sessionId });
    } catch {
      // as above
    }
  }
  await root.detach();
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

/** The pids of `root` and every process below it. */
async function descendants(root) {
  const parents = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent is the 4th field, after the command in parentheses (which may hold spaces).
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!found.has(parent) || found.has(pid)) continue;
      found.add(pid);
      grew = true;
    }
  }
  return [...found];
}

/**
 * MiB of proportional set size (shared pages counted once across processes) of the renderer processes of the browser
 * started as `browserPid`: what a tab holds, with the pages, their frames' processes and their workers. No DevTools
 * connection is needed, so it measures a browser opened by `openWithoutDevTools`.
 */
export async function rendererPssMiB(browserPid) {
  let kib = 0;
  for (const pid of await descendants(browserPid)) {
    try {
      if (!(await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('--type=renderer')) continue;
      kib += Number(/^Pss:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}
