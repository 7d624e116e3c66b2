/**
 * The page's room for live display frames, shared by every element: each frame is a document the browser lays out
 * and paints, possibly on the page's own main thread (see html-frame.ts), so a cap per console let two elements
 * showing 20 tables of 4,800 cells each stall the page for seconds. Frames and the elements they render are counted
 * here, across the page; a page past either bound is offered as a file instead.
 */

/** HTML displays the page shows live at once, across all its elements. */
export const MAX_LIVE_FRAMES = 20;
/** Elements all live frames of the page render together (each frame at most MAX_PAGE_ELEMENTS). */
export const MAX_LIVE_ELEMENTS = 20_000;

/** Gives back a frame's room, once however often it is called. */
export type ReleaseFrame = () => void;

export class FrameBudget {
  private frames = 0;
  private elements = 0;

  constructor(readonly maxFrames = MAX_LIVE_FRAMES, readonly maxElements = MAX_LIVE_ELEMENTS) {}

  /**
   * Whether a frame for markup with this many start tags could be taken at all: checked before the markup is parsed,
   * so that pages the page has no room for cost no parsing (40 pages of 4,800 cells took seconds to parse).
   */
  mayFit(startTags: number): boolean {
    return this.frames < this.maxFrames && this.elements + startTags <= this.maxElements;
  }

  /** Room for a frame that renders `elements`, or undefined when the page has none left. */
  take(elements: number): ReleaseFrame | undefined {
    if (this.frames >= this.maxFrames || this.elements + elements > this.maxElements) return undefined;
    this.frames++;
    this.elements += elements;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.frames--;
      this.elements -= elements;
    };
  }

  /** Frames and elements in use, for tests and the console's notes. */
  get used(): { frames: number; elements: number } {
    return { frames: this.frames, elements: this.elements };
  }
}

/** The page's one budget: every console takes its frames from it. */
export const pageFrames = new FrameBudget();
