import { css } from 'lit';

/** The output area: Copy and Clear, the console's lines, displays and notes, and the input field. */
export const consoleStyles = css`
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
  /* Quieter than Run by their colour, not by opacity, which would take any text colour below 4.5:1. */
  .output__actions button {
    font-size: 11px;
    padding: 1px 8px;
    color: var(--_muted);
  }
  .output__actions button:hover,
  .output__actions button:focus-visible {
    color: var(--_fg);
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
  /* On a phone, Copy and Clear get a row of their own above the output rather than a third of every line. */
  @media (max-width: 480px) {
    .console {
      padding: 34px 12px 8px;
    }
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
    color: var(--_accent-ink);
    font-weight: 600;
  }
  .console__input {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 0;
    border-bottom: 1px dashed var(--_accent-ink);
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
