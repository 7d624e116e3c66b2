import type { DisplayOutput, Stream } from '../runtime/types.ts';

/** What the console shows: the program's output, and the lines the user typed for it. */
export type ConsoleStream = Stream | 'stdin';

export type ConsoleChunk = { stream: ConsoleStream; text: string } | { stream: 'display'; text: ''; output: DisplayOutput };

/** Characters the console keeps in the DOM; older output is dropped and counted, so a flood stays fast. */
const MAX_CHARS = 200_000;

/**
 * What the console shows: output merged per stream, capped, and repainted at most once per animation frame
 * however many batches arrive.
 */
export class ConsoleBuffer {
  chunks: ConsoleChunk[] = [];
  /** Characters dropped from the front to keep the DOM small. */
  hidden = 0;
  private chars = 0;
  private frame: number | undefined;

  constructor(private readonly repaint: () => void) {}

  append(stream: ConsoleStream, text: string): void {
    if (!text) return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.stream === stream) (last as { text: string }).text += text;
    else this.chunks.push({ stream, text });
    this.chars += text.length;
    this.trim();
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  /** A picture or page, between the text before and after it. */
  appendDisplay(output: DisplayOutput): void {
    this.chunks.push({ stream: 'display', text: '', output });
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  /** What the console shows, as plain text. */
  text(): string {
    return this.chunks.map((chunk) => chunk.text).join('');
  }

  clear(): void {
    this.chunks = [];
    this.hidden = 0;
    this.chars = 0;
    this.flush();
  }

  flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.chunks = [...this.chunks]; // a new array so Lit re-renders the list
    this.repaint();
  }

  private trim(): void {
    while (this.chars > MAX_CHARS && this.chunks.length) {
      const first = this.chunks[0];
      const excess = this.chars - MAX_CHARS;
      if (first.text.length <= excess) {
        this.chunks.shift();
        this.hidden += first.text.length;
        this.chars -= first.text.length;
      } else {
        first.text = first.text.slice(excess);
        this.hidden += excess;
        this.chars -= excess;
      }
    }
  }
}
