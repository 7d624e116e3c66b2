// Rows 1–6 of the benchmark: each drives bench/product.html and bench/baseline.html through bench/harness.js, one
// page at a time, and turns the samples into figures.
import { call, launchBrowser, openPage, openWithoutDevTools } from './bench-browser.mjs';
import { figure, summarize } from './bench-report.mjs';

/** Repetitions per row. The baseline boots Pyodide for every run (2–5 s), so it gets fewer. */
export const repetitions = {
  full: { warm: 30, warmBaseline: 5, cold: 3, timeout: 8, timeoutBaseline: 3, throughput: 100, throughputBaseline: 10, flood: 3, floodBaseline: 2, journey: 3 },
  quick: { warm: 5, warmBaseline: 2, cold: 1, timeout: 2, timeoutBaseline: 1, throughput: 20, throughputBaseline: 3, flood: 1, floodBaseline: 1, journey: 1 },
};

const TIMEOUT_MS = 500;
const SMALL_PROGRAM = 'total = sum(i * i for i in range(1000))\nprint(total)';
const SMALL_PROGRAM_STDOUT = '332833500\n';

const pick = (list, key) => list.map((each) => each[key]);

/**
 * Rows 1 and 3: warm `print(1)`, and the boot that follows it (the product's replenish, the baseline's own), in the
 * steady state: the product's pool booted, the baseline's files in the HTTP cache (one run first, not counted).
 */
export async function warmRunsAndBoots({ browser, server, reps, log }) {
  const measure = async (design, count) => {
    const page = await openPage(browser, `${server.origin}/bench/${design}.html`);
    if (design === 'baseline') await call(page, 'warmRuns', 1);
    await call(page, 'idle');
    server.resetCount();
    const result = await call(page, 'warmRuns', count);
    return { ...result, megabytesPerBoot: server.bytesServed / 1e6 / count };
  };
  log('rows 1 and 3: warm runs and boots, product');
  const product = await measure('product', reps.warm);
  log('rows 1 and 3: warm runs and boots, baseline');
  const baseline = await measure('baseline', reps.warmBaseline);

  const phase = (boots, pickPhase) => summarize(boots.map(pickPhase).filter((value) => value !== undefined));
  const phaseRows = [
    ['boot-worker-start', '  worker start: spawn, data: worker + Pyodide JS import, messages', (boot) => boot.totalMs - boot.bootMs],
    ['boot-fetch', "  fetch + evaluate Pyodide's JS", (boot) => boot.phases?.fetchMs],
    ['boot-compile', '  compile pyodide.asm.wasm (product: once per page)', (boot) => boot.phases && (boot.phases.compileMs ?? 0)],
    ['boot-instantiate', '  instantiate', (boot) => boot.phases?.instantiateMs],
    ['boot-restore', '  snapshot restore (baseline: CPython start-up)', (boot) => boot.phases && (boot.phases.restoreMs ?? boot.phases.startupMs)],
    ['boot-setup', '  setup: runner, stdout hooks', (boot) => boot.phases && boot.bootMs - sumPhases(boot.phases)],
  ];
  return [
    figure({
      row: 1, id: 'warm-run', label: 'warm run: print(1), run() → result', unit: 'ms',
      product: summarize(product.runs), baseline: summarize(baseline.runs),
      goal: { text: 'p50 ≤ 2 ms', limit: 2 },
    }),
    figure({
      row: 1, id: 'warm-run-execution', label: '  of which user code start → result', unit: 'ms',
      product: summarize(product.executions), baseline: summarize(baseline.executions),
      note: "from the worker's `started` message to the result: the runner around print(1), and the messages back",
    }),
    figure({
      row: 3, id: 'boot', label: 'boot of the next interpreter: result → ready', unit: 'ms',
      product: summarize(pick(product.boots, 'totalMs')), baseline: summarize(pick(baseline.boots, 'totalMs')),
      goal: { text: 'p50 ≤ 500 ms', limit: 500 },
      note: 'product: a spare booting in the background from the snapshot; baseline: the boot every run waits for',
    }),
    ...phaseRows.map(([id, label, pickPhase]) => figure({
      row: 3, id, label, unit: 'ms', product: phase(product.boots, pickPhase), baseline: phase(baseline.boots, pickPhase),
    })),
    figure({
      row: 3, id: 'boot-download', label: '  downloaded from the server per boot', unit: 'MB',
      product: summarize([product.megabytesPerBoot]), baseline: summarize([baseline.megabytesPerBoot]),
      note: "nothing: the page hands the relay every file, and Pyodide's JS is the start of each spare's data: worker source",
    }),
  ];
}

function sumPhases(phases) {
  return Object.values(phases).reduce((total, value) => total + value, 0);
}

/**
 * Row 2: the first run of a page in a browser with an empty profile, then the same page visited again. Also what
 * the first interpreter's boot took, and the megabytes the server sent for each visit (the HTTP cache at work).
 */
