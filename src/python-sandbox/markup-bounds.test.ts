import { expect } from '@open-wc/testing';
import { MAX_MARKUP_CHARS, htmlParserWork, htmlWithinBounds, svgWithinBounds } from './markup-bounds.ts';

/** Elements DOMParser really makes for `markup`, to compare with the bound. */
const parsed = (markup: string) => new DOMParser().parseFromString(markup, 'text/html').getElementsByTagName('*').length;

describe('markup bounds', () => {
  it('lets through what a program usually shows: a styled table of 4,800 cells, prose with links and code', () => {
    const table = `<style>td{border:1px solid}</style><table>${`<tr>${'<td>x</td>'.repeat(100)}</tr>`.repeat(48)}</table>`;
    const prose = '<h1>Title</h1>' + '<p>Some <b>bold</b>, <em>stressed</em>, <code class="py">code</code> and a <a href="#x">link</a>.</p>'.repeat(100);
    for (const markup of [table, prose]) expect(htmlWithinBounds(markup, 5000)).to.equal(true);
  });

  it('bounds what the parser makes, clones included', () => {
    for (const markup of [
      '<div><b id=1><b id=2><i class="a b">x</div>' + '<div>y</div>'.repeat(5),
      '<p><b>a<p>b<p>c</b>d<table><td><a href=1>e<a href=2>f</table>',
      '<b title=">" id=1><b title=">" id=2></p>x<p>y',
    ]) {
      expect(htmlParserWork(markup).elements, markup).to.be.at.least(parsed(markup));
    }
  });

  it('refuses a deep nest, a clone bomb, too many tags and too many characters, before any parsing', () => {
    expect(htmlWithinBounds('<div>'.repeat(70_000) + '</div>'.repeat(70_000), 5000)).to.equal(false);
    const clones = '<div>' + Array.from({ length: 1000 }, (_, i) => `<b id=${i}>`).join('') + '</div>' + '<div>x</div>'.repeat(3000);
    expect(htmlWithinBounds(clones, 5000)).to.equal(false);
    expect(htmlWithinBounds('<i>'.repeat(5001), 5000)).to.equal(false);
    expect(htmlWithinBounds('x'.repeat(MAX_MARKUP_CHARS + 1), 5000)).to.equal(false);
    expect(svgWithinBounds(`<svg>${'<g>'.repeat(20_001)}</svg>`, 20_000)).to.equal(false);
    expect(svgWithinBounds(`<svg>${'<rect/>'.repeat(100)}</svg>`, 20_000)).to.equal(true);
  });
});
