/**
 * Python syntax colouring from a maintained tokenizer (Lezer's Python grammar), loaded lazily by the element so the
 * editor works, uncoloured, before and without it.
 */
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser } from '@lezer/python';

/** A run of source text and the `tok-…` classes that colour it ('' for plain text). */
export type Token = [text: string, classes: string];

export function highlightPython(code: string): Token[] {
  const tokens: Token[] = [];
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, classes) => tokens.push([text, classes]),
    () => tokens.push(['\n', '']),
  );
  return tokens;
}
