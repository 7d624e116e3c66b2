import { type ReactiveControllerHost, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { RunResult } from '../runtime/types.ts';
import { EditorColouring, renderColourLayer } from './editor-colouring.ts';
import { handleEditorKey } from './editor-keys.ts';
import { ErrorMarkController } from './error-mark.ts';
import { VisibleLines } from './visible-lines.ts';

type EditorHost = ReactiveControllerHost & HTMLElement & {
  readonly renderRoot: ParentNode;
  readonly code: string;
  readonly label: string | undefined;
  readonly readonly: boolean;
  readonly running: boolean;
  run(): Promise<RunResult>;
};

/**
 * The code editor: a textarea over a colour layer (editor-colouring.ts), with a gutter numbering the lines near the
 * view (visible-lines.ts) and the last error's mark (error-mark.ts); keys for indenting and Ctrl+Enter to run
 * (editor-keys.ts). Its controllers are made here, in the order their updates depend on: the lines in view, then
 * the colours of those lines.
 */
export class EditorView {
  readonly visibleLines: VisibleLines;
  readonly colouring: EditorColouring;
  readonly errorMark: ErrorMarkController;

  /** `onEdit` gets the code after each edit the reader makes; `renderNow` renders the host at once. */
  constructor(private readonly host: EditorHost, private readonly onEdit: (code: string) => void, renderNow: () => void) {
    const code = () => host.code;
    this.visibleLines = new VisibleLines(host, code, () => this.part('.editor__input'));
    this.colouring = new EditorColouring(host, code, () => this.visibleLines.range, renderNow);
    this.errorMark = new ErrorMarkController(host, code, () => ({
      textarea: this.part('.editor__input'),
      gutter: this.part('.editor__gutter'),
      area: this.part('.editor__area'),
    }));
  }

  render() {
    const { host, visibleLines, colouring, errorMark } = this;
    const lineNumbers = visibleLines.lineNumbers();
    return html`<div class="editor ${colouring.layer ? 'editor--coloured' : ''}">
        <div class="editor__gutter" aria-hidden="true" style="--first-line: ${lineNumbers.first}; --digits: ${
          String(visibleLines.lineCount).length}">${lineNumbers.text}${errorMark.renderGutter()}</div>
        <div class="editor__area">${errorMark.renderLayers()}
          <pre class="editor__colours" aria-hidden="true">${colouring.layer
            ? renderColourLayer(colouring.layer) : nothing}${'\n'}</pre>
          <textarea class="editor__input" part="editor" spellcheck="false" autocapitalize="off" autocomplete="off"
            aria-label=${host.label ?? 'Python code'} aria-describedby=${ifDefined(errorMark.describedBy)}
            .value=${host.code} ?readonly=${host.readonly}
            rows=${Math.max(3, visibleLines.lineCount)} @input=${this.onInput} @keydown=${this.onKeyDown} @scroll=${this.onScroll}></textarea>
        </div>
      </div>`;
  }

  private part<T extends HTMLElement>(selector: string): T | null {
    return this.host.renderRoot.querySelector<T>(selector);
  }

  private readonly onInput = (event: Event) => this.onEdit((event.target as HTMLTextAreaElement).value);

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      if (!this.host.running) void this.host.run();
      return;
    }
    if (!this.host.readonly) handleEditorKey(event, event.target as HTMLTextAreaElement, this.onEdit);
  };

  private readonly onScroll = (event: Event) => {
    const textarea = event.target as HTMLTextAreaElement;
    const layer = this.part('.editor__colours');
    if (layer) layer.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
    this.errorMark.followScroll(textarea);
    this.visibleLines.onScroll();
  };
}
