/**
 * HTML and SVG from a program's display, made inert before anything renders it: nothing left can navigate its frame,
 * open a window, submit, load from the network, animate or run. Markup is bounded on its text (markup-bounds.ts), so
 * that parsing it cannot hold the page's main thread, then parsed with DOMParser, which runs no script and loads
 * nothing, cleaned as a tree, and counted (render-cost.ts) so that costly markup is never rendered.
 *
 * The frame the HTML goes to holds a second line of its own (html-frame.ts): a CSP with no network, no script but
 * its own, `form-action 'none'` and `base-uri 'none'`, a sandbox without popups, forms or top navigation, and a frame
 * that navigates anyway is removed.
 */
import { calmDeclarations, calmStyleSheet, cssValueAllowed, urlAllowed } from './inert-css.ts';
import { htmlWithinBounds, svgWithinBounds } from './markup-bounds.ts';
import { renderedElementCount } from './render-cost.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Removed with their content: they run, load, navigate or embed (`meta` refresh, `base`, `link`, frames, plugins),
 * animate (SMIL), or render nothing in the frame and differ between parsers (`noscript`, `template`).
 */
const REMOVED_ELEMENTS = new Set([
  'script', 'noscript', 'template', 'meta', 'base', 'link', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'param', 'portal', 'fencedframe', 'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'set', 'discard',
]);
/** Replaced by their content, which stays: a form that cannot submit, a marquee that stands still. */
const UNWRAPPED_ELEMENTS = new Set(['form', 'marquee']);
/** Attributes that submit, target, ping, download, change the base URL, attach a shadow root or take focus. */
const REMOVED_ATTRIBUTES = new Set([
  'action', 'formaction', 'formmethod', 'formenctype', 'formtarget', 'form', 'target', 'ping', 'download', 'srcset',
  'srcdoc', 'http-equiv', 'shadowrootmode', 'shadowroot', 'autofocus', 'xml:base',
]);
/** Attributes that load a picture: kept for a `data:` URL that is not SVG (a drawing inside a drawing goes uncounted). */
const IMAGE_ATTRIBUTES = new Set(['src', 'poster', 'background', 'lowsrc', 'dynsrc']);

/** Keeps a link's text and shows where it pointed, without it pointing there. */
function unlink(element: Element, href: string): void {
  if (!element.hasAttribute('title')) element.setAttribute('title', href);
}

/** Whether an `href` may stay: an SVG reference into the same document (`<use href="#a">`), or a non-SVG picture. */
function hrefAllowed(element: Element, value: string): boolean {
  if (element.namespaceURI !== SVG_NS || element.localName === 'a') return false;
  if (value.trim().startsWith('#')) return true;
  return (element.localName === 'image' || element.localName === 'feImage') && urlAllowed(value);
}

/** Cleans one element's attributes; says how many it changed. */
function cleanAttributes(element: Element): number {
  let changes = 0;
  for (const { name, localName, value } of [...element.attributes]) {
    const lower = name.toLowerCase();
    let keep = !lower.startsWith('on') && !REMOVED_ATTRIBUTES.has(lower);
    if (keep && localName === 'href') {
      keep = hrefAllowed(element, value);
      if (!keep && (element.localName === 'a' || element.localName === 'area')) unlink(element, value);
    }
    if (keep && IMAGE_ATTRIBUTES.has(lower)) keep = urlAllowed(value) && !value.trim().startsWith('#');
    if (keep && lower === 'style') {
      const style = (element as Partial<ElementCSSInlineStyle>).style;
      if (style) changes += calmDeclarations(style);
      const calmed = element.getAttribute('style') ?? '';
      keep = cssValueAllowed(calmed) && (style !== undefined || !/animation|transition/i.test(calmed));
    } else if (keep && value.includes('(')) {
      keep = cssValueAllowed(value); // presentation attributes: `fill="url(…)"`, `mask="url(…)"`
    }
    if (!keep) {
      element.removeAttribute(name);
      changes++;
    }
  }
  return changes;
}

/** Makes every element under `root` (and `root`) inert, in place; says how many changes that took. */
export function makeInert(root: Element): number {
  let changes = 0;
  for (const element of [root, ...root.querySelectorAll('*')]) {
    const name = element.localName.toLowerCase();
    if (REMOVED_ELEMENTS.has(name)) {
      element.remove();
      changes++;
      continue;
    }
    if (UNWRAPPED_ELEMENTS.has(name)) {
      element.replaceWith(...element.childNodes);
      changes++;
      continue;
    }
    changes += cleanAttributes(element);
    if (name === 'style') {
      const text = element.textContent ?? '';
      const calm = calmStyleSheet(text);
      if (calm !== text || element.childElementCount > 0) {
        element.textContent = calm;
        changes++;
      }
    }
  }
  return changes;
}

export type InertMarkup =
  | { ok: true; markup: string; elements: number }
  | { ok: false; why: 'too costly' | 'not well-formed' | 'not inert' };

/** Past the bound before any reference is expanded: not worth cleaning (removed elements only make it err on the safe side). */
const tooManyToClean = (doc: Document, maxElements: number) => doc.getElementsByTagName('*').length > maxElements;

const parseHtml = (markup: string) => new DOMParser().parseFromString(`<!doctype html>${markup}`, 'text/html');

/**
 * The program's HTML made inert, with the elements it renders counted; not returned past `maxElements`. Serialising
 * and parsing again can build a different tree (foreign content, `noscript`): the markup returned is the one that,
 * parsed as the frame will parse it, needs no more changes.
 */
export function inertHtml(markup: string, maxElements: number): InertMarkup {
  if (!htmlWithinBounds(markup, maxElements)) return { ok: false, why: 'too costly' };
  const doc = parseHtml(markup);
  if (tooManyToClean(doc, maxElements)) return { ok: false, why: 'too costly' };
  makeInert(doc.documentElement);
  const elements = renderedElementCount(doc.documentElement, maxElements);
  if (!Number.isFinite(elements)) return { ok: false, why: 'too costly' };
  const inert = doc.head.innerHTML + (doc.body?.innerHTML ?? '');
  if (makeInert(parseHtml(inert).documentElement) > 0) return { ok: false, why: 'not inert' };
  return { ok: true, markup: inert, elements };
}

/**
 * The program's SVG made inert (for an `<img>`, where it could not run script or load anything anyway, but could
 * animate), with the elements it draws counted; not returned past `maxElements`, nor when DOMParser cannot read it.
 */
export function inertSvg(markup: string, maxElements: number): InertMarkup {
  // Entity expansion is a bomb of its own, in the parser, before anything is drawn; drawings do not need entities.
  if (/<!ENTITY/i.test(markup) || !svgWithinBounds(markup, maxElements)) return { ok: false, why: 'too costly' };
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS || doc.getElementsByTagName('parsererror').length) {
    return { ok: false, why: 'not well-formed' };
  }
  if (tooManyToClean(doc, maxElements)) return { ok: false, why: 'too costly' };
  makeInert(root);
  const elements = renderedElementCount(root, maxElements);
  if (!Number.isFinite(elements)) return { ok: false, why: 'too costly' };
  return { ok: true, markup: new XMLSerializer().serializeToString(doc), elements };
}