export async function firstRuns({ server, reps, log }) {
  // The same profile each time: a fresh one, then the next page of the site (HTTP cache and snapshot cache warm), then
  // the next page with the snapshot cache off (the product only; the baseline has none). The pages report to the
  // server and open the next themselves, in a browser with no DevTools attached (openWithoutDevTools says why).
  const visits = ['cold', 'second', 'second-no-cache'];
  const empty = () => Object.fromEntries(visits.map((visit) => [visit, { runMs: [], bootMs: [], megabytes: [] }]));
  const samples = { product: empty(), baseline: empty() };
  for (let rep = 0; rep < reps.cold; rep++) {
    for (const design of ['product', 'baseline']) {
      log(`row 2: first run, ${design}, fresh profile ${rep + 1}/${reps.cold}`);
      const designVisits = visits.filter((visit) => !(visit === 'second-no-cache' && design === 'baseline'));
      // The product makes its snapshot beside the first run on the site's first page; a reader who stays on the page
      // a few seconds lets it be kept (`keep`) before they go on to the next.
      const urls = designVisits.map((visit) => `${server.origin}/bench/${design}.html?first-run&report` +
        (visit === 'second-no-cache' ? '&no-snapshot-cache' : '') + (visit === 'cold' && design === 'product' ? '&keep' : ''));
      const chained = urls.reduceRight((next, url) => (next ? `${url}&then=${encodeURIComponent(next)}` : url), '');
      server.resetCount();
      const browser = await openWithoutDevTools(chained);
      try {
        for (const visit of designVisits) {
          const report = await server.nextReport(180_000);
          if (report.error) throw new Error(`row 2, ${design}, ${visit}: ${report.error}`);
          if (report.snapshotKept === false) throw new Error('row 2: the product kept no snapshot on the first page');
          const into = samples[design][visit];
          into.runMs.push(report.sinceNavigationMs);
          into.bootMs.push(report.bootMs);
          into.megabytes.push(report.bytesServed / 1e6);
        }
      } finally {
        await browser.close();
      }
    }
  }
  const both = (visit, key) => ({ product: summarize(samples.product[visit][key]), baseline: summarize(samples.baseline[visit][key]) });
  return [
    figure({
      row: 2, id: 'first-run-cold', label: 'first run, fresh profile: navigation → print(1) result', unit: 'ms',
      ...both('cold', 'runMs'),
    }),
    figure({
      row: 2, id: 'first-run-cold-boot', label: "  of which the first interpreter's boot", unit: 'ms', ...both('cold', 'bootMs'),
      note: 'product: a restore of the snapshot shipped in dist/pyodide/; baseline: a plain boot',
    }),
    figure({ row: 2, id: 'first-run-cold-download', label: '  downloaded from the server', unit: 'MB', ...both('cold', 'megabytes') }),
    figure({
      row: 2, id: 'first-run-second-visit', label: 'first run, next page (HTTP cache and snapshot cache warm)', unit: 'ms',
      ...both('second', 'runMs'), goal: { text: '≤ 500 ms', limit: 500 },
    }),
    figure({
      row: 2, id: 'first-run-second-visit-no-cache', label: '  the same with configure({ snapshotCache: false })', unit: 'ms',
      product: summarize(samples.product['second-no-cache'].runMs), baseline: summarize(samples.baseline.second.runMs),
      note: 'baseline: its own next page (it has no snapshot cache)',
    }),
    figure({
      row: 2, id: 'first-run-second-visit-download', label: '  downloaded from the server', unit: 'MB',
      ...both('second', 'megabytes'),
      note: 'the page fetches every file from its own origin, so the HTTP cache serves them on a later page',
    }),
  ];
}

