import { css } from 'lit';

export const styles = css`
  /*
   * Colours are light-dark() pairs: they follow the color-scheme the element inherits (a docs generator's dark mode,
   * a page's "light dark"), or the one \`theme\` sets. Where a page declares none, page-scheme.ts matches the
   * background behind the element through the page-dark / page-light states.
   */
  :host {
    --_font: var(--python-sandbox-font-family, var(--md-code-font-family, var(--font-stack--monospace,
      var(--vp-font-family-mono, var(--ifm-font-family-monospace, var(--sl-font-mono,
      ui-monospace, 'SFMono-Regular', 'Cascadia Code', 'Liberation Mono', Menlo, monospace))))));
    --_bg: var(--python-sandbox-background, light-dark(#ffffff, #0d1117));
    --_fg: var(--python-sandbox-color, light-dark(#1f2328, #e6edf3));
    --_muted: var(--python-sandbox-muted, light-dark(#656d76, #8d96a0));
    --_border: var(--python-sandbox-border-color, light-dark(#d0d7de, #30363d));
    --_surface: var(--python-sandbox-surface, light-dark(#f6f8fa, #161b22));
    /* The site's own accent where a known generator names it: Material, furo, VitePress, Docusaurus, Starlight. */
    --_accent: var(--python-sandbox-accent, var(--md-accent-fg-color, var(--md-primary-fg-color,
      var(--color-brand-primary, var(--vp-c-brand-1, var(--ifm-color-primary, var(--sl-color-accent,
      light-dark(#0969da, #4493f8))))))));
    --_error: var(--python-sandbox-error, light-dark(#cf222e, #ff7b72));
    /*
     * Text on a filled accent or error: white below the luminance where white and black contrast equally (0.1791),
     * black above, so it reads at 4.5:1 or better on any colour a site brings. Computed in xyz-d65, whose y is the
     * WCAG relative luminance; contrast-color() would say this, and is not yet in every engine.
     */
    --_accent-fg: var(--python-sandbox-accent-color, color(from var(--_accent) xyz-d65
      clamp(0, (0.1791 - y) * 1e6, 0.9505) clamp(0, (0.1791 - y) * 1e6, 1) clamp(0, (0.1791 - y) * 1e6, 1.089)));
    --_error-fg: color(from var(--_error) xyz-d65
      clamp(0, (0.1791 - y) * 1e6, 0.9505) clamp(0, (0.1791 - y) * 1e6, 1) clamp(0, (0.1791 - y) * 1e6, 1.089));
    /* The accent as text and focus rings on the background: darkened or lightened as far as 4.5:1 needs. */
    --_accent-ink: light-dark(lch(from var(--_accent) min(l, 45) c h), lch(from var(--_accent) max(l, 58) c h));
    --_radius: var(--python-sandbox-radius, 8px);
    display: block;
    margin: 1em 0;
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow: hidden;
    font-family: system-ui, sans-serif;
    font-size: 14px;
  }
  /* Engines without relative colours (Firefox before 128, Safari before 18): the text that suits the defaults. */
  @supports not (color: color(from red xyz-d65 x y z)) {
    :host {
      --_accent-fg: var(--python-sandbox-accent-color, light-dark(#ffffff, #000000));
      --_error-fg: light-dark(#ffffff, #000000);
      --_accent-ink: var(--_accent);
    }
  }
  :host(:state(page-dark)) {
    color-scheme: dark;
  }
  :host(:state(page-light)) {
    color-scheme: light;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
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
    outline: 2px solid var(--_accent-ink);
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
    color: var(--_error-fg);
  }
  .toolbar__status {
    margin-left: auto;
    color: var(--_muted);
    font-size: 12px;
  }
  /* The link the clipboard refused (share), to copy by hand. */
  .link {
    padding: 6px 8px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
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
  .tok-keyword, .tok-controlKeyword, .tok-operatorKeyword, .tok-definitionKeyword, .tok-moduleKeyword {
    color: var(--python-sandbox-keyword, light-dark(#cf222e, #ff7b72));
  }
  .tok-string, .tok-string2 { color: var(--python-sandbox-string, light-dark(#0a3069, #a5d6ff)); }
  .tok-comment { color: var(--python-sandbox-comment, light-dark(#6e7781, #8b949e)); font-style: italic; }
  .tok-number, .tok-bool, .tok-atom { color: var(--python-sandbox-number, light-dark(#0550ae, #79c0ff)); }
  .tok-definition, .tok-className { color: var(--python-sandbox-definition, light-dark(#8250df, #d2a8ff)); }
  .tok-propertyName { color: var(--python-sandbox-property, light-dark(#953800, #ffa657)); }
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
