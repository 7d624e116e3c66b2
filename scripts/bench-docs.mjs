// Writes the bench table into docs/performance.md, between `<!-- bench-table:start -->` and
// `<!-- bench-table:end -->`, so the published figures are the ones a run printed, not a copy pasted by hand.
// The notes around the markers are written by people and stay as they are.
import { readFile, writeFile } from 'node:fs/promises';
import { formatTable } from './bench-report.mjs';
import { replaceMarkedSection } from './marked-section.mjs';

export const performanceDoc = new URL('../docs/performance.md', import.meta.url);

/** The Markdown that goes between the markers: the printed table (machine and versions included) in a code block. */
export function benchTableMarkdown(report) {
  return [
    '<!-- Written by `npm run bench` (scripts/bench-docs.mjs); edit the notes around it, not this. -->',
    '```text',
    formatTable(report, { notes: false }),
    '```',
  ].join('\n');
}

/** Replaces the table in `file` (default docs/performance.md) with `report`'s. */
export async function writeBenchTable(report, file = performanceDoc) {
  const text = await readFile(file, 'utf8');
  await writeFile(file, replaceMarkedSection(text, 'bench-table', benchTableMarkdown(report)));
}
