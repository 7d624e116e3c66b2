// The tables that scripts write into the docs: the bench table (docs/performance.md) and the option ranges
// (README.md). No bench run and no browser: a made-up report, a made-up schema and temporary files.
// Run: node --test scripts/*.test.mjs   (part of `npm test`)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { benchTableMarkdown, writeBenchTable } from './bench-docs.mjs';
import { figure, summarize } from './bench-report.mjs';
import { readMarkedSection, replaceMarkedSection } from './marked-section.mjs';
import { loadNumericOptions, optionsTableMarkdown } from './options-table.mjs';

const report = {
  date: '2030-01-02T03:04:05.000Z',
  durationS: 480.4,
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, os: 'Linux 6.0', loadAverage: [0.5, 0.25, 0.125] },
  versions: { chromium: '200.0.1', node: 'v20.20.2', pyodide: '314.0.7' },
  figures: [
    figure({
      row: 1, id: 'warm', label: 'warm run', unit: 'ms', product: summarize([3, 4, 5]), baseline: summarize([1000]),
      goal: { text: 'p50 ≤ 2 ms', limit: 2 }, note: 'a note that only the printed output and the JSON keep',
    }),
  ],
};

const page = (table) => `# Performance\n\nHand-written notes before.\n\n<!-- bench-table:start -->\n${table}\n` +
  '<!-- bench-table:end -->\n\nHand-written notes after.\n';

test('the bench writes its table, machine and versions between the markers, and nothing else', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'bench-docs-'));
  try {
    const file = join(folder, 'performance.md');
    await writeFile(file, page('an old table'));
    await writeBenchTable(report, file);
    const written = await readFile(file, 'utf8');
    const table = readMarkedSection(written, 'bench-table');
    assert.equal(table, benchTableMarkdown(report));
    assert.match(table, /^python-sandbox bench, 2030-01-02T03:04:05\.000Z \(480 s\)$/m);
    assert.match(table, /^machine: 2 × Test CPU, 8\.0 GiB, Linux 6\.0, load average 0\.50 0\.25 0\.13 at start$/m);
    assert.match(table, /^software: Chromium 200\.0\.1 \(headless\), Node v20\.20\.2, Pyodide 314\.0\.7$/m);
    assert.match(table, /^1 +warm run +ms +4\.00 \/ 5\.00 \(3\) +1000 \(1\) +1\/250 +p50 ≤ 2 ms: missed by 2\.00 ms$/m);
    assert.doesNotMatch(table, /an old table|a note that only/);
    assert.equal(written, page(benchTableMarkdown(report)), 'the notes around the markers are unchanged');
    await writeBenchTable(report, file);
    assert.equal(await readFile(file, 'utf8'), written, 'writing the same report again changes nothing');
  } finally {
    await rm(folder, { recursive: true });
  }
});

test('a file without both markers is refused, not appended to', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'bench-docs-'));
  try {
    const file = join(folder, 'performance.md');
    await writeFile(file, '# Performance\n\n<!-- bench-table:start -->\nno end marker\n');
    await assert.rejects(writeBenchTable(report, file), /bench-table:end/);
    assert.throws(() => replaceMarkedSection('<!-- x:start -->a<!-- x:end --><!-- x:start -->b<!-- x:end -->', 'x', 'c'));
  } finally {
    await rm(folder, { recursive: true });
  }
});

test('the options table comes from the schema: values, attributes and JSDoc notes', async () => {
  const schema = `
    export const numericOptions = {
      /** Why it stops there. */
      timeout: { name: 'timeout', attribute: 'timeout', default: 5000, min: 0, max: 2_147_483_647 },
      maxInterpreters: { name: 'maxInterpreters', default: 4, min: 1, max: 64 },
    } as const satisfies Record<string, { default: number }>;`;
  const table = optionsTableMarkdown(await loadNumericOptions(schema));
  assert.match(table, /^\| `timeout` \| `timeout` of `run\(\)` \| 5000 \| 0–2 147 483 647 ms \| Why it stops there\. \|$/m);
  assert.match(table, /^\| {2}\| `maxInterpreters` of `configure\(\)` \| 4 \| 1–64 interpreters \| {2}\|$/m);
  const changed = optionsTableMarkdown(await loadNumericOptions(schema.replace('default: 5000', 'default: 6000')));
  assert.notEqual(changed, table);
});
