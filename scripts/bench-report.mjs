// Figures of the benchmark: summaries (median and p95), goals, the printed table.

/** Median, p95 (nearest rank) and range of a list of numbers; `undefined` for no samples. */
export function summarize(samples) {
  if (!samples?.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const middle = sorted.length >> 1;
  const p50 = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { n: sorted.length, p50, p95: rank(0.95), min: sorted[0], max: sorted[sorted.length - 1], samples };
}

/**
 * One line of the table. `goal` is `{ text, limit, stat }` (the product's `stat`, default p50, must be ≤ `limit`), or
 * `{ text, ratio }` (the ratio must be ≤ `ratio`). The ratio is product ÷ baseline of the medians.
 */
export function figure({ row, id, label, unit, product, baseline, goal, note }) {
  const ratio = product && baseline && baseline.p50 ? product.p50 / baseline.p50 : null;
  let goalResult = null;
  if (goal?.ratio !== undefined && ratio !== null) {
    goalResult = { text: goal.text, met: ratio <= goal.ratio, by: ratio - goal.ratio, unit: '×' };
  } else if (goal?.limit !== undefined && product) {
    const value = product[goal.stat ?? 'p50'];
    goalResult = { text: goal.text, met: value <= goal.limit, by: value - goal.limit };
  }
  return { row, id, label, unit, product: product ?? null, baseline: baseline ?? null, ratio, goal: goalResult, note: note ?? null };
}

function formatNumber(value, unit) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  const digits = ['MiB', 'MB', 'kB'].includes(unit) ? 1 : Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return value.toFixed(digits);
}

function formatSide(side, unit) {
  if (!side) return '—';
  if (side.n === 1) return `${formatNumber(side.p50, unit)} (1)`;
  return `${formatNumber(side.p50, unit)} / ${formatNumber(side.p95, unit)} (${side.n})`;
}

function formatRatio(ratio) {
  if (ratio === null) return '—';
  if (ratio === 0) return '0×';
  if (ratio >= 1000) return '> 1000×';
  if (ratio >= 100) return `${ratio.toFixed(0)}×`;
  if (ratio >= 0.01) return `${ratio.toPrecision(2)}×`;
  return `1/${(1 / ratio).toFixed(0)}`;
}

function formatGoal(goal, unit) {
  if (!goal) return '';
  const verdict = goal.met ? 'met' : goal.unit === '×' ? `missed by ${goal.by.toFixed(2)}×` : `missed by ${formatNumber(goal.by, unit)} ${unit}`;
  return `${goal.text}: ${verdict}`;
}

/**
 * The table as `npm run bench` prints it: the machine and versions, the figures, then one note per figure unless
 * `notes` is false (docs/performance.md keeps the table without them; the JSON has them).
 */
export function formatTable(report, { notes: withNotes = true } = {}) {
  const { machine, versions } = report;
  const header = ['#', 'figure', 'unit', 'product p50 / p95 (n)', 'baseline p50 / p95 (n)', 'ratio', 'goal'];
  const rows = report.figures.map((each) => [
    String(each.row),
    each.label,
    each.unit,
    formatSide(each.product, each.unit),
    formatSide(each.baseline, each.unit),
    formatRatio(each.ratio),
    formatGoal(each.goal, each.unit),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column].length)));
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const notes = report.figures.filter((each) => each.note).map((each) => `  ${each.row} ${each.label}: ${each.note}`);
  return [
    `python-sandbox bench, ${report.date} (${report.durationS.toFixed(0)} s)`,
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB, ${machine.os}, ` +
      `load average ${machine.loadAverage.map((load) => load.toFixed(2)).join(' ')} at start`,
    `software: Chromium ${versions.chromium} (headless), Node ${versions.node}, Pyodide ${versions.pyodide}`,
    'product = SandboxPool / <python-sandbox> from dist/; baseline = a fresh module worker per run (bench/baseline.js)',
    'p50 / p95 over n repetitions; ratio = product p50 ÷ baseline p50',
    '',
    line(header),
    line(widths.map((width) => '─'.repeat(width))),
    ...rows.map(line),
    ...(withNotes && notes.length ? ['', 'notes:', ...notes] : []),
  ].join('\n');
}
