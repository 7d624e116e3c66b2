// `npm run bench`: the performance table of python-sandbox, measured side by side with the design it started from
// (a fresh module worker per run, bench/baseline.js), in one run of headless Chromium on a local server.
//
//   npm run bench                 build, measure, print the table; the figures also go to bench/results/*.json,
//                                 and the table (without its notes) into docs/performance.md between its markers
//   npm run -s bench -- --json    the same, printing only the JSON (-s keeps npm's own banner off stdout)
//   npm run bench -- --quick      fewer repetitions, for trying the bench itself out (figures too noisy to compare;
//                                 bench/results/latest.json and docs/performance.md are left alone)
//
// Progress and the build's output go to stderr. Nothing is fetched beyond 127.0.0.1. About 7 minutes on 2 cores.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleSizes } from './bench-bundle.mjs';
import { chromiumVersion, launchBrowser } from './bench-browser.mjs';
import { lessonRepetitions, longLesson } from './bench-lesson.mjs';
import { memory } from './bench-memory.mjs';
import { performanceDoc, writeBenchTable } from './bench-docs.mjs';
import { figure, formatTable, summarize } from './bench-report.mjs';
import { readerJourney } from './bench-journey.mjs';
import { firstRuns, outputFlood, repetitions, throughput, timeoutRecovery, warmRunsAndBoots } from './bench-rows.mjs';
import { startBenchServer } from './bench-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const json = process.argv.includes('--json');
const mode = process.argv.includes('--quick') ? 'quick' : 'full';
const reps = repetitions[mode];
const started = performance.now();
const log = (message) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

function build() {
  log('npm run build');
  // The build's own output goes to stderr, so that `--json` leaves stdout to the JSON alone.
  const { status } = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  if (status !== 0) throw new Error('npm run build failed');
}

async function bundleFigures() {
  const sizes = await bundleSizes(root);
  return [
    figure({
      row: 8, id: 'bundle-element', label: 'element JS, min + gzip (static imports)', unit: 'kB',
      product: summarize([sizes.elementKB]), baseline: summarize([sizes.baselineKB]),
      goal: { text: '< 40 kB', limit: 40 },
      note: `${sizes.files.static.join(' + ')}, Lit included, Pyodide's files excluded; baseline: bench/baseline*.js minified here`,
    }),
    figure({
      row: 8, id: 'bundle-lazy', label: '  highlighter, loaded lazily, min + gzip', unit: 'kB',
      product: summarize([sizes.lazyKB]), baseline: undefined,
    }),
  ];
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg(),
  };
}

async function main() {
  const host = machine();
  build();
  const server = await startBenchServer();
  const origin = server.origin;
  const figures = [];
  let chromium;
  try {
    const browser = await launchBrowser();
    try {
      chromium = await chromiumVersion(browser);
      const context = { browser, server, origin, reps, log };
      figures.push(...(await warmRunsAndBoots(context)));
      figures.push(...(await timeoutRecovery(context)));
      figures.push(...(await throughput(context)));
      figures.push(...(await outputFlood(context)));
    } finally {
      await browser.close();
    }
    figures.push(...(await firstRuns({ server, reps, log })));
    figures.push(...(await readerJourney({ reps: reps.journey, log })));
    figures.push(...(await memory({ origin, log })));
    figures.push(...(await longLesson({ origin, reps: lessonRepetitions[mode], log })));
    figures.push(...(await bundleFigures()));
  } finally {
    await server.close();
  }
  figures.sort((a, b) => a.row - b.row); // stable: each row keeps its own order

  const pyodide = JSON.parse(await readFile(new URL('../node_modules/pyodide/package.json', import.meta.url), 'utf8')).version;
  const report = {
    schema: 'python-sandbox-bench/1',
    date: new Date().toISOString(),
    durationS: (performance.now() - started) / 1000,
    machine: host,
    versions: { chromium, node: process.version, pyodide },
    mode,
    repetitions: reps,
    figures,
  };
  const text = JSON.stringify(report, null, 2);
  const folder = new URL('../bench/results/', import.meta.url);
  await mkdir(folder, { recursive: true });
  const file = new URL(`${mode === 'full' ? 'bench' : 'quick'}-${report.date.replace(/[:.]/g, '-')}.json`, folder);
  await writeFile(file, text);
  // latest.json is what a regression check compares against, so a quick run (too few repetitions) leaves it alone.
  if (mode === 'full') await writeFile(new URL('latest.json', folder), text);
  log(`figures written to ${fileURLToPath(file).slice(root.length)}${mode === 'full' ? ' and bench/results/latest.json' : ''}`);
  // The published table, for the same reason: a quick run's figures are too noisy to stand for the project.
  if (mode === 'full') {
    await writeBenchTable(report);
    log(`table written to ${fileURLToPath(performanceDoc).slice(root.length)}`);
  }
  console.log(json ? text : formatTable(report));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
