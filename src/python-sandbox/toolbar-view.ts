import { html, nothing } from 'lit';
import type { StatusLine } from './status-text.ts';

/** What the toolbar shows, and what its buttons do. */
export interface ToolbarState {
  readonly running: boolean;
  /** A run waits for Python to load: a progress bar shows before the status. */
  readonly loading: boolean;
  readonly status: StatusLine;
  /** Said at the end of the status line: the editor's error mark, for screen readers (error-mark.ts). */
  readonly announcement: unknown;
  /** Whether Copy link shows (`share`, and an id). */
  readonly canCopyLink: boolean;
  /** A link the clipboard refused, shown below the toolbar to copy by hand. */
  readonly refusedLink: string | undefined;
  readonly onRun: () => void;
  /** The pointer or focus reached Run. */
  readonly onWarmUp: () => void;
  readonly onReset: () => void;
  readonly onCopyLink: () => void;
}

/** The toolbar: Run (Stop while running), Reset, Copy link, and the status line; then a refused link's field. */
export function renderToolbar(state: ToolbarState) {
  const { status } = state;
  return html`<div class="toolbar" part="toolbar">
        <button class="toolbar__run" part="run-button" @click=${state.onRun} @pointerenter=${state.onWarmUp}
          @focus=${state.onWarmUp} aria-keyshortcuts="Control+Enter">${state.running ? 'Stop' : 'Run'}</button>
        <button class="toolbar__reset" part="reset-button" @click=${state.onReset}>Reset</button>
        ${state.canCopyLink ? html`<button class="toolbar__link" part="link-button"
          @click=${state.onCopyLink}>Copy link</button>` : nothing}
        <span class="toolbar__status" part="status" role="status">${state.loading
          ? html`<progress class="toolbar__progress" aria-label="Loading Python"></progress>` : nothing}${status.text}${
          status.notice ? ` · ${status.notice}` : nothing}${state.announcement}</span>
      </div>
      ${state.refusedLink !== undefined ? html`<div class="link"><input class="link__field" part="link-field"
        readonly aria-label="Link to this code" .value=${state.refusedLink}></div>` : nothing}`;
}
