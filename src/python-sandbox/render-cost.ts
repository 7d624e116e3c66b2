/**
 * How many elements a browser draws for markup, with references expanded. A `<use href="#id">` draws its target
 * again, so ten levels of ten `<use>` draw 10^10 squares from a file of one kilobyte; a pattern, mask or filter
 * (`fill="url(#id)"`) is drawn again for each element that refers to it, and a marker for each vertex. Counting
 * before the markup reaches a renderer is what bounds its cost: nothing here is timed.
 *
 * Run it on markup already made inert (inert-markup.ts): only `#id` references are left there, so there is no
 * other way to point at an element of the same document.
 */

/** Deeper than this (nesting plus reference chains) is counted as too costly: no real drawing goes near it. */
const MAX_DEPTH = 1000;

const ID_REFERENCE = /url\(\s*["']?\s*#([^"')\s]+)/gi;
const NUMBER = /[-+]?(?:\d*\.\d+|\d+)(?:e[-+]?\d+)?/gi;

/** CSS escapes (`\75 rl(` is `url(`) decoded, so that a reference cannot hide behind one. */
export function cssUnescape(value: string): string {
  return value.replace(/\\([0-9a-f]{1,6})\s?|\\(.)/gi, (_, hex: string | undefined, char: string | undefined) =>
    hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd) : char!);
}

/** Vertices of a path, polyline or polygon, where a marker is drawn once each. */
function vertices(element: Element): number {
  const points = element.getAttribute('d') ?? element.getAttribute('points');
  if (points !== null) return Math.ceil((points.match(NUMBER)?.length ?? 0) / 2) + 1;
  return element.localName === 'line' ? 2 : 1;
}

function byId(doc: Document, reference: string): Element | null {
  let id = reference.trim();
  try {
    id = decodeURIComponent(id); // a fragment is percent-decoded before it is looked up
  } catch {
    // malformed escapes stay as written
  }
  return doc.getElementById(id);
}

/** The elements `element` draws again, each with how many times. */
function* references(element: Element): Generator<[Element, number]> {
  const doc = element.ownerDocument;
  for (const { localName, value } of element.attributes) {
    if (localName === 'href' && element.localName !== 'a' && value.trim().startsWith('#')) {
      const target = byId(doc, value.trim().slice(1));
      if (target) yield [target, 1];
      continue;
    }
    if (!value.includes('(')) continue;
    const unescaped = cssUnescape(value);
    const perVertex = localName.startsWith('marker') || (localName === 'style' && /marker/i.test(unescaped));
    for (const [, id] of unescaped.matchAll(ID_REFERENCE)) {
      const target = byId(doc, id);
      if (target) yield [target, perVertex ? vertices(element) : 1];
    }
  }
}

/**
 * Elements drawn for `root` and its descendants with references expanded; `Infinity` past `limit`, for a reference
 * cycle, or for a chain deeper than any drawing needs. Memoised per element: linear in the markup, however much it
 * expands.
 */
export function renderedElementCount(root: Element, limit: number): number {
  const counted = new Map<Element, number>();
  const onPath = new Set<Element>();
  const count = (element: Element, depth: number): number => {
    const known = counted.get(element);
    if (known !== undefined) return known;
    if (onPath.has(element) || depth > MAX_DEPTH) return Infinity;
    onPath.add(element);
    let total = 1;
    for (const [target, times] of references(element)) {
      total += times * count(target, depth + 1);
      if (total > limit) break;
    }
    for (let child = element.firstElementChild; child && total <= limit; child = child.nextElementSibling) {
      total += count(child, depth + 1);
    }
    onPath.delete(element);
    const result = total > limit ? Infinity : total;
    counted.set(element, result);
    return result;
  };
  let total: number;
  try {
    total = count(root, 0);
  } catch (error) {
    if (error instanceof RangeError) return Infinity; // the stack ran out: too deep to be a drawing
    throw error;
  }
  if (total > limit) return Infinity;
  total += styleSheetReferences(root, limit, count);
  return total > limit ? Infinity : total;
}

/**
 * A stylesheet's `url(#id)` may apply to any element, and a marker to any vertex: each counts as drawn that many
 * times (an upper bound).
 */
function styleSheetReferences(root: Element, limit: number, count: (element: Element, depth: number) => number): number {
  let total = 0;
  let reach: number | undefined;
  for (const style of root.querySelectorAll('style')) {
    for (const [, id] of cssUnescape(style.textContent ?? '').matchAll(ID_REFERENCE)) {
      const target = byId(root.ownerDocument, id);
      if (!target) continue;
      reach ??= [...root.querySelectorAll('*')].reduce((sum, element) => sum + vertices(element), 1);
      total += reach * count(target, 0);
      if (total > limit) return Infinity;
    }
  }
  return total;
}
