/**
 * Bytes every booting interpreter needs a private copy of (the stdlib, the memory snapshot). Each worker gets its own
 * copy and never hands it back: after boot the worker runs user code, which could rewrite the bytes, and nothing a
 * worker sends is ever served to another worker. The copy is made when a worker needs it, not ahead: a copy kept
 * ready held another 30 MiB in every frame for the few milliseconds it saves a replacement spare, which the pool
 * starts once the runs in flight have finished anyway (pool.ts, `replenishSoon`).
 */
export class BootBytes {
  constructor(private readonly master: Uint8Array) {}

  get byteLength(): number {
    return this.master.byteLength;
  }

  /** A copy for one worker to own (and to receive by transfer). */
  take(): Uint8Array {
    return this.master.slice();
  }
}
