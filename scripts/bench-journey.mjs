// A docs reader's visit, as the issue tracker's trial measured it (row 10 of `npm run bench`; alone:
// `node scripts/bench-journey.mjs [--reps N]`): a site of three pages with one snippet each, a fresh profile, Run
// clicked as soon as it shows, click → first output on screen; page A a first visit, left 2 s after its output; page
// B the next page, left likewise; page C read for 3 s before the click. Then the tab's memory, 3 s after page C's
// output. And page A alone over a slow link (scripts/bench-link.mjs): gzip as hosts do, 20 Mbit/s shared, 60 ms a
// response. Product and the naive design (a fresh same-origin module worker per run) in the same run, in a browser
// with no DevTools (the pages report to the bench server).
import { openWithoutDevTools, rendererPssMiB } from './bench-browser.mjs';
import { SlowLink } from './bench-link.mjs';
import { figure, summarize } from './bench-report.mjs';
import { startBenchServer } from './bench-server.mjs';

const DESIGNS = ['product', 'naive'];
/** How long the tab is left after page C's output before its memory is read, as the trial did. */
const SETTLE_MS = 3000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The chained URL of the visit's pages: each opens the next once it has reported. */
function visitURL(origin, design, pages) {
  const urls = pages.map(({ page, read = 0, stay = 0 }) => `${origin}/bench/journey.html?design=${design}&page=${page}&read=${read}&stay=${stay}`);
  return urls.reduceRight((next, url) => (next ? `${url}&then=${encodeURIComponent(next)}` : url), '');
}

/** One visit of `pages` in a fresh browser; their reports, the bytes served, and `after(browser)`'s value. */
async function visit(server, design, pages, after = async () => undefined) {
  server.resetCount();
  const browser = await openWithoutDevTools(visitURL(server.origin, design, pages));
  try {
    const reports = [];
    for (const { page } of pages) {
      const report = await server.nextReport(180_000);
      if (report.error) throw new Error(`journey, ${design}, page ${page}: ${report.error}`);
      reports.push(report);
    }
    const bytes = reports.reduce((sum, report) => sum + report.bytesServed, 0);
    return { reports, bytes, measured: await after(browser) };
  } finally {
    await browser.close();
  }
}

const THREE_PAGES = [{ page: 'A', stay: 2000 }, { page: 'B', stay: 2000 }, { page: 'C', read: 3000 }];

export async function readerJourney({ reps = 3, log }) {
  const samples = Object.fromEntries(DESIGNS.map((design) => [design, { A: [], B: [], C: [], memory: [], slowA: [], slowBytes: [] }]));
  const server = await startBenchServer();
  const slowServer = await startBenchServer({ link: new SlowLink({ mbitPerSecond: 20, latencyMs: 60 }) });
  try {
    log('row 10: memory floor (a blank page, fresh profile)');
    const blank = await openWithoutDevTools(`${server.origin}/bench/blank.html`);
    await sleep(SETTLE_MS + 2000);
    const floor = await rendererPssMiB(blank.pid);
    await blank.close();
    for (let rep = 0; rep < reps; rep++) {
      for (const design of DESIGNS) {
        log(`row 10: a reader's three pages, ${design}, ${rep + 1}/${reps}`);
        const { reports, measured } = await visit(server, design, THREE_PAGES, async (browser) => {
          await sleep(SETTLE_MS);
          return (await rendererPssMiB(browser.pid)) - floor;
        });
        for (const [index, { page }] of THREE_PAGES.entries()) samples[design][page].push(reports[index].clickToOutputMs);
        samples[design].memory.push(measured);
        log(`row 10: page A over a slow link, ${design}, ${rep + 1}/${reps}`);
        const slow = await visit(slowServer, design, [{ page: 'A' }]);
        samples[design].slowA.push(slow.reports[0].clickToOutputMs);
        samples[design].slowBytes.push(slow.bytes / 1e6);
      }
    }
  } finally {
    await Promise.all([server.close(), slowServer.close()]);
  }
  const both = (key) => ({ product: summarize(samples.product[key]), baseline: summarize(samples.naive[key]) });
  return [
    figure({
      row: 10, id: 'journey-first-visit', label: 'a reader, page A: first visit, Run at once, click → output', unit: 'ms',
      ...both('A'), goal: { text: '≤ 0.5×', ratio: 0.5 },
      note: 'fresh profile; the product restores the snapshot shipped in dist/pyodide/, the baseline boots CPython',
    }),
    figure({
      row: 10, id: 'journey-next-page', label: '  page B: next page, A left 2 s after its output', unit: 'ms',
      ...both('B'), goal: { text: '≤ 0.35×', ratio: 0.35 },
    }),
    figure({ row: 10, id: 'journey-after-reading', label: '  page C: Run after 3 s of reading', unit: 'ms', ...both('C') }),
    figure({
      row: 10, id: 'journey-memory', label: '  tab memory 3 s after page C, renderers\' PSS above blank', unit: 'MiB',
      ...both('memory'), goal: { text: '≤ 130 MiB (PyScript: ~130)', limit: 130 },
      note: 'proportional set size of every renderer process (pages, frames, workers), shared pages counted once; ' +
        'PyScript\'s editor held ~127 MiB in the issue\'s trial (not measured here: it is not installed)',
    }),
    figure({
      row: 10, id: 'journey-slow-link', label: '  page A over 20 Mbit/s, 60 ms a response, gzip', unit: 'ms',
      ...both('slowA'), goal: { text: '≤ 1.0×', ratio: 1.0 },
    }),
    figure({
      row: 10, id: 'journey-slow-link-bytes', label: '    downloaded over that link', unit: 'MB', ...both('slowBytes'),
      note: 'on the wire, compressed as hosts compress (text, JavaScript, JSON and Wasm gzipped; zip and .bin as they are)',
    }),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./bench-report.mjs');
  const args = process.argv.slice(2);
  const reps = Number(args.includes('--reps') ? args[args.indexOf('--reps') + 1] : 1);
  const started = performance.now();
  const log = (message) => console.error(`[journey ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
  const figures = await readerJourney({ reps, log });
  const os = await import('node:os');
  const table = formatTable({
    date: new Date().toISOString(), durationS: (performance.now() - started) / 1000,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: os.totalmem() / 2 ** 30, os: os.platform(), loadAverage: os.loadavg() },
    versions: {}, figures,
  }, { notes: true });
  console.log(table.split('\n').slice(5).join('\n'));
}
