import { html } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ConsoleBlock, ConsoleChunk } from './console-buffer.ts';
import { renderShownDisplay } from './display-output.ts';
import { renderLineLink } from './traceback-links.ts';

const isDisplay = (chunk: ConsoleChunk) => chunk.stream === 'display';

const renderChunk = (chunk: ConsoleChunk) => chunk.stream === 'display'
  ? renderShownDisplay(chunk.shown)
  : chunk.stream === 'link'
    ? html`<span class="console__stderr">${renderLineLink(chunk.text, chunk.line)}</span>`
    : html`<span class="console__${chunk.stream}">${chunk.text}</span>`;

/**
 * The console's blocks, keyed: dropping the first block removes its element and leaves the others' alone. A block's
 * line count sizes it while it is out of view and not laid out (`content-visibility: auto`).
 */
export const renderBlocks = (blocks: readonly ConsoleBlock[]) => repeat(blocks, (block) => block.id,
  // Only a block that grew is rendered again: touching the others (even setting the same style) costs a layout each.
  (block) => guard([block.revision], () =>
    html`<div class="console__block ${block.chunks.some(isDisplay) ? 'console__block--display' : ''}"
      style=${styleMap({ '--lines': String(Math.max(1, block.lines)) })}>${
      block.chunks.map(renderChunk)}</div>`));

/** How long after the user's wheel, touch, key or pointer the console's scroll events count as the user's. */
const USER_SCROLL_MS = 1000;

/**
 * Keeps a console scrolled to its end while output arrives, as a terminal does, until the user scrolls up; scrolling
 * back to the end follows again. Only an upward scroll right after the user's own input stops it: the browser also
 * scrolls the console by itself (scroll anchoring as old blocks are dropped, blocks that grow as they come into view),
 * and those must not. It scrolls when a ResizeObserver reports the lines grew, after the
 * browser's own layout, so that following a flood costs no extra layout per frame.
 */
export class ConsoleFollower {
  private following = true;
  private userScrollUntil = 0;
  private pointerHeld = false;
  private lastScrollTop = 0;
  private readonly resizes = new ResizeObserver(() => this.follow());

  constructor(private readonly log: () => Element | null) {}

  /** Follows the size of `lines`, the console's growing content. */
  observe(lines: Element): void {
    this.resizes.disconnect();
    this.resizes.observe(lines);
  }

  /** Call on the console's `wheel` and `touchmove` events. */
  readonly onUserInput = () => {
    this.userScrollUntil = performance.now() + USER_SCROLL_MS;
  };

  /** Call on the console's `pointerdown`: dragging its scroll bar can last. */
  readonly onPointerDown = () => {
    this.pointerHeld = true;
    const listening = new AbortController(); // whichever ends the press removes both listeners
    const release = () => {
      listening.abort();
      this.pointerHeld = false;
      this.onUserInput();
    };
    addEventListener('pointerup', release, { signal: listening.signal });
    addEventListener('pointercancel', release, { signal: listening.signal });
  };

  /** Call on the console's own `keydown` events (keys typed into the input field do not scroll it). */
  readonly onKeyDown = (event: Event) => {
    if (event.target === event.currentTarget) this.onUserInput();
  };

  /** Call on the console's `scroll` events: reaching the end follows; moving up by the user's hand stops. */
  readonly onScroll = (event: Event) => {
    const log = event.target as Element;
    const movedUp = log.scrollTop < this.lastScrollTop;
    this.lastScrollTop = log.scrollTop;
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 4) this.following = true;
    else if (movedUp && (this.pointerHeld || performance.now() < this.userScrollUntil)) this.following = false;
  };

  /** Scrolls to the end if following (also call it when something other than the lines was added). */
  follow(): void {
    const log = this.log();
    if (log && this.following) log.scrollTop = log.scrollHeight;
  }

  /** A new run or an emptied console: follow again. */
  reset(): void {
    this.following = true;
  }
}
