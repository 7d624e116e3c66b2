import { html, nothing } from 'lit';
import { base64 } from '../../worker/base64.ts';
import type { DisplayOutput } from '../runtime/types.ts';
import { type FrameBudget, type ReleaseFrame, pageFrames } from './display-budget.ts';
import { NAVIGATED_NOTE, htmlFrameDocument, navigationGuard } from './html-frame.ts';
import { inertHtml, inertSvg } from './inert-markup.ts';
import { MAX_MARKUP_CHARS, htmlBounds } from './markup-bounds.ts';

/**
 * Elements an HTML display may render (with `<use>` expanded); past it the page is offered as a file. A frame lays
 * out and paints every one of them, possibly in the renderer that runs the sandbox's relay (see html-frame.ts).
 */
export const MAX_PAGE_ELEMENTS = 5_000;
/** Elements an SVG drawing may draw (with `<use>` expanded): its `<img>` is drawn on the page's own main thread. */
export const MAX_DRAWING_ELEMENTS = 20_000;
/** How the console shows one display, decided once when it arrives (parsing and counting are not free). */
export type ShownDisplay =
  | { kind: 'image'; src: string; alt: string }
  | {
    kind: 'page'; srcdoc: string; onLoad: (event: Event) => void; navigated: boolean;
    /** What it renders, counted against the page's budget (display-budget.ts), and how its room is given back. */
    elements: number; release: ReleaseFrame;
    /** The same page offered as a file, for when it cannot stay live (its element moved and the page is full). */
    offer: () => ShownDisplay;
  }
  | { kind: 'file'; note: string; href: string; filename: string }
  | { kind: 'markdown'; text: string }
  | { kind: 'note'; text: string }
  /** Not decided yet: its markup waits for its turn on the page's queue of work (render-queue.ts). */
  | { kind: 'pending' };

const asFile = (note: string, mime: string, text: string, filename: string): ShownDisplay =>
  ({ kind: 'file', note, filename, href: `data:${mime};charset=utf-8,${encodeURIComponent(text)}` });

const WHY_NOT_DRAWN = {
  'too costly': `it is too costly to draw (over ${MAX_DRAWING_ELEMENTS.toLocaleString('en')} shapes with <use> expanded)`,
  'not well-formed': 'it is not well-formed SVG',
  'not inert': 'it could not be made inert',
};
const WHY_NOT_RENDERED = {
  'too costly': `it is too costly to render (over ${MAX_PAGE_ELEMENTS.toLocaleString('en')} elements, or over ` +
    `${(MAX_MARKUP_CHARS / 1e6).toLocaleString('en')} million characters or markup that costs more to read)`,
  'not well-formed': 'it could not be read',
  'not inert': 'it could not be made inert',
};

/** Why a page was offered as a file when the page's budget of live frames had no room for it. */
export const PAGE_FULL_NOTE = (budget: FrameBudget) => `Page not shown: the page shows at most ${budget.maxFrames} pages ` +
  `live, with ${budget.maxElements.toLocaleString('en')} elements in all.`;

/**
 * Decides how a display shows. Pictures go in `<img>` (SVG made inert first: an `<img>` runs no script and loads
 * nothing, but animates); HTML goes in a sandboxed frame once made inert, if the page's `budget` has room for it;
 * Markdown shows as its text. Markup too costly to render, or that cannot be read, is offered as a file instead.
 */
export function showDisplay(output: DisplayOutput, budget: FrameBudget = pageFrames): ShownDisplay {
  switch (output.mime) {
    case 'image/png':
    case 'image/jpeg':
      return { kind: 'image', alt: 'Image displayed by the program', src: `data:${output.mime};base64,${base64(output.data as Uint8Array)}` };
    case 'image/svg+xml': {
      const svg = inertSvg(output.data as string, MAX_DRAWING_ELEMENTS);
      if (!svg.ok) return asFile(`Drawing not shown: ${WHY_NOT_DRAWN[svg.why]}.`, 'image/svg+xml', output.data as string, 'drawing.svg');
      return { kind: 'image', alt: 'Drawing displayed by the program', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.markup)}` };
    }
    case 'text/html': {
      const data = output.data as string;
      const offer = (note: string) => asFile(note, 'text/html', data, 'page.html');
      // Bounded on its text first: markup too costly to parse, or that the page has no room for, is never parsed.
      const bounds = htmlBounds(data, MAX_PAGE_ELEMENTS);
      if (!bounds.within) return offer(`Page not shown: ${WHY_NOT_RENDERED['too costly']}.`);
      if (!budget.mayFit(bounds.startTags)) return offer(PAGE_FULL_NOTE(budget));
      const page = inertHtml(data, MAX_PAGE_ELEMENTS);
      if (!page.ok) return offer(`Page not shown: ${WHY_NOT_RENDERED[page.why]}.`);
      const release = budget.take(page.elements);
      if (!release) return offer(PAGE_FULL_NOTE(budget));
      const shown: ShownDisplay = {
        kind: 'page', srcdoc: htmlFrameDocument(page.markup), navigated: false, onLoad: () => {},
        elements: page.elements, release, offer: () => offer(PAGE_FULL_NOTE(budget)),
      };
      shown.onLoad = navigationGuard(() => {
        shown.navigated = true;
        shown.release();
      });
      return shown;
    }
    case 'text/markdown':
      return { kind: 'markdown', text: output.data as string };
  }
}

/** A note the console shows among the output: a display dropped or removed. */
export const noteDisplay = (text: string): ShownDisplay => ({ kind: 'note', text });

/** One display as the console shows it. */
export function renderShownDisplay(shown: ShownDisplay) {
  switch (shown.kind) {
    case 'image':
      return html`<img class="console__image" alt=${shown.alt} src=${shown.src}>`;
    case 'page':
      return shown.navigated
        ? html`<div class="console__note">${NAVIGATED_NOTE}</div>`
        : html`<iframe class="console__html" title="HTML displayed by the program" sandbox="allow-scripts"
          referrerpolicy="no-referrer" @load=${shown.onLoad} srcdoc=${shown.srcdoc}></iframe>`;
    case 'file':
      return html`<div class="console__note console__file">${shown.note} <a class="console__download"
        href=${shown.href} download=${shown.filename}>Download ${shown.filename}</a></div>`;
    case 'markdown':
      return html`<div class="console__markdown">${shown.text}</div>`;
    case 'note':
      return html`<div class="console__note">${shown.text}</div>`;
    case 'pending':
      return nothing;
  }
}
