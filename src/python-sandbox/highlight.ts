/**
 * Python syntax colouring from a maintained tokenizer (Lezer's Python grammar), loaded lazily by the element so the
 * editor works, uncoloured, before and without it.
 */
import type { Tree } from '@lezer/common';
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { nextTask } from '../runtime/later-task.ts';

/** A run of source text and the `tok-…` classes that colour it ('' for plain text). */
export type Token = [text: string, classes: string];

export type PythonTree = Tree;

export interface PythonHighlighter {
  parsePython(code: string): PythonTree;
  /**
   * The tokens of `code` from `from` to `to` (both line starts, or the ends), with at most `maxSpans` coloured runs:
   * the text past them is plain. Adjacent runs of the same classes are merged, so a window of code costs as few
   * elements as its colours need.
   */
  highlightPython(code: string, tree?: PythonTree, from?: number, to?: number, maxSpans?: number): Token[];
}

/**
 * The highlighter, with the grammar loaded in a task after this module's: the grammar decodes its parse tables as it
 * loads, and this module with the grammar made one task of 22–52 ms on a 2-core machine (bench row 9).
 */
export async function loadPythonHighlighter(): Promise<PythonHighlighter> {
  await nextTask();
  const { parser } = await import('./python-grammar.ts');
  // And the editors waiting for it start colouring in a task after the grammar's: together they were 53 ms.
  await nextTask();
  const parsePython = (code: string) => parser.parse(code);
  return {
    parsePython,
    highlightPython: (code, tree = parsePython(code), from = 0, to = code.length, maxSpans = Infinity) => {
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
    },
  };
}
