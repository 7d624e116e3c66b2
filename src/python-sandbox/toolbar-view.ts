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
  /** A link's code waits for the reader to load it or not (code-link.ts). */
  readonly linkOffered: boolean;
  readonly onLoadOffer: () => void;
  readonly onDismissOffer: () => void;
}

/**
 * The toolbar: Run (Stop while running), Reset, Copy link, and the status line, whose notice (where the editor's code
 * came from) is marked; then a refused link's field, and a link's code offered.
 */
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
          status.notice ? html` · <span class="toolbar__notice" part="notice">${status.notice}</span>` : nothing}${
          state.announcement}</span>
      </div>
      ${state.refusedLink !== undefined ? html`<div class="link"><input class="link__field" part="link-field"
        readonly aria-label="Link to this code" .value=${state.refusedLink}></div>` : nothing}
      ${state.linkOffered ? html`<div class="link link--offer" part="link-offer" role="group" aria-label="Code from a link">
        <span class="link__text">A link has other code for this editor.</span>
        <button part="link-offer-button" @click=${state.onLoadOffer}>Load it</button>
        <button part="link-dismiss-button" @click=${state.onDismissOffer}>Dismiss</button></div>` : nothing}`;
}
