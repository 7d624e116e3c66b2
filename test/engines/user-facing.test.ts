// The behaviours a user sees, run in every engine by `npm run test:engines` (Firefox, WebKit) and by `npm test`
// (Chromium). Real Pyodide in the real isolation frame; nothing here asserts speed.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import '../../src/define.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import type { RunResult } from '../../src/runtime/types.ts';
import { poolBoots } from './ready.ts';

const EVENTS = ['sandbox-start', 'sandbox-output', 'sandbox-timeout', 'sandbox-complete'] as const;

/** Records the element's run events in the order they fire. */
function recordEvents(el: PythonSandbox): string[] {
  const seen: string[] = [];
  for (const type of EVENTS) el.addEventListener(type, () => seen.push(type));
  return seen;
}

/** The console's text once the element has rendered. */
async function consoleText(el: PythonSandbox): Promise<string> {
  await el.updateComplete;
  return el.shadowRoot!.querySelector('[role="log"]')!.textContent ?? '';
}

/** Runs `code` and resolves once its first line of output arrived, i.e. once user code is surely running. */
function runUntilOutput(el: PythonSandbox, code: string): { printed: Promise<void>; result: Promise<RunResult> } {
  let heard!: () => void;
  const printed = new Promise<void>((resolve) => (heard = resolve));
  el.addEventListener('sandbox-output', () => heard(), { once: true });
  return { printed, result: el.run(code) };
}

