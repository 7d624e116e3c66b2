/**
 * Bytes every booting interpreter needs a private copy of (the stdlib, the memory snapshot). Each worker gets its own
 * copy and never hands it back: after boot the worker runs user code, which could rewrite the bytes, and nothing a
 * worker sends is ever served to another worker. Structured-cloning 30 MiB on the relay's thread would delay the run
 * that asked for a replacement spare, so the next copy is made ahead, in a task of its own.
 */
export class BootBytes {
  private prepared: Uint8Array | undefined;
  private preparing: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly master: Uint8Array) {
    this.prepareSoon();
  }

  get byteLength(): number {
    return this.master.byteLength;
  }

  /** A copy for one worker to own (and to receive by transfer). */
  take(): Uint8Array {
    const copy = this.prepared ?? this.master.slice();
    this.prepared = undefined;
    this.prepareSoon();
    return copy;
  }

  private prepareSoon(): void {
    if (this.preparing !== undefined) return;
    this.preparing = setTimeout(() => {
      this.preparing = undefined;
      this.prepared ??= this.master.slice();
    }, 0);
  }
}
