/**
 * A later task of the page's event loop: `scheduler.postTask` where there is one (no timer clamping or throttling),
 * else a timeout. Awaiting a promise does not yield: WebCrypto's digest and a cached response's stream can resolve
 * within the same microtask checkpoint, so a loop over 30 pieces awaiting them was one 230 ms task.
 */
export function laterTask(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void) => Promise<unknown> } }).scheduler;
  if (typeof scheduler?.postTask === 'function') void scheduler.postTask(callback).catch(() => {});
  else setTimeout(callback, 0);
}

/** Resolves in a later task (see `laterTask`). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => laterTask(resolve));
}

/**
 * Yields to the page once `sliceMs` of main-thread time have gone since the last yield: for loops whose steps cost
 * anywhere from nothing to a millisecond or two, where a task per step would mostly wait.
 */
export class TaskSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = 8) {}

  async step(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await nextTask();
    this.sliceStart = performance.now();
  }
}
