import type { DisplayOutput, Stream } from '../runtime/types.ts';
import { MAX_DISPLAYS_PER_RUN } from '../../worker/shared-limits.ts';
import { MAX_PAGE_FRAMES, type ShownDisplay, noteDisplay, showDisplay } from './display-output.ts';

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
  private pageFrames = 0;
  private nextId = 0;
  /** The last text ended with a carriage return: the next text replaces the line. */
  private pendingReturn = false;
  private frame: number | undefined;

  constructor(private readonly repaint: () => void) {}

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
    const shown = showDisplay(output, this.pageFrames < MAX_PAGE_FRAMES);
    if (shown.kind === 'page') this.pageFrames++;
    this.appendShown(shown);
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

  private appendWhole(chunk: ConsoleChunk): void {
    const block = this.openBlock();
    block.chunks.push(chunk);
    block.chars += chunk.text.length;
    block.revision++;
    this.schedule();
  }

  /** What the console shows, as plain text. */
  text(): string {
    return this.blocks.flatMap((block) => block.chunks.map((chunk) => chunk.text)).join('');
  }

  clear(): void {
    this.blocks = [];
    this.pendingReturn = false;
    this.hidden = 0;
    this.chars = 0;
    this.displays = 0;
    this.pageFrames = 0;
    this.flush();
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
      this.hidden += first.chars;
      this.chars -= first.chars;
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
