import type { BootRequest } from '../../worker/protocol.ts';
import type { Interpreter, Interpreters } from './interpreters.ts';
import type { RelayConnection } from './relay-connection.ts';

/** How long a replacement spare may wait for the runs in flight to finish before it boots anyway. */
const REPLENISH_DELAY_MS = 100;
/** How long a spare may take to boot (with its packages) before the pool counts it as a failed boot. */
const BOOT_DEADLINE_MS = 120_000;
/** How long after its last run a pool keeps a second spare booted for the next ones (then it keeps one). */
const ACTIVE_SPARES_MS = 30_000;

/** What the spare keeper asks of its pool. */
export interface SparePool {
  /** Whether the pool may boot interpreters (not broken, not disposed). */
  open(): boolean;
  /** Runs in the queue that need a fresh interpreter. */
  waitingRuns(): number;
  kill(interpreter: Interpreter): void;
  bootFailed(reason: string): void;
  /** The spares changed: the pool's stats are out of date. */
  changed(): void;
}

/**
 * Keeps the pool's spare interpreters booted or booting: one on a page where nothing runs, or where one run came (an
 * idle one holds about 29 MiB); two while runs come in a series, so that a run finds one booted while the one before
 * it is replaced;
 * and one for each run waiting for a fresh interpreter; never more than the pool's size. When the page has been
 * quiet for `activeMs` after its last run, idle spares beyond the one kept are let go. A boot that never reports
 * fails like any other.
 */
export class SpareKeeper {
  private nextWorkerId = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private activeUntil = 0;
  private lastRunStart = -Infinity;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly interpreters: Interpreters,
    private readonly relay: RelayConnection,
    private readonly boot: BootRequest,
    private readonly size: number,
    private readonly pool: SparePool,
    private readonly activeMs = ACTIVE_SPARES_MS,
  ) {}

  /** Fresh interpreters to keep booted or booting now. */
  wanted(): number {
    const active = performance.now() < this.activeUntil;
    return Math.min(this.size, Math.max(this.pool.waitingRuns(), active ? 2 : 1));
  }

  /**
   * A run started. A second one within `activeMs` makes a series: two spares are wanted from then until `activeMs`
   * after the last run. A reader's single run keeps one, which halves what the pool holds after it.
   */
  runStarted(): void {
    const now = performance.now();
    const series = now - this.lastRunStart < this.activeMs;
    this.lastRunStart = now;
    if (!series) return;
    this.activeUntil = now + this.activeMs;
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.trim(), this.activeMs);
  }

  /**
   * Starting a worker costs the relay's thread a few milliseconds, and booting it costs a core: while runs are in
   * flight, that waits until they finish (or a short while), so it does not land inside a warm run (bench row 1:
   * 5 → 50 ms when a run took the only spare). Runs waiting for an interpreter do not wait for it; when nothing runs,
   * neither does it (delaying it then made warm runs in a row wait for boots).
   */
  soon(): void {
    if (this.interpreters.busy() === 0 || this.pool.waitingRuns() > 0) return this.now();
    this.timer ??= setTimeout(() => this.now(), REPLENISH_DELAY_MS);
  }

  /** Boots what is missing at once. */
  now(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pool.open()) return this.pool.changed();
    for (let missing = this.wanted() - this.interpreters.fresh(); missing > 0; missing--) this.spawn();
    this.pool.changed();
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.quietTimer);
  }

  private spawn(): void {
    const workerId = this.nextWorkerId++;
    const interpreter: Interpreter = { workerId, state: 'booting', interruptible: false };
    this.interpreters.add(interpreter);
    setTimeout(() => {
      if (!this.interpreters.has(interpreter) || interpreter.state !== 'booting') return;
      this.pool.kill(interpreter);
      this.pool.bootFailed(`the interpreter did not boot within ${BOOT_DEADLINE_MS / 1000} s`);
    }, BOOT_DEADLINE_MS);
    this.relay.post({ type: 'spawn', workerId, ...this.boot });
  }

  /** The page went quiet: idle spares beyond the one kept are terminated. */
  private trim(): void {
    const idle = this.interpreters.all().filter((each) => each.state === 'idle' && each.session === undefined);
    for (const spare of idle.slice(0, Math.max(0, this.interpreters.fresh() - this.wanted()))) this.pool.kill(spare);
    this.pool.changed();
  }
}
