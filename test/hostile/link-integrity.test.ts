// Code the reader has not seen never runs, and a link never replaces what the reader has (issue 33, findings 2 and 3).
// A share link (or a kept edit restored by `persist`) puts code in an editor the reader may never look at: a cell in
// a closed <details> above the one they run. `run-earlier` and `autorun` then run that cell's author code, not the
// link's; only the reader's own Run in that cell runs what the link gave. A page on another site that navigates the
// lesson's window to `#sandbox=<id>&code=…` after load (window.open, then a new location with only the fragment
// changed: a hashchange, no reload) gets an offer shown, never the code replaced or the kept edit overwritten.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import '../../src/define.ts';
import type { SandboxStartEvent } from '../../src/events/sandbox-start.ts';
import { codeHash } from '../../src/python-sandbox/code-hash.ts';
import { encodeCode } from '../../src/python-sandbox/link-encoding.ts';
import { STORAGE_PREFIX, storageKey } from '../../src/python-sandbox/persisted-code.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { rendered } from '../rendered.ts';

const AUTHOR = 'x = "author"\nprint("author code ran")';
const LINKED = 'x = "link"\nprint("LINK CODE RAN")';
const uniqueId = () => `integrity-${Math.random().toString(36).slice(2)}`;
const consoleText = (el: PythonSandbox) => el.shadowRoot!.querySelector('[role="log"]')!.textContent ?? '';
const statusText = (el: PythonSandbox) => el.shadowRoot!.querySelector('[part="status"]')!.textContent ?? '';
const runButton = (el: PythonSandbox) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="run-button"]')!;
const offer = (el: PythonSandbox) => el.shadowRoot!.querySelector<HTMLElement>('[part="link-offer"]');

/** Sets the page's fragment without a hashchange event, as opening a link does before the page's scripts run. */
const openWithFragment = (fragment: string) => history.replaceState(history.state, '', `${location.pathname}${location.search}${fragment}`);

/** The codes of the runs that start under `root`, in order. */
function watchStarts(root: HTMLElement): string[] {
  const started: string[] = [];
  root.addEventListener('sandbox-start', (event: SandboxStartEvent) => started.push(event.code));
  return started;
}

/** Types `code` into the editor as a reader would: the textarea's value, then an input event. */
function type(el: PythonSandbox, code: string): void {
  const editor = el.shadowRoot!.querySelector('textarea')!;
  editor.value = code;
  editor.dispatchEvent(new InputEvent('input', { bubbles: true }));
}

/** Another element's next run works after the attack. */
async function nextRunWorks(): Promise<void> {
  const other = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000">print("next")</python-sandbox>`);
  expect((await other.run()).stdout, "another element's next run").to.equal('next\n');
}

