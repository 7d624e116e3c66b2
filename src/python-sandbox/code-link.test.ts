import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../test/wait-until.ts';
import '../define.ts';
import { codeInFragment, decodeCode, encodeCode, linkTo, MAX_LINK_BYTES } from './link-encoding.ts';
import { codeHash } from './code-hash.ts';
import { STORAGE_PREFIX, storageKey } from './persisted-code.ts';
import type { PythonSandbox } from './python-sandbox.ts';

const status = (el: PythonSandbox) => el.shadowRoot!.querySelector('[part="status"]')!.textContent!;
const linkButton = (el: PythonSandbox) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="link-button"]');
const offer = (el: PythonSandbox) => el.shadowRoot!.querySelector<HTMLElement>('[part="link-offer"]');
const uniqueId = () => `share-${Math.random().toString(36).slice(2)}`;

/** Types `code` into the editor as a reader would. */
function type(el: PythonSandbox, code: string): void {
  const textarea = el.shadowRoot!.querySelector('textarea')!;
  textarea.value = code;
  textarea.dispatchEvent(new InputEvent('input'));
}

/** Sets the page's fragment without a hashchange event, as opening a link does before the page's scripts run. */
const openWithFragment = (fragment: string) => history.replaceState(history.state, '', `${location.pathname}${location.search}${fragment}`);

/** Replaces the clipboard's writeText for one test: `accept` records the text, else it refuses like a denied permission. */
function stubClipboard(accept: boolean): { readonly written: string[]; restore(): void } {
  const written: string[] = [];
  const own = Object.getOwnPropertyDescriptor(navigator.clipboard, 'writeText');
  Object.defineProperty(navigator.clipboard, 'writeText', {
    configurable: true,
    value: async (text: string) => {
      if (!accept) throw new DOMException('Write permission denied.', 'NotAllowedError');
      written.push(text);
    },
  });
  return {
    written,
    restore: () => (own ? Object.defineProperty(navigator.clipboard, 'writeText', own) : delete (navigator.clipboard as Partial<Clipboard>).writeText),
  };
}

