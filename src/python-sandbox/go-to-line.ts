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
  if (!gutter) return;
  const probe = document.createElement('span');
  probe.style.cssText = `position: absolute; left: 0; width: 1px; top: ${lineTop - textarea.scrollTop}px; height: ${lineHeight}px`;
  gutter.append(probe);
  const box = probe.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) probe.scrollIntoView({ block: 'center' });
  probe.remove();
}