/** Row 4: `while True: pass` with a 500 ms timeout, then `print(1)`; on an ordinary and an isolated page. */
export async function timeoutRecovery({ browser, origin, reps, log }) {
  log('row 4: timeout recovery, product');
  const product = await call(await openPage(browser, `${origin}/bench/product.html`), 'timeoutRecovery', reps.timeout, TIMEOUT_MS);
  log('row 4: timeout recovery, product on a cross-origin isolated page');
  const isolatedPage = await openPage(browser, `${origin}/bench/product.html?coi=1`);
  if (!(await call(isolatedPage, 'crossOriginIsolated'))) throw new Error('the ?coi=1 page is not cross-origin isolated');
  const isolated = await call(isolatedPage, 'timeoutRecovery', reps.timeout, TIMEOUT_MS);
  log('row 4: timeout recovery, baseline');
  const baseline = await call(await openPage(browser, `${origin}/bench/baseline.html`), 'timeoutRecovery', reps.timeoutBaseline, TIMEOUT_MS);
  const resultGoal = { text: `p50 ≤ ${TIMEOUT_MS + 50} ms`, limit: TIMEOUT_MS + 50 };
  const nextGoal = { text: 'p50 ≤ 10 ms', limit: 10 };
  const baselineResult = summarize(pick(baseline, 'resultMs'));
  const baselineNext = summarize(pick(baseline, 'nextMs'));
  return [
    figure({
      row: 4, id: 'timeout-result', label: `timeout ${TIMEOUT_MS} ms: run() → result`, unit: 'ms',
      product: summarize(pick(product, 'resultMs')), baseline: baselineResult, goal: resultGoal,
      note: 'the baseline boots first; its deadline, like the product\'s, counts from the start of user code',
    }),
    figure({
      row: 4, id: 'timeout-next', label: '  then print(1): result → next result', unit: 'ms',
      product: summarize(pick(product, 'nextMs')), baseline: baselineNext, goal: nextGoal,
    }),
    figure({
      row: 4, id: 'timeout-result-isolated', label: `timeout ${TIMEOUT_MS} ms, isolated page (interrupt)`, unit: 'ms',
      product: summarize(pick(isolated, 'resultMs')), baseline: baselineResult, goal: resultGoal,
      note: 'COOP + COEP: the product interrupts Python; the baseline cannot, so its figures are the ordinary page\'s',
    }),
    figure({
      row: 4, id: 'timeout-next-isolated', label: '  then print(1), isolated page', unit: 'ms',
      product: summarize(pick(isolated, 'nextMs')), baseline: baselineNext, goal: nextGoal,
    }),
  ];
}

/** Row 5: runs of a small program one after another. */
export async function throughput({ browser, origin, reps, log }) {
  log(`row 5: throughput, product (${reps.throughput} runs)`);
  const product = await call(await openPage(browser, `${origin}/bench/product.html`), 'throughput', reps.throughput, SMALL_PROGRAM, SMALL_PROGRAM_STDOUT);
  log(`row 5: throughput, baseline (${reps.throughputBaseline} runs)`);
  const baseline = await call(await openPage(browser, `${origin}/bench/baseline.html`), 'throughput', reps.throughputBaseline, SMALL_PROGRAM, SMALL_PROGRAM_STDOUT);
  const rate = (result, count) => ({ ...summarize([result.runsPerSecond]), n: count, totalMs: result.totalMs });
  return [
    figure({
      row: 5, id: 'throughput', label: 'throughput: runs in a row, runs per second', unit: 'runs/s',
      product: rate(product, reps.throughput), baseline: rate(baseline, reps.throughputBaseline),
      note: 'one series of n runs each (n in brackets); a higher ratio is better here',
    }),
    figure({
      row: 5, id: 'throughput-latency', label: '  latency of each run in the series', unit: 'ms',
      product: summarize(product.latencies), baseline: summarize(baseline.latencies),
    }),
  ];
}

/** Row 6: a million printed lines, headless and through the element's console. */
export async function outputFlood({ browser, origin, reps, log }) {
  log('row 6: output flood, product');
  const product = await call(await openPage(browser, `${origin}/bench/product.html`), 'flood', reps.flood);
  log('row 6: output flood, <python-sandbox>');
  const element = await call(await openPage(browser, `${origin}/bench/elements.html?flood`), 'floodElement', reps.flood);
  log('row 6: output flood, baseline');
  const baseline = await call(await openPage(browser, `${origin}/bench/baseline.html`), 'flood', reps.floodBaseline);
  const longTaskGoal = { text: 'none > 50 ms', limit: 50, stat: 'max' };
  return [
    figure({
      row: 6, id: 'flood-run', label: '10^6 printed lines: run() → result', unit: 'ms',
      product: summarize(pick(product, 'runMs')), baseline: summarize(pick(baseline, 'runMs')),
      note: `the product keeps ${product[0].chars.toLocaleString('en')} of the ${baseline[0].chars.toLocaleString('en')} ` +
        'characters (its outputLimit) and drops the rest in the worker; the baseline sends and keeps them all',
    }),
    figure({
      row: 6, id: 'flood-execution', label: '  of which execution (user code start → result)', unit: 'ms',
      product: summarize(pick(product, 'executionMs')), baseline: summarize(pick(baseline, 'executionMs')),
    }),
    figure({
      row: 6, id: 'flood-long-task', label: '  longest main-thread long task meanwhile', unit: 'ms',
      product: summarize(pick(product, 'longestTaskMs')), baseline: summarize(pick(baseline, 'longestTaskMs')), goal: longTaskGoal,
    }),
    figure({
      row: 6, id: 'flood-element-run', label: '  the same in <python-sandbox>: run() → result', unit: 'ms',
      product: summarize(pick(element, 'runMs')), baseline: summarize(pick(baseline, 'runMs')),
      note: 'the element shows the output in its console; the baseline column repeats the headless baseline',
    }),
    figure({
      row: 6, id: 'flood-element-long-task', label: '  <python-sandbox>: longest long task', unit: 'ms',
      product: summarize(pick(element, 'longestTaskMs')), baseline: summarize(pick(baseline, 'longestTaskMs')), goal: longTaskGoal,
    }),
  ];
}
