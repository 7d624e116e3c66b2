import { css } from 'lit';

/**
 * The toolbar (Run, Reset, Copy link, the status line and its notice), the field of a link the clipboard refused, and
 * a link's code offered.
 */
export const toolbarStyles = css`
  .toolbar {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 8px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
    flex-wrap: wrap;
  }
  .toolbar__run {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
    min-width: 5em;
  }
  :host(:state(running)) .toolbar__run {
    background: var(--_error);
    border-color: var(--_error);
    color: var(--_error-fg);
  }
  .toolbar__status {
    margin-left: auto;
    color: var(--_muted);
    font-size: 12px;
  }
  :host(:state(error)) .toolbar__status {
    color: var(--_error);
  }
  /* Where the editor's code came from when not the page's (a link, a kept edit): said in words, set off by weight. */
  .toolbar__notice {
    color: var(--_fg);
    font-weight: 600;
  }
  .toolbar__progress {
    width: 5em;
    height: 6px;
    margin-right: 8px;
    vertical-align: middle;
    accent-color: var(--_accent);
  }
  /* The link the clipboard refused (share), to copy by hand. */
  .link {
    padding: 6px 8px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  .link--offer {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px;
    font-size: 13px;
  }
  .link__field {
    box-sizing: border-box;
    width: 100%;
    font: 12px var(--_font);
    padding: 3px 6px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    background: var(--_bg);
    color: var(--_fg);
  }
  .link__field:focus-visible {
    outline: 2px solid var(--_accent-ink);
    outline-offset: 1px;
  }
`;
