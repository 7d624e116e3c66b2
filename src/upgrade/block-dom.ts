import { splitOptionLines } from './block-options.ts';
import { isLineNumberColumn, readCodeText } from './code-text.ts';

/** Wrappers further up than this are not the block's own (a generator's wrappers are one to three deep). */
const WRAPPER_LEVELS = 3;
/** How much of a block's text is read to find its `#|` lines. */
export const HEAD_CHARS = 4096;
/** Anything of these inside a wrapper makes it more than a code block: it stays, and only the block inside goes. */
const PROSE = 'p, ul, ol, dl, h1, h2, h3, h4, h5, h6, blockquote, section, article, main, table:not(.highlighttable)';
/**
 * Marks a `<pre>` some call has taken, on the node itself: a second copy of this module on the page (a bundled one
 * beside `auto.js`) sees it too and leaves the block alone.
 */
const CLAIMED = Symbol.for('python-sandbox.code-block');

/** A block's height, and the margins its sandbox takes over (none where neither the target nor the pre has one). */
export interface BlockBox {
  height: number;
  marginTop?: string;
  marginBottom?: string;
}

export function claimed(pre: Element): boolean {
  return (pre as unknown as Record<symbol, boolean | undefined>)[CLAIMED] === true;
}

export function setClaimed(pre: Element, value: boolean): void {
  (pre as unknown as Record<symbol, boolean | undefined>)[CLAIMED] = value || undefined;
}

/**
 * Whether the author marked the block: the `<pre>`, its `<code>` or a wrapper up to three levels up matches
 * `selector`, or its code starts with the line `#| sandbox`.
 */
export function isMarked(pre: Element, selector: string): boolean {
  const code = pre.querySelector(':scope > code');
  if (pre.matches(selector) || code?.matches(selector)) return true;
  let node = blockOf(pre).parentElement;
  for (let level = 0; level < WRAPPER_LEVELS && node; level++, node = node.parentElement) {
    if (node.matches(selector)) return true;
  }
  const head = readCodeText(pre, HEAD_CHARS);
  return head.startsWith('#|') && splitOptionLines(head).sandbox;
}

/** The element that holds one code block: Pygments' line-number table, or the `<pre>` itself. */
function blockOf(pre: Element): Element {
  return pre.closest('table.highlighttable') ?? pre;
}

/**
 * The outermost ancestor, at most three levels up, that is a generator's code-block wrapper holding this block and
 * nothing of the page's prose; else the `<pre>`.
 */
export function outerWrapper(pre: Element, selector: string): HTMLElement {
  let target = blockOf(pre);
  let node = target.parentElement;
  for (let level = 0; level < WRAPPER_LEVELS && node && node !== node.ownerDocument.body; level++, node = node.parentElement) {
    if (holdsMore(node, pre)) break;
    if (isCodeWrapper(node, selector)) target = node;
  }
  return target as HTMLElement;
}

function isCodeWrapper(element: Element, selector: string): boolean {
  if (element.localName === 'figure' || element.matches(selector)) return true;
  for (const name of element.classList) {
    if (name === 'highlight' || name.startsWith('highlight-') || name.startsWith('language-')) return true;
    if (name === 'theme-code-block' || name === 'expressive-code') return true;
  }
  return false;
}

function holdsMore(wrapper: Element, pre: Element): boolean {
  for (const other of wrapper.querySelectorAll('pre')) if (other !== pre && !isLineNumberColumn(other)) return true;
  return wrapper.querySelector(PROSE) !== null;
}

/** The pre, its code and each wrapper up to the target, nearest first: where `data-*` options are looked for. */
export function wrappersFrom(pre: Element, target: Element): Element[] {
  const chain: Element[] = [];
  const code = pre.querySelector(':scope > code');
  if (code) chain.push(code);
  for (let node: Element | null = pre; node; node = node === target ? null : node.parentElement) chain.push(node);
  return chain;
}

const nonZero = (margin: string) => (parseFloat(margin) > 0 ? margin : undefined);

/** The block's height, and its margins: the target's, else the pre's. Values are read at once (the style is live). */
export function measure(
  { target, pre }: { target: Element; pre: Element },
  height = target.getBoundingClientRect().height,
): BlockBox {
  const outer = getComputedStyle(target);
  const inner = pre === target ? outer : getComputedStyle(pre);
  return {
    height,
    marginTop: nonZero(outer.marginTop) ?? nonZero(inner.marginTop),
    marginBottom: nonZero(outer.marginBottom) ?? nonZero(inner.marginBottom),
  };
}
