// `<python-sandbox>` elements as a documentation page has them: default settings, one shared pool (row 7), and one
// element printing a million lines into its console (row 6).
import '/dist/define.js';
import { leasePool } from '/dist/index.js';
import { FLOOD_CODE, sleep, waitFor, watchLongTasks } from './harness.js';

const params = new URLSearchParams(location.search);
const count = Number(params.get('count') ?? 1);
const flood = params.has('flood');

const elements = Array.from({ length: count }, (_, index) => {
  const element = document.createElement('python-sandbox');
  element.textContent = flood ? FLOOD_CODE : `print("example ${index + 1}")`;
  if (flood) element.setAttribute('timeout', '0');
  document.body.append(element);
  return element;
});

// The elements' settings are the defaults, so this lease is the very pool they share; it boots nothing extra.
const { pool } = leasePool();

window.bench = {
  /** Resolves once the pool the elements share is booted and idle. */
  async idle() {
    await waitFor(() => elements[0].matches(':state(ready)'));
    await waitFor(() => pool.stats.spares === pool.stats.sparesWanted);
    return { interpreters: pool.stats.spares, boots: pool.stats.boots };
  },
  async floodElement(runs) {
    const longTasks = watchLongTasks();
    const samples = [];
    for (let index = 0; index < runs; index++) {
      await this.idle();
      const start = performance.now();
      const result = await elements[0].run();
      await new Promise(requestAnimationFrame); // the console's last append lands on the next frame
      const end = performance.now();
      if (result.status !== 'ok') throw new Error(`flood ended ${result.status}`);
      await sleep(100);
      samples.push({ runMs: end - start, executionMs: result.durationMs, longestTaskMs: longTasks.longestBetween(start, end) });
    }
    return samples;
  },
};
