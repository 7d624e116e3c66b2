import { css } from 'lit';
import { consoleStyles } from './console.styles.ts';
import { editorStyles } from './editor.styles.ts';
import { toolbarStyles } from './toolbar.styles.ts';

/** The host: its colours (the custom properties, light and dark), its box, and the buttons every area shares. */
const hostStyles = css`
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
`;

/** The element's own styles, by area; exercise.styles.ts and error-mark.styles.ts come after them. */
export const styles = [hostStyles, toolbarStyles, editorStyles, consoleStyles];
