// What each long task of a traced lesson visit was: `node scripts/bench-trace-tasks.mjs bench/results/lesson-….json
// [minMs=50] [page|frame]`, on a trace written by `node scripts/bench-lesson.mjs --trace`. For every task of the main
// thread (of the page, or of the sandbox frame's process) longer than minMs: its start since navigation, its trace
// events of 2 ms or more (parsing, style, layout, GC, module evaluation…), and the functions the CPU profiler sampled
// most in it, by self time, as file:line:column of the built files in dist/ (0-based, as the profiler counts).
// Tracing with the profiler on slows the page down, so take durations from the untraced runs and causes from here.
import { readFileSync } from 'node:fs';

const [file, minArg = '50', which = 'page'] = process.argv.slice(2);
if (!file) throw new Error('usage: node scripts/bench-trace-tasks.mjs <trace.json> [minMs] [page|frame]');
const minMs = Number(minArg);
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;

const commit = events.findLast((e) => e.name === 'CommitLoad' &&
  (which === 'frame' ? /^about:srcdoc/.test(e.args.data.url) : e.args.data.isMainFrame));
if (!commit) throw new Error(`no ${which} in ${file}`);
const pid = commit.pid;
const mainThread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args.name === 'CrRendererMain');
const tid = mainThread.tid;
const slices = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const navigationStart = events.find((e) => e.pid === pid && e.name === 'navigationStart')?.ts ?? slices[0].ts;
const ms = (us) => (us / 1000).toFixed(1);

/** The CPU profile of the main thread: sample times (µs) and the node of each sample. */
function cpuProfile() {
  const profiles = new Map();
  for (const e of events) {
    if (e.pid !== pid) continue;
    if (e.name === 'Profile') profiles.set(e.id, { tid: e.tid, time: e.args.data.startTime, nodes: new Map(), samples: [], times: [] });
    if (e.name !== 'ProfileChunk' || !profiles.has(e.id)) continue;
    const profile = profiles.get(e.id);
    const { cpuProfile: chunk = {}, timeDeltas = [] } = e.args.data;
    for (const node of chunk.nodes ?? []) profile.nodes.set(node.id, node);
    (chunk.samples ?? []).forEach((sample, index) => {
      profile.time += timeDeltas[index];
      profile.samples.push(sample);
      profile.times.push(profile.time);
    });
  }
  return [...profiles.values()].find((profile) => profile.tid === tid);
}
const profile = cpuProfile();

function hottest(from, to, count = 6) {
  if (!profile) return [];
  const self = new Map();
  for (let index = 0; index < profile.samples.length; index++) {
    const time = profile.times[index];
    if (time < from || time > to) continue;
    const { callFrame } = profile.nodes.get(profile.samples[index]);
    const where = callFrame.url ? ` ${callFrame.url.replace(/^\w+:\/\/[^/]+/, '')}:${callFrame.lineNumber}:${callFrame.columnNumber}` : '';
    const name = `${callFrame.functionName || '(top level)'}${where}`;
    self.set(name, (self.get(name) ?? 0) + ((profile.times[index + 1] ?? time) - time));
  }
  return [...self].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, count);
}

const describe = (e) => {
  const data = e.args?.data ?? e.args?.beginData ?? {};
  const bits = [data.functionName, data.url?.replace(/^\w+:\/\/[^/]+/, ''), data.type].filter(Boolean);
  return bits.length ? ` (${bits.join(' ')})` : '';
};

// A task is a slice of the scheduler's, or a microtask checkpoint outside any (promise work that follows one).
const TASKS = new Set(['ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
const tasks = [];
for (const e of slices) {
  const last = tasks.at(-1);
  if (last && e.ts < last.ts + last.dur) continue; // inside the task before
  if (TASKS.has(e.name)) tasks.push(e);
}
tasks.splice(0, tasks.length, ...tasks.filter((e) => e.dur >= minMs * 1000));
console.log(`${file}: ${tasks.length} tasks over ${minMs} ms on the ${which}'s main thread`);
for (const task of tasks) {
  console.log(`\n${ms(task.dur)} ms at ${ms(task.ts - navigationStart)} ms`);
  const stack = [];
  for (const e of slices) {
    if (e === task || e.ts < task.ts || e.ts + e.dur > task.ts + task.dur || e.dur < 2000) continue;
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (stack.length < 4) console.log(`${'  '.repeat(stack.length + 1)}${e.name} ${ms(e.dur)}${describe(e)}`);
    stack.push(e);
  }
  for (const [name, us] of hottest(task.ts, task.ts + task.dur)) console.log(`  self ${ms(us).padStart(6)} ms  ${name}`);
}
