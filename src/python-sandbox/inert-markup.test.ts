import { expect } from '@open-wc/testing';
import { inertHtml, inertSvg } from './inert-markup.ts';
import { renderedElementCount } from './render-cost.ts';

const SVG = 'xmlns="http://www.w3.org/2000/svg"';
const page = (markup: string) => {
  const inert = inertHtml(markup, 5000);
  if (!inert.ok) throw new Error(`not inert: ${inert.why}`);
  return new DOMParser().parseFromString(`<!doctype html>${inert.markup}`, 'text/html');
};
const svgCount = (markup: string, limit = 20_000) =>
  renderedElementCount(new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement, limit);

describe('inertHtml', () => {
  it('removes what loads, navigates, embeds or runs, and keeps the text', () => {
    const doc = page('<meta http-equiv="refresh" content="0;url=https://example.com"><base href="https://example.com/">' +
      '<link rel="stylesheet" href="https://example.com/a.css"><script>alert(1)</script><iframe src="https://example.com"></iframe>' +
      '<object data="x"></object><embed src="x"><template shadowrootmode="open"><b>shadow</b></template><p onclick="x()">kept</p>');
    expect(doc.querySelectorAll('meta, base, link, script, iframe, object, embed, template')).to.have.length(0);
    expect(doc.querySelector('p')!.getAttribute('onclick')).to.equal(null);
    expect(doc.body.textContent).to.equal('kept');
  });

  it('turns links into text that says where they pointed, and forms into content that cannot submit', () => {
    const doc = page('<a href="https://example.com/?d=1" target="_blank" ping="https://example.com">more</a><a href="#top">top</a>' +
      '<form action="https://example.com"><input name="q"><button formaction="https://example.com" formtarget="_top">go</button></form>');
    const [more, top] = doc.querySelectorAll('a');
    expect([more.hasAttribute('href'), more.hasAttribute('target'), more.hasAttribute('ping')]).to.deep.equal([false, false, false]);
    expect(more.title).to.equal('https://example.com/?d=1');
    expect(top.hasAttribute('href'), 'a fragment resolves against the page in a srcdoc frame').to.equal(false);
    expect(doc.querySelector('form')).to.equal(null);
    expect(doc.querySelector('button')!.attributes).to.have.length(0);
  });

  it('keeps SVG references into the document and raster data pictures; drops links, remote and SVG pictures', () => {
    const doc = page(`<svg ${SVG} xmlns:xlink="http://www.w3.org/1999/xlink"><defs><circle id="c" r="2"/></defs>` +
      '<use href="#c"/><use xlink:href="https://example.com/s.svg#c"/><a xlink:href="https://example.com"><text>t</text></a>' +
      '<image href="data:image/png;base64,iVBORw0KGgo="/><image href="data:image/svg+xml,&lt;svg/&gt;"/></svg>' +
      '<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:IMAGE/SVG+XML;utf8,&lt;svg/&gt;"><img src="https://example.com/x.png">');
    const uses = doc.querySelectorAll('use');
    expect(uses[0].getAttribute('href')).to.equal('#c');
    expect(uses[1].attributes).to.have.length(0);
    expect(doc.querySelector('svg a')!.hasAttribute('xlink:href')).to.equal(false);
    expect([...doc.querySelectorAll('image')].map((image) => image.hasAttribute('href'))).to.deep.equal([true, false]);
    expect([...doc.querySelectorAll('img')].map((img) => img.hasAttribute('src'))).to.deep.equal([true, false, false]);
  });

  it('stops animations in stylesheets and style attributes, and drops SVG pictures and @import from CSS', () => {
    const doc = page('<style>@import url(x.css); p { color: red; animation: spin 1s infinite; background: url("data:image/svg+xml,<svg/>") }' +
      '@keyframes spin { to { rotate: 1turn } }</style><p style="transition: all 1s; color: blue; background: u\\72l(data:image/svg+xml,x)">x</p>' +
      '<marquee>moving</marquee><svg><rect><animate attributeName="x" to="9"/><set attributeName="y" to="1"/></rect></svg>');
    const css = doc.querySelector('style')!.textContent!;
    expect(css).to.include('color: red').and.not.match(/@import|animation|svg/);
    expect(doc.querySelector('p')!.getAttribute('style')).to.include('color: blue').and.not.match(/transition|url|svg/);
    expect(doc.querySelectorAll('marquee, animate, set')).to.have.length(0);
    expect(doc.body.textContent).to.include('moving');
  });

  it('escapes < in CSS so that a string cannot close its <style>', () => {
    const doc = page('<style>p::after { content: "\\3c /style><meta http-equiv=refresh content=0>" }</style><p>x</p>');
    expect(doc.querySelector('meta')).to.equal(null);
    expect(doc.querySelectorAll('style')).to.have.length(1);
  });

  it('leaves nothing that a second parse turns into markup (noscript, foreign content)', () => {
    for (const markup of [
      '<noscript><p title="</noscript><meta http-equiv=refresh content=0>"></p></noscript>',
      '<svg><style><img src=x onerror=alert(1)></style></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    ]) {
      const inert = inertHtml(markup, 5000);
      if (!inert.ok) continue; // refused is safe too
      const doc = new DOMParser().parseFromString(`<!doctype html>${inert.markup}`, 'text/html');
      expect(doc.querySelectorAll('meta, [onerror]'), markup).to.have.length(0);
    }
  });

  it('keeps an ordinary table (a DataFrame\'s HTML) as it is', () => {
    const markup = '<div><style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n</style>' +
      '<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>a</th></tr></thead>' +
      '<tbody><tr><th>0</th><td>1</td></tr></tbody></table></div>';
    const inert = inertHtml(markup, 5000);
    expect(inert.ok).to.equal(true);
    expect(page(markup).querySelector('tr')!.getAttribute('style')).to.equal('text-align: right;');
  });

  it('refuses a page over its element bound', () => {
    expect(inertHtml('<p>x</p>'.repeat(100), 50)).to.deep.equal({ ok: false, why: 'too costly' });
  });
});

describe('inertSvg', () => {
  it('refuses entities, markup that is not SVG, and broken XML', () => {
    expect(inertSvg(`<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg ${SVG}>&a;</svg>`, 100)).to.deep.equal({ ok: false, why: 'too costly' });
    expect(inertSvg('<p>not svg</p>', 100)).to.deep.equal({ ok: false, why: 'not well-formed' });
    expect(inertSvg(`<svg ${SVG}><rect></svg>`, 100)).to.deep.equal({ ok: false, why: 'not well-formed' });
  });

  it('keeps a drawing, counted, without its animations', () => {
    const inert = inertSvg(`<svg ${SVG}><rect width="5" height="5"><animate attributeName="x" to="5"/></rect></svg>`, 100);
    expect(inert).to.deep.include({ ok: true, elements: 2 });
    expect(inert.ok && inert.markup).to.not.include('animate');
  });
});

describe('renderedElementCount', () => {
  const bomb = (levels: number, fanOut = 10) => {
    let defs = '<g id="l0"><rect/></g>';
    for (let level = 1; level <= levels; level++) defs += `<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(fanOut)}</g>`;
    return `<svg ${SVG}><defs>${defs}</defs><use href="#l${levels}"/></svg>`;
  };

  it('expands <use> references', () => {
    // svg and defs; l0 and its rect (2); l1 and 3 uses, each drawing l0 (1 + 3 × 3 = 10); the last use, drawing l1 (11)
    expect(svgCount(bomb(1, 3))).to.equal(2 + 2 + 10 + 11);
  });

  it('counts a <use> bomb as too costly however small its file', () => {
    expect(bomb(9).length).to.be.below(2000);
    expect(svgCount(bomb(9))).to.equal(Infinity);
  });

  it('counts a reference cycle, and a chain deeper than any drawing, as too costly', () => {
    expect(svgCount(`<svg ${SVG}><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>`)).to.equal(Infinity);
    expect(svgCount(`<svg ${SVG}><g id="a"><use href="#a"/></g></svg>`)).to.equal(Infinity);
    let chain = '<g id="g0"/>'; // last defined first, so that counting starts at the deep end
    for (let i = 1; i <= 2000; i++) chain = `<g id="g${i}"><use href="#g${i - 1}"/></g>${chain}`;
    expect(svgCount(`<svg ${SVG}>${chain}</svg>`, 1e9)).to.equal(Infinity);
  });

  it('counts a pattern per element that fills with it, a marker per vertex, and a stylesheet reference for every element', () => {
    const pattern = `<pattern id="p">${'<rect/>'.repeat(100)}</pattern>`;
    expect(svgCount(`<svg ${SVG}><defs>${pattern}</defs>${'<rect fill="url(#p)"/>'.repeat(300)}</svg>`)).to.equal(Infinity);
    const marker = `<marker id="m">${'<rect/>'.repeat(100)}</marker>`;
    const points = Array.from({ length: 300 }, (_, i) => `${i},${i}`).join(' ');
    expect(svgCount(`<svg ${SVG}><defs>${marker}</defs><polyline marker-mid="url(#m)" points="${points}"/></svg>`)).to.equal(Infinity);
    expect(svgCount(`<svg ${SVG}><style>rect { fill: url(#p) }</style><defs>${pattern}</defs>${'<rect/>'.repeat(300)}</svg>`)).to.equal(Infinity);
  });
});
