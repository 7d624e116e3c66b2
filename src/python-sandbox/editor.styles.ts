import { css } from 'lit';

/** The editor: the line-number gutter, the textarea and the colour layer under it, and the colours of the code. */
export const editorStyles = css`
  .editor {
    display: flex;
    font-family: var(--_font);
    font-size: 13px;
    line-height: 1.5;
  }
  /*
   * Numbers only the lines near the view (see visible-lines.ts), from line --first-line down. Contained, so that new
   * numbers as the page scrolls lay out the gutter alone: uncontained, each change laid out the whole textarea again
   * (1.2 s for 2 MB of code).
   */
  .editor__gutter {
    contain: strict;
    flex: none;
    width: calc(max(2, var(--digits, 2)) * 1ch);
    white-space: pre;
    text-align: right;
    padding: calc(8px + var(--first-line, 0) * 1lh) 8px 8px 12px;
    color: var(--_muted);
    user-select: none;
    border-right: 1px solid var(--_border);
  }
  .editor__area {
    position: relative;
    flex: 1;
    min-width: 0;
    overflow: hidden;
    display: flex;
  }
  .editor__colours,
  .editor__input {
    margin: 0;
    padding: 8px 12px;
    font: inherit;
    line-height: inherit;
    white-space: pre;
    tab-size: 4;
  }
  .editor__colours {
    position: absolute;
    inset: 0;
    pointer-events: none;
    color: var(--_fg);
    overflow: visible;
  }
  .editor__input {
    flex: 1;
    min-width: 0;
    border: 0;
    resize: vertical;
    color: inherit;
    background: transparent;
    overflow-x: auto;
  }
  .editor--coloured .editor__input {
    color: transparent;
    caret-color: var(--_fg);
  }
  .editor--coloured .editor__input::selection {
    color: transparent;
    background: color-mix(in srgb, var(--_accent) 30%, transparent);
  }
  .editor:not(.editor--coloured) .editor__colours {
    display: none;
  }
  .tok-keyword, .tok-controlKeyword, .tok-operatorKeyword, .tok-definitionKeyword, .tok-moduleKeyword {
    color: var(--python-sandbox-keyword, light-dark(#cf222e, #ff7b72));
  }
  .tok-string, .tok-string2 { color: var(--python-sandbox-string, light-dark(#0a3069, #a5d6ff)); }
  .tok-comment { color: var(--python-sandbox-comment, light-dark(#6e7781, #8b949e)); font-style: italic; }
  .tok-number, .tok-bool, .tok-atom { color: var(--python-sandbox-number, light-dark(#0550ae, #79c0ff)); }
  .tok-definition, .tok-className { color: var(--python-sandbox-definition, light-dark(#8250df, #d2a8ff)); }
  .tok-propertyName { color: var(--python-sandbox-property, light-dark(#953800, #ffa657)); }
`;
