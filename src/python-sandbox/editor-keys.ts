const INDENT = '    ';

/**
 * Editing keys of the code textarea: Tab / Shift+Tab indent and dedent, Enter keeps the indentation (one more level
 * after a `:`). Escape releases Tab so keyboard users can leave the editor. Edits go through `execCommand` where the
 * browser has it, so native undo keeps working.
 */
export function handleEditorKey(event: KeyboardEvent, textarea: HTMLTextAreaElement, setCode: (code: string) => void): void {
  if (event.key === 'Escape') {
    textarea.dataset.tabReleased = '';
    return;
  }
  if (event.key === 'Tab' && textarea.dataset.tabReleased === undefined && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    if (event.shiftKey) dedentSelection(textarea);
    else indentSelection(textarea);
  } else if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    const before = textarea.value.slice(0, textarea.selectionStart);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    const indent = /^\s*/.exec(line)![0] + (line.trimEnd().endsWith(':') ? INDENT : '');
    insert(textarea, '\n' + indent);
  } else {
    if (event.key !== 'Shift') delete textarea.dataset.tabReleased;
    return;
  }
  setCode(textarea.value);
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function indentSelection(textarea: HTMLTextAreaElement): void {
  const { value, selectionStart, selectionEnd } = textarea;
  if (!value.slice(selectionStart, selectionEnd).includes('\n')) return insert(textarea, INDENT);
  const start = lineStart(value, selectionStart);
  const block = value.slice(start, selectionEnd);
  replaceRange(textarea, start, selectionEnd, block.replace(/^/gm, INDENT), selectionStart + INDENT.length);
}

function dedentSelection(textarea: HTMLTextAreaElement): void {
  const { value, selectionStart, selectionEnd } = textarea;
  const start = lineStart(value, selectionStart);
  const block = value.slice(start, selectionEnd);
  const dedented = block.replace(/^ {1,4}/gm, '');
  const firstLineRemoved = (/^ {1,4}/.exec(block)?.[0].length ?? 0);
  replaceRange(textarea, start, selectionEnd, dedented, Math.max(start, selectionStart - firstLineRemoved));
}

function insert(textarea: HTMLTextAreaElement, text: string): void {
  if (!document.execCommand?.('insertText', false, text)) textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
}

function replaceRange(textarea: HTMLTextAreaElement, start: number, end: number, text: string, caret: number): void {
  textarea.setSelectionRange(start, end);
  insert(textarea, text);
  textarea.setSelectionRange(caret, start + text.length);
}
