/**
 * Python syntax colouring from a maintained tokenizer (Lezer's Python grammar), loaded lazily by the element so the
 * editor works, uncoloured, before and without it.
 */
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser } from '@lezer/python';

/** A run of source text and the `tok-…` classes that colour it ('' for plain text). */
export type Token = [text: string, classes: string];

export type PythonTree = ReturnType<typeof parser.parse>;

export function parsePython(code: string): PythonTree {
  return parser.parse(code);
}

/**
 * The tokens of `code` from `from` to `to` (both line starts, or the ends), with at most `maxSpans` coloured runs: the
 * text past them is plain. Adjacent runs of the same classes are merged, so a window of code costs as few elements
 * as its colours need.
 */
export function highlightPython(
  code: string,
  tree = parsePython(code),
  from = 0,
  to = code.length,
  maxSpans = Infinity,
): Token[] {
  const tokens: Token[] = [];
  let spans = 0;
  const put = (text: string, classes: string) => {
    if (spans >= maxSpans) classes = '';
    const last = tokens[tokens.length - 1];
    if (last && last[1] === classes) last[0] += text;
    else {
      tokens.push([text, classes]);
      if (classes) spans++;
    }
  };
  highlightCode(code, tree, classHighlighter, put, () => put('\n', ''), from, to);
  return tokens;
}
