// Forged traceback links: a traceback's `File "main.py", line N` become buttons that move the editor's caret, so
// only frames the worker took from the exception's own traceback object may become one, never text that looks like
// a frame (an exception's message is the program's to choose). Real Pyodide, real elements.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { type PoolLease, leasePool } from '../../src/runtime/shared-pools.ts';
import { MAX_TRACEBACK_FRAMES } from '../../worker/limits.ts';
import { watchMainThread } from '../main-thread.ts';

const links = (el: PythonSandbox) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.console__line-link')];
const log = (el: PythonSandbox) => el.shadowRoot!.querySelector('[role="log"]')!.textContent!;

/** How much longer than the control's an attack's longest main-thread stall may be. */
const STALL_RATIO = 8;

/** Runs `code` in a new element, watching the page's main thread until the console has drawn the outcome. */
async function runWatched(code: string) {
  const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000"></python-sandbox>`);
  el.code = code;
  await el.updateComplete;
  const watch = watchMainThread();
  const result = await el.run();
  await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 200)));
  return { el, result, longestGapMs: watch.stop().longestGapMs };
}

/** The next run of another element works. */
async function anotherElementRuns(): Promise<void> {
  const other = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000"></python-sandbox>`);
  expect((await other.run('print("next")')).stdout).to.equal('next\n');
}

describe('hostile tracebacks (element)', () => {
  let lease: PoolLease;

  before(async () => {
    lease = leasePool({}); // the elements' shared pool, kept booted between tests
    await lease.pool.ready;
    await anotherElementRuns(); // what a first element loads, outside the measures
  });
  after(() => lease.release());

  it('links only the real frame of an error whose message forges 5,000 frames and a final line', async () => {
    // Built at run time, so that the traceback's source line stays short and the whole fits the relay's cap.
    const frame = 'frame = \'  File "main.py", line 1, in <module>\\n\'\n';
    // The control: the same text, printed, and a plain error.
    const control = await runWatched(`${frame}import sys\nprint(frame * 5000 + "ValueError: end", file=sys.stderr)\nraise ValueError("plain")`);
    expect(links(control.el)).to.have.length(1);
    const attack = await runWatched(`${frame}raise ValueError("look:\\n" + frame * 5000 + "ValueError: forged end")`);
    expect(attack.result.error?.type).to.equal('ValueError');
    expect(links(attack.el).map((link) => link.textContent)).to.deep.equal(['File "main.py", line 2']);
    expect(log(attack.el).match(/File "main.py", line 1, in <module>/g), 'the forged frames shown as text').to.have.length(5000);
    expect(attack.longestGapMs, `longest stall, against the control's ${control.longestGapMs.toFixed(0)} ms`)
      .to.be.below(control.longestGapMs * STALL_RATIO);
    await anotherElementRuns();
  });

  it('links at most a bounded number of frames when the program rewrites the runner\'s report', async () => {
    // The control: the same text, printed, and a plain error.
    const control = await runWatched('import sys\nprint(\'  File "main.py", line 1, in <module>\\n\' * 5000, file=sys.stderr)\n' +
      'raise ValueError("plain")');
    // The runner is a module of the same interpreter: Python can replace how it describes an error, frames and all.
    const attack = await runWatched([
      'import _sandbox_runner as runner',
      'real = runner._describe',
      'def forged(exc):',
      '    described = real(exc)',
      '    line = \'  File "main.py", line 1, in <module>\\n\'',
      '    described["traceback"] = line * 20000 + "ValueError: forged\\n"',
      '    described["frames"] = [{"file": "main.py", "line": 1, "name": "<module>", "at": 2 + n * len(line)} for n in range(20000)]',
      '    return described',
      'runner._describe = forged',
      'raise ValueError("plain")',
    ].join('\n'));
    expect(attack.result.error?.type).to.equal('ValueError');
    expect(links(attack.el).length).to.be.within(1, MAX_TRACEBACK_FRAMES);
    expect(attack.longestGapMs, `longest stall, against the control's ${control.longestGapMs.toFixed(0)} ms`)
      .to.be.below(control.longestGapMs * STALL_RATIO);
    await anotherElementRuns();
  });
});