describe('link encoding', () => {
  it('round-trips any text, compressed when that is shorter', async () => {
    const short = 'print("é ✓ 𝄞")';
    const long = Array.from({ length: 30 }, (_, i) => `print("line ${i}", ${i} * ${i})`).join('\n');
    for (const code of [short, long, '']) expect(await decodeCode(await encodeCode(code))).to.equal(code);
    expect((await encodeCode(short))[0]).to.equal('p');
    expect((await encodeCode(long))[0]).to.equal('z');
    expect((await encodeCode(long)).length).to.be.below(long.length / 2);
    expect(await encodeCode(long)).to.match(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses damaged payloads and code that inflates past the limit', async () => {
    const bomb = new Uint8Array(MAX_LINK_BYTES + 1000).fill(0x61);
    const compressed = new Uint8Array(await new Response(new Blob([bomb]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    const bombPayload = 'z' + btoa(String.fromCharCode(...compressed)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const cases: [string, RegExp][] = [
      ['', /no code/], ['xaGk', /neither/], ['p!!!', /base64url/], ['p__4', /UTF-8/],
      ['zAAAA', /damaged/], [bombPayload, /longer than/],
    ];
    for (const [payload, message] of cases) {
      let error: Error | undefined;
      await decodeCode(payload).catch((caught: Error) => (error = caught));
      expect(error?.message, payload.slice(0, 20)).to.match(message);
    }
  });

  it('builds a link to the page with the fragment, and reads only fragments that name an element', () => {
    const link = linkTo('https://docs.example/lesson/?q=1#intro', 'ex 1', 'zAb-_');
    expect(link).to.equal('https://docs.example/lesson/?q=1#sandbox=ex+1&code=zAb-_');
    expect(codeInFragment(new URL(link).hash)).to.deep.equal({ id: 'ex 1', payload: 'zAb-_' });
    expect(codeInFragment('#intro')).to.equal(undefined);
    expect(codeInFragment('')).to.equal(undefined);
  });
});

describe('<python-sandbox share>', () => {
  const originalWarn = console.warn;
  const originalUrl = location.href;
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    console.warn = (message: string) => warnings.push(message);
  });
  afterEach(() => {
    console.warn = originalWarn;
    history.replaceState(history.state, '', originalUrl);
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(STORAGE_PREFIX) && key.includes('share-')) localStorage.removeItem(key);
    }
  });

  it('Copy link copies a link that opens the page with the edited code in a new element', async () => {
    const id = uniqueId();
    const clipboard = stubClipboard(true);
    try {
      const el = await fixture<PythonSandbox>(html`<python-sandbox share preload="none" id=${id}>print(1)</python-sandbox>`);
      el.code = 'for i in range(3):\n    print("shared", i)  # ✓';
      await el.updateComplete;
      linkButton(el)!.click();
      await waitUntil(() => clipboard.written.length === 1, 'nothing was copied');
      await el.updateComplete;
      expect(status(el)).to.equal('Link copied');
      const link = new URL(clipboard.written[0]);
      expect(link.origin + link.pathname + link.search).to.equal(location.origin + location.pathname + location.search);
      expect(link.hash).to.match(new RegExp(`^#sandbox=${id}&code=[zp][A-Za-z0-9_-]+$`));
      el.remove();

      openWithFragment(link.hash);
      const opened = await fixture<PythonSandbox>(html`<python-sandbox share preload="none" id=${id}>print(1)</python-sandbox>`);
      expect(opened.code).to.equal('for i in range(3):\n    print("shared", i)  # ✓');
      expect(opened.shadowRoot!.querySelector('textarea')!.value, 'the first render has it').to.equal(opened.code);
      expect(status(opened)).to.include('Code from a link');
      opened.reset();
      expect(opened.code).to.equal('print(1)');
    } finally {
      clipboard.restore();
    }
    expect(warnings).to.deep.equal([]);
  });

  it('shows the link in a field, selected, when the clipboard refuses it', async () => {
    const clipboard = stubClipboard(false);
    try {
      const el = await fixture<PythonSandbox>(html`<python-sandbox share preload="none" id=${uniqueId()}>print(2)</python-sandbox>`);
      linkButton(el)!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part="link-field"]'), 'no field');
      const field = el.shadowRoot!.querySelector<HTMLInputElement>('[part="link-field"]')!;
      expect(await decodeCode(codeInFragment(new URL(field.value).hash)!.payload!)).to.equal('print(2)');
      expect(el.shadowRoot!.activeElement).to.equal(field);
      expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, field.value.length]);
      await waitUntil(() => status(el) === 'Copy the link from the field below');
    } finally {
      clipboard.restore();
    }
  });

  it('offers the code when the fragment changes to name the element, and loads it on the reader\'s click', async () => {
    const id = uniqueId();
    const el = await fixture<PythonSandbox>(html`<python-sandbox share preload="none" id=${id}>print(3)</python-sandbox>`);
    location.hash = `sandbox=${id}&code=${await encodeCode('print("from the hash")')}`;
    await waitUntil(() => offer(el), 'hashchange offered nothing');
    expect(el.code, 'not before the reader says so').to.equal('print(3)');
    expect(offer(el)!.textContent).to.include('A link has other code for this editor.');
    offer(el)!.querySelector<HTMLButtonElement>('[part="link-offer-button"]')!.click();
    await el.updateComplete;
    expect(el.code).to.equal('print("from the hash")');
    expect(status(el)).to.include('Code from a link');
    expect(offer(el)).to.equal(null);

    // The same code again offers nothing; other code offers again, and Dismiss leaves the editor alone.
    location.hash = `sandbox=${id}&code=${await encodeCode('print("from the hash")')}&again`;
    await oneEvent(window, 'hashchange');
    for (let i = 0; i < 3; i++) await nextFrame();
    expect(offer(el), 'the code the editor shows is not offered').to.equal(null);
    location.hash = `sandbox=${id}&code=${await encodeCode('print("again")')}`;
    await waitUntil(() => offer(el), 'the second link offered nothing');
    offer(el)!.querySelector<HTMLButtonElement>('[part="link-dismiss-button"]')!.click();
    await el.updateComplete;
    expect(offer(el)).to.equal(null);
    expect(el.code).to.equal('print("from the hash")');
  });

  it('marks a link\'s code in the status line until the reader runs it, and keeps it only once they edit it', async () => {
    const id = uniqueId();
    const key = storageKey(location.pathname, id, '');
    openWithFragment(`#sandbox=${id}&code=${await encodeCode('print("linked")')}`);
    const el = await fixture<PythonSandbox>(html`<python-sandbox share persist timeout="30000" id=${id}>print(8)</python-sandbox>`);
    const notice = () => el.shadowRoot!.querySelector('[part="notice"]');
    expect(notice()?.textContent).to.equal('Code from a link; Reset restores the original');
    expect(localStorage.getItem(key), 'a link alone keeps nothing').to.equal(null);
    type(el, 'print("linked, edited")');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(JSON.parse(localStorage.getItem(key)!)).to.include({ code: 'print("linked, edited")', link: codeHash('print("linked")') });
    await el.updateComplete;
    expect(notice(), 'an edit leaves the mark: the rest of the code is still the link\'s').to.not.equal(null);
    expect((await el.run()).stdout).to.equal('linked, edited\n');
    await el.updateComplete;
    expect(notice(), 'gone once the reader ran it').to.equal(null);
  });

  it('ignores fragments naming another element or none, and garbled ones with a warning', async () => {
    const id = uniqueId();
    const other = `sandbox=elsewhere&code=${await encodeCode('print("not mine")')}`;
    for (const fragment of ['#intro', `#${other}`, `#sandbox=${id}&code=p%%%`, `#sandbox=${id}`, `#sandbox=${id}&code=zAAAA`]) {
      openWithFragment(fragment);
      const el = await fixture<PythonSandbox>(html`<python-sandbox share preload="none" id=${id}>print(4)</python-sandbox>`);
      expect(el.code, fragment).to.equal('print(4)');
      el.remove();
    }
    expect(warnings.length).to.equal(3);
    for (const warning of warnings) expect(warning).to.include(`<python-sandbox id="${id}">: ignoring the code in the page's link`);
  });

  it('takes no code from links without the share attribute', async () => {
    const id = uniqueId();
    openWithFragment(`#sandbox=${id}&code=${await encodeCode('print("link")')}`);
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none" id=${id}>print(5)</python-sandbox>`);
    expect(el.code).to.equal('print(5)');
    expect(linkButton(el) !== null, 'a Copy link button').to.equal(false);
  });

  it('needs an id: without one it warns and shows no button', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox share preload="none">print(6)</python-sandbox>`);
    expect(linkButton(el) !== null, 'a Copy link button').to.equal(false);
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.include('share needs an id');
  });

  it('code from a link never autoruns', async () => {
    const id = uniqueId();
    openWithFragment(`#sandbox=${id}&code=${await encodeCode('print("from a link")')}`);
    let started = 0;
    const el = await fixture<PythonSandbox>(html`<python-sandbox share autorun id=${id}
      @sandbox-start=${() => started++}>print("auto")</python-sandbox>`);
    expect(el.code).to.equal('print("from a link")');
    await waitUntil(() => el.matches(':state(ready)'), 'the pool did not boot', { timeout: 30000 });
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(started).to.equal(0);
    expect(status(el)).to.equal('Ready · Code from a link; Reset restores the original');
  });

  it('with persist, reopening the same link restores the edits made to its code', async () => {
    const id = uniqueId();
    const fragment = `#sandbox=${id}&code=${await encodeCode('print("linked")')}`;
    openWithFragment(fragment);
    const first = await fixture<PythonSandbox>(html`<python-sandbox share persist preload="none" id=${id}>print(7)</python-sandbox>`);
    expect(first.code).to.equal('print("linked")');
    const textarea = first.shadowRoot!.querySelector('textarea')!;
    textarea.value = 'print("linked, then edited")';
    textarea.dispatchEvent(new InputEvent('input'));
    first.remove();
    expect(JSON.parse(localStorage.getItem(storageKey(location.pathname, id, ''))!).code).to.equal('print("linked, then edited")');

    const again = await fixture<PythonSandbox>(html`<python-sandbox share persist preload="none" id=${id}>print(7)</python-sandbox>`);
    expect(again.code).to.equal('print("linked, then edited")');
    again.remove();
    openWithFragment(`#sandbox=${id}&code=${await encodeCode('print("another link")')}`);
    const another = await fixture<PythonSandbox>(html`<python-sandbox share persist preload="none" id=${id}>print(7)</python-sandbox>`);
    expect(another.code, 'a different link does not replace the kept edit').to.equal('print("linked, then edited")');
    expect(status(another)).to.include('Restored your edits of code from a link');
    offer(another)!.querySelector<HTMLButtonElement>('[part="link-offer-button"]')!.click();
    expect(another.code, 'it is offered').to.equal('print("another link")');
    expect(JSON.parse(localStorage.getItem(storageKey(location.pathname, id, ''))!).code, 'and kept on the reader\'s click')
      .to.equal('print("another link")');
  });
});
