import { css } from 'lit';

export const styles = css`
  :host {
    --_font: var(--python-sandbox-font-family, ui-monospace, 'SFMono-Regular', 'Cascadia Code', 'Liberation Mono', Menlo, monospace);
    --_bg: var(--python-sandbox-background, #ffffff);
    --_fg: var(--python-sandbox-color, #1f2328);
    --_muted: var(--python-sandbox-muted, #656d76);
    --_border: var(--python-sandbox-border-color, #d0d7de);
    --_surface: var(--python-sandbox-surface, #f6f8fa);
    --_accent: var(--python-sandbox-accent, #1f6feb);
    --_accent-fg: var(--python-sandbox-accent-color, #ffffff);
    --_error: var(--python-sandbox-error, #cf222e);
    --_radius: var(--python-sandbox-radius, 8px);
    display: block;
    color-scheme: light dark;
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow: hidden;
    font-family: system-ui, sans-serif;
    font-size: 14px;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--python-sandbox-background, #0d1117);
      --_fg: var(--python-sandbox-color, #e6edf3);
      --_muted: var(--python-sandbox-muted, #8d96a0);
      --_border: var(--python-sandbox-border-color, #30363d);
      --_surface: var(--python-sandbox-surface, #161b22);
      --_accent: var(--python-sandbox-accent, #2f81f7);
      --_error: var(--python-sandbox-error, #ff7b72);
    }
  }
  :host([hidden]) {
    display: none;
  }
  .toolbar {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 8px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
    flex-wrap: wrap;
  }
  button {
    font: inherit;
    font-size: 13px;
    padding: 4px 14px;
    border-radius: calc(var(--_radius) - 2px);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  button:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
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
  }
  .toolbar__status {
    margin-left: auto;
    color: var(--_muted);
    font-size: 12px;
  }
  :host(:state(error)) .toolbar__status {
    color: var(--_error);
  }
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
  .tok-keyword, .tok-controlKeyword, .tok-operatorKeyword, .tok-definitionKeyword, .tok-moduleKeyword { color: var(--python-sandbox-keyword, #cf222e); }
  .tok-string, .tok-string2 { color: var(--python-sandbox-string, #0a3069); }
  .tok-comment { color: var(--python-sandbox-comment, #6e7781); font-style: italic; }
  .tok-number, .tok-bool, .tok-atom { color: var(--python-sandbox-number, #0550ae); }
  .tok-definition, .tok-className { color: var(--python-sandbox-definition, #8250df); }
  .tok-propertyName { color: var(--python-sandbox-property, #953800); }
  @media (prefers-color-scheme: dark) {
    .tok-keyword, .tok-controlKeyword, .tok-operatorKeyword, .tok-definitionKeyword, .tok-moduleKeyword { color: var(--python-sandbox-keyword, #ff7b72); }
    .tok-string, .tok-string2 { color: var(--python-sandbox-string, #a5d6ff); }
    .tok-comment { color: var(--python-sandbox-comment, #8b949e); }
    .tok-number, .tok-bool, .tok-atom { color: var(--python-sandbox-number, #79c0ff); }
    .tok-definition, .tok-className { color: var(--python-sandbox-definition, #d2a8ff); }
    .tok-propertyName { color: var(--python-sandbox-property, #ffa657); }
  }
  .output {
    position: relative;
    border-top: 1px solid var(--_border);
    background: var(--_surface);
  }
  .output__actions {
    position: absolute;
    top: 6px;
    right: 8px;
    display: flex;
    gap: 4px;
  }
  .output__actions button {
    font-size: 11px;
    padding: 1px 8px;
    opacity: 0.75;
  }
  .output__actions button:hover,
  .output__actions button:focus-visible {
    opacity: 1;
  }
  .toolbar__progress {
    width: 5em;
    height: 6px;
    margin-right: 8px;
    vertical-align: middle;
    accent-color: var(--_accent);
  }
  .console {
    font-family: var(--_font);
    font-size: 13px;
    line-height: 1.45;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    padding: 8px 110px 8px 12px;
    max-height: var(--python-sandbox-console-max-height, 20em);
    overflow-y: auto;
    min-height: 1.45em;
  }
  /* Blocks out of view are not laid out: a flood's new text costs only what shows. */
  .console__block {
    content-visibility: auto;
    contain-intrinsic-block-size: auto calc(var(--lines) * 1.45em);
  }
  /* Pictures and pages have no lines to estimate their height from: always laid out. */
  .console__block--display {
    content-visibility: visible;
  }
  /* Lines alone and empty: nothing printed, no hidden-characters note, no input field. */
  .console__lines:only-child:empty::before {
    content: 'Output appears here';
    color: var(--_muted);
    font-family: system-ui, sans-serif;
    font-size: 12px;
  }
  .console__stderr {
    color: var(--_error);
  }
  .console__stdin {
    color: var(--_accent);
    font-weight: 600;
  }
  .console__input {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 0;
    border-bottom: 1px dashed var(--_accent);
    outline: none;
    padding: 0;
    min-width: 12ch;
    width: calc(100% - 2ch);
    max-width: 40ch;
  }
  .console__input:focus-visible {
    border-bottom-style: solid;
  }
  .console__image {
    display: block;
    max-width: 100%;
    margin: 4px 0;
    image-rendering: auto;
  }
  .console__html {
    display: block;
    width: 100%;
    height: 150px;
    margin: 4px 0;
    border: 0;
    background: transparent;
  }
  .console__markdown {
    margin: 4px 0;
  }
  /* What the console says about output it did not show as such: dropped, offered as a file, or a page removed. */
  .console__note {
    color: var(--_muted);
    font: 12px system-ui, sans-serif;
    margin: 4px 0;
  }
  .console__download {
    color: inherit;
  }
  .console__hidden {
    color: var(--_muted);
    font-style: italic;
  }
`;
