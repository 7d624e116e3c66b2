import { expect } from '@open-wc/testing';

/**
 * A stall a reader would call a frozen page, in yardsticks: about 1 s on an idle 2-core machine (the fastest
 * yardstick seen on one was 14.5 ms; at a load average of 16–30, 60–400 ms). A busy machine stretches the page's
 * work and the yardstick alike, so the limit grows with the load instead of failing tests that a quiet machine passes.
 */
export const FROZEN_YARDSTICKS = 70;

export interface MainThreadWatch {
  /** setInterval ticks seen: a page frozen for the whole watch has none. */
  ticks: number;
  /** The longest gap between two ticks (or since the last one), in ms. */
  longestGapMs: number;
  /** What a fixed piece of page work took around and during the watch, in ms (the median of the measures). */
  yardstickMs: number;
}

let yardstickRound = 0;

/**
 * Times a fixed piece of the work a page's stalls are made of: parsing 300 lines of styled markup into a document of
 * its own, walking it, and serialising it. Nothing on the page is styled or laid out, so the page's own pending work
 * never lands in the yardstick; new text each time, so no cache of the engine's serves a repeat.
 */
function timeYardstick(): number {
  const round = yardstickRound++;
  const started = performance.now();
  let markup = '';
  for (let line = 0; line < 300; line++) {
    markup += '<div class="line">';
    for (let word = 0; word < 8; word++) {
      markup += `<span class="tok-${(line + word) % 5}" style="color: rgb(${(round + line) % 255}, ${word * 30}, 90)">`
        + `word${round}_${line}_${word}</span> `;
    }
    markup += '</div>\n';
  }
  const parsed = new DOMParser().parseFromString(markup, 'text/html');
  let chars = 0;
  for (const span of parsed.querySelectorAll('span')) {
    chars += span.textContent!.length + span.getAttribute('style')!.length;
  }
  chars += JSON.parse(JSON.stringify({ html: parsed.body.innerHTML })).html.length;
  if (chars === 0) throw new Error('the yardstick parsed nothing');
  return performance.now() - started;
}

/** A few yardsticks after a warm-up one (the first run of any code is slower). */
export function measureYardsticks(count = 3): number[] {
  timeYardstick();
  return Array.from({ length: count }, timeYardstick);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * During a watch a yardstick is taken once this many of its own durations have passed since the last one: the load
 * that stretched a stall is the load of its moment, and the yardsticks keep to a tenth of the page's time.
 */
const YARDSTICK_SPACING = 10;

/**
 * Counts setInterval ticks on this page and the longest gap between two of them, until stopped: a page frozen by a
 * run stops ticking for as long as it is frozen. Times the yardstick before, during (now and then) and after: the
 * median is the control that a stall is compared with (`expectNoFreeze`). One measure alone can land on a moment the
 * machine is busier or quieter than the rest of the watch.
 */
export function watchMainThread(intervalMs = 16): { stop(): MainThreadWatch } {
  const yardsticks = measureYardsticks();
  let ticks = 0;
  let longestGapMs = 0;
  let last = performance.now();
  let nextYardstickAt = last + YARDSTICK_SPACING * yardsticks.at(-1)!;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    ticks++;
    if (now >= nextYardstickAt) {
      yardsticks.push(timeYardstick());
      nextYardstickAt = performance.now() + YARDSTICK_SPACING * yardsticks.at(-1)!;
    }
    last = performance.now();
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const gap = Math.max(longestGapMs, performance.now() - last);
      yardsticks.push(...measureYardsticks());
      return { ticks, longestGapMs: gap, yardstickMs: median(yardsticks) };
    },
  };
}

export interface FreezeLimit {
  /** The stall of a control measured in the same test (a bare textarea doing the same), which ours may add to. */
  controlMs?: number;
  /** Yardsticks that make a freeze here, when a test allows more than `FROZEN_YARDSTICKS`. */
  yardsticks?: number;
}

/** The longest stall a watch may show before it counts as a frozen page. */
export const freezeLimitMs = (watch: Pick<MainThreadWatch, 'yardstickMs'>,
  { controlMs = 0, yardsticks = FROZEN_YARDSTICKS }: FreezeLimit = {}) => controlMs + yardsticks * watch.yardstickMs;

/**
 * Fails when the page's longest stall in `watch` reaches a frozen page's: `FROZEN_YARDSTICKS` times the yardstick
 * measured around it, added to the stall of a control when the test has one.
 */
export function expectNoFreeze(watch: Pick<MainThreadWatch, 'yardstickMs' | 'longestGapMs'>, what: string,
  limit: FreezeLimit = {}): void {
  const { controlMs = 0, yardsticks = FROZEN_YARDSTICKS } = limit;
  const control = controlMs ? `the control's ${Math.round(controlMs)} ms + ` : '';
  expect(watch.longestGapMs, `${what}: ${Math.round(watch.longestGapMs)} ms, against ${control}${yardsticks} ` +
    `yardsticks of ${watch.yardstickMs.toFixed(1)} ms`).to.be.below(freezeLimitMs(watch, limit));
}
