import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Lines kept ready above and below the view, so that scrolling a little needs no new render. */
const MARGIN_LINES = 60;
/** Lines taken to be in view before the textarea is first measured. */
const FIRST_LINES = 80;

/** Line numbers, 0-based, both included. */
export type LineRange = { readonly first: number; readonly last: number };

/**
 * Which lines of the editor's textarea are in the viewport, with a margin: what costs per line (coloured spans, line
 * numbers) is rendered for those lines only, and again when scrolling leaves them. The textarea is as tall as its
 * code, so the page or any scrolling ancestor moves it, or the textarea itself once the user makes it shorter.
 */
export class VisibleLines implements ReactiveController {
  /** The lines to render; a new object whenever it changes. */
  range: LineRange = { first: 0, last: FIRST_LINES };
  /** Lines in the code (the last one may be empty). */
  lineCount = 1;
  private code = '';
  private frame: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly currentCode: () => string,
    private readonly textarea: () => HTMLTextAreaElement | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Captured: scroll events do not bubble, and any scrolling ancestor can move the editor in the view.
    addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    addEventListener('resize', this.onScroll, { passive: true });
  }

  hostDisconnected(): void {
    removeEventListener('scroll', this.onScroll, { capture: true });
    removeEventListener('resize', this.onScroll);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  hostUpdate(): void {
    const code = this.currentCode();
    if (code === this.code) return;
    this.code = code;
    this.lineCount = countLines(code);
    this.onScroll(); // pasted or replaced code can move the view
  }

  /** The gutter's text: the numbers of the lines in `range` (1-based), one a line, from line `first`. */
  lineNumbers(): { first: number; text: string } {
    const last = Math.min(this.range.last, this.lineCount - 1);
    const first = Math.min(this.range.first, last);
    let text = '';
    for (let line = first; line <= last; line++) text += `${line + 1}\n`;
    return { first, text };
  }

  /** Also call on the textarea's own scroll events (they do not leave its shadow root). */
  readonly onScroll = () => {
    const allInRange = this.range.first === 0 && this.lineCount <= this.range.last + 1;
    if (!allInRange) this.frame ??= requestAnimationFrame(() => this.follow());
  };

  private follow(): void {
    this.frame = undefined;
    const view = this.measure();
    if (!view || (view.first >= this.range.first && view.last <= this.range.last)) return;
    this.range = { first: Math.max(0, view.first - MARGIN_LINES), last: view.last + MARGIN_LINES };
    this.host.requestUpdate();
  }

  /** The textarea's lines inside the viewport (the nearest ones while it is out of view). */
  private measure(): LineRange | undefined {
    const textarea = this.textarea();
    if (!textarea) return undefined;
    const style = getComputedStyle(textarea);
    const lineHeight = parseFloat(style.lineHeight);
    if (!(lineHeight > 0)) return undefined;
    const box = textarea.getBoundingClientRect();
    if (!box.height) return undefined; // not shown
    const firstLineTop = box.top + textarea.clientTop + parseFloat(style.paddingTop) - textarea.scrollTop;
    const top = Math.min(Math.max(box.top, 0), box.bottom);
    const bottom = Math.max(Math.min(box.bottom, innerHeight), top);
    const lineAt = (y: number) =>
      Math.max(0, Math.min(this.lineCount - 1, Math.floor((y - firstLineTop) / lineHeight)));
    return { first: lineAt(top), last: lineAt(bottom) };
  }
}

function countLines(code: string): number {
  let lines = 1;
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** Where line `line` (0-based) starts; the code's length past its last line. */
export function lineStart(code: string, line: number): number {
  let at = 0;
  for (let n = 0; n < line; n++) {
    const end = code.indexOf('\n', at);
    if (end === -1) return code.length;
    at = end + 1;
  }
  return at;
}
