/**
 * CSS from a program's display, made still and local: no animations or transitions (a renderer repainting a huge
 * table sixty times a second starves everything that shares it), and no `url()` but same-document references and
 * `data:` URLs that are not SVG (an SVG image is a drawing of unbounded cost; remote URLs the frame's CSP blocks
 * anyway). Values are read through the CSSOM, which decodes escapes, so `\75 rl(` cannot hide a URL.
 */
import { cssUnescape } from './render-cost.ts';

const ANIMATING = /^(-webkit-)?(animation|transition)/i;
const URL_FUNCTION = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)"'\s]*))\s*\)/gi;

/** A URL markup from a program may keep: a reference into its own document, or a `data:` URL that is not SVG. */
export function urlAllowed(raw: string): boolean {
  const url = raw.replace(/[\t\n\r]/g, '').trim(); // as the URL parser reads it
  if (url.startsWith('#')) return true;
  const data = /^data:([^,]*),/i.exec(url);
  return data !== null && !/svg/i.test(data[1]);
}

/** Whether every URL in a CSS value (or a whole stylesheet) is allowed; `image-set()` strings are URLs too. */
export function cssValueAllowed(value: string): boolean {
  const text = cssUnescape(value);
  if (/image-set\s*\(/i.test(text)) return false;
  const urls = [...text.matchAll(URL_FUNCTION)];
  if (urls.length !== (text.match(/url\(/gi)?.length ?? 0)) return false; // one this could not read
  return urls.every((match) => urlAllowed(match[1] ?? match[2] ?? match[3]));
}

/** Removes animating declarations and declarations with URLs not allowed; says how many it removed. */
export function calmDeclarations(style: CSSStyleDeclaration): number {
  let removed = 0;
  for (let index = style.length - 1; index >= 0; index--) {
    const name = style.item(index);
    if (ANIMATING.test(name) || !cssValueAllowed(style.getPropertyValue(name))) {
      style.removeProperty(name);
      removed++;
    }
  }
  return removed;
}

function calmRules(rules: CSSRuleList): void {
  for (const rule of rules) {
    if ('style' in rule) calmDeclarations(rule.style as CSSStyleDeclaration);
    if ('cssRules' in rule) calmRules(rule.cssRules as CSSRuleList);
  }
}

/**
 * A stylesheet's text, calmed and re-serialised from the CSSOM (a constructed sheet drops `@import`). `<` is
 * escaped so the text cannot close its `<style>` element (`content: "\3c /style>"` would otherwise serialise as
 * `</style>`); a sheet with a URL left that is not allowed (in `@property`, say) is dropped whole.
 */
export function calmStyleSheet(text: string): string {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  calmRules(sheet.cssRules);
  const calm = [...sheet.cssRules].map((rule) => rule.cssText).join('\n').replaceAll('<', '\\3c ');
  return cssValueAllowed(calm) ? calm : '';
}
