import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../define.ts';
import { PythonSandbox } from './python-sandbox.ts';

describe('<python-sandbox>', () => {
  describe('definition', () => {
    it('is defined as python-sandbox', () => {
      expect(customElements.get('python-sandbox')).to.equal(PythonSandbox);
    });

    it('can be created with document.createElement and new, before any code is set', () => {
      const created = document.createElement('python-sandbox');
      expect(created).to.be.instanceOf(PythonSandbox);
      expect(created.code).to.equal('');
      expect(new PythonSandbox().code).to.equal('');
    });
  });

  describe('code', () => {
    it('reads the text content, dedented and trimmed', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none">
        for i in range(3):
            print("hello", i)
      </python-sandbox>`);
      expect(el.code).to.equal('for i in range(3):\n    print("hello", i)');
      const textarea = el.shadowRoot!.querySelector('textarea')!;
      expect(textarea.value).to.equal(el.code);
    });

    it('prefers a <script type="text/x-python"> child, with no HTML escaping', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none">
        <script type="text/x-python">
          if 1 < 2 and "<b>" != "&amp;":
              print("yes")
        </script>
      </python-sandbox>`);
      expect(el.code).to.equal('if 1 < 2 and "<b>" != "&amp;":\n    print("yes")');
    });
  });

  describe('runs', () => {
    it('prints stdout and stderr into the console, in order', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
      const result = await el.run('import sys\nprint("one")\nprint("two", file=sys.stderr)\nprint("three")');
      expect(result.status).to.equal('ok');
      expect(result.stdout).to.equal('one\nthree\n');
      expect(result.stderr).to.equal('two\n');
      await el.updateComplete;
      const spans = [...el.shadowRoot!.querySelectorAll('.console span')].map((span) => [span.className, span.textContent]);
      expect(spans).to.deep.equal([
        ['console__stdout', 'one\n'],
        ['console__stderr', 'two\n'],
        ['console__stdout', 'three\n'],
      ]);
    });

    it('shows a traceback and reports the error type, message and line', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
      const result = await el.run('x = 1\n\ndef f():\n    return 1 / 0\n\nf()');
      expect(result.status).to.equal('error');
      expect(result.error?.type).to.equal('ZeroDivisionError');
      expect(result.error?.message).to.equal('division by zero');
      expect(result.error?.line).to.equal(4);
      expect(result.error?.traceback).to.match(/^Traceback \(most recent call last\):\n {2}File "main.py", line 6, in <module>/);
      expect(result.error?.traceback).to.not.include('_sandbox_runner');
      await el.updateComplete;
      const stderr = el.shadowRoot!.querySelector('.console__stderr')!;
      expect(stderr.textContent).to.include('ZeroDivisionError: division by zero');
    });

    it('runs the editor code when Run is clicked and fires start, output, complete in order', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox>print("Hello")</python-sandbox>`);
      const seen: string[] = [];
      for (const type of ['sandbox-start', 'sandbox-output', 'sandbox-complete'] as const) {
        el.addEventListener(type, () => seen.push(type));
      }
      const done = oneEvent(el, 'sandbox-complete');
      el.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar__run')!.click();
      const { result } = await done;
      expect(result.stdout).to.equal('Hello\n');
      expect(seen).to.deep.equal(['sandbox-start', 'sandbox-output', 'sandbox-complete']);
    });

    it('shows output as text, never as HTML', async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
      await el.run('print("<img src=x onerror=alert(1)>")');
      await el.updateComplete;
      const log = el.shadowRoot!.querySelector('[role="log"]')!;
      expect(log.querySelector('img')).to.equal(null);
      expect(log.textContent).to.include('<img src=x onerror=alert(1)>');
    });
  });
});
