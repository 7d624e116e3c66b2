import { expect, fixture, html } from '@open-wc/testing';
import '../define.ts';
import { PythonSandbox } from './python-sandbox.ts';

// React 19, Vue and MDX set properties, often to the attribute's text; before or after the element upgrades.
describe('<python-sandbox> properties set to strings', () => {
  let warnings: string[];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (message: string) => warnings.push(message);
  });
  afterEach(() => {
    console.warn = originalWarn;
  });
  const status = (el: PythonSandbox) => el.shadowRoot!.querySelector('[part="status"]')!.textContent;

  it('reads each option\'s attribute form when set after the element upgraded', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none"></python-sandbox>`);
    Object.assign(el, {
      timeout: '3000', packages: 'numpy, pandas', poolSize: '2', memoryLimit: '128', outputLimit: '5000', readonly: '',
      autorun: '', runEarlier: '', theme: 'dark', preload: 'none',
    });
    expect(el.timeout).to.equal(3000);
    expect(el.packages).to.deep.equal(['numpy', 'pandas']);
    expect([el.poolSize, el.memoryLimit, el.outputLimit]).to.deep.equal([2, 128, 5000]);
    expect([el.readonly, el.autorun, el.runEarlier]).to.deep.equal([true, true, true]); // "" is what Vue sets for a bare attribute
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('textarea')!.readOnly).to.equal(true);
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(warnings).to.deep.equal([]);
  });

  it('takes packages as a string set before it is connected (as React and Vue do)', async () => {
    const el = document.createElement('python-sandbox');
    (el as unknown as { packages: string }).packages = 'numpy';
    el.preload = 'none';
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    wrapper.append(el); // connectedCallback once threw here: it mapped over the string
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(el.packages).to.deep.equal(['numpy']);
    expect(status(el)).to.equal('Python loads on first run');
  });

  it('warns and falls back for a bad string, as for the attribute', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none"></python-sandbox>`);
    Object.assign(el, { timeout: 'soon', packages: 'numpy, bad;name', theme: 'sepia', preload: 'later', poolSize: '99' });
    expect(el.timeout).to.equal(5000);
    expect(el.packages).to.deep.equal(['numpy']);
    expect(el.theme).to.equal('auto');
    expect(el.preload).to.equal('visible');
    expect(el.poolSize).to.equal(undefined);
    const text = warnings.join('\n');
    for (const name of ['timeout="soon"', '"bad;name" is not a package name', 'theme="sepia"', 'preload="later"', 'pool-size="99"']) {
      expect(text).to.include(name);
    }
    el.packages = ['numpy', 'bad;name'];
    expect(el.packages).to.deep.equal(['numpy']);
  });

  it('applies values set before the element upgraded (a page or framework ahead of define.js), then runs with them', async () => {
    class LateSandbox extends PythonSandbox {}
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('late-python-sandbox') as HTMLElement & Record<string, unknown>;
    Object.assign(el, {
      code: 'import sandbox_fixture\nprint(sandbox_fixture.hello(), input())', timeout: '30000', packages: 'sandbox-fixture',
      indexUrl: '/fixture-index/pyodide/', preload: 'none', readonly: '', theme: 'dark', stdin: 'from stdin\n',
    });
    wrapper.append(el);
    customElements.define('late-python-sandbox', LateSandbox);
    const sandbox = el as unknown as PythonSandbox;
    await sandbox.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(sandbox.timeout).to.equal(30000);
    expect(sandbox.packages).to.deep.equal(['sandbox-fixture']);
    expect(sandbox.readonly).to.equal(true);
    expect(sandbox.getAttribute('theme')).to.equal('dark');
    expect(status(sandbox), 'preload="none" is honoured').to.equal('Python loads on first run');
    expect(sandbox.shadowRoot!.querySelector('textarea')!.value).to.equal(sandbox.code);
    const result = await sandbox.run();
    expect(result.stdout).to.equal('hello world from sandbox_fixture from stdin\n');
    sandbox.code = 'print("edited")';
    await sandbox.updateComplete;
    sandbox.reset();
    expect(sandbox.code, 'a property set is what Reset puts back').to.equal('print("edited")');
    expect(warnings).to.deep.equal([]);
  });

  it('takes code as an attribute too (MDX turns code={`…`} into one), over the element\'s content', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none" code="print('attribute')">print("content")</python-sandbox>`);
    expect(el.code).to.equal("print('attribute')");
    el.setAttribute('code', 'print(2)');
    expect(el.code).to.equal('print(2)');
    el.code = 'print(3)';
    await el.updateComplete;
    el.reset();
    expect(el.code).to.equal('print(3)');
  });

  it('Reset puts back the given code, not an edit made in the editor', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none">print("given")</python-sandbox>`);
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    textarea.value = 'print("typed")';
    textarea.dispatchEvent(new InputEvent('input'));
    await el.updateComplete;
    expect(el.code).to.equal('print("typed")');
    el.reset();
    expect(el.code).to.equal('print("given")');
  });
});
