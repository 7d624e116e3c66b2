// Row 9 of the benchmark: a long lesson, 50 Python examples of twelve lines on one page, as code blocks upgraded by
// auto.js and as <python-sandbox> elements written in the HTML (bench/lesson.html, made by bench-lesson-page.mjs).
// Each repetition opens the page in a fresh profile (first visit: the shipped snapshot restored, or a plain boot and
// the snapshot made and stored) and again (next page: HTTP cache and snapshot cache warm); each visit waits until
// the pool is idle and the examples in the viewport are sandboxes, then scrolls to the bottom in steps.
// Main-thread tasks over 50 ms are counted.
//
//   node scripts/bench-lesson.mjs [--reps N] [--kind blocks|elements] [--trace]   this row alone, on dist/ as built;
//       prints each visit's long tasks with the long animation frames' attribution (script, function, forced layout);
//       --trace also writes a Chromium trace per visit to bench/results/ (DevTools' Performance panel opens it, and
//       scripts/bench-trace-tasks.mjs lists each long task's trace events and hottest functions)
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { call, launchBrowser, openPage } from './bench-browser.mjs';
import { figure, summarize } from './bench-report.mjs';
import { startBenchServer } from './bench-server.mjs';

export const lessonRepetitions = { full: 3, quick: 1 };
const EXAMPLES = 50;
/** The reader scrolls three quarters of the 600 px viewport every 150 ms. */
const SCROLL_STEP_PX = 450;
const SCROLL_STEP_MS = 150;
const KINDS = {
  blocks: `${EXAMPLES} code blocks + auto.js`,
  elements: `${EXAMPLES} <python-sandbox> in the HTML`,
};
const VISITS = ['first', 'next'];
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler', 'toplevel'];

/** One visit of the lesson page: the load, then the scroll; with a Chromium trace of both when `tracePath` is given. */
async function visit(browser, url, tracePath) {
  if (!tracePath) {
    const page = await openPage(browser, url);
    return { load: await call(page, 'load'), scroll: await call(page, 'scrollToBottom', SCROLL_STEP_PX, SCROLL_STEP_MS) };
  }
  for (const old of await browser.pages()) await old.close();
  const page = await browser.newPage();
  page.setDefaultTimeout(180_000);
  await page.tracing.start({ path: tracePath, categories: TRACE_CATEGORIES });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.bench !== undefined);
  const result = { load: await call(page, 'load'), scroll: await call(page, 'scrollToBottom', SCROLL_STEP_PX, SCROLL_STEP_MS) };
  await page.tracing.stop();
  return result;
}

/** `reps` fresh profiles per kind, each visited twice. */
export async function measureLesson({ origin, reps, log, kinds = Object.keys(KINDS), traceFolder }) {
  const samples = Object.fromEntries(kinds.map((kind) => [kind, Object.fromEntries(VISITS.map((each) => [each, []]))]));
  for (let rep = 0; rep < reps; rep++) {
    for (const kind of kinds) {
      log(`row 9: long lesson, ${kind}, fresh profile ${rep + 1}/${reps}`);
      const browser = await launchBrowser();
      try {
        for (const each of VISITS) {
          const trace = traceFolder && `${traceFolder}lesson-${kind}-${each}-${rep + 1}.json`;
          samples[kind][each].push(await visit(browser, `${origin}/bench/lesson.html?kind=${kind}&count=${EXAMPLES}`, trace));
        }
      } finally {
        await browser.close();
      }
    }
  }
  return samples;
}

export async function longLesson({ origin, reps, log }) {
  const samples = await measureLesson({ origin, reps, log });
  const goal = { text: 'none > 50 ms', limit: 50, stat: 'max' };
  const of = (list, phase, key) => summarize(list.map((sample) => sample[phase][key]));
  return Object.entries(KINDS).flatMap(([kind, label]) => {
    const { first, next } = samples[kind];
    // What each long task was, as the long animation frames attribute it: in the JSON only.
    const attribution = (list) => list.map(({ load, scroll }) => ({ load: { tasks: load.tasks, frames: load.frames },
      scroll: { tasks: scroll.tasks, frames: scroll.frames } }));
    return [
      {
        ...figure({
          row: 9, id: `lesson-${kind}-first-longest`, label: `long lesson, ${label}: longest task, first visit`, unit: 'ms',
          product: of(first, 'load', 'longestMs'), baseline: undefined, goal,
          note: 'fresh profile, navigation → pool idle and the examples in the viewport sandboxes (rendered, coloured, ready)',
        }),
        longWork: { first: attribution(first), next: attribution(next) },
      },
      figure({ row: 9, id: `lesson-${kind}-first-total`, label: '  long tasks in all, first visit', unit: 'ms', product: of(first, 'load', 'totalMs') }),
      figure({
        row: 9, id: `lesson-${kind}-next-longest`, label: '  longest task, next page (caches warm)', unit: 'ms',
        product: of(next, 'load', 'longestMs'), goal,
      }),
      figure({ row: 9, id: `lesson-${kind}-next-total`, label: '  long tasks in all, next page', unit: 'ms', product: of(next, 'load', 'totalMs') }),
      figure({
        row: 9, id: `lesson-${kind}-scroll-longest`, label: '  longest task, scrolling to the bottom', unit: 'ms',
        product: summarize([...first, ...next].map((sample) => sample.scroll.longestMs)), goal,
        note: `${SCROLL_STEP_PX} px every ${SCROLL_STEP_MS} ms in an 800 × 600 viewport, until all ${EXAMPLES} are sandboxes; both visits`,
      }),
      figure({
        row: 9, id: `lesson-${kind}-scroll-total`, label: '  long tasks in all, scrolling', unit: 'ms',
        product: summarize([...first, ...next].map((sample) => sample.scroll.totalMs)),
      }),
    ];
  });
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const started = performance.now();
  const log = (message) => console.error(`[lesson ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
  let traceFolder;
  if (args.includes('--trace')) {
    traceFolder = fileURLToPath(new URL('../bench/results/', import.meta.url));
    await mkdir(traceFolder, { recursive: true });
  }
  const server = await startBenchServer();
  try {
    const kinds = option('--kind') ? [option('--kind')] : undefined;
    const samples = await measureLesson({ origin: server.origin, reps: Number(option('--reps') ?? 1), log, kinds, traceFolder });
    console.log(JSON.stringify(samples, null, 2));
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
