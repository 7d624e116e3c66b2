// The design python-sandbox started from, kept naive on purpose: every run starts a fresh module worker that boots
// Pyodide from scratch, sends each line of output with postMessage, runs the code and reports back; the worker is
// terminated after the run. No spares, no snapshot, no isolation frame, no output batching.
import { createHarness, reportFirstRun } from './harness.js';

/**
 * Long enough for any program of the benchmark to finish. The seed's watchdog counted from run(), boot included;
 * this one counts from the moment user code starts, as the product's does, so a 500 ms timeout means the same in both.
 */
const DEFAULT_TIMEOUT_MS = 60_000;

export class BaselineRunner {
  /** The boot of the latest run: { totalMs (run() → user code starts), bootMs (inside the worker), phases }. */
  lastBoot;

  constructor(indexURL) {
    this.indexURL = indexURL;
  }

  run(code, { timeout = DEFAULT_TIMEOUT_MS, onOutput } = {}) {
    return new Promise((resolve) => {
      const runStart = performance.now();
      const worker = new Worker(new URL('./baseline-worker.js', import.meta.url), { type: 'module' });
      let stdout = '';
      let stderr = '';
      let startedAt;
      let watchdog;
      const finish = (fields) => {
        clearTimeout(watchdog);
        worker.terminate();
        const durationMs = startedAt === undefined ? 0 : performance.now() - startedAt;
        resolve({ stdout, stderr, durationMs, ...fields });
      };
      worker.onmessage = ({ data }) => {
        switch (data.type) {
          case 'started':
            startedAt = performance.now();
            this.lastBoot = { totalMs: startedAt - runStart, bootMs: data.bootMs, phases: data.phases };
            if (timeout) watchdog = setTimeout(() => finish({ status: 'timeout' }), timeout);
            break;
          case 'output':
            if (data.stream === 'stdout') stdout += data.text;
            else stderr += data.text;
            onOutput?.(data.stream, data.text);
            break;
          case 'done':
            finish({ status: data.status, result: data.result, error: data.error });
            break;
        }
      };
      worker.onerror = (event) => finish({ status: 'crashed', error: event.message });
      worker.postMessage({ code, indexURL: this.indexURL });
    });
  }
}

const runner = new BaselineRunner(new URL('/dist/pyodide/', location.href).href);
const baseline = {
  run: (code, options) => runner.run(code, options),
  settle: async () => {},
  bootAfter: async () => runner.lastBoot,
  lastBootMs: () => runner.lastBoot?.bootMs,
};

window.bench = {
  ...createHarness(baseline),
  idle: async () => {},
  /** Row 7: one interpreter alive for `ms` after its boot; `booted()` tells when it is, `spinning` when it is over. */
  spin(ms) {
    this.spinning = runner.run('while True: pass', { timeout: ms });
  },
  booted: () => runner.lastBoot !== undefined,
};

/** The seed's element, as little of it as row 7 needs: an editor, a Run button and an output, per example. */
function addExample(code) {
  const editor = Object.assign(document.createElement('textarea'), { value: code, rows: 4, cols: 60 });
  const button = Object.assign(document.createElement('button'), { textContent: 'Run' });
  const output = document.createElement('pre');
  button.addEventListener('click', async () => {
    output.textContent = '';
    const result = await runner.run(editor.value, { onOutput: (_stream, text) => output.append(text) });
    output.append(result.status === 'ok' ? '' : `[${result.status}] ${result.error ?? ''}`);
  });
  document.body.append(editor, button, output);
}

const params = new URLSearchParams(location.search);
for (let index = 0; index < Number(params.get('count') ?? 0); index++) addExample(`print("example ${index + 1}")`);
if (params.has('first-run')) reportFirstRun(window.bench, (window.firstRun = window.bench.firstRun()));
