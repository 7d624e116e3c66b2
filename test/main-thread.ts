/**
 * Counts setInterval ticks on this page and the longest gap between two of them, until stopped: a page frozen by a
 * run stops ticking for as long as it is frozen.
 */
export function watchMainThread(intervalMs = 16): { stop(): { ticks: number; longestGapMs: number } } {
  let ticks = 0;
  let longestGapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    ticks++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { ticks, longestGapMs: Math.max(longestGapMs, performance.now() - last) };
    },
  };
}
