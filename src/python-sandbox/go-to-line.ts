/**
 * Focuses the editor's textarea with the caret at `offset`, on 1-based `line`, and brings that line into view: inside
 * the textarea when it scrolls itself (the user made it shorter than its code), and on the page. The textarea is as
 * tall as its code, so the page (or whichever ancestor scrolls) has to move; a probe placed at the line in the gutter
 * tells `scrollIntoView` where the line is, which no API of a textarea does.
 */
export function goToLine(textarea: HTMLTextAreaElement, gutter: HTMLElement | null, line: number, offset: number): void {
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(offset, offset);
  const style = getComputedStyle(textarea);
  const lineHeight = parseFloat(style.lineHeight);
  if (!(lineHeight > 0)) return;
  const lineTop = parseFloat(style.paddingTop) + (line - 1) * lineHeight;
  if (lineTop < textarea.scrollTop || lineTop + lineHeight > textarea.scrollTop + textarea.clientHeight) {
    textarea.scrollTop = lineTop - (textarea.clientHeight - lineHeight) / 2;
  }
  // Lines do not wrap, and setting the selection does not scroll a textarea to its caret: sideways, do it here.
  const caretLeft = parseFloat(style.paddingLeft) + textWidth(textarea.value.slice(textarea.value.lastIndexOf('\n', offset - 1) + 1, offset), style);
  if (caretLeft < textarea.scrollLeft || caretLeft > textarea.scrollLeft + textarea.clientWidth - parseFloat(style.paddingRight)) {
    textarea.scrollLeft = caretLeft - textarea.clientWidth / 2;
  }
  if (!gutter) return;
  const probe = document.createElement('span');
  probe.style.cssText = `position: absolute; left: 0; width: 1px; top: ${lineTop - textarea.scrollTop}px; height: ${lineHeight}px`;
  gutter.append(probe);
  const box = probe.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) probe.scrollIntoView({ block: 'center' });
  probe.remove();
}

/** How wide `text` (from a line's start) is in the textarea's font, tabs included. */
function textWidth(text: string, style: CSSStyleDeclaration): number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return 0;
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const tabSize = parseInt(style.tabSize, 10) || 4;
  let expanded = '';
  for (const character of text) expanded += character === '\t' ? ' '.repeat(tabSize - (expanded.length % tabSize)) : character;
  return context.measureText(expanded).width;
}
