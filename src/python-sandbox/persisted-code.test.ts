import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../test/wait-until.ts';
import '../define.ts';
import type { SandboxCompleteEvent } from '../events/sandbox-complete.ts';
import { codeHash } from './code-hash.ts';
import { STORAGE_PREFIX, storageKey } from './persisted-code.ts';
import type { PythonSandbox } from './python-sandbox.ts';
import { rendered } from '../../test/rendered.ts';

const status = (el: PythonSandbox) => el.shadowRoot!.querySelector('[part="status"]')!.textContent!;
const editor = (el: PythonSandbox) => el.shadowRoot!.querySelector('textarea')!;

/** Types `code` into the editor as a reader would: the textarea's value, then an input event. */
function type(el: PythonSandbox, code: string): void {
  editor(el).value = code;
  editor(el).dispatchEvent(new InputEvent('input', { bubbles: true }));
}

/** A unique id per test: test files run at once in windows of one origin, which share localStorage. */
const uniqueId = () => `persist-${Math.random().toString(36).slice(2)}`;

describe('<python-sandbox persist>', () => {
  const originalWarn = console.warn;
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    console.warn = (message: string) => warnings.push(message);
  });
  afterEach(() => {
    console.warn = originalWarn;
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(STORAGE_PREFIX) && key.includes('persist-')) localStorage.removeItem(key);
    }
  });

  it('keeps an edit across a re-created element with the same id, and says it restored it', async () => {
    const id = uniqueId();
    const first = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>print(1)</python-sandbox>`);
    type(first, 'print("mine")');
    first.remove(); // leaving the DOM saves what is pending, as pagehide does
    const saved = JSON.parse(localStorage.getItem(`${STORAGE_PREFIX}${location.pathname}#${id}`)!);
    expect(saved).to.deep.equal({ code: 'print("mine")', original: codeHash('print(1)') });

    const second = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>print(1)</python-sandbox>`);
    expect(second.code).to.equal('print("mine")');
    expect(editor(second).value, 'the first render shows the edit').to.equal('print("mine")');
    expect(status(second)).to.equal('Python loads on first run · Restored your edits');
    expect(warnings).to.deep.equal([]);
  });

  it('saves once typing pauses, and at once on pagehide', async () => {
    const id = uniqueId();
    const key = storageKey(location.pathname, id, 'x = 1');
    const el = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>x = 1</python-sandbox>`);
    type(el, 'x = 2');
    expect(localStorage.getItem(key), 'not on every keystroke').to.equal(null);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(JSON.parse(localStorage.getItem(key)!).code).to.equal('x = 2');
    type(el, 'x = 3');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(JSON.parse(localStorage.getItem(key)!).code).to.equal('x = 3');
    type(el, 'x = 1');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(localStorage.getItem(key), 'the original again: nothing to keep').to.equal(null);
  });

  it('without an id, keys the edit by a hash of the original code', async () => {
    const original = `# ${uniqueId()}\nprint("start")`;
    const key = `${STORAGE_PREFIX}${location.pathname}@${codeHash(original)}`;
    const first = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" .code=${original}></python-sandbox>`);
    type(first, 'print("edited")');
    first.remove();
    expect(JSON.parse(localStorage.getItem(key)!).code).to.equal('print("edited")');

    const same = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" .code=${original}></python-sandbox>`);
    expect(same.code).to.equal('print("edited")');
    same.remove();
    const changed = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" .code=${original + '\n'}></python-sandbox>`);
    expect(changed.code, 'another original is another key').to.equal(original + '\n');
    expect(status(changed)).to.not.include('Restored');
  });

  it('with an id, restores the edit when the original changed, and says the original changed', async () => {
    const id = uniqueId();
    localStorage.setItem(storageKey(location.pathname, id, ''), JSON.stringify({ code: 'print("old edit")', original: codeHash('print("old")') }));
    const el = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>print("new")</python-sandbox>`);
    expect(el.code).to.equal('print("old edit")');
    expect(status(el)).to.include('Restored your edits; the original has changed since');
  });

  it('Reset brings back the original and clears the kept edit', async () => {
    const id = uniqueId();
    const key = storageKey(location.pathname, id, '');
    localStorage.setItem(key, JSON.stringify({ code: 'print("edit")', original: codeHash('print("orig")') }));
    const el = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>print("orig")</python-sandbox>`);
    expect(el.code).to.equal('print("edit")');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="reset-button"]')!.click();
    await el.updateComplete;
    expect(el.code).to.equal('print("orig")');
    expect(editor(el).value).to.equal('print("orig")');
    expect(localStorage.getItem(key)).to.equal(null);
    expect(status(el)).to.not.include('Restored');
  });

  it('keeps nothing without the attribute, nor for a readonly editor', async () => {
    const id = uniqueId();
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none" id=${id}>a = 1</python-sandbox>`);
    type(el, 'a = 2');
    el.remove();
    expect(localStorage.getItem(storageKey(location.pathname, id, ''))).to.equal(null);
    localStorage.setItem(storageKey(location.pathname, id, ''), JSON.stringify({ code: 'a = 3', original: codeHash('a = 1') }));
    const readonly = await fixture<PythonSandbox>(html`<python-sandbox persist readonly preload="none" id=${id}>a = 1</python-sandbox>`);
    expect(readonly.code).to.equal('a = 1');
  });

  it('ignores a stored value it did not write, and overwrites it with the next edit', async () => {
    const id = uniqueId();
    const key = storageKey(location.pathname, id, '');
    for (const stored of ['not json', '{"code": 5, "original": "x"}', 'null', '"a string"']) {
      localStorage.setItem(key, stored);
      const el = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>b = 1</python-sandbox>`);
      expect(el.code, stored).to.equal('b = 1');
      el.remove();
    }
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.include(key);
    const el = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>b = 1</python-sandbox>`);
    type(el, 'b = 2');
    el.remove();
    expect(JSON.parse(localStorage.getItem(key)!).code).to.equal('b = 2');
  });

  it('leaves the element working when localStorage throws, with one warning at most', async () => {
    const { getItem, setItem, removeItem } = Storage.prototype;
    const refuse = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    Storage.prototype.getItem = refuse;
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Storage.prototype.removeItem = refuse;
    try {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <python-sandbox persist id=${uniqueId()}>print("still runs")</python-sandbox>
        <python-sandbox persist preload="none">c = 1</python-sandbox>
      </div>`);
      await rendered(wrapper);
      const [el, other] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
      type(el, 'print("edited, still runs")');
      type(other, 'c = 2');
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      other.remove();
      expect(el.code).to.equal('print("edited, still runs")');
      const done = oneEvent(el, 'sandbox-complete');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="run-button"]')!.click();
      expect(((await done) as unknown as SandboxCompleteEvent).result.stdout).to.equal('edited, still runs\n');
      el.reset();
      expect(el.code).to.equal('print("still runs")');
    } finally {
      Object.assign(Storage.prototype, { getItem, setItem, removeItem });
    }
    expect(warnings.length).to.be.at.most(1);
    expect(warnings.join()).to.not.include('two elements');
  });

  it('a second element with the same code and no id keeps nothing, and says to give each an id', async () => {
    const original = `# ${uniqueId()}`;
    const wrapper = await fixture<HTMLElement>(html`<div>
      <python-sandbox persist preload="none" .code=${original}></python-sandbox>
      <python-sandbox persist preload="none" .code=${original}></python-sandbox>
    </div>`);
    await rendered(wrapper);
    const [first, second] = wrapper.querySelectorAll<PythonSandbox>('python-sandbox');
    type(second, 'print("second")');
    type(first, 'print("first")');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(JSON.parse(localStorage.getItem(storageKey(location.pathname, '', original))!).code).to.equal('print("first")');
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.include('Give each an id');
  });

  it('autorun does not run a restored edit: the status says it was restored', async () => {
    const id = uniqueId();
    localStorage.setItem(storageKey(location.pathname, id, ''), JSON.stringify({ code: 'print("edit")', original: codeHash('print("auto")') }));
    let started = 0;
    const el = await fixture<PythonSandbox>(html`<python-sandbox persist autorun id=${id}
      @sandbox-start=${() => started++}>print("auto")</python-sandbox>`);
    await waitUntil(() => el.matches(':state(ready)'), 'the pool did not boot', { timeout: 30000 });
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(started).to.equal(0);
    expect(status(el)).to.equal('Ready · Restored your edits');
  });
});
