/**
 * Bounds on a display's markup, checked on its text before any parser sees it. DOMParser runs on the page's main
 * thread, and an HTML parser's work is not linear in its input: each start tag of a block element scans the stack of
 * open elements (70,000 nested `<div>`s, 770 KB, took tens of seconds), and formatting elements closed by an
 * ancestor are cloned again for every later tag or text (1,000 `<b id=…>` reopened 3,000 times held the page for
 * 10 s). Counting tags and the formatting elements the parser could clone bounds both, in one linear pass.
 */

/** Characters of markup the console reads at all; past this a display is offered as a file. */
export const MAX_MARKUP_CHARS = 2_000_000;

/** Elements the HTML parser may create, per element the page may render: room for implied and cloned elements. */
const PARSER_ELEMENTS_PER_RENDERED = 20;

/** Formatting elements the parser reopens after an ancestor closes them (`a` apart: one at most is ever open). */
const FORMATTING = new Set(['b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);

/** Every start and end tag, wherever it stands: in a comment or a style sheet too, which only counts more. */
const TAG = /<(\/?)([a-zA-Z][^\t\n\f\r />]*)/g;

/**
 * Where a start tag that begins at `from` ends, past its `>`, or the text's end. A quote opens a value only after `=`,
 * as in the tokenizer; where this reads a quote as opening and the tokenizer does not, it ends later, never earlier.
 */
function startTagEnd(text: string, from: number): number {
  let quote = '';
  let afterEquals = false;
  for (let at = from + 1; at < text.length; at++) {
    const char = text[at];
    if (quote) {
      if (char === quote) quote = '';
      continue;
    }
    if (char === '>') return at + 1;
    if (afterEquals && (char === '"' || char === "'")) quote = char;
    if (char === '=') afterEquals = true;
    else if (!/[\t\n\f\r ]/.test(char)) afterEquals = false;
  }
  return text.length;
}

/** Start and end tags in `markup`, and how many elements an HTML parser could create for it at most. */
export function htmlParserWork(markup: string): { startTags: number; elements: number } {
  let startTags = 0;
  let endTags = 0;
  let adoptions = 0; // runs of the adoption agency: formatting end tags, and `<a>` or `<nobr>` start tags
  const reopenable = new Set<string>();
  for (const match of markup.matchAll(TAG)) {
    const name = match[2].toLowerCase();
    const formatting = FORMATTING.has(name) || name === 'a';
    if (match[1]) {
      endTags++;
      if (formatting) adoptions++;
      continue;
    }
    startTags++;
    if (name === 'a' || name === 'nobr') adoptions++;
    // The list of formatting elements holds at most three alike (same name and attributes, "Noah's Ark"), and one
    // `<a>`: identical text is identical attributes (case and all), so distinct texts bound the list.
    if (FORMATTING.has(name)) reopenable.add(markup.slice(match.index, startTagEnd(markup, match.index)));
  }
  const listSize = 3 * reopenable.size + 1;
  // Each start tag may imply two parents (`<td>` in `<table>`: tbody, tr); each tag or text between tags may clone
  // the whole list once; each adoption agency run makes at most 8 × 4 elements.
  const elements = 3 + 3 * startTags + listSize * (startTags + endTags + 1) + 32 * adoptions;
  return { startTags, elements };
}

/**
 * Whether HTML markup is cheap enough to parse for a page of at most `maxElements` elements: not too long, no more
 * start tags than that, and no more than PARSER_ELEMENTS_PER_RENDERED times that many elements the parser could make.
 */
export function htmlWithinBounds(markup: string, maxElements: number): boolean {
  return htmlBounds(markup, maxElements).within;
}

/** `htmlWithinBounds`, and the start tags counted (none when the markup is too long to scan). */
export function htmlBounds(markup: string, maxElements: number): { within: boolean; startTags: number } {
  if (markup.length > MAX_MARKUP_CHARS) return { within: false, startTags: 0 };
  const { startTags, elements } = htmlParserWork(markup);
  return { within: startTags <= maxElements && elements <= PARSER_ELEMENTS_PER_RENDERED * maxElements, startTags };
}

/** Whether SVG markup is cheap enough to parse for a drawing of at most `maxElements` elements (XML clones nothing). */
export function svgWithinBounds(markup: string, maxElements: number): boolean {
  if (markup.length > MAX_MARKUP_CHARS) return false;
  let startTags = 0;
  for (const match of markup.matchAll(TAG)) if (!match[1] && ++startTags > maxElements) return false;
  return true;
}
