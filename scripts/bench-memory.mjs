// Row 7: memory. A browser of its own, one page at a time, so the renderer processes summed are that page's.
import { arrayBuffersMiB, call, launchBrowser, openPage, rendererMemoryMiB } from './bench-browser.mjs';
import { figure, summarize } from './bench-report.mjs';

const MiB = 1024 * 1024;
const ELEMENTS = 20;
/**
 * How long a page is left once ready before it is measured, both designs alike: a reader's open page, not one still
 * settling (the relay deflates its copy of the snapshot a second after it has it, BootBytes.pack).
 */
const SETTLE_MS = 3000;
/** Long enough to measure the memory of a baseline interpreter while it runs, settling included. */
const SPIN_MS = 10_000;
const one = (value) => summarize([value]);

/** Renderer memory with `url` open and idle, minus that of a blank page (`floor`); `inspect(page)` runs after. */
async function memoryAbove(browser, floor, url, { prepare = (page) => call(page, 'idle'), inspect = async () => {} } = {}) {
  const page = await openPage(browser, url);
  await prepare(page);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const used = (await rendererMemoryMiB(browser)) - floor;
  await inspect(page);
  return used;
}

export async function memory({ origin, log }) {
  const browser = await launchBrowser();
  try {
    log('row 7: memory floor (blank page)');
    const floor = await memoryAbove(browser, 0, `${origin}/bench/blank.html`);

    log('row 7: memory, product pool idle, and holding 1 and 3 interpreters');
    // The site's first page makes the snapshot and keeps it; the pages measured are its next pages, all alike.
    await call(await openPage(browser, `${origin}/bench/product.html?size=4`), 'idle');
    let relayBuffers;
    const idlePool = await memoryAbove(browser, floor, `${origin}/bench/product.html?size=4`, {
      inspect: async () => (relayBuffers = await arrayBuffersMiB(browser)),
    });
    const holding = (count) => memoryAbove(browser, floor, `${origin}/bench/product.html?size=4`, {
      prepare: (page) => call(page, 'holdInterpreters', count),
    });
    const holdingOne = await holding(1);
    const holdingThree = await holding(3);
    const productHeap = await call(await openPage(browser, `${origin}/bench/product.html`), 'wasmHeapBytes');
    log(`row 7: memory, ${ELEMENTS} elements`);
    const elements = await memoryAbove(browser, floor, `${origin}/bench/elements.html?count=${ELEMENTS}`);

    log('row 7: memory, baseline idle, running, and with 20 examples');
    let baselineBuffers;
    const baselineIdle = await memoryAbove(browser, floor, `${origin}/bench/baseline.html`, {
      inspect: async () => (baselineBuffers = await arrayBuffersMiB(browser)),
    });
    // A page closing on a worker that spins would take minutes, so the spinning run ends itself after the measuring.
    let spinning;
    const baselineRunning = await memoryAbove(browser, floor, `${origin}/bench/baseline.html`, {
      prepare: async (page) => {
        await call(page, 'spin', SPIN_MS);
        await page.waitForFunction(() => window.bench.booted());
        spinning = page;
      },
    });
    await spinning.evaluate(() => window.bench.spinning);
    const baselineHeap = await call(await openPage(browser, `${origin}/bench/baseline.html`), 'wasmHeapBytes');
    const baselineElements = await memoryAbove(browser, floor, `${origin}/bench/baseline.html?count=${ELEMENTS}`);

    return [
      figure({
        row: 7, id: 'wasm-heap', label: 'Wasm heap of one interpreter, just booted', unit: 'MiB',
        product: one(productHeap / MiB), baseline: one(baselineHeap / MiB), goal: { text: '≤ 35 MiB', limit: 35 },
      }),
      figure({
        row: 7, id: 'memory-per-interpreter', label: 'renderer memory per interpreter', unit: 'MiB',
        product: one((holdingThree - holdingOne) / 2), baseline: one(baselineRunning - baselineIdle), goal: { text: '≤ 35 MiB', limit: 35 },
        note: 'product: what each interpreter adds (3 held in input() minus 1 held, halved); baseline: its one interpreter, mid-run',
      }),
      figure({
        row: 7, id: 'memory-idle', label: 'renderer memory, idle, above a blank page', unit: 'MiB',
        product: one(idlePool), baseline: one(baselineIdle), goal: { text: '≤ 120 MiB', limit: 120 },
        note: `product: a pool (one spare while idle, whatever its size), its frame (a renderer process of its own) and relay; ` +
          `baseline: nothing alive. Blank page: ${floor.toFixed(0)} MiB`,
      }),
      figure({
        row: 7, id: 'memory-idle-array-buffers', label: "  of which ArrayBuffers on main threads", unit: 'MiB',
        product: one(relayBuffers), baseline: one(baselineBuffers),
        note: "the relay's one copy of the memory snapshot and of the stdlib (each booting worker gets a copy of its own)",
      }),
      figure({
        row: 7, id: 'memory-elements', label: `renderer memory, ${ELEMENTS} elements idle, above blank`, unit: 'MiB',
        product: one(elements), baseline: one(baselineElements), goal: { text: '≤ 120 MiB', limit: 120 },
        note: `${ELEMENTS} <python-sandbox> sharing one pool; baseline: ${ELEMENTS} textarea + button + output, nothing booted`,
      }),
    ];
  } finally {
    await browser.close();
  }
}
