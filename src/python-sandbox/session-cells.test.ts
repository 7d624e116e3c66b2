// Session cells on an ordinary page (not cross-origin isolated): a timeout terminates the worker, and the element
// restores the session by replay; `run-earlier` runs the cells above first.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../test/wait-until.ts';
import '../define.ts';
import type { SandboxStartEvent } from '../events/sandbox-start.ts';
import type { PythonSandbox } from './python-sandbox.ts';
import { rendered } from '../../test/rendered.ts';

const consoleText = (el: PythonSandbox) => el.shadowRoot!.querySelector('[role="log"]')!.textContent ?? '';
const statusOf = (el: PythonSandbox) => el.shadowRoot!.querySelector('[role="status"]')!;

/** Every text the status line shows, as it renders. */
function watchStatus(el: PythonSandbox): string[] {
  const seen: string[] = [];
  new MutationObserver(() => seen.push(statusOf(el).textContent ?? '')).observe(statusOf(el), { subtree: true, childList: true, characterData: true });
  return seen;
}

/** The codes of the runs that start under `root`, in order. */
function watchStarts(root: HTMLElement): string[] {
  const started: string[] = [];
  root.addEventListener('sandbox-start', (event: SandboxStartEvent) => started.push(event.code));
  return started;
}

describe('<python-sandbox> sessions on an ordinary page', () => {
  before(() => expect(crossOriginIsolated, 'these tests need a page where a deadline terminates the worker').to.equal(false));

  it('restores the session by replay after a timeout, with the replay\'s output hidden and its progress in the status', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <python-sandbox session="el-replay" timeout="30000">print("defined")\nx = 41</python-sandbox>
      <python-sandbox session="el-replay" timeout="300">while True: pass</python-sandbox>
      <python-sandbox session="el-replay" timeout="30000">print(x + 1)</python-sandbox>
    </div>`);
    await rendered(wrapper);
    const [define, spin, use] = [...wrapper.querySelectorAll<PythonSandbox>('python-sandbox')];
    expect((await define.run()).stdout).to.equal('defined\n');
    expect(await spin.run()).to.include({ status: 'timeout', sessionState: 'lost' });
    const statuses = watchStatus(use);
    const result = await use.run();
    expect(result).to.include({ status: 'ok', stdout: '42\n', sessionState: 'replayed' });
    await use.updateComplete;
    expect(consoleText(use)).to.equal('42\n');
    expect(consoleText(define)).to.equal('defined\n');
    expect(statuses).to.include('Restoring the session (run 1 of 1)…');
  });

  it('says in the console when the session could not be restored, and starts fresh', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox session="el-diverges" timeout="30000"></python-sandbox>`);
    const token = (await el.run('import os\ntoken = os.urandom(8).hex()\nprint(token)')).stdout.trim();
    expect((await el.run(`assert token == "${token}", "another token"`)).status).to.equal('ok');
    el.timeout = 300;
    expect((await el.run('while True: pass')).status).to.equal('timeout');
    el.timeout = 30_000;
    const result = await el.run('print("fresh")\nprint("token" in globals())');
    expect(result).to.include({ status: 'ok', stdout: 'fresh\nFalse\n', sessionState: 'lost' });
    await el.updateComplete;
    expect(consoleText(el)).to.match(
      /^Could not restore the session: replaying run 2 of 2 \(`assert token == "\w+", "an…`\) raised AssertionError: another token; starting fresh\.\s*fresh\nFalse\n$/);
  });

  describe('run-earlier', () => {
    it('runs the session\'s cells above first, in document order, each in its own console, and not twice', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <details><summary>Setup</summary>
          <python-sandbox session="earlier-a" run-earlier timeout="30000">order = ["one"]\nprint("cell one")</python-sandbox>
        </details>
        <python-sandbox session="earlier-other" timeout="30000">order = ["not this session"]</python-sandbox>
        <python-sandbox session="earlier-a" timeout="30000">order.append("two")\nprint("cell two")</python-sandbox>
        <python-sandbox session="earlier-a" timeout="30000">order.append("three")\nprint(order)</python-sandbox>
        <python-sandbox session="earlier-a" timeout="30000">print("below: never run")</python-sandbox>
      </div>`);
      await rendered(wrapper);
      const [one, other, two, three, below] = [...wrapper.querySelectorAll<PythonSandbox>('python-sandbox')];
      // First renders take turns across tasks (render-queue.ts): the Run button exists once each has rendered.
      await Promise.all([one, other, two, three, below].map((el) => el.updateComplete));
      const started = watchStarts(wrapper);
      three.shadowRoot!.querySelector<HTMLButtonElement>('[part="run-button"]')!.click();
      await waitUntil(() => three.lastResult, 'cell three did not finish', { timeout: 30_000 });
      expect(three.lastResult).to.include({ status: 'ok', stdout: "['one', 'two', 'three']\n" });
      expect(one.lastResult).to.include({ status: 'ok', stdout: 'cell one\n' });
      expect(two.lastResult).to.include({ status: 'ok', stdout: 'cell two\n' });
      expect(other.lastResult).to.equal(undefined);
      expect(below.lastResult).to.equal(undefined);
      expect(started).to.deep.equal([three.code, one.code, two.code]);
      await Promise.all([one, two, three].map((el) => el.updateComplete));
      expect(consoleText(one)).to.equal('cell one\n');
      expect(consoleText(two)).to.equal('cell two\n');

      // Cells that ran are not run again: by the cell below, nor when a cell runs again.
      expect((await three.run()).stdout).to.equal("['one', 'two', 'three', 'three']\n");
      expect((await two.run()).stdout).to.equal('cell two\n');
      expect(started.slice(3)).to.deep.equal([three.code, two.code]);
    });

    it('runs them again after a reset, and not at all without run-earlier', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <python-sandbox session="earlier-b" run-earlier timeout="30000">a = 1</python-sandbox>
        <python-sandbox session="earlier-b" timeout="30000">a + 1</python-sandbox>
        <python-sandbox session="earlier-c" timeout="30000">c = 1</python-sandbox>
        <python-sandbox session="earlier-c" timeout="30000">c + 1</python-sandbox>
      </div>`);
      await rendered(wrapper);
      const [a, b, c, d] = [...wrapper.querySelectorAll<PythonSandbox>('python-sandbox')];
      const started = watchStarts(wrapper);
      expect((await b.run()).result).to.equal('2');
      b.reset();
      expect((await b.run()).result).to.equal('2');
      expect(started).to.deep.equal([b.code, a.code, b.code, a.code]);

      expect((await d.run()).error?.type).to.equal('NameError');
      expect(c.lastResult).to.equal(undefined);
    });

    it('Stop on the clicked cell stops the earlier cell running and the rest', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <python-sandbox session="earlier-stop" run-earlier timeout="0">print("spinning", flush=True)\nwhile True: pass</python-sandbox>
        <python-sandbox session="earlier-stop" timeout="30000">second = 2</python-sandbox>
        <python-sandbox session="earlier-stop" timeout="30000">print("third")</python-sandbox>
      </div>`);
      await rendered(wrapper);
      const [first, second, third] = [...wrapper.querySelectorAll<PythonSandbox>('python-sandbox')];
      const running = third.run();
      await waitUntil(() => consoleText(first).includes('spinning'), 'the first cell did not start', { timeout: 30_000 });
      expect(statusOf(third).textContent).to.equal('Running the cells above first (1 of 2)…');
      third.shadowRoot!.querySelector<HTMLButtonElement>('[part="run-button"]')!.click();
      expect((await running).status).to.equal('stopped');
      expect(first.lastResult?.status).to.equal('stopped');
      expect(second.lastResult).to.equal(undefined);

      // Stopped cells count as not run: the next click runs them again.
      first.code = 'first = 1';
      expect((await third.run()).stdout).to.equal('third\n');
      expect(first.lastResult?.status).to.equal('ok');
      expect(second.lastResult?.status).to.equal('ok');
    });
  });
});