describe(`<python-sandbox> in ${navigator.userAgent}`, () => {
  before(async function () {
    await poolBoots(this);
  });

  it('a run prints into the console and the result', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="eager"></python-sandbox>`);
    const result = await el.run('import sys\nprint("hello", sys.version_info[:2])\nprint("oops", file=sys.stderr)\n6 * 7');
    expect(result.status).to.equal('ok');
    expect(result.stdout).to.equal('hello (3, 14)\n');
    expect(result.stderr).to.equal('oops\n');
    expect(result.result).to.equal('42');
    expect(await consoleText(el)).to.equal('hello (3, 14)\noops\n');
  });

  it('an exception gives a traceback that starts at the user code, and its line', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const result = await el.run('def f():\n    return 1 / 0\n\nprint("before")\nf()');
    expect(result.status).to.equal('error');
    expect(result.stdout).to.equal('before\n');
    const error = result.error!;
    expect(error.type).to.equal('ZeroDivisionError');
    expect(error.line).to.equal(2);
    expect(error.traceback).to.match(/^Traceback \(most recent call last\):\n {2}File "main.py", line 5, in <module>/);
    expect(error.traceback).to.include('File "main.py", line 2, in f');
    expect(error.traceback.trimEnd().endsWith('ZeroDivisionError: division by zero')).to.equal(true);
    expect(error.traceback).not.to.include('_sandbox_runner');
    expect(await consoleText(el)).to.include('ZeroDivisionError: division by zero');
  });

  it('fires start → output → complete in order', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const seen = recordEvents(el);
    const result = await el.run('print("one")');
    expect(result.stdout).to.equal('one\n');
    expect(seen).to.deep.equal(['sandbox-start', 'sandbox-output', 'sandbox-complete']);
  });

  it('a timeout kills `while True: pass`, fires timeout before complete, and the next run works', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="500"></python-sandbox>`);
    const seen = recordEvents(el);
    const result = await el.run('print("looping", flush=True)\nwhile True: pass');
    expect(result.status).to.equal('timeout');
    expect(result.stdout).to.equal('looping\n');
    expect(seen).to.deep.equal(['sandbox-start', 'sandbox-output', 'sandbox-timeout', 'sandbox-complete']);
    expect(el.matches(':state(error)')).to.equal(true);
    const next = await el.run('print("next")');
    expect(next).to.include({ status: 'ok', stdout: 'next\n' });
  });

  it('stop() ends a running loop as stopped, keeps its output, and the next run works', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="0"></python-sandbox>`);
    const { printed, result } = runUntilOutput(el, 'print("spinning", flush=True)\nwhile True: pass');
    await printed;
    expect(el.running).to.equal(true);
    el.stop();
    expect(await result).to.include({ status: 'stopped', stdout: 'spinning\n' });
    expect(el.running).to.equal(false);
    expect((await el.run('print("after")')).stdout).to.equal('after\n');
  });

  it('input() reads the text given beforehand in stdin', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    el.stdin = 'Ada\nLovelace\n';
    const result = await el.run('first = input("first? ")\nlast = input()\nprint("hello", first, last)');
    expect(result).to.include({ status: 'ok', stdout: 'first? hello Ada Lovelace\n' });
  });

  it('interactive input(): a typed line where the engine can pause Python (JSPI), else end of file with a note', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const running = el.run('try:\n    print("got", input("Name? "))\nexcept EOFError:\n    print("eof")');
    if (typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function') {
      await waitUntil(() => el.shadowRoot!.querySelector('.console__input'), 'no input field', { timeout: 30000 });
      const field = el.shadowRoot!.querySelector<HTMLInputElement>('.console__input')!;
      field.value = 'Ada';
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
      expect(await running).to.include({ status: 'ok', stdout: 'Name? got Ada\n' });
    } else {
      const result = await running;
      expect(result.stdout).to.equal('Name? eof\n');
      expect(result.stderr).to.include('cannot pause Python');
    }
  });

  it('files are written into the working directory, and files the run writes come back', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    el.files = { 'data.txt': 'x', 'raw.bin': new Uint8Array([0, 255]) };
    const result = await el.run(
      'print(open("data.txt").read(), list(open("raw.bin", "rb").read()))\nopen("out.txt", "w").write("made")',
    );
    expect(result).to.include({ status: 'ok', stdout: 'x [0, 255]\n' });
    expect(Object.keys(result.files)).to.deep.equal(['out.txt']);
    expect(new TextDecoder().decode(result.files['out.txt'])).to.equal('made');
  });

  it('packages load before the run: a pure-Python one from the snapshot, one with a compiled part in each spare', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox index-url="/fixture-index/pyodide/" pool-size="1"
      packages="sandbox-fixture, sandbox-native-fixture" timeout="30000"></python-sandbox>`);
    const program = 'import sandbox_fixture, sandbox_native_fixture\nsandbox_fixture.hello("a"), sandbox_native_fixture.hello("b")';
    for (let run = 0; run < 2; run++) {
      const result = await el.run(program);
      expect(result, `run ${run}: ${result.error?.message}`).to.include({
        status: 'ok',
        result: "('hello a from sandbox_fixture', 'hello b from sandbox_native_fixture')",
      });
    }
  });

  it('keeps the console scrolled to the end of long output', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    expect((await el.run('for i in range(3000):\n    print("line", i)')).status).to.equal('ok');
    const log = el.shadowRoot!.querySelector('[role="log"]')!;
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 4,
      `the console is not at its end (scrollTop ${log.scrollTop}, scrollHeight ${log.scrollHeight})`, { timeout: 5000 });
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight * 10);
    expect(log.textContent).to.include('line 2999\n');
  });

  it('display() shows a picture in the console, in order with the text', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const svg = '<svg xmlns=\\"http://www.w3.org/2000/svg\\" width=\\"8\\" height=\\"8\\"/>';
    const result = await el.run(`class Dot:\n    def _repr_svg_(self): return "${svg}"\nprint("a")\ndisplay(Dot())\nprint("b")`);
    expect(result.status, result.error?.traceback).to.equal('ok');
    expect(result.outputs.map((output) => output.mime)).to.deep.equal(['image/svg+xml']);
    await el.updateComplete;
    const log = el.shadowRoot!.querySelector('[role="log"]')!;
    expect([...log.querySelectorAll('.console__block > *')].map((node) => node.tagName === 'IMG' ? 'img' : node.textContent).join('|')).to.equal('a\n|img|b\n');
  });

  it('setup runs hidden before the code, and the line numbers stay the code\'s own', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const setup = document.createElement('script');
    setup.type = 'text/x-python';
    setup.slot = 'setup';
    setup.textContent = 'print("hidden")\nfactor = 6\ndef scale(x):\n    return x * factor';
    el.append(setup);
    expect((await el.run('print(scale(7))')).stdout).to.equal('42\n');
    const failed = await el.run('x = 1\nscale(None)');
    expect(failed.error).to.include({ type: 'TypeError', line: 2 });
    expect(failed.error?.traceback).to.include('File "main.py", line 2');
  });

  it('a check judges the run: sandbox-check and the verdict in words, and a printed verdict counts for nothing', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox>
      <script type="text/x-python" slot="check">expect_output("42")\npassed("Right.")</script>
    </python-sandbox>`);
    const verdicts: boolean[] = [];
    el.addEventListener('sandbox-check', (event) => verdicts.push(event.passed));
    const faked = await el.run('import builtins\nbuiltins.len = lambda x: 0\nprint("PASSED")');
    expect(faked.check?.passed).to.equal(false);
    const passed = await el.run('print(6 * 7)');
    expect(passed.check).to.deep.equal({ passed: true, message: 'Right.' });
    expect(verdicts).to.deep.equal([false, true]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="verdict"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('✓ Passed Right.');
  });

  it('an error marks its line and columns in the editor, says so, and its traceback links to the line', async () => {
    const code = 'def f():\n    return 1 / 0\n\nprint("before")\nf()';
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    el.code = code;
    const result = await el.run();
    expect(result.error).to.include({ line: 2, column: 12, endLine: 2, endColumn: 17 });
    await el.updateComplete;
    const root = el.shadowRoot!;
    const field = root.querySelector('textarea')!;
    const style = getComputedStyle(field);
    const lineTop = (line: number) => field.getBoundingClientRect().top + parseFloat(style.paddingTop) + (line - 1) * parseFloat(style.lineHeight);
    const band = root.querySelector('.editor__mark-line')!;
    expect(band.getBoundingClientRect().top + band.clientTop, 'the band on line 2').to.be.closeTo(lineTop(2), 1);
    expect(root.querySelector('.editor__mark-glyph')!.getBoundingClientRect().top, 'the glyph on line 2').to.be.closeTo(lineTop(2), 1);
    const underline = root.querySelector('.editor__mark-range')!;
    expect(underline.textContent).to.equal('1 / 0');
    await waitUntil(() => root.querySelector('.editor--coloured'), 'the code is coloured', { timeout: 10000 });
    // The colour layer draws the editor's text: the underline starts under its "1" (the layer's first "1").
    const one = [...root.querySelectorAll('.editor__colours span')].find((span) => span.textContent === '1')!;
    expect(underline.getBoundingClientRect().left).to.be.closeTo(one.getBoundingClientRect().left, 1);
    expect(underline.getBoundingClientRect().top).to.be.closeTo(one.getBoundingClientRect().top, 1);
    expect(root.querySelector('[role="status"]')!.textContent).to.include('Error on line 2: ZeroDivisionError: division by zero');
    const link = [...root.querySelectorAll<HTMLButtonElement>('.console__line-link')].find((each) => each.textContent === 'File "main.py", line 5')!;
    link.click();
    expect(root.activeElement === field, 'the editor has the focus').to.equal(true);
    expect(field.selectionStart).to.equal(code.lastIndexOf('f()'));
  });

  describe('the isolation boundary', () => {
    const secret = `s${Math.random().toString(36).slice(2)}`;
    before(() => {
      document.cookie = `python_sandbox_engines=${secret}; path=/`;
      localStorage.setItem('python_sandbox_engines', secret);
      sessionStorage.setItem('python_sandbox_engines', secret);
    });
    after(() => {
      document.cookie = 'python_sandbox_engines=; path=/; max-age=0';
      localStorage.removeItem('python_sandbox_engines');
      sessionStorage.removeItem('python_sandbox_engines');
    });

    it("keeps the page's cookie and storage out of Python's reach", async () => {
      expect(document.cookie).to.include(secret); // the page itself can read them
      const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
      const probe = [
        'import js',
        'def attempt(label, get):',
        '    try:',
        '        print(label, "=", repr(str(get())))',
        '    except BaseException as error:',
        '        print(label, "!", type(error).__name__)',
        'def from_js(name):',
        '    exec(f"from js import {name} as found", scope := {})',
        '    return scope["found"]',
        'attempt("document.cookie", lambda: from_js("document").cookie)',
        'attempt("localStorage", lambda: from_js("localStorage").getItem("python_sandbox_engines"))',
        'attempt("sessionStorage", lambda: js.sessionStorage.getItem("python_sandbox_engines"))',
        'attempt("js.document.cookie", lambda: js.document.cookie)',
        'attempt("js.localStorage", lambda: js.localStorage.getItem("python_sandbox_engines"))',
        'attempt("parent.document", lambda: js.parent.document.cookie)',
        'attempt("opener", lambda: js.opener.document.cookie)',
        'attempt("origin", lambda: js.location.origin)',
      ].join('\n');
      const result = await el.run(probe);
      expect(result.status, result.error?.traceback).to.equal('ok');
      expect(result.stdout).not.to.include(secret);
      const seen = Object.fromEntries(result.stdout.trimEnd().split('\n').map((line) => line.split(/ [=!] /)));
      for (const name of ['document.cookie', 'localStorage', 'sessionStorage', 'js.document.cookie', 'js.localStorage',
        'parent.document', 'opener']) {
        expect(seen[name], `${name}: ${result.stdout}`).to.match(/^(AttributeError|ImportError|JsException|'None'|'')$/);
      }
      // The interpreters live in an opaque origin, not the page's.
      expect(seen.origin).to.equal("'null'");
    });

    it("fails a credentialed request to the page's origin with an error, never a hang", async () => {
      const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="10000"></python-sandbox>`);
      const url = new URL('/?python-sandbox-engines-probe', location.href).href;
      const result = await el.run([
        'import js',
        'from pyodide.ffi import to_js',
        'try:',
        `    response = await js.fetch(${JSON.stringify(url)}, to_js({"credentials": "include"}, dict_converter=js.Object.fromEntries))`,
        '    print("reached", response.status, await response.text())',
        'except Exception as error:',
        '    print("refused", type(error).__name__)',
      ].join('\n'));
      // A timeout here means the failed request never settled in Python: the run waited for its deadline.
      expect(result.status, result.error?.traceback).to.equal('ok');
      expect(result.stdout).to.match(/^refused /);
      expect(result.stdout).not.to.include(secret);
    });
  });
});
