// The CSS minifier of the library build (scripts/library-build.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyCss } from './library-build.mjs';

test('drops comments and indentation, keeps what CSS reads', () => {
  const css = `
  /*
   * A comment \`with\` a backtick.
   */
  :host {
    --_a: var(--x, light-dark(#fff, #000));
    width: calc(100% - 2 * var(--_gap));
  }
  .a  .b:hover > .c,
  .d { color: red; }`;
  assert.equal(minifyCss(css), ':host{--_a: var(--x, light-dark(#fff, #000));width: calc(100% - 2 * var(--_gap));}.a .b:hover > .c, .d{color: red;}');
});

test('takes a comment with a quote in it whole', () => {
  assert.equal(minifyCss(`/* a generator's dark mode */ :host { color: red; } /* "b */ .c { d: e; }`), ':host{color: red;}.c{d: e;}');
});

test('leaves quoted strings alone', () => {
  assert.equal(minifyCss(`.x::before { content: 'a  /* b */  {c};'; }`), `.x::before{content: 'a  /* b */  {c};';}`);
  assert.equal(minifyCss(`.x { font-family: "A  B", monospace; }`), `.x{font-family: "A  B", monospace;}`);
});
