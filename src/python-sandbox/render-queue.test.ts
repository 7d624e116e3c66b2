import { expect } from '@open-wc/testing';
import { waitUntil } from '../../test/wait-until.ts';
import '../define.ts';
import type { PythonSandbox } from './python-sandbox.ts';
import { SlicedQueue, elementWork } from './render-queue.ts';

/** A queue on a clock and a task list the test turns by hand. */
function manualQueue(budgetMs: number) {
  let now = 0;
  const tasks: Array<() => void> = [];
  const realNow = performance.now.bind(performance);
  performance.now = () => now;
  const queue = new SlicedQueue(budgetMs, (task) => tasks.push(task));
  return {
    queue,
    advance: (ms: number) => (now += ms),
    /** Ends the current task: runs the tasks queued so far (not the ones they queue). */
    nextTask: () => tasks.splice(0).forEach((task) => task()),
    restore: () => (performance.now = realNow),
  };
}

describe('SlicedQueue', () => {
  it('runs jobs at once while the slice has time, and the rest in later tasks, in order, a slice each', async () => {
    const clock = manualQueue(8);
    try {
      const ran: number[] = [];
      const job = (n: number, ms: number) => () => {
        ran.push(n);
        clock.advance(ms);
      };
      expect(clock.queue.run(job(1, 5))).to.equal(undefined);
      expect(clock.queue.run(job(2, 5))).to.equal(undefined, 'still inside the 8 ms slice');
      const third = clock.queue.run(job(3, 5));
      const fourth = clock.queue.run(job(4, 1));
      const fifth = clock.queue.run(job(5, 1));
      expect(third).to.be.instanceOf(Promise);
      expect(ran, 'past the budget, jobs wait for a later task').to.deep.equal([1, 2]);
      clock.nextTask();
      expect(ran).to.deep.equal([1, 2, 3, 4, 5]);
      await Promise.all([third, fourth, fifth]);
      const long = clock.queue.run(job(6, 20));
      const after = clock.queue.run(job(7, 1));
      expect(long).to.equal(undefined);
      expect(ran).to.deep.equal([1, 2, 3, 4, 5, 6]);
      clock.nextTask();
      expect(ran, 'a slice runs at least one job, however long').to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      await after;
    } finally {
      clock.restore();
    }
  });

  it('counts the task from startSlice(): a task that has already worked its budget queues the first job', async () => {
    const clock = manualQueue(8);
    try {
      const ran: string[] = [];
      clock.queue.startSlice();
      clock.advance(9); // the library evaluated, the page's elements upgraded
      const first = clock.queue.run(() => ran.push('first render'));
      expect(first).to.be.instanceOf(Promise);
      expect(ran).to.deep.equal([]);
      clock.nextTask();
      await first;
      expect(ran).to.deep.equal(['first render']);
    } finally {
      clock.restore();
    }
  });

  it('rejects the promise of a queued job that throws, and runs the jobs after it', async () => {
    const clock = manualQueue(8);
    try {
      clock.queue.run(() => clock.advance(10));
      const failing = clock.queue.run(() => {
        throw new Error('boom');
      });
      let ranAfter = false;
      const after = clock.queue.run(() => (ranAfter = true));
      clock.nextTask();
      let error: unknown;
      await failing!.catch((caught: unknown) => (error = caught));
      expect((error as Error).message).to.equal('boom');
      await after;
      expect(ranAfter).to.equal(true);
    } finally {
      clock.restore();
    }
  });
});

describe('a page with many sandboxes', () => {
  // First in this file's page, so that the highlighter is not loaded yet, as on a page that has just opened.
  it('renders and colours them a few per task, not all in the task that upgrades them or loads the highlighter', async () => {
    const count = 100;
    const container = document.createElement('div');
    container.innerHTML = Array.from({ length: count },
      (_, n) => `<python-sandbox preload="none">print(${n})\nif ${n} &lt; 3:\n    print("small")</python-sandbox>`).join('');
    document.body.append(container);
    const sandboxes = [...container.querySelectorAll<PythonSandbox>('python-sandbox')];
    const rendered = () => sandboxes.filter((sandbox) => sandbox.hasUpdated).length;
    const coloured = () => sandboxes.filter((sandbox) => sandbox.shadowRoot?.querySelector('.editor--coloured')).length;
    // A turn in the queue leaves no render for a microtask after it, outside the slice's budget: count the turns that
    // did (colouring used to ask Lit for an update, which rendered after the slice, 20–30 ms a task on a slow machine).
    let turns = 0;
    let turnsLeavingRenders = 0;
    const run = elementWork.run.bind(elementWork);
    elementWork.run = (job) => run(() => {
      job();
      turns++;
      if (sandboxes.some((sandbox) => sandbox.hasUpdated && sandbox.isUpdatePending)) turnsLeavingRenders++;
    });
    // One reading per task: a task that did everything shows as a jump from none to all between two readings.
    const readings: Array<[number, number]> = [];
    try {
      while (readings.length < 5000 && coloured() < count) {
        readings.push([rendered(), coloured()]);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      expect(coloured()).to.equal(count);
      const renderSteps = new Set(readings.map(([done]) => done));
      const colourSteps = new Set(readings.map(([, done]) => done));
      expect(renderSteps.size, `renders seen per task: ${[...renderSteps]}`).to.be.above(2);
      expect(colourSteps.size, `colourings seen per task: ${[...colourSteps]}`).to.be.above(2);
      await waitUntil(() => sandboxes.every((sandbox) => sandbox.shadowRoot!.querySelector('.editor__colours .tok-keyword')));
      expect(turns, 'turns taken: a first render and a colouring each').to.equal(2 * count);
      expect(turnsLeavingRenders, 'turns that left a render to a microtask').to.equal(0);
    } finally {
      elementWork.run = run;
      container.remove();
    }
  });
});
