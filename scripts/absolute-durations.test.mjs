// `npm test` runs this with the scripts' other checks: no test asserts that a measured duration stays under a fixed
// number of milliseconds (CONTRIBUTING.md, "Tests on a busy machine").
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { absoluteDurations, findAbsoluteDurations } from './absolute-durations.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lines = (source) => absoluteDurations(source).map(({ line }) => line);

test('finds a measured duration held under a fixed figure', () => {
  assert.deepEqual(lines("expect(longestGapMs, 'stall').to.be.below(1000);"), [1]);
  assert.deepEqual(lines('const a = 1;\nexpect(performance.now() - started).to.be.below(15_000);'), [2]);
  assert.deepEqual(lines('expect(stall.longestGapMs)\n  .to.be.lessThan(FROZEN_MS);'), [1]);
  assert.deepEqual(lines('expect(result.durationMs).to.be.at.most(2 * HELD_MS + 100);'), [1]);
  assert.deepEqual(lines('expect(elapsed).to.be.within(0, 500);'), [1]);
});

test('leaves bounds with a measured value in them, lower bounds and what is not a duration', () => {
  assert.deepEqual(lines('expect(stall.longestGapMs).to.be.below(limit);'), []);
  assert.deepEqual(lines('expect(result.durationMs).to.be.below(tookMs - HELD_WASM_MS);'), []);
  assert.deepEqual(lines('expect(performance.now() - asked).to.be.above(HELD_WASM_MS);'), []);
  assert.deepEqual(lines('expect(stalled, `took ${ms} ms`).to.be.below(replayedMs / 2);'), []);
  assert.deepEqual(lines("expect(heights.length, 'heights').to.be.below(50);"), []);
  assert.deepEqual(lines('expect(bytes).to.be.at.most(32 * 2 ** 20);'), []);
});

test('no test holds a measured duration under a fixed number of milliseconds', () => {
  assert.deepEqual(findAbsoluteDurations(root), [],
    'compare with a control measured in the same test (test/main-thread.ts expectNoFreeze), or move it to npm run bench');
});
