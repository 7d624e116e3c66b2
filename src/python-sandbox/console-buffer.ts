import type { DisplayOutput, Stream } from '../runtime/types.ts';
import { MAX_DISPLAYS_PER_RUN } from '../../worker/shared-limits.ts';
import { type FrameBudget, pageFrames } from './display-budget.ts';
import { type ShownDisplay, noteDisplay, showDisplay } from './display-output.ts';
import { type SlicedQueue, elementWork } from './render-queue.ts';

/** What the console shows: the program's output and the lines the user typed for it. */
export type ConsoleStream = Stream | 'stdin';

/** Text, a picture or page, or a link to the editor's line from a traceback's frame (see traceback-links.ts). */
export type ConsoleChunk =
  | { stream: ConsoleStream; text: string }
  | { stream: 'display'; text: ''; shown: ShownDisplay }
  | { stream: 'link'; text: string; line: number };

/**
 * A run of whole lines, shown as one element. The console lays out only the block that grows (and new ones): a single
 * text of 200 000 characters laid out again on every frame was a long task of up to half a second during a flood.
 */
export interface ConsoleBlock {
  /** Stable, so the DOM of a finished block is kept as blocks before it are dropped. */
  readonly id: number;
  chunks: ConsoleChunk[];
  chars: number;
  /** Changes whenever the block's content does, so that only changed blocks are rendered again. */
  revision: number;
  /** Line ends in the block: its height before it is laid out (blocks out of view are not). */
  lines: number;
}

/** Characters the console keeps in the DOM; older output is dropped and counted, so a flood stays fast. */
export const MAX_CHARS = 200_000;
/**
 * Displays the console shows; the relay already drops more than this per run, out of the program's reach. Each costs
 * the page a decode or a document however small it is, so characters alone do not bound them.
 */
export const MAX_DISPLAYS = MAX_DISPLAYS_PER_RUN;
/** A block ends at the first line end past this many characters… */
export const BLOCK_CHARS = 2_048;
/** …or here, inside a line this long (the console wraps long lines, so the break looks like one more wrap). */
export const BLOCK_CHARS_HARD = 4 * BLOCK_CHARS;

/**
 * What the console shows: output merged per stream, cut into blocks of whole lines, capped, and repainted at most
 * once per animation frame however many batches arrive.
 */
export class ConsoleBuffer {
  blocks: ConsoleBlock[] = [];
  /** Characters dropped from the front to keep the DOM small. */
  hidden = 0;
  private chars = 0;
  private displays = 0;
  private nextId = 0;
  /** The last text ended with a carriage return: the next text replaces the line. */
  private pendingReturn = false;
  private frame: number | undefined;
  /** Changes when the console is cleared: a display decided later belongs to the output before it, and is dropped. */
  private generation = 0;
  /** Out of the document: its frames hold no room in the page's budget (see releaseFrames). */
  private detached = false;

  /**
   * `budget` is the page's room for live frames, shared with every other console; `work` the page's queue, in which
   * each display is decided in a task of its own (parsing and cleaning a page of 5,000 elements took 100-470 ms of a
   * loaded machine's main thread; twenty of them in one batch, seconds).
   */
  constructor(
    private readonly repaint: () => void,
    private readonly budget: FrameBudget = pageFrames,
    private readonly work: Pick<SlicedQueue, 'run'> = elementWork,
  ) {}

  /**
   * Adds output. A carriage return that does not end a line (`print(f"\r{percent}%", end="")`) erases the line so
   * far, as Jupyter does, so progress lines update in place; one at the very end waits for the next text.
   */
  append(stream: ConsoleStream, text: string): void {
    const returned = (this.pendingReturn ? '\r' : '') + text;
    this.pendingReturn = returned.endsWith('\r');
    const lines = returned.replace(/\r+\n/g, '\n').replace(/\r+$/, '').split('\r');
    lines.forEach((piece, index) => {
      if (index > 0) this.eraseLine();
      this.appendPiece(stream, piece);
    });
    this.trim();
    this.schedule();
  }

  /** A picture or page, between the text before and after it; past `MAX_DISPLAYS`, dropped with a note. */
  appendDisplay(output: DisplayOutput): void {
    if (this.displays >= MAX_DISPLAYS) {
      if (this.displays++ === MAX_DISPLAYS) this.note(`More pictures and pages were dropped: a run shows at most ${MAX_DISPLAYS}.`);
      return;
    }
    this.displays++;
    const chunk: ConsoleChunk & { stream: 'display' } = { stream: 'display', text: '', shown: { kind: 'pending' } };
    const block = this.appendWhole(chunk);
    const generation = this.generation;
    void this.work.run(() => {
      if (generation !== this.generation || !this.blocks.includes(block)) return; // cleared, or dropped meanwhile
      let shown: ShownDisplay;
      try {
        shown = showDisplay(output, this.budget);
      } catch {
        shown = noteDisplay('A picture or page the program displayed could not be shown.');
      }
      if (this.detached && shown.kind === 'page') shown.release(); // taken again when the console is back
      chunk.shown = shown;
      block.revision++;
      this.schedule();
    });
  }

  /** A note of the console's own among the output (not part of the program's text: Copy leaves it out). */
  note(text: string): void {
    this.appendShown(noteDisplay(text));
  }

