// The README's table of numeric options, written from their one declaration (src/runtime/option-ranges.ts):
// attribute, option, default and range from the values, the "why" column from each entry's JSDoc.
//
//   node scripts/options-table.mjs           rewrite the table between <!-- options-table:start/end --> in README.md
//   node scripts/options-table.mjs --check   exit 1 when README.md's table differs from the schema (run by npm test)
//
// Node 20 cannot import .ts, so the file is transpiled with the project's TypeScript (no type-check) and imported
// from a data: URL; option-ranges.ts imports nothing, which keeps that simple. No browser, well under a second.
import { readFile, writeFile } from 'node:fs/promises';
import ts from 'typescript';
import { readMarkedSection, replaceMarkedSection } from './marked-section.mjs';

const schemaFile = new URL('../src/runtime/option-ranges.ts', import.meta.url);
const readme = new URL('../README.md', import.meta.url);
const section = 'options-table';

/** Where each option is given besides its attribute, and its unit: facts the schema does not hold. */
const usage = {
  timeout: { option: '`timeout` of `run()`', unit: 'ms' },
  inputTimeout: { option: '`inputTimeout` of `run()`', unit: 'ms' },
  size: { option: '`size` of `SandboxPool`', unit: 'interpreters', note: 'Within the page\'s `maxInterpreters`.' },
  memoryLimitMiB: { option: '`memoryLimitMiB` of `SandboxPool`', unit: 'MiB' },
  outputLimit: { option: '`outputLimit` of `SandboxPool`', unit: 'characters' },
  solutionAfter: { option: '', unit: 'runs' },
  maxInterpreters: { option: '`maxInterpreters` of `configure()`', unit: 'interpreters' },
};

/** `numericOptions` of the schema's source, each with `note`: its JSDoc's text, if any. */
export async function loadNumericOptions(source) {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const { numericOptions } = await import(`data:text/javascript,${encodeURIComponent(outputText)}`);
  if (!numericOptions) throw new Error('option-ranges.ts no longer exports numericOptions');
  const notes = jsDocNotes(source);
  return Object.fromEntries(Object.entries(numericOptions).map(([key, option]) => [key, { ...option, note: notes[key] }]));
}

/** The JSDoc text above each property of the `numericOptions` object literal. */
function jsDocNotes(source) {
  const file = ts.createSourceFile('option-ranges.ts', source, ts.ScriptTarget.ES2022, true);
  const notes = {};
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'numericOptions') {
      let value = node.initializer;
      while (value && !ts.isObjectLiteralExpression(value)) value = value.expression; // `… as const satisfies …`
      for (const property of value?.properties ?? []) {
        const text = ts.getJSDocCommentsAndTags(property)
          .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join(' ').replace(/\s+/g, ' ').trim();
        if (text) notes[property.name.getText()] = text;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return notes;
}

/** 2147483647 → "2 147 483 647"; numbers under 10 000 stay as they are, as the README writes them. */
const readable = (value) => (value < 10_000 ? String(value) : value.toLocaleString('en-US').replaceAll(',', ' '));
const cell = (text) => text.replaceAll('|', '\\|');

/** The Markdown table for `options` (what loadNumericOptions returns). */
export function optionsTableMarkdown(options) {
  const lines = [
    '<!-- Written by `node scripts/options-table.mjs` from src/runtime/option-ranges.ts; `npm test` checks it. -->',
    '| attribute | option | default | range | why |',
    '|---|---|---|---|---|',
  ];
  for (const [key, option] of Object.entries(options)) {
    const { option: given = `\`${key}\``, unit = '', note = '' } = usage[key] ?? {};
    const why = [option.note, note].filter(Boolean).join(' ');
    lines.push(`| ${option.attribute ? `\`${option.attribute}\`` : ''} | ${given} | ${readable(option.default)} | ` +
      `${readable(option.min)}–${readable(option.max)}${unit ? ` ${unit}` : ''} | ${cell(why)} |`);
  }
  return lines.join('\n');
}

async function main() {
  const table = optionsTableMarkdown(await loadNumericOptions(await readFile(schemaFile, 'utf8')));
  const text = await readFile(readme, 'utf8');
  if (process.argv.includes('--check')) {
    if (readMarkedSection(text, section) === table) return;
    console.error('README.md: the table of option ranges differs from src/runtime/option-ranges.ts.\n' +
      'Run `node scripts/options-table.mjs` to write it again. Expected:\n' + table);
    process.exit(1);
  }
  await writeFile(readme, replaceMarkedSection(text, section, table));
  console.log('README.md: table of option ranges written');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
