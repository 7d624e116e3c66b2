// Display output that stays under every limit of one console must not spend the page's main thread either: live
// frames and what they render are counted across every element of the page, and hostile markup is bounded before
// the page parses it. Real Pyodide, real elements; every stall is compared with a control measured in the same test.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import { MAX_LIVE_ELEMENTS, MAX_LIVE_FRAMES } from '../../src/python-sandbox/display-budget.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { type PoolLease, leasePool } from '../../src/runtime/shared-pools.ts';
import { watchMainThread } from '../main-thread.ts';
import { waitUntil } from '../wait-until.ts';

/** How much longer than the control's an attack's longest main-thread stall may be. */
const STALL_RATIO = 8;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const frames = (els: PythonSandbox[]) => els.flatMap((el) => [...el.shadowRoot!.querySelectorAll<HTMLIFrameElement>('iframe.console__html')]);
const fileOffers = (el: PythonSandbox) => [...el.shadowRoot!.querySelectorAll('.console__file')];
/** Elements a frame's document renders, read from its srcdoc (the frame's own document is another origin's). */
const renderedElements = (frame: HTMLIFrameElement) =>
  new DOMParser().parseFromString(frame.srcdoc, 'text/html').body.querySelectorAll('*').length;

/** Python that displays `markup` `count` times, the markup built at run time by the Python expression `expression`. */
const displayMany = (expression: string, count: number) =>
  `markup = ${expression}\nclass Page:\n    def _repr_html_(self): return markup\nfor i in range(${count}):\n    display(Page())`;

/** A styled table of 4,800 cells: under the 5,000 elements one page may render. */
const STYLED_PAGE = '"<style>td{border:1px solid;padding:2px;background:linear-gradient(#fee,#eef)}</style><table>" + ' +
  '("<tr>" + "<td>x</td>" * 100 + "</tr>") * 48 + "</table>"';

async function sandboxes(count: number): Promise<PythonSandbox[]> {
  const box = await fixture<HTMLDivElement>(html`<div>${Array.from({ length: count }, () =>
    html`<python-sandbox timeout="60000"></python-sandbox>`)}</div>`);
  return [...box.querySelectorAll('python-sandbox')];
}

/** The displays a console has decided (a task each): shown in a frame, or offered as a file. */
const decided = (el: PythonSandbox) => el.shadowRoot!.querySelectorAll('iframe.console__html, .console__file').length;

/** Resolves once every console has decided a display and none has decided another for a second. */
async function allDecided(els: PythonSandbox[]): Promise<void> {
  let last = '';
  let steady = 0;
  await waitUntil(() => {
    const now = els.map(decided).join();
    steady = now === last && els.every((el) => decided(el) > 0) ? steady + 1 : 0;
    last = now;
    return steady >= 4;
  }, 'every console decided its displays', { timeout: 120_000, interval: 250 });
}

/**
 * Runs `code` in every element at once; waits until each console has decided every display it was sent (a display
 * a task: on a busy machine that takes longer than any fixed pause), then for the frames to load and draw. Returns the
 * page's longest stall meanwhile.
 */
async function runAll(els: PythonSandbox[], code: string, settleMs = 2000) {
  const watch = watchMainThread();
  const results = await Promise.all(els.map((el) => el.run(code)));
  await Promise.all(els.map((el) => el.updateComplete));
  await allDecided(els);
  await pause(settleMs);
  const { longestGapMs } = watch.stop();
  console.log(`displays decided: ${els.map(decided).join(', ')}; longest stall ${longestGapMs.toFixed(0)} ms`);
  return { results, longestGapMs };
}

async function anotherElementRuns(): Promise<void> {
  const [other] = await sandboxes(1);
  expect((await other.run('print("next")')).stdout).to.equal('next\n');
}

describe('hostile display output, counted per page', () => {
  let lease: PoolLease;

  before(async () => {
    lease = leasePool({}); // the elements' shared pool, kept booted between tests
    await lease.pool.ready;
  });
  after(() => lease.release());

  it('bounds live frames and their elements across two elements that each show 50 styled pages, run after run', async function () {
    this.timeout(240_000);
    const els = await sandboxes(2);
    await runAll(els, displayMany('"<p>warm</p>"', 1), 500); // what a first run loads, the frames' script included
    // The control: the same elements showing one such page each, which is what the page lets them render.
    const control = await runAll(els, displayMany(STYLED_PAGE, 1));
    for (let run = 1; run <= 2; run++) {
      const attack = await runAll(els, displayMany(STYLED_PAGE, 50));
      for (const result of attack.results) expect(result.status).to.equal('ok');
      const live = frames(els);
      expect(live.length, `live frames on the page after run ${run}`).to.be.at.most(MAX_LIVE_FRAMES);
      const elements = live.reduce((sum, frame) => sum + renderedElements(frame), 0);
      expect(elements, `elements the live frames render after run ${run}`).to.be.at.most(MAX_LIVE_ELEMENTS);
      for (const el of els) expect(fileOffers(el).length, 'pages offered as files').to.be.above(0);
      expect(attack.longestGapMs, `longest stall in run ${run}, against the control's ${control.longestGapMs.toFixed(0)} ms`)
        .to.be.below(control.longestGapMs * STALL_RATIO);
    }
    // A new run frees its console's frames: the other element's pages can use them.
    els[0].clear();
    const freed = await runAll([els[1]], displayMany('"<p>small</p>"', 3), 500);
    expect(freed.results[0].status).to.equal('ok');
    expect(frames([els[1]]).length).to.equal(3);
    await anotherElementRuns();
  });

  for (const [name, expression] of [
    ['70,000 nested <div>s (770 KB)', '"<div>" * 70000 + "</div>" * 70000'],
    ['formatting elements cloned by the parser (1,000 open <b>s reopened 3,000 times)',
      '"<div>" + "".join(f"<b id={i}>" for i in range(1000)) + "</div>" + "<div>x</div>" * 3000'],
  ] as const) {
    it(`offers ${name} as a file, parsing nothing that stalls the page`, async function () {
      this.timeout(240_000);
      const [el] = await sandboxes(1);
      await runAll([el], displayMany('"<p>warm</p>"', 1), 500); // what a first run loads
      const control = await runAll([el], displayMany('"<p>small</p>"', 1), 500);
      const attack = await runAll([el], displayMany(expression, 1), 500);
      expect(attack.results[0].status).to.equal('ok');
      expect(frames([el])).to.have.length(0);
      expect(fileOffers(el)[0]?.textContent).to.match(/too (costly|large)/);
      expect(attack.longestGapMs, `longest stall, against the control's ${control.longestGapMs.toFixed(0)} ms`)
        .to.be.below(control.longestGapMs * STALL_RATIO);
      await anotherElementRuns();
    });
  }
});
