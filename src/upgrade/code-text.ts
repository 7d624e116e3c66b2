/**
 * Elements inside a rendered code block that are not code: line numbers (Pygments `.linenos` inline and its table
 * cell `.linenodiv`, `.lineno`, VitePress `.line-number`, Docusaurus `codeLineNumber_…`, Expressive Code's `.gutter`
 * and `.ln`), anything hidden from assistive technology, and buttons a theme puts inside the `<pre>` (Material's
 * copy button).
 */
const NOT_CODE = [
  '.linenos', '.lineno', '.linenodiv', '.ln', '.gutter', '[class*="line-number" i]', '[class*="linenumber" i]',
  '[aria-hidden="true"]', 'button', 'script', 'style', 'template',
].join(', ');

/**
 * The code a highlighted block shows, as the reader would copy it: the text of its `<code>` (else of the `<pre>`),
 * with line numbers left out, `<br>` read as a line break (prism-react-renderer ends each line with one), and each
 * block-level line (`div`, as Expressive Code renders lines) ending in one. Exact otherwise: indentation, tabs, blank
 * lines, `<` and `&` are what the text nodes hold. The one trailing newline generators add is dropped.
 *
 * `maxChars` stops early, for looking at the first lines only.
 */
export function readCodeText(pre: Element, maxChars = Infinity): string {
  const source = pre.querySelector(':scope > code') ?? pre;
  let text = '';
  const visit = (parent: Node): void => {
    for (let node = parent.firstChild; node && text.length < maxChars; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE) {
        text += (node as Text).data;
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const element = node as Element;
        if (element.localName === 'br') {
          text += '\n';
        } else if (!element.matches(NOT_CODE)) {
          const start = text.length;
          visit(element);
          // An empty line element is still a line; one whose text already ends the line needs no second break.
          if (element.localName === 'div' && (text.length === start || !text.endsWith('\n'))) text += '\n';
        }
      }
    }
  };
  visit(source);
  text = text.replace(/\r\n?/g, '\n');
  return maxChars === Infinity && text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Whether a `<pre>` only shows line numbers: the number column of Pygments' table layout. */
export function isLineNumberColumn(pre: Element): boolean {
  return pre.closest('.linenodiv, td.linenos') !== null;
}
