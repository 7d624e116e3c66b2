import { type ReactiveController, type ReactiveControllerHost, html, nothing } from 'lit';
import type { PythonError } from '../runtime/types.ts';
import { goToLine } from './go-to-line.ts';

/** A range over more lines than this is cut at the end of its first line: the mark is for finding the error. */
const MAX_MARKED_LINES = 100;
/** Characters of the message the announcement reads out. */
const MAX_ANNOUNCED_CHARS = 300;
/** Id of the announcement, which the editor names as its description while the mark shows. */
export const ERROR_MARK_TEXT_ID = 'error-mark-text';

/** Where the editor shows the last run's error: a line, and the columns Python gave, in the code it ran. */
export interface ErrorMark {
  /** The editor's code the mark is for; any other code clears it. */
  readonly code: string;
  /** 1-based. */
  readonly line: number;
  /**
   * The marked range, when Python gave columns: where it starts in `code` (UTF-16, as the textarea counts), and the
   * text of its lines split around it.
   */
  readonly range?: { readonly from: number; readonly before: string; readonly marked: string; readonly after: string };
  /** What screen readers hear: "Error on line 3: NameError: name 'x' is not defined". */
  readonly announcement: string;
}

/** Start and end (before its line break) of 1-based line `line` of `code`, or undefined past the last line. */
export function lineBounds(code: string, line: number): { start: number; end: number } | undefined {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const end = code.indexOf('\n', start);
    if (end === -1) return undefined;
    start = end + 1;
  }
  const end = code.indexOf('\n', start);
  return { start, end: end === -1 ? code.length : end };
}

/** A 1-based column in characters (code points, as Python counts) as a UTF-16 offset into `text`, at most its end. */
function columnOffset(text: string, column: number): number {
  let offset = 0;
  let at = 1;
  for (const character of text) {
    if (at >= column) break;
    offset += character.length;
    at++;
  }
  return offset;
}

/** The mark for `error` in `code`, or undefined when the error names no line of it. */
export function errorMarkFor(code: string, error: PythonError): ErrorMark | undefined {
  const { line } = error;
  if (line === undefined || !Number.isSafeInteger(line) || line < 1) return undefined;
  const first = lineBounds(code, line);
  if (!first) return undefined;
  const message = error.message.replace(/ \(main\.py, line \d+\)$/, '').split('\n')[0].slice(0, MAX_ANNOUNCED_CHARS);
  const announcement = `Error on line ${line}: ${error.type}${message ? `: ${message}` : ''}`;
  return { code, line, range: markedRange(code, error, first), announcement };
}

function markedRange(code: string, error: PythonError, first: { start: number; end: number }): ErrorMark['range'] {
  const { line, column, endLine, endColumn } = error;
  if (!line || !column || !endLine || !endColumn || endLine < line) return undefined;
  const from = first.start + columnOffset(code.slice(first.start, first.end), column);
  const last = endLine - line < MAX_MARKED_LINES ? lineBounds(code, endLine) : undefined;
  const to = last ? last.start + columnOffset(code.slice(last.start, last.end), endColumn) : first.end;
  if (to < from) return undefined;
  // Text that ends its line (a SyntaxError past the last character) has nothing to underline: a space stands in.
  const marked = code.slice(from, to).replace(/^$|^\n/, ' $&');
  return { from, before: code.slice(first.start, from), marked, after: code.slice(to, (last ?? first).end) };
}

/**
 * The last run's error, shown in the editor: a glyph in the gutter, the line's background, and a wavy underline under
 * the columns Python gave; and announced through the status line. Positioned by line height, not by the colour
 * layer, so it shows whether or not the code is coloured, and on lines far from the view. An edit, a new run, Reset
 * or Clear removes it.
 */
export class ErrorMarkController implements ReactiveController {
  mark: ErrorMark | undefined;
  /** The textarea's own scroll, which the layers follow (it scrolls once the user makes it shorter than its code). */
  private scroll = { left: 0, top: 0 };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly currentCode: () => string,
    private readonly parts: () => { textarea: HTMLTextAreaElement | null; gutter: HTMLElement | null; area: HTMLElement | null },
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.mark && this.mark.code !== this.currentCode()) this.mark = undefined;
  }

  /** Marks the error of a run of `code` (nothing if that is no longer the editor's code). */
  show(code: string, error: PythonError | undefined): void {
    this.mark = error && code === this.currentCode() ? errorMarkFor(code, error) : undefined;
    this.host.requestUpdate();
  }

  clear(): void {
    if (!this.mark) return;
    this.mark = undefined;
    this.host.requestUpdate();
  }

  /** Puts the caret on `line` of the editor: at the marked column on the error's line, else at its first non-blank. */
  goToLine(line: number): void {
    const { textarea, gutter } = this.parts();
    const code = this.currentCode();
    const bounds = lineBounds(code, line);
    if (!textarea || !bounds) return;
    const marked = this.mark?.line === line ? this.mark.range?.from : undefined;
    const indent = /^[ \t]*/.exec(code.slice(bounds.start, bounds.end))![0].length;
    goToLine(textarea, gutter, line, marked ?? bounds.start + indent);
  }

  /** Call on the textarea's scroll events. */
  followScroll(textarea: HTMLTextAreaElement): void {
    this.scroll = { left: textarea.scrollLeft, top: textarea.scrollTop };
    const area = this.parts().area;
    area?.querySelector<HTMLElement>('.editor__mark-text')?.style.setProperty('transform', this.textTransform());
    area?.querySelector<HTMLElement>('.editor__mark-line')?.style.setProperty('transform', this.lineTransform());
  }

  private textTransform = () => `translate(${-this.scroll.left}px, ${-this.scroll.top}px)`;
  private lineTransform = () => `translateY(${-this.scroll.top}px)`;

  /** The gutter's glyph. */
  renderGutter() {
    const { mark } = this;
    return mark ? html`<span class="editor__mark-glyph" style="--mark-line: ${mark.line - 1}">✕</span>` : nothing;
  }

  /** The line's background and the underlined range, behind the textarea and the colour layer. */
  renderLayers() {
    const { mark } = this;
    if (!mark) return nothing;
    const band = html`<div class="editor__mark-line" aria-hidden="true"
      style="--mark-line: ${mark.line - 1}; transform: ${this.lineTransform()}"></div>`;
    if (!mark.range) return band;
    const { before, marked, after } = mark.range;
    return html`${band}<pre class="editor__mark-text" aria-hidden="true"
      style="--mark-line: ${mark.line - 1}; transform: ${this.textTransform()}">${before}<span
      class="editor__mark-range">${marked}</span>${after}</pre>`;
  }

  /** The announcement, unseen, inside the status line (a live region): it is read out as the run ends. */
  renderAnnouncement() {
    const { mark } = this;
    return mark ? html`<span class="visually-hidden" id=${ERROR_MARK_TEXT_ID}>. ${mark.announcement}</span>` : nothing;
  }

  /** For the editor's `aria-describedby` while the mark shows. */
  get describedBy(): string | undefined {
    return this.mark ? ERROR_MARK_TEXT_ID : undefined;
  }
}
