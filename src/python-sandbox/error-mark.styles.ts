import { css } from 'lit';

/** The error's mark in the editor (error-mark.ts) and the traceback's links to it (traceback-links.ts). */
export const errorMarkStyles = css`
  /* Lines are 1lh apart below the textarea's 8px of padding; --mark-line is the 0-based line. */
  /*
   * Lines above and below, not a fill: any tint behind the text took the default comment colour (4.55:1 on white)
   * below 4.5:1, and a site's own colours may be closer still.
   */
  .editor__mark-line {
    position: absolute;
    left: 0;
    right: 0;
    top: calc(8px + var(--mark-line) * 1lh - 1px);
    height: 1lh;
    pointer-events: none;
    border-block: 1px solid color-mix(in srgb, var(--_error) 45%, transparent);
    box-shadow: inset 3px 0 var(--_error);
  }
  .editor__mark-text {
    position: absolute;
    inset: 0;
    margin: 0;
    padding: calc(8px + var(--mark-line) * 1lh) 12px 8px;
    font: inherit;
    line-height: inherit;
    white-space: pre;
    tab-size: 4;
    color: transparent;
    pointer-events: none;
    overflow: visible;
  }
  /* Not by colour alone: a wavy underline, thick enough to see on a thin font. */
  .editor__mark-range {
    text-decoration: underline wavy var(--_error);
    text-decoration-thickness: 1.5px;
    text-decoration-skip-ink: none;
    text-underline-offset: 3px;
  }
  .editor__mark-glyph {
    position: absolute;
    left: 2px;
    top: calc(8px + var(--mark-line) * 1lh);
    height: 1lh;
    color: var(--_error);
    font: bold 11px/1lh system-ui, sans-serif;
  }
  /* A button, for keyboards and screen readers, that reads as the traceback's own text. */
  .console__line-link {
    font: inherit;
    padding: 0;
    border: 0;
    border-radius: 2px;
    background: none;
    color: inherit;
    text-align: inherit;
    text-decoration: underline;
    text-decoration-style: dotted;
    text-underline-offset: 2px;
    cursor: pointer;
  }
  .console__line-link:hover {
    text-decoration-style: solid;
  }
  .console__line-link:focus-visible {
    outline: 2px solid var(--_accent-ink);
    outline-offset: 1px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
