/** How long after its last run a pool keeps a second spare booted for the next ones (then it keeps one). */
const ACTIVE_SPARES_MS = 30_000;

/**
 * How many fresh interpreters a pool keeps booted or booting: one on a page where nothing runs (an idle one holds
 * 50–60 MiB); two while runs come, so that a run in a series finds one booted while the one before it is replaced;
 * and one for each run waiting for a fresh interpreter. Never more than the pool's size.
 */
export class SparePlan {
  private activeUntil = 0;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly size: number,
    /** Called once the page has been quiet for `activeMs` after a run: spares beyond `wanted(0)` can go. */
    private readonly onQuiet: () => void,
    private readonly activeMs = ACTIVE_SPARES_MS,
  ) {}

  wanted(waitingRuns: number): number {
    const active = performance.now() < this.activeUntil;
    return Math.min(this.size, Math.max(waitingRuns, active ? 2 : 1));
  }

  /** A run started: two spares are wanted from now until `activeMs` after the last run. */
  runStarted(): void {
    this.activeUntil = performance.now() + this.activeMs;
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(this.onQuiet, this.activeMs);
  }

  dispose(): void {
    clearTimeout(this.quietTimer);
  }
}
