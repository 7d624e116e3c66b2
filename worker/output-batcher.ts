/**
 * Output leaves the worker in batches, flushed by size, by time, and on CPython's periodic signal check (the
 * heartbeat, interpreter-hooks.ts), so a burst followed by a long loop still shows and the relay gets at most one
 * message every few milliseconds.
 */
import type { DisplayMime, OutputChunk, Stream } from './protocol.ts';
import { now } from './fence.ts';

/** Output is posted at most this often while Python writes continuously. */
const FLUSH_INTERVAL_MS = 8;
const FLUSH_CHARS = 64 * 1024;

export class OutputBatcher {
  private chunks: OutputChunk[] = [];
  private pendingChars = 0;
  private lastFlush = 0;
  private forwarded = 0;
  private dropped = false;
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  /** The text forwarded so far, per stream, kept for a check when the run has one (see `keepTranscript`). */
  transcript: Record<Stream, string> | undefined;

  constructor(
    private readonly limit: number,
    private readonly post: (chunks: OutputChunk[], dropped: boolean) => void,
  ) {}

  write(stream: Stream, bytes: Uint8Array): void {
    const text = this.decoders[stream].decode(bytes, { stream: true });
    if (!text) return;
    const room = this.limit - this.forwarded;
    if (room <= 0) {
      this.dropped = true;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length < text.length) this.dropped = true;
    this.forwarded += kept.length;
    if (this.transcript) this.transcript[stream] += kept;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last[0] === stream) (last as [Stream, string])[1] += kept;
    else this.chunks.push([stream, kept]);
    this.pendingChars += kept.length;
    this.maybeFlush();
  }

  /** From now on, keep the text forwarded (what the run's result will hold) for the exercise's check to read. */
  keepTranscript(): void {
    this.transcript ??= { stdout: '', stderr: '' };
  }

  /**
   * Rich output goes in the same ordered list as text, and out with the next flush: a program that displays in a
   * loop must not post a message per picture.
   */
  display(mime: DisplayMime, data: string | Uint8Array): void {
    const size = data.length;
    if (this.forwarded + size > this.limit) {
      this.dropped = true;
      return;
    }
    this.forwarded += size;
    this.chunks.push(['display', mime, data]);
    this.pendingChars += size;
    this.maybeFlush();
  }

  /** Called on every write and on the heartbeat, so a burst followed by a long loop still shows. */
  maybeFlush(): void {
    if (this.chunks.length && (this.pendingChars >= FLUSH_CHARS || now() - this.lastFlush >= FLUSH_INTERVAL_MS)) {
      this.flush();
    }
  }

  flush(): void {
    if (!this.chunks.length && !this.dropped) return;
    this.post(this.chunks, this.dropped);
    this.chunks = [];
    this.pendingChars = 0;
    this.lastFlush = now();
  }
}
