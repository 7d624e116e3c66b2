// Row 2 of the benchmark alone, on dist/ as built: `node scripts/bench-first-run.mjs [--reps N]` prints the first
// run on a fresh profile, on the next page, and on the next page with the snapshot cache off, product and baseline
// in the same run (about 1 minute a repetition on 2 cores). For trying a change to the first run out; the table's
// figures come from `npm run bench`.
import os from 'node:os';
import { formatTable } from './bench-report.mjs';
import { firstRuns } from './bench-rows.mjs';
import { startBenchServer } from './bench-server.mjs';

const args = process.argv.slice(2);
const reps = Number(args.includes('--reps') ? args[args.indexOf('--reps') + 1] : 1);
const started = performance.now();
const log = (message) => console.error(`[first run ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const server = await startBenchServer();
try {
  const figures = await firstRuns({ server, reps: { cold: reps }, log });
  const table = formatTable({
    date: new Date().toISOString().slice(0, 10), durationS: (performance.now() - started) / 1000,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: os.totalmem() / 2 ** 30, os: os.platform(), loadAverage: os.loadavg() },
    versions: {}, figures,
  }, { notes: false });
  // The table's rows, without the full bench's header lines.
  console.log(table.split('\n').slice(5).join('\n'));
} finally {
  await server.close();
}
