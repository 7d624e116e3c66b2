import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../define.ts';
import type { SandboxCheckEvent } from '../events/sandbox-check.ts';
import type { PythonSandbox } from './python-sandbox.ts';
import { rendered } from '../../test/rendered.ts';

const part = (el: PythonSandbox, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: PythonSandbox, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim();
const consoleText = (el: PythonSandbox) => el.shadowRoot!.querySelector('[role="log"]')!.textContent ?? '';
const click = async (el: PythonSandbox, name: string) => {
  part(el, name)!.click();
  await el.updateComplete;
};

describe('<python-sandbox> exercises', () => {
  let warnings: string[];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  describe('setup', () => {
    it('runs the setup slot before the code, hidden from the editor and the console', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox>
        <script type="text/x-python" slot="setup">
          print("setting up")
          def greet(name):
              return f"Hello, {name}!"
        </script>
        <script type="text/x-python">print(greet("Ada"))</script>
      </python-sandbox>`);
      expect(el.code).to.equal('print(greet("Ada"))');
      expect(el.shadowRoot!.querySelector('textarea')!.value).not.to.include('greet(name)');
      const result = await el.run();
      expect(result).to.include({ status: 'ok', stdout: 'Hello, Ada!\n' });
      await el.updateComplete;
      expect(consoleText(el)).to.equal('Hello, Ada!\n');
    });

    it('shares a setup named by id, and warns when the id names nothing', async () => {
      const page = await fixture<HTMLElement>(html`<div>
        <script type="text/x-python" id="exercise-shared-setup">limit = 10</script>
        <python-sandbox setup="exercise-shared-setup">print(limit * 2)</python-sandbox>
        <python-sandbox setup="exercise-shared-setup">print(limit + 1)</python-sandbox>
        <python-sandbox setup="no-such-setup">print("ran without it")</python-sandbox>
      </div>`);
      await rendered(page);
      const [first, second, missing] = page.querySelectorAll('python-sandbox');
      expect((await first.run()).stdout).to.equal('20\n');
      expect((await second.run()).stdout).to.equal('11\n');
      expect(warnings).to.deep.equal([]);
      expect((await missing.run()).stdout).to.equal('ran without it\n');
      expect(warnings.join('\n')).to.include('setup="no-such-setup" names no element on the page');
    });

    it('says "Setup failed" in the console and the status line, with the setup\'s traceback', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox>
        <script type="text/x-python" slot="setup">undefined_helper()</script>
        <script type="text/x-python">print("never")</script>
      </python-sandbox>`);
      const result = await el.run();
      expect(result.error?.origin).to.equal('setup');
      await el.updateComplete;
      expect(text(el, 'status')).to.equal('Setup failed: NameError (see the console)');
      expect(consoleText(el)).to.include('Setup failed');
      expect(consoleText(el)).to.include('File "setup.py", line 1');
      expect(consoleText(el)).not.to.include('never');
    });

    it('in a session runs once per interpreter, shared by the session\'s elements', async () => {
      const page = await fixture<HTMLElement>(html`<div>
        <script type="text/x-python" id="exercise-session-setup">import builtins
builtins.session_setups = getattr(builtins, "session_setups", 0) + 1
items = []</script>
        <python-sandbox session="exercise-session" setup="exercise-session-setup">items.append(1)</python-sandbox>
        <python-sandbox session="exercise-session" setup="exercise-session-setup">print(items, session_setups)</python-sandbox>
      </div>`);
      await rendered(page);
      const [first, second] = page.querySelectorAll('python-sandbox');
      await first.run();
      await first.run();
      expect((await second.run()).stdout).to.equal('[1, 1] 1\n');
    });
  });

  describe('checks', () => {
    it('fires sandbox-check before sandbox-complete and shows the verdict in words, announced by the status line', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox>
        <script type="text/x-python" slot="check">
          if reader.globals.get("total") != 10:
              fail("total should be 10")
          passed("Right: the total is 10.")
        </script>
        <script type="text/x-python">total = 9</script>
      </python-sandbox>`);
      const seen: string[] = [];
      el.addEventListener('sandbox-check', () => seen.push('check'));
      el.addEventListener('sandbox-complete', () => seen.push('complete'));
      const checked = oneEvent(el, 'sandbox-check');
      await el.run();
      const event = (await checked) as unknown as SandboxCheckEvent;
      expect([event.passed, event.message, event.broken]).to.deep.equal([false, 'total should be 10', false]);
      expect(seen).to.deep.equal(['check', 'complete']);
      await el.updateComplete;
      expect(text(el, 'verdict')).to.equal('✗ Not yet total should be 10');
      expect(part(el, 'verdict')!.querySelector('[aria-hidden="true"]')!.textContent).to.equal('✗');
      expect(text(el, 'status')).to.equal('Not yet: total should be 10');

      const passed = await el.run('total = 10');
      expect(passed.check).to.deep.equal({ passed: true, message: 'Right: the total is 10.' });
      await el.updateComplete;
      expect(text(el, 'verdict')).to.equal('✓ Passed Right: the total is 10.');
      expect(text(el, 'status')).to.equal('Passed: Right: the total is 10.');
    });

    it('calls a broken check broken, with its traceback in the console for the author', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox>
        <script type="text/x-python" slot="check">assert reader.globals["x"] == undefined_name</script>
        <script type="text/x-python">x = 1</script>
      </python-sandbox>`);
      const checked = oneEvent(el, 'sandbox-check');
      await el.run();
      expect(((await checked) as unknown as SandboxCheckEvent).broken).to.equal(true);
      await el.updateComplete;
      expect(text(el, 'verdict')).to.match(/^⚠ Check broken The exercise's check could not run: NameError/);
      expect(consoleText(el)).to.include("The exercise's check is broken");
      expect(consoleText(el)).to.include('File "check.py", line 1');
    });

    it('fires no sandbox-check for a run without a check', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox>print(1)</python-sandbox>`);
      let checks = 0;
      el.addEventListener('sandbox-check', () => checks++);
      await el.run();
      expect(checks).to.equal(0);
      expect(part(el, 'exercise')).to.equal(null);
    });
  });

  describe('hints and solution', () => {
    it('reveals hints one at a time, from a template or a div, and moves focus to each', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none">
        <template slot="hint">Use <code>sum()</code>.</template>
        <div slot="hint">Divide by <code>len(values)</code>.</div>
        print()
      </python-sandbox>`);
      expect(el.code).to.equal('print()');
      expect(text(el, 'hint-button')).to.equal('Show hint (1 of 2)');
      expect(el.shadowRoot!.querySelectorAll('[part="hint"]').length).to.equal(0);
      await click(el, 'hint-button');
      const hintText = () => [...el.shadowRoot!.querySelectorAll('[part="hint"]')].map((hint) =>
        `${hint.querySelector('.exercise__heading')!.textContent}: ${hint.querySelector('.exercise__content')!.textContent}`);
      expect(hintText()).to.deep.equal(['Hint 1: Use sum().']);
      expect(text(el, 'hint-button')).to.equal('Show another hint (2 of 2)');
      await click(el, 'hint-button');
      expect(hintText()).to.deep.equal(['Hint 1: Use sum().', 'Hint 2: Divide by len(values).']);
      expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelectorAll('[part="hint"]')[1]);
      expect(part(el, 'hint-button')).to.equal(null);
    });

    it('offers the solution after solution-after runs, loads it into the editor, and Reset brings the original back', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox solution-after="2">
        <script type="text/x-python" slot="check">expect_output("6")</script>
        <script type="text/x-python" slot="solution">print(sum([1, 2, 3]))</script>
        <script type="text/x-python">print(0)</script>
      </python-sandbox>`);
      expect(part(el, 'solution-button')).to.equal(null);
      expect(el.shadowRoot!.querySelector('.exercise__locked')!.textContent).to.include('after a pass or 2 more runs');
      await el.run();
      await el.updateComplete;
      expect(part(el, 'solution-button')).to.equal(null);
      await el.run();
      await el.updateComplete;
      expect(text(el, 'status')).to.match(/^Not yet: .* The solution is available\.$/s);
      expect(part(el, 'solution-button')!.getAttribute('aria-expanded')).to.equal('false');
      await click(el, 'solution-button');
      expect(part(el, 'solution-button')!.getAttribute('aria-expanded')).to.equal('true');
      expect(part(el, 'solution')!.querySelector('code')!.textContent).to.equal('print(sum([1, 2, 3]))');
      await click(el, 'load-solution-button');
      expect(el.code).to.equal('print(sum([1, 2, 3]))');
      expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal('print(sum([1, 2, 3]))');
      expect((await el.run()).check?.passed).to.equal(true);
      el.reset();
      await el.updateComplete;
      expect(el.code).to.equal('print(0)');
      expect(part(el, 'verdict')).to.equal(null);
    });

    it('offers the solution at once after a pass, and shows a text solution as written', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox solution-after="50">
        <script type="text/x-python" slot="check">assert reader.result == 4</script>
        <div slot="solution"><p>Two and two make <strong>four</strong>.</p></div>
        2 + 2
      </python-sandbox>`);
      expect(part(el, 'solution-button')).to.equal(null);
      expect((await el.run()).check?.passed).to.equal(true);
      await el.updateComplete;
      await click(el, 'solution-button');
      expect(part(el, 'solution')!.querySelector('.exercise__content strong')!.textContent).to.equal('four');
      expect(part(el, 'load-solution-button')).to.equal(null);
    });

    it('validates solution-after like the other integer attributes', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none" solution-after="many"></python-sandbox>`);
      expect(el.solutionAfter).to.equal(3);
      expect(warnings.join('\n')).to.include('solution-after="many" is not an integer from 0 to 1000; using 3.');
      el.setAttribute('solution-after', '0');
      expect(el.solutionAfter).to.equal(0);
    });
  });
});
