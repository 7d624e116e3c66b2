import { type ReactiveController, type ReactiveControllerHost, html, nothing } from 'lit';
import { stdinFromLightDom } from './code-source.ts';
import type { ConsoleController } from './console-controller.ts';
import type { StatusLine } from './status-text.ts';

type InputHost = ReactiveControllerHost & HTMLElement & {
  stdin: string | undefined;
  readonly hasUpdated: boolean;
  readonly renderRoot: ParentNode;
};

/** A pending `input()`: its prompt, and how to answer it (a line, or `null` for end of file). */
interface InputRequest {
  readonly prompt: string;
  readonly answer: (line: string | null) => void;
}

/**
 * The program's `input()` in the element. Lines come first from `stdin` (the `stdin` slot's text, unless the property
 * is set), which the runtime reads; past them, the console shows a field that takes focus and sends the line typed
 * (Enter) or end of file (Ctrl+D, as in a terminal). A run that ends, or an element that leaves the page, answers a
 * pending request with end of file: nobody can type into it any more.
 */
export class InputController implements ReactiveController {
  private request: InputRequest | undefined;
  /** The field was shown or removed since the last render. */
  private toggled = false;

  /** The field shows at the end of `console`, which echoes each line sent. */
  constructor(
    private readonly host: InputHost,
    private readonly status: StatusLine,
    private readonly console: ConsoleController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Before the first update only: a later connection (the element moved) keeps whatever `stdin` is by then.
    if (!this.host.hasUpdated && this.host.stdin === undefined) this.host.stdin = stdinFromLightDom(this.host);
  }

  hostUpdated(): void {
    if (!this.toggled) return;
    this.toggled = false;
    this.console.follower.follow(); // the field is below the lines
    if (this.request) this.host.renderRoot.querySelector<HTMLInputElement>('.console__input')?.focus({ preventScroll: true });
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** The runtime's `onInput`: resolves with the line the reader sends, or `null` for end of file. */
  read(prompt: string): Promise<string | null> {
    return new Promise((resolve) => {
      this.status.text = 'Waiting for input…';
      this.show({
        prompt,
        answer: (line) => {
          this.show(undefined);
          if (line !== null) this.console.output.append('stdin', line + '\n');
          this.status.text = 'Running…';
          resolve(line);
        },
      });
    });
  }

  /** Answers a pending request with end of file. */
  cancel(): void {
    this.request?.answer(null);
  }

  /** The field, while the program waits; its accessible name is the prompt. */
  render() {
    if (!this.request) return nothing;
    return html`<input class="console__input" part="input" autocomplete="off" spellcheck="false"
      aria-label=${this.request.prompt.trim() || 'Input for the program'} @keydown=${this.onKeyDown}>`;
  }

  private show(request: InputRequest | undefined): void {
    if (request === this.request) return;
    this.request = request;
    this.toggled = true;
    this.host.requestUpdate();
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const field = event.target as HTMLInputElement;
    if (event.key === 'Enter') this.request?.answer(field.value);
    else if (event.key === 'd' && event.ctrlKey) this.request?.answer(null);
    else return;
    event.preventDefault();
  };
}
