// Edits kept (persist) and code links (share) in every engine: localStorage, URL fragments, hashchange and
// CompressionStream('deflate-raw') are each engine's own. No Pyodide: none of this runs code.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import '../../src/define.ts';
import { decodeCode, encodeCode } from '../../src/python-sandbox/link-encoding.ts';
import { STORAGE_PREFIX } from '../../src/python-sandbox/persisted-code.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';

const uniqueId = () => `engines-${Math.random().toString(36).slice(2)}`;
const LONG = Array.from({ length: 20 }, (_, i) => `print("ligne ${i} é ✓ 𝄞", ${i} ** 2)`).join('\n');

describe(`edits kept and code links in ${navigator.userAgent}`, () => {
  const originalUrl = location.href;
  afterEach(() => {
    history.replaceState(history.state, '', originalUrl);
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(STORAGE_PREFIX) && key.includes('engines-')) localStorage.removeItem(key);
    }
  });

  it('compresses link code with deflate-raw and reads it back', async () => {
    const payload = await encodeCode(LONG);
    expect(payload[0], 'deflate-raw is available and shorter').to.equal('z');
    expect(await decodeCode(payload)).to.equal(LONG);
  });

  it('keeps an edit in localStorage and restores it in a new element', async () => {
    const id = uniqueId();
    const first = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>print(1)</python-sandbox>`);
    const textarea = first.shadowRoot!.querySelector('textarea')!;
    textarea.value = LONG;
    textarea.dispatchEvent(new InputEvent('input'));
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    first.remove();
    const second = await fixture<PythonSandbox>(html`<python-sandbox persist preload="none" id=${id}>print(1)</python-sandbox>`);
    expect(second.code).to.equal(LONG);
  });

  it('reads code from the page fragment on load, and offers it on hashchange', async () => {
    const id = uniqueId();
    history.replaceState(history.state, '', `${location.pathname}${location.search}#sandbox=${id}&code=${await encodeCode(LONG)}`);
    const el = await fixture<PythonSandbox>(html`<python-sandbox share preload="none" id=${id}>print(2)</python-sandbox>`);
    expect(el.code).to.equal(LONG);
    location.hash = `sandbox=${id}&code=${await encodeCode('print("changed")')}`;
    const offer = () => el.shadowRoot!.querySelector('[part="link-offer-button"]') as HTMLButtonElement | null;
    await waitUntil(offer, 'hashchange offered nothing');
    expect(el.code, 'not before the reader takes it').to.equal(LONG);
    offer()!.click();
    expect(el.code).to.equal('print("changed")');
  });
});
