// Bench row 9, in the page: the long lesson's main-thread tasks over 50 ms, from navigation until the pool is idle and
// the examples in the viewport are sandboxes, then while the reader scrolls to the bottom. The page itself is made
// by scripts/bench-lesson-page.mjs; this module only watches and scrolls.
import { leasePool } from '/dist/index.js';
import { sleep } from './harness.js';

const LONG_TASK_MS = 50;
const tasks = [];
const frames = [];
// Buffered: the tasks before this module ran (parsing, the first upgrades) are delivered too.
new PerformanceObserver((list) => tasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
  new PerformanceObserver((list) => frames.push(...list.getEntries())).observe({ type: 'long-animation-frame', buffered: true });
}

/** Polls, rarely enough that the reads (some force a layout) do not add work of their own to what is measured. */
async function waitFor(condition, timeoutMs = 180_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`lesson: timed out after ${timeoutMs} ms`);
    await sleep(25);
  }
}

const examples = document.querySelectorAll('.highlight, python-sandbox').length;
const sandboxes = () => [...document.querySelectorAll('python-sandbox')];
const inViewport = (element) => {
  const box = element.getBoundingClientRect();
  return box.height > 0 && box.bottom > 0 && box.top < innerHeight;
};
/** Still a code block: the generator's markup, shown. */
const waitingBlocks = () => [...document.querySelectorAll('.highlight')].filter((block) => block.checkVisibility());
/** Rendered, coloured and able to run. */
const finished = (sandbox) => sandbox.hasUpdated && sandbox.matches(':state(ready)') &&
  sandbox.shadowRoot?.querySelector('.editor--coloured') !== null;

async function poolIdle() {
  await waitFor(() => sandboxes().some((sandbox) => sandbox.matches(':state(ready)')));
  // The sandboxes' settings are the defaults, so this lease is the very pool they share (it exists by now).
  const { pool, release } = leasePool();
  await waitFor(() => pool.stats.spares === pool.stats.sparesWanted);
  release();
  // A first visit that booted plainly (no shipped snapshot) stores the snapshot for the next pages after the pool is
  // ready: its work belongs to the boot, not to the scrolling measured next. With the shipped one, nothing is stored.
  if (pool.stats.boots.plain > 0) for (let waited = 0; waited < 60_000 && !(await snapshotStored()); waited += 25) await sleep(25);
  return pool.stats;
}

async function snapshotStored() {
  const cache = await caches.open('python-sandbox-snapshots'); // docs/how-it-works.md: "The snapshot kept across pages"
  return (await cache.keys()).length > 0;
}

/** The long tasks and long animation frames that ended after `start` and began before `end`. */
function longWork(start, end) {
  const within = (entry) => entry.startTime + entry.duration >= start && entry.startTime <= end;
  const inside = tasks.filter(within);
  const round = (ms) => Math.round(ms * 10) / 10;
  return {
    longestMs: Math.max(0, ...inside.map((task) => task.duration)),
    totalMs: inside.reduce((sum, task) => sum + task.duration, 0),
    tasks: inside.map((task) => ({ startMs: round(task.startTime), durationMs: round(task.duration) })),
    // What ran in each long frame, as Chromium attributes it: the callback or event, its script and function.
    frames: frames.filter((frame) => within(frame) && frame.duration > LONG_TASK_MS).map((frame) => ({
      startMs: round(frame.startTime),
      durationMs: round(frame.duration),
      blockingMs: round(frame.blockingDuration),
      styleAndLayoutMs: round(frame.startTime + frame.duration - (frame.styleAndLayoutStart || frame.startTime + frame.duration)),
      scripts: frame.scripts.map((script) => ({
        invoker: script.invoker,
        source: `${script.sourceURL.replace(location.origin, '')}:${script.sourceFunctionName}`,
        durationMs: round(script.duration),
        forcedLayoutMs: round(script.forcedStyleAndLayoutDuration),
      })),
    })),
  };
}

window.bench = {
  /**
   * From navigation until the pool is idle and every example in the viewport is a rendered, coloured sandbox that can
   * run: the long work meanwhile, and when that point came.
   */
  async load() {
    const stats = await poolIdle();
    await waitFor(() => waitingBlocks().every((block) => !inViewport(block)) &&
      sandboxes().filter(inViewport).every(finished) && sandboxes().some(inViewport));
    const end = performance.now();
    await sleep(300); // entries arrive after their task
    return { settledMs: end, boots: stats.boots, ...longWork(0, end) };
  },

  /** Scrolls to the bottom by `stepPx` every `stepMs`, then waits until every example is a finished sandbox. */
  async scrollToBottom(stepPx, stepMs) {
    const start = performance.now();
    let steps = 0;
    while (scrollY + innerHeight < document.documentElement.scrollHeight - 1) {
      scrollBy(0, stepPx);
      steps++;
      await sleep(stepMs);
    }
    await waitFor(() => waitingBlocks().length === 0 && sandboxes().length === examples && sandboxes().every(finished));
    const end = performance.now();
    await sleep(300);
    return { steps, durationMs: end - start, sandboxes: sandboxes().length, ...longWork(start, end) };
  },
};
