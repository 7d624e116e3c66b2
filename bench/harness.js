// The measuring loops, shared by the product page and the baseline page so that both designs are timed by the same
// code. A design is an object with:
//   run(code, options)  → a result { status, stdout, result?, durationMs }; options: { timeout, onOutput }
//   settle()            resolves when the design is ready for the next measured run (the product: spares booted)
//   bootAfter(since)    resolves with the boot that readies the next run: { totalMs, bootMs, phases }, totalMs
//                       counted from `since` (the product: the replenishing spare; the baseline: the run's own boot)
//   lastBootMs()        how long the latest boot took inside its worker
const now = () => performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every few milliseconds; fine for figures of hundreds of milliseconds, and it leaves the thread idle. */
export async function waitFor(condition, timeoutMs = 120_000) {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) throw new Error(`waitFor: timed out after ${timeoutMs} ms`);
    await sleep(2);
  }
}

function expectStdout(result, stdout) {
  if (result.status !== 'ok' || result.stdout !== stdout) {
    throw new Error(`expected ok with ${JSON.stringify(stdout)}, got ${JSON.stringify(result).slice(0, 300)}`);
  }
}

/** A killed worker spinning in `while True` keeps a core busy for about 2 s (FACTS.md); later samples wait it out. */
const KILLED_THREAD_GRACE_MS = 2500;
export const FLOOD_CODE = 'for i in range(1_000_000):\n    print(i)';

/** Long tasks on this page's event loop (the product's relay runs on it too: the frame shares the renderer thread). */
export function watchLongTasks() {
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  return {
    longestBetween(start, end) {
      observer.takeRecords().forEach((entry) => tasks.push(entry));
      const inside = tasks.filter((task) => task.startTime + task.duration >= start && task.startTime <= end);
      return Math.max(0, ...inside.map((task) => task.duration));
    },
  };
}

export function createHarness(design) {
  return {
    /** Row 2: the first `print(1)` of a page, as early as the page's script can ask for it. */
    async firstRun() {
      const start = now();
      const result = await design.run('print(1)');
      expectStdout(result, '1\n');
      return { sinceNavigationMs: now(), sinceRunMs: now() - start, bootMs: design.lastBootMs() };
    },

    /** Rows 1 and 3: `print(1)` with the design settled, then the boot that readies the next run. */
    async warmRuns(count) {
      const runs = [];
      const executions = [];
      const boots = [];
      for (let index = 0; index < count; index++) {
        await design.settle();
        const start = now();
        const result = await design.run('print(1)');
        const end = now();
        expectStdout(result, '1\n');
        runs.push(end - start);
        executions.push(result.durationMs);
        boots.push(await design.bootAfter(end));
      }
      return { runs, executions, boots };
    },

    /** Row 4: a run that never ends, killed at its deadline, and the `print(1)` asked for right after it. */
    async timeoutRecovery(count, timeoutMs) {
      const samples = [];
      for (let index = 0; index < count; index++) {
        if (index) await sleep(KILLED_THREAD_GRACE_MS);
        await design.settle();
        const start = now();
        const killed = await design.run('while True: pass', { timeout: timeoutMs });
        const killedAt = now();
        const next = await design.run('print(1)');
        const nextAt = now();
        if (killed.status !== 'timeout') throw new Error(`expected a timeout, got ${killed.status}`);
        expectStdout(next, '1\n');
        samples.push({ resultMs: killedAt - start, nextMs: nextAt - killedAt, overDeadlineMs: killedAt - start - timeoutMs });
      }
      await sleep(KILLED_THREAD_GRACE_MS);
      return samples;
    },

    /** Row 5: `count` runs one after another, each waiting for the previous result. */
    async throughput(count, code, stdout) {
      await design.settle();
      const latencies = [];
      const start = now();
      for (let index = 0; index < count; index++) {
        const runStart = now();
        const result = await design.run(code);
        latencies.push(now() - runStart);
        expectStdout(result, stdout);
      }
      const totalMs = now() - start;
      return { totalMs, runsPerSecond: (count * 1000) / totalMs, latencies };
    },

    /** Row 6: a million printed lines; run time, execution time and the longest long task of this page meanwhile. */
    async flood(count) {
      const longTasks = watchLongTasks();
      const samples = [];
      for (let index = 0; index < count; index++) {
        await design.settle();
        let chars = 0;
        const start = now();
        const result = await design.run(FLOOD_CODE, { timeout: 0, onOutput: (_stream, text) => (chars += text.length) });
        const end = now();
        if (result.status !== 'ok') throw new Error(`flood ended ${result.status}`);
        await sleep(100); // long-task entries arrive after their task
        samples.push({ runMs: end - start, executionMs: result.durationMs, longestTaskMs: longTasks.longestBetween(start, end), chars });
      }
      return samples;
    },

    /** Row 7: the Wasm heap of an interpreter that has only booted, as Python itself sees it. */
    async wasmHeapBytes() {
      await design.settle();
      const result = await design.run('import pyodide_js\npyodide_js._module.HEAPU8.length');
      return Number(result.result);
    },
  };
}

/**
 * Row 2 in a browser with no DevTools attached (scripts/bench-browser.mjs `openWithoutDevTools`): with `?report`, the
 * page posts its first run to the bench server, after the snapshot is kept when `?keep` (the site's first page), and
 * then opens `?then`, the next page of the visit.
 */
export async function reportFirstRun(bench, firstRun) {
  const params = new URLSearchParams(location.search);
  if (!params.has('report')) return;
  let report;
  try {
    report = await firstRun;
    if (params.has('keep')) report.snapshotKept = await bench.snapshotKept();
  } catch (error) {
    report = { error: String(error?.message ?? error) };
  }
  await fetch('/bench/report', { method: 'POST', body: JSON.stringify(report) });
  if (params.get('then')) location.replace(params.get('then'));
}