  /** Says that the run went past its limits; which displays or text were dropped, the console cannot know. */
  noteTruncated(): void {
    this.note(`Some output was dropped: a run keeps at most output-limit characters and ${MAX_DISPLAYS} pictures or pages.`);
  }

  /** A traceback frame's `File "main.py", line N`, kept whole, as a link to the editor's `line`. */
  appendLink(text: string, line: number): void {
    this.appendWhole({ stream: 'link', text, line });
    this.chars += text.length;
    this.trim();
  }

  private appendShown(shown: ShownDisplay): void {
    this.appendWhole({ stream: 'display', text: '', shown });
  }

  private appendWhole(chunk: ConsoleChunk): ConsoleBlock {
    const block = this.openBlock();
    block.chunks.push(chunk);
    block.chars += chunk.text.length;
    block.revision++;
    this.schedule();
    return block;
  }

  /** What the console shows, as plain text. */
  text(): string {
    return this.blocks.flatMap((block) => block.chunks.map((chunk) => chunk.text)).join('');
  }

  clear(): void {
    for (const { shown } of pagesIn(this.blocks)) shown.release();
    this.generation++;
    this.blocks = [];
    this.pendingReturn = false;
    this.hidden = 0;
    this.chars = 0;
    this.displays = 0;
    this.flush();
  }

  /** Gives the page's budget back every live frame's room: the console left the document (or is cleared). */
  releaseFrames(): void {
    this.detached = true;
    for (const { shown } of pagesIn(this.blocks)) shown.release();
  }

  /**
   * Takes the room of every live frame again (the console is back in the document); a page that no longer fits is
   * offered as a file instead.
   */
  retakeFrames(): void {
    this.detached = false;
    for (const { block, chunk, shown } of pagesIn(this.blocks)) {
      if (shown.navigated) continue;
      const release = this.budget.take(shown.elements);
      if (release) shown.release = release;
      else {
        chunk.shown = shown.offer();
        block.revision++;
        this.schedule();
      }
    }
  }

  flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.repaint();
  }

  private schedule(): void {
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  private appendPiece(stream: ConsoleStream, text: string): void {
    let rest = text;
    while (rest) {
      const block = this.openBlock();
      const take = takeable(rest, block.chars);
      appendText(block, stream, rest.slice(0, take));
      rest = rest.slice(take);
      if (rest) this.blocks.push(this.newBlock()); // the block is full: the rest starts a new one
    }
    this.chars += text.length;
  }

  /** Removes the text after the last line end (a picture counts as one) of the last block. */
  private eraseLine(): void {
    const block = this.blocks[this.blocks.length - 1];
    if (!block) return;
    while (block.chunks.length) {
      const last = block.chunks[block.chunks.length - 1];
      if (last.stream === 'display') break;
      const keep = last.text.lastIndexOf('\n') + 1;
      const erased = last.text.length - keep;
      last.text = last.text.slice(0, keep);
      block.chars -= erased;
      this.chars -= erased;
      block.revision++;
      if (keep > 0) break;
      block.chunks.pop();
    }
  }

  /** The block that takes more output: the last one, or a new one after a full one. */
  private openBlock(): ConsoleBlock {
    const last = this.blocks[this.blocks.length - 1];
    if (last && !isFull(last)) return last;
    const block = this.newBlock();
    this.blocks.push(block);
    return block;
  }

  private newBlock(): ConsoleBlock {
    return { id: this.nextId++, chunks: [], chars: 0, revision: 0, lines: 0 };
  }

  /** Drops whole blocks from the front (their DOM goes; the others keep theirs) while over the cap. */
  private trim(): void {
    while (this.chars > MAX_CHARS && this.blocks.length > 1) {
      const first = this.blocks.shift()!;
      for (const { shown } of pagesIn([first])) shown.release();
      this.hidden += first.chars;
      this.chars -= first.chars;
    }
  }
}

type PageDisplay = Extract<ShownDisplay, { kind: 'page' }>;

/** The live pages among `blocks`' displays, each with its chunk and block. */
function* pagesIn(blocks: ConsoleBlock[]) {
  for (const block of blocks) {
    for (const chunk of block.chunks) {
      if (chunk.stream === 'display' && chunk.shown.kind === 'page') yield { block, chunk, shown: chunk.shown as PageDisplay };
    }
  }
}

function appendText(block: ConsoleBlock, stream: ConsoleStream, text: string): void {
  const last = block.chunks[block.chunks.length - 1];
  if (last && last.stream === stream) last.text += text;
  else block.chunks.push({ stream, text });
  block.chars += text.length;
  block.revision++;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) block.lines++;
}

function isFull(block: ConsoleBlock): boolean {
  if (block.chars >= BLOCK_CHARS_HARD) return true;
  const last = block.chunks[block.chunks.length - 1];
  return block.chars >= BLOCK_CHARS && last !== undefined && last.text.endsWith('\n');
}

/** How much of `text` a block holding `chars` characters takes: up to the line end that fills it. */
function takeable(text: string, chars: number): number {
  if (chars + text.length <= BLOCK_CHARS) return text.length;
  const lineEnd = text.indexOf('\n', Math.max(0, BLOCK_CHARS - chars - 1));
  const hardLimit = BLOCK_CHARS_HARD - chars;
  return lineEnd === -1 ? Math.min(text.length, hardLimit) : Math.min(lineEnd + 1, hardLimit);
}
