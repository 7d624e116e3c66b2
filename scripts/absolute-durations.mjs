// Finds test assertions that hold a measured duration under a fixed number of milliseconds, which a busy machine
// breaks: `expect(longestGapMs).to.be.below(1000)`, `expect(performance.now() - started).to.be.below(FROZEN_MS)`.
// A bound with a measured value in it (`below(limit)`, `below(tookMs - HELD_MS)`) passes, and so does a lower bound
// (`above(HELD_MS)`: a busy machine only makes durations longer). Run by scripts/absolute-durations.test.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A subject that reads as a duration measured in the test. */
const DURATION = /performance\.now\(\)|Date\.now\(\)|\b\w*(?:Ms|Millis)\b|\b(?:elapsed|took|stall|longest|duration)\w*/i;
/** Assertions that put an upper bound on their subject. */
const UPPER_BOUND = /\.(below|lessThan|lt|lte|most|within)\(/g;
/** What is left of a bound once numbers, constants (ALL_CAPS) and arithmetic are taken out: empty when it is fixed. */
const FIXED_PARTS = /\b[A-Z][A-Z0-9_]*\b|\b\d[\d_]*(?:\.\d+)?(?:e\d+)?\b|[\s()+\-*/]/g;

/** The text from `open` (an index just past an opening parenthesis) to its closing one. */
function balanced(text, open) {
  let depth = 1;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === '"' || char === "'" || char === '`') index = text.indexOf(char, index + 1);
    if (depth === 0) return { inside: text.slice(open, index), end: index + 1 };
    if (index < 0) break;
  }
  return undefined;
}

/** The first argument of an argument list. */
function firstArgument(args) {
  let depth = 0;
  for (let index = 0; index < args.length; index++) {
    const char = args[index];
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) return args.slice(0, index);
    else if (char === '"' || char === "'" || char === '`') index = args.indexOf(char, index + 1);
  }
  return args;
}

/** Assertions in `source` that hold a measured duration under a fixed figure, with their line numbers. */
export function absoluteDurations(source) {
  const found = [];
  for (const match of source.matchAll(/\bexpect\(/g)) {
    const call = balanced(source, match.index + match[0].length);
    if (!call) continue;
    const subject = firstArgument(call.inside);
    if (!DURATION.test(subject)) continue;
    const chainEnd = source.indexOf(';', call.end);
    const chain = source.slice(call.end, chainEnd < 0 ? undefined : chainEnd);
    for (const bound of chain.matchAll(UPPER_BOUND)) {
      const args = balanced(chain, bound.index + bound[0].length);
      if (!args) continue;
      const limit = bound[1] === 'within' ? args.inside.split(',').at(-1) : firstArgument(args.inside);
      if (limit.replace(FIXED_PARTS, '') === '') {
        const line = source.slice(0, match.index).split('\n').length;
        found.push({ line, text: `expect(${subject.trim()})…${bound[0]}${limit.trim()})` });
      }
    }
  }
  return found;
}

/** Test sources under `root`: every *.test.ts in src/ and every .ts in test/. */
export function testSources(root) {
  const files = [];
  const walk = (dir, keep) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, keep);
      else if (keep(entry.name)) files.push(relative(root, path));
    }
  };
  walk(join(root, 'src'), (name) => name.endsWith('.test.ts'));
  walk(join(root, 'test'), (name) => name.endsWith('.ts'));
  return files.sort();
}

/** Every such assertion in the project at `root`, as `file:line: text`. */
export function findAbsoluteDurations(root) {
  return testSources(root).flatMap((file) =>
    absoluteDurations(readFileSync(join(root, file), 'utf8')).map(({ line, text }) => `${file}:${line}: ${text}`));
}
