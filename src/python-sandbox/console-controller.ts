import { type ReactiveController, type ReactiveControllerHost, html, nothing } from 'lit';
import { ConsoleBuffer } from './console-buffer.ts';
import { ConsoleFollower, renderBlocks } from './console-view.ts';
import { HtmlFrameSizer } from './html-frame.ts';
import type { InputController } from './input-controller.ts';
import type { StatusLine } from './status-text.ts';
import { linkedLine } from './traceback-links.ts';

type ConsoleHost = ReactiveControllerHost & HTMLElement & { readonly renderRoot: ParentNode; clear(): void };

/**
 * The output area: the console's text (console-buffer.ts), following its end as output arrives, fitting the frames of
 * HTML displays to their content, and the Copy and Clear buttons. The input field is the InputController's, shown at
 * the console's end.
 */
export class ConsoleController implements ReactiveController {
  readonly output = new ConsoleBuffer(() => this.host.requestUpdate());
  readonly follower = new ConsoleFollower(() => this.host.renderRoot.querySelector('.console'));
  private readonly frameSizer = new HtmlFrameSizer();
  private observing = false;
  private disconnected = false;

  /** `goToLine` puts the editor's caret on a line whose `File "main.py", line N` in a traceback was clicked. */
  constructor(
    private readonly host: ConsoleHost,
    private readonly status: StatusLine,
    private readonly goToLine: (line: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('message', this.onFrameMessage);
    if (this.disconnected) this.output.retakeFrames();
    this.disconnected = false;
  }

  hostUpdated(): void {
    if (this.observing) return;
    this.observing = true;
    this.follower.observe(this.host.renderRoot.querySelector('.console__lines')!);
  }

  /** Its frames leave the document with it: their room goes back to the page's other consoles until it returns. */
  hostDisconnected(): void {
    window.removeEventListener('message', this.onFrameMessage);
    this.output.releaseFrames();
    this.disconnected = true;
  }

  /** Empties the console; it follows the end again. */
  clear(): void {
    this.output.clear();
    this.follower.reset();
  }

  render(input: InputController) {
    const { output, follower } = this;
    return html`<div class="output">
        <div class="output__actions">
          <button class="output__copy" part="copy-button" @click=${this.copy}>Copy</button>
          <button class="output__clear" part="clear-button" @click=${() => this.host.clear()}>Clear</button>
        </div>
        <div class="console" part="console" role="log" aria-label="Output" tabindex="0" @click=${this.onClick}
          @scroll=${follower.onScroll} @wheel=${follower.onUserInput} @touchmove=${follower.onUserInput}
          @keydown=${follower.onKeyDown} @pointerdown=${follower.onPointerDown}>${output.hidden
          ? html`<div class="console__hidden">${output.hidden.toLocaleString()} earlier characters hidden</div>`
          : nothing}<div class="console__lines">${renderBlocks(output.blocks)}</div>${input.render()}</div>
      </div>`;
  }

  private readonly copy = async () => {
    try {
      await navigator.clipboard.writeText(this.output.text());
      this.status.text = 'Output copied';
    } catch {
      this.status.text = 'Copying needs clipboard permission';
    }
  };

  private readonly onClick = (event: Event) => {
    const line = linkedLine(event);
    if (line !== undefined) this.goToLine(line);
  };

  private readonly onFrameMessage = (event: MessageEvent) =>
    this.frameSizer.onMessage(event, () => this.host.renderRoot.querySelectorAll<HTMLIFrameElement>('.console__html'));
}
