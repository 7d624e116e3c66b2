import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Custom states the styles read: the page declares no `color-scheme` and the background behind the element is… */
export const pageSchemeStates = { dark: 'page-dark', light: 'page-light' } as const;

/**
 * A page that declares a `color-scheme` (on the root or any ancestor) needs nothing from here: the element inherits it
 * and its `light-dark()` colours follow, live. Some sites switch themes without declaring one: VitePress 1.x in light
 * mode, furo (its toggle sets `body[data-theme]`, its `<meta name="color-scheme">` says only "light dark"), Material
 * for MkDocs 8, and sites that darken themselves with a media query alone. There the element matches the background
 * behind it, read again whenever `<html>` or `<body>` changes an attribute (where theme toggles write), the OS scheme
 * changes, or a background transition ends. With no background at all the page shows the browser's canvas, which
 * the inherited `normal` (with the page's meta tag, if any) already matches.
 */
export class PageSchemeController implements ReactiveController {
  private observer: MutationObserver | undefined;
  private media: MediaQueryList | undefined;
  /** The background behind the element is read at its first render, not at connection (see hostConnected). */
  private checkAtUpdate = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly hasUpdated: boolean },
    private readonly states: CustomStateSet,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer ??= new MutationObserver(this.check);
    this.observer.observe(document.documentElement, { attributes: true });
    if (document.body) this.observer.observe(document.body, { attributes: true });
    this.media ??= matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', this.check);
    document.addEventListener('transitionend', this.onTransitionEnd);
    // Reading styles forces a style recalculation, once per element: fifty elements upgraded together would pay
    // them all in one task. Before its first render the element has nothing to show, so the read waits for it, and
    // takes its turn with the render (render-queue.ts).
    if (this.host.hasUpdated) this.check();
    else this.checkAtUpdate = true;
  }

  hostUpdate(): void {
    if (!this.checkAtUpdate) return;
    this.checkAtUpdate = false;
    this.check();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.media?.removeEventListener('change', this.check);
    document.removeEventListener('transitionend', this.onTransitionEnd);
  }

  /** Sets the state for the background behind the element when the page declares no scheme, and clears it otherwise. */
  readonly check = (): void => {
    const parent = parentOf(this.host);
    const scheme = parent && getComputedStyle(parent).colorScheme === 'normal'
      ? schemeOfBackground(parent, pageColours) : undefined;
    for (const [name, state] of Object.entries(pageSchemeStates)) {
      if (name === scheme) this.states.add(state);
      else this.states.delete(state);
    }
  };

  private readonly onTransitionEnd = (event: TransitionEvent) => {
    if (event.propertyName.startsWith('background')) this.check();
  };
}

function parentOf(element: Element): Element | null {
  return element.parentElement ?? ((element.getRootNode() as ShadowRoot).host ?? null);
}

/** `dark` or `light` for the first mostly opaque background from `element` up; undefined if there is none. */
function schemeOfBackground(element: Element, colours: ColourReader): 'light' | 'dark' | undefined {
  for (let at: Element | null = element; at; at = parentOf(at)) {
    const rgba = colours.rgba(getComputedStyle(at).backgroundColor);
    if (rgba && rgba[3] >= 128) return relativeLuminance(rgba) < DARK_BELOW ? 'dark' : 'light';
  }
  return undefined;
}

/**
 * The luminance under which white text contrasts more than black (both give 4.58:1 there): what "dark" means for a
 * background, and the threshold the styles use to put black or white text on the accent.
 */
const DARK_BELOW = 0.1791;

export function relativeLuminance([r, g, b]: readonly number[]): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * Any CSS colour a computed style gives (rgb(), oklch(), color(…)) as sRGB bytes, read by painting one pixel with it.
 * Each colour is painted once: the elements of a page read the same few backgrounds, and fifty first renders each
 * painting their ancestors' colours on a canvas of their own took 15 ms of one task (bench row 9, traced).
 */
export class ColourReader {
  private context: OffscreenCanvasRenderingContext2D | null | undefined;
  private readonly read = new Map<string, [number, number, number, number] | undefined>();

  rgba(color: string): [number, number, number, number] | undefined {
    if (!this.read.has(color)) {
      if (this.read.size >= 256) this.read.clear(); // a page cycling through colours keeps no more than this
      this.read.set(color, this.paint(color));
    }
    return this.read.get(color);
  }

  private paint(color: string): [number, number, number, number] | undefined {
    this.context ??= typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true }) : null;
    if (!this.context) return undefined;
    this.context.clearRect(0, 0, 1, 1);
    this.context.fillStyle = '#0000'; // a value the canvas cannot parse leaves the previous one
    this.context.fillStyle = color;
    this.context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = this.context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a];
  }
}

/** The page's one reader. */
const pageColours = new ColourReader();