describe('hostile links: code the reader has not seen never runs', function () {
  // The first test boots the pool; on a busy 2-core machine that alone can take tens of seconds.
  this.timeout(180_000);
  const originalUrl = location.href;
  afterEach(() => {
    history.replaceState(history.state, '', originalUrl);
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(STORAGE_PREFIX) && key.includes('integrity-')) localStorage.removeItem(key);
    }
  });

  /** A closed <details> holding the link's target cell `id`, and a visible cell of the same session below it. */
  const lesson = (id: string, session: string, { autorun = false, persist = false } = {}) => fixture<HTMLElement>(html`<div>
    <details><summary>Setup</summary>
      <python-sandbox id=${id} share ?persist=${persist} session=${session} run-earlier timeout="30000">${AUTHOR}</python-sandbox>
    </details>
    <python-sandbox session=${session} ?autorun=${autorun} timeout="30000">print(x)</python-sandbox>
  </div>`);

  it('autorun on the visible cell runs the hidden earlier cell\'s author code, not the link\'s', async () => {
    const id = uniqueId();
    openWithFragment(`#sandbox=${id}&code=${await encodeCode(LINKED)}`);
    const wrapper = await lesson(id, `${id}-session`, { autorun: true });
    const started = watchStarts(wrapper);
    await rendered(wrapper);
    const [hidden, visible] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
    expect(hidden.code, 'the link\'s code is shown in the hidden cell').to.equal(LINKED);
    await waitUntil(() => visible.lastResult, 'the visible cell did not autorun', { timeout: 150_000 });
    expect(started, 'codes run').to.not.include(LINKED);
    expect(visible.lastResult!.stdout).to.equal('author\n');
    expect(hidden.lastResult?.stdout).to.equal('author code ran\n');
    await hidden.updateComplete;
    expect(consoleText(hidden), 'the hidden cell says what it ran').to.include("page's original code");
    expect(statusText(hidden), 'the hidden cell still marks the link\'s code').to.include('Code from a link');
    await nextRunWorks();
  });

  it('a click on the visible cell runs the hidden cell\'s author code, not the link\'s', async () => {
    const id = uniqueId();
    openWithFragment(`#sandbox=${id}&code=${await encodeCode(LINKED)}`);
    const wrapper = await lesson(id, `${id}-session`);
    const started = watchStarts(wrapper);
    await rendered(wrapper);
    const [hidden, visible] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
    expect(hidden.code).to.equal(LINKED);
    runButton(visible).click();
    await waitUntil(() => visible.lastResult, 'the visible cell did not finish', { timeout: 150_000 });
    expect(started).to.not.include(LINKED);
    expect(visible.lastResult!.stdout).to.equal('author\n');

    // The reader's own Run in the hidden cell runs the link's code, and from then on it counts as theirs.
    runButton(hidden).click();
    await waitUntil(() => hidden.lastResult?.stdout === 'LINK CODE RAN\n', 'the reader\'s Run did not run the link\'s code', { timeout: 150_000 });
    await hidden.updateComplete;
    expect(statusText(hidden), 'the mark goes once the reader ran it').to.not.include('from a link');
    expect((await visible.run()).stdout).to.equal('link\n');
    await nextRunWorks();
  });

  it('a session replay after a lost interpreter replays the hidden cell\'s author code, not the link\'s', async () => {
    expect(crossOriginIsolated, 'a deadline must terminate the worker, so that the session is replayed').to.equal(false);
    const id = uniqueId();
    const session = `${id}-session`;
    openWithFragment(`#sandbox=${id}&code=${await encodeCode(LINKED)}`);
    const wrapper = await lesson(id, session);
    const spin = Object.assign(document.createElement('python-sandbox'), { session, timeout: 300, code: 'while True: pass' });
    wrapper.append(spin);
    await rendered(wrapper);
    const [, visible] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
    expect((await visible.run()).stdout).to.equal('author\n');
    expect(await spin.run()).to.include({ status: 'timeout', sessionState: 'lost' });
    expect(await visible.run(), 'the replay restored the author\'s x').to.include({ stdout: 'author\n', sessionState: 'replayed' });
    await nextRunWorks();
  });

  it('a link\'s code kept by persist comes back marked on a later visit, and run-earlier runs the author\'s code', async () => {
    const id = uniqueId();
    // What an earlier visit through the link left in storage (persisted-code.ts SavedEdit), with no link now.
    localStorage.setItem(storageKey(location.pathname, id, ''),
      JSON.stringify({ code: LINKED, original: codeHash(AUTHOR), link: codeHash(LINKED) }));
    const wrapper = await lesson(id, `${id}-session`, { persist: true });
    const started = watchStarts(wrapper);
    await rendered(wrapper);
    const [hidden, visible] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
    expect(hidden.code, 'the kept code is restored').to.equal(LINKED);
    expect(statusText(hidden), 'it says the kept code came from a link').to.include('from a link');
    runButton(visible).click();
    await waitUntil(() => visible.lastResult, 'the visible cell did not finish', { timeout: 150_000 });
    expect(started).to.not.include(LINKED);
    expect(visible.lastResult!.stdout).to.equal('author\n');
    expect(hidden.code, 'the kept code stays in the editor').to.equal(LINKED);
    await nextRunWorks();
  });

  it('a reader\'s own kept edit restored on a later visit does not run as an earlier cell either', async () => {
    const id = uniqueId();
    localStorage.setItem(storageKey(location.pathname, id, ''), JSON.stringify({ code: LINKED, original: codeHash(AUTHOR) }));
    const wrapper = await lesson(id, `${id}-session`, { persist: true, autorun: true });
    const started = watchStarts(wrapper);
    await rendered(wrapper);
    const [hidden, visible] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
    expect(hidden.code).to.equal(LINKED);
    await waitUntil(() => visible.lastResult, 'the visible cell did not autorun', { timeout: 150_000 });
    expect(started).to.not.include(LINKED);
    expect(visible.lastResult!.stdout).to.equal('author\n');
    await nextRunWorks();
  });

  it('a hashchange after load replaces neither the code nor the kept edit: it offers the link\'s code', async () => {
    const id = uniqueId();
    const key = storageKey(location.pathname, id, '');
    const el = await fixture<PythonSandbox>(html`<python-sandbox id=${id} share persist timeout="30000">${AUTHOR}</python-sandbox>`);
    type(el, 'print("my own work")');
    window.dispatchEvent(new PageTransitionEvent('pagehide')); // saved now
    const kept = localStorage.getItem(key);
    expect(JSON.parse(kept!).code).to.equal('print("my own work")');

    // What a page on another origin does to a window it opened: a new location with only the fragment changed.
    location.hash = `sandbox=${id}&code=${await encodeCode(LINKED)}`;
    await waitUntil(() => offer(el) || el.code !== 'print("my own work")', 'the hashchange was not handled', { timeout: 10_000 });
    expect(el.code, 'the editor keeps the reader\'s code').to.equal('print("my own work")');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(localStorage.getItem(key), 'the kept edit is untouched').to.equal(kept);
    expect(offer(el)!.textContent).to.include('link');

    // Only the reader's click takes the offer: then the link's code shows, marked, and does not run.
    let starts = 0;
    el.addEventListener('sandbox-start', () => starts++);
    offer(el)!.querySelector<HTMLButtonElement>('[part="link-offer-button"]')!.click();
    await el.updateComplete;
    expect(el.code).to.equal(LINKED);
    expect(statusText(el)).to.include('Code from a link');
    expect(offer(el), 'the offer goes once taken').to.equal(null);
    expect(starts).to.equal(0);
    expect((await el.run()).stdout, 'the element\'s next run works').to.equal('LINK CODE RAN\n');
    await nextRunWorks();
  });

  it('a link opened on a page with a kept edit offers its code instead of overwriting the edit', async () => {
    const id = uniqueId();
    const key = storageKey(location.pathname, id, '');
    const kept = JSON.stringify({ code: 'print("my own work")', original: codeHash(AUTHOR) });
    localStorage.setItem(key, kept);
    openWithFragment(`#sandbox=${id}&code=${await encodeCode(LINKED)}`);
    const el = await fixture<PythonSandbox>(html`<python-sandbox id=${id} share persist timeout="30000">${AUTHOR}</python-sandbox>`);
    expect(el.code).to.equal('print("my own work")');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(localStorage.getItem(key)).to.equal(kept);
    expect(offer(el), 'the link is offered').to.not.equal(null);
    offer(el)!.querySelector<HTMLButtonElement>('[part="link-dismiss-button"]')!.click();
    await el.updateComplete;
    expect(offer(el)).to.equal(null);
    expect(el.code).to.equal('print("my own work")');
    await nextRunWorks();
  });
});
