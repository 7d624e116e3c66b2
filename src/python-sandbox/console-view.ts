import { html } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ConsoleBlock, ConsoleChunk } from './console-buffer.ts';
import { renderDisplayOutput } from './display-output.ts';

const isDisplay = (chunk: ConsoleChunk) => chunk.stream === 'display';

const renderChunk = (chunk: ConsoleChunk) => chunk.stream === 'display'
  ? renderDisplayOutput(chunk.output)
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

/**
 * Keeps a console scrolled to its end while output arrives, as a terminal does, until the user scrolls up; scrolling
 * back to the end follows again. Only the user's scrolling decides: blocks that grow when they come into view (their
 * height was estimated) do not stop the following. It scrolls when a ResizeObserver reports the lines grew, after
 * the browser's own layout, so that following a flood costs no extra layout per frame.
 */
export class ConsoleFollower {
  private following = true;
  private ownScrollTop: number | undefined;
  private readonly resizes = new ResizeObserver(() => this.follow());

  constructor(private readonly log: () => Element | null) {}

  /** Follows the size of `lines`, the console's growing content. */
  observe(lines: Element): void {
    this.resizes.disconnect();
    this.resizes.observe(lines);
  }

  /** Call on the console's `scroll` events. */
  readonly onScroll = (event: Event) => {
    const log = event.target as Element;
    if (log.scrollTop === this.ownScrollTop) return; // the scroll this follower made
    this.ownScrollTop = undefined;
    this.following = log.scrollHeight - log.scrollTop - log.clientHeight < 4;
  };

  /** Scrolls to the end if following (also call it when something other than the lines was added). */
  follow(): void {
    const log = this.log();
    if (!log || !this.following) return;
    log.scrollTop = log.scrollHeight;
    this.ownScrollTop = log.scrollTop;
  }

  /** A new run or an emptied console: follow again. */
  reset(): void {
    this.following = true;
  }
}
