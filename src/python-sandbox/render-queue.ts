/**
 * Work each element of a page does once, done a few elements per task: a long lesson upgrades fifty sandboxes in one
 * `customElements.define()` and colours them all when the highlighter arrives, which made single tasks of 70–80 ms
 * and 130–190 ms (bench row 9). Jobs run in the order asked, in slices of a few milliseconds; between slices the page
 * can paint and handle input. A job asked for while the current slice has time left and nothing waits runs at once,
 * so a page with a few elements renders each as soon as it asks, as before.
 */

/** Main-thread time one slice of jobs may take before it yields; style and layout of what it did come after it. */
export const SLICE_BUDGET_MS = 8;

import { laterTask } from '../runtime/later-task.ts';

type Schedule = (callback: () => void) => void;


export class SlicedQueue {
  private readonly waiting: Array<() => void> = [];
  private sliceStart: number | undefined;
  private drainScheduled = false;

  constructor(
    private readonly budgetMs = SLICE_BUDGET_MS,
    private readonly schedule: Schedule = laterTask,
  ) {}

  /**
   * Runs `job` now when this task's slice has time left and no job waits (returns `undefined`; a throw is thrown);
   * otherwise queues it for a later task and returns a promise that settles when it has run.
   */
  run(job: () => void): Promise<void> | undefined {
    if (!this.waiting.length && this.hasTime()) {
      job();
      return undefined;
    }
    const done = new Promise<void>((resolve, reject) => this.waiting.push(() => {
      try {
        job();
        resolve();
      } catch (error) {
        reject(error);
      }
    }));
    this.scheduleDrain();
    return done;
  }

  /**
   * Counts this task's time as the slice's from now, as if a job had started: the task that evaluates the library
   * also upgrades the elements already in the page, and that task should not render them too (bench row 9).
   */
  startSlice(): void {
    this.hasTime();
  }

  /** Jobs waiting for a later task. */
  get pending(): number {
    return this.waiting.length;
  }

  private hasTime(): boolean {
    const now = performance.now();
    if (this.sliceStart === undefined) {
      this.sliceStart = now;
      // The slice ends with this task: the next one starts afresh.
      this.schedule(() => (this.sliceStart = undefined));
    }
    return now - this.sliceStart < this.budgetMs;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.schedule(this.drain);
  }

  private readonly drain = () => {
    this.drainScheduled = false;
    this.hasTime(); // starts this task's slice
    // At least one job per slice, however long it takes, so the queue always moves.
    do this.waiting.shift()?.(); while (this.waiting.length && this.hasTime());
    if (this.waiting.length) this.scheduleDrain();
  };
}

/**
 * The page's one queue: elements' first renders and their colouring take turns in it. Its first slice starts as the
 * library is evaluated: on a page of fifty sandboxes, evaluating the library and upgrading them took 35–50 ms of one
 * task on a 2-core machine, and rendering the first of them in that task made it longer still.
 */
export const elementWork = new SlicedQueue();
if (typeof document !== 'undefined') elementWork.startSlice();
