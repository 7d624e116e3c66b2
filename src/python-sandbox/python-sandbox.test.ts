import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../test/wait-until.ts';
import '../define.ts';
import type { SandboxCompleteEvent } from '../events/sandbox-complete.ts';
import { PythonSandbox } from './python-sandbox.ts';
import { rendered } from '../../test/rendered.ts';
import { pngClass } from '../../test/png.ts';

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
      const { result } = (await done) as unknown as SandboxCompleteEvent;
      expect(result.stdout).to.equal('Hello\n');
      expect(seen).to.deep.equal(['sandbox-start', 'sandbox-output', 'sandbox-complete']);
    });

    it('says there is no code to run for empty code, boots nothing, and resolves ok with no output', async () => {
      const frames = watchFrames();
      const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none">
      </python-sandbox>`);
      const seen: string[] = [];
      for (const type of ['sandbox-start', 'sandbox-complete'] as const) el.addEventListener(type, () => seen.push(type));
      const result = await el.run();
      expect(result).to.include({ status: 'ok', stdout: '', stderr: '', truncated: false });
      expect(seen).to.deep.equal(['sandbox-start', 'sandbox-complete']);
      expect((await el.run('  \n\t')).status).to.equal('ok');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role="log"]')!.textContent).to.equal('No code to run.');
      expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('No code to run');
      expect(el.matches(':state(error)')).to.equal(false);
      await nextFrame();
      expect(frames.added, 'no interpreter started').to.equal(0);
      frames.stop();
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

/** Counts the isolation frames (one per pool) added to the page while it watches. */
function watchFrames(): { readonly added: number; stop(): void } {
  let added = 0;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      added += [...record.addedNodes].filter((node) => node instanceof HTMLIFrameElement && node.hasAttribute('data-python-sandbox-frame')).length;
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  return { get added() { return added; }, stop: () => observer.disconnect() };
}
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('<python-sandbox> attributes', () => {
  let warnings: unknown[][];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  it('parses timeout, and warns and falls back to 5000 on a bad value', async () => {
    const good = await fixture<PythonSandbox>(html`<python-sandbox preload="none" timeout="1500"></python-sandbox>`);
    expect(good.timeout).to.equal(1500);
    const bad = await fixture<PythonSandbox>(html`<python-sandbox preload="none" timeout="soon"></python-sandbox>`);
    expect(bad.timeout).to.equal(5000);
    expect(String(warnings[0]?.[0])).to.include('timeout="soon"');
    const negative = await fixture<PythonSandbox>(html`<python-sandbox preload="none" timeout="-5"></python-sandbox>`);
    expect(negative.timeout).to.equal(5000);
  });

  it('warns about bad preload, pool-size, memory-limit and output-limit values, naming each', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="later" pool-size="0" memory-limit="1"
      output-limit="x"></python-sandbox>`);
    expect(el.preload).to.equal('visible');
    expect(el.poolSize).to.equal(undefined);
    expect(el.memoryLimit).to.equal(undefined);
    expect(el.outputLimit).to.equal(undefined);
    const text = warnings.map((args) => String(args[0])).join('\n');
    for (const name of ['preload="later"', 'pool-size="0"', 'memory-limit="1"', 'output-limit="x"']) expect(text).to.include(name);
  });

  it('readonly makes the editor read-only and label names it', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none" readonly label="Example 1">print(1)</python-sandbox>`);
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    expect(textarea.readOnly).to.equal(true);
    expect(textarea.getAttribute('aria-label')).to.equal('Example 1');
  });

  it('warns and keeps working when code is set to a non-string', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none"></python-sandbox>`);
    (el as unknown as { code: unknown }).code = 42;
    await el.updateComplete;
    expect(el.code).to.equal('');
    expect(String(warnings[0]?.[0])).to.include('code must be a string');
    let error: unknown;
    await el.run(42 as unknown as string).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(TypeError);
  });

  it('is accessible', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none" label="Accessible example">print("hi")</python-sandbox>`);
    await expect(el).to.be.accessible();
  });
});

describe('<python-sandbox> keyboard', () => {
  async function editor(code: string) {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none"></python-sandbox>`);
    el.code = code;
    await el.updateComplete;
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    textarea.focus();
    return { el, textarea };
  }
  const key = (target: HTMLElement, init: KeyboardEventInit) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init }));

  it('Tab indents the selected lines and Shift+Tab dedents them', async () => {
    const { el, textarea } = await editor('a = 1\nb = 2');
    textarea.setSelectionRange(0, textarea.value.length);
    key(textarea, { key: 'Tab' });
    expect(el.code).to.equal('    a = 1\n    b = 2');
    textarea.setSelectionRange(0, textarea.value.length);
    key(textarea, { key: 'Tab', shiftKey: true });
    expect(el.code).to.equal('a = 1\nb = 2');
  });

  it('Enter keeps the indentation and adds a level after a colon', async () => {
    const { el, textarea } = await editor('if x:');
    textarea.setSelectionRange(5, 5);
    key(textarea, { key: 'Enter' });
    expect(el.code).to.equal('if x:\n    ');
    key(textarea, { key: 'Enter' });
    expect(el.code).to.equal('if x:\n    \n    ');
  });

  it('Escape releases Tab so keyboard users can leave the editor', async () => {
    const { el, textarea } = await editor('x = 1');
    key(textarea, { key: 'Escape' });
    const allowed = key(textarea, { key: 'Tab' });
    expect(allowed).to.equal(true); // not prevented: the browser moves focus
    expect(el.code).to.equal('x = 1');
  });

  it('Ctrl+Enter runs the code', async () => {
    const { el, textarea } = await editor('print("from the keyboard")');
    const done = oneEvent(el, 'sandbox-complete');
    key(textarea, { key: 'Enter', ctrlKey: true });
    const { result } = (await done) as unknown as SandboxCompleteEvent;
    expect(result.stdout).to.equal('from the keyboard\n');
  });
});

describe('<python-sandbox> lifecycle', () => {
  it('fires start → output → timeout → complete for a run that times out, and shows it', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="300"></python-sandbox>`);
    const seen: string[] = [];
    for (const type of ['sandbox-start', 'sandbox-output', 'sandbox-timeout', 'sandbox-complete'] as const) {
      el.addEventListener(type, () => seen.push(type));
    }
    const result = await el.run('print("before", flush=True)\nwhile True: pass');
    expect(result.status).to.equal('timeout');
    expect(seen).to.deep.equal(['sandbox-start', 'sandbox-output', 'sandbox-timeout', 'sandbox-complete']);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.include('Timed out after 300 ms');
    expect(el.matches(':state(error)')).to.equal(true);
    expect((await el.run('print("next")')).stdout).to.equal('next\n');
    expect(el.matches(':state(error)')).to.equal(false);
  });

  it('stop() ends a running run as stopped and the Run button shows Stop meanwhile', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="0"></python-sandbox>`);
    const running = el.run('while True: pass');
    await el.updateComplete;
    expect(el.running).to.equal(true);
    expect(el.matches(':state(running)')).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="run-button"]')!.textContent).to.equal('Stop');
    el.stop();
    const result = await running;
    expect(result.status).to.equal('stopped');
    await el.updateComplete;
    expect(el.running).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="run-button"]')!.textContent).to.equal('Run');
  });

  it('reset() puts the original code back and clear() empties the console', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox>print("original")</python-sandbox>`);
    await el.run();
    el.code = 'print("edited")';
    el.reset();
    expect(el.code).to.equal('print("original")');
    await el.run();
    el.clear();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="log"]')!.textContent).to.equal('');
  });

  it('session cells share state, other elements do not, and reset() forgets it', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <python-sandbox session="cells-a"></python-sandbox>
      <python-sandbox session="cells-a"></python-sandbox>
      <python-sandbox session="cells-b"></python-sandbox>
      <python-sandbox></python-sandbox>
    </div>`);
    await rendered(wrapper);
    const [first, second, other, plain] = [...wrapper.querySelectorAll<PythonSandbox>('python-sandbox')];
    await first.run('shared = 41');
    expect((await second.run('shared + 1')).result).to.equal('42');
    expect((await other.run('shared')).error?.type).to.equal('NameError');
    expect((await plain.run('shared')).error?.type).to.equal('NameError');
    second.reset();
    expect((await first.run('shared')).error?.type).to.equal('NameError');
  });

  it('autorun runs once the pool is ready', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox autorun>print("auto")</python-sandbox>`);
    const { result } = (await oneEvent(el, 'sandbox-complete')) as unknown as SandboxCompleteEvent;
    expect(result.stdout).to.equal('auto\n');
  });

  it('colours the code with the lazily loaded highlighter', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none">def f(): return "s"  # note</python-sandbox>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.tok-keyword'), 'highlighter did not colour the code');
    expect(el.shadowRoot!.querySelector('.tok-string')!.textContent).to.equal('"s"');
    expect(el.shadowRoot!.querySelector('.tok-comment')!.textContent).to.equal('# note');
  });
});

describe('<python-sandbox> pools', () => {
  it('preload="visible" does not boot before the element is near the viewport', async () => {
    const frames = watchFrames();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <div style="height: 6000px"></div>
      <python-sandbox output-limit="777001"></python-sandbox>
    </div>`);
    await rendered(wrapper);
    const el = wrapper.querySelector<PythonSandbox>('python-sandbox')!;
    for (let i = 0; i < 10; i++) await nextFrame();
    expect(frames.added).to.equal(0);
    el.scrollIntoView();
    await oneEvent(el, 'sandbox-ready');
    expect(frames.added).to.equal(1);
    frames.stop();
  });

  it('20 elements with the same settings share one pool', async () => {
    const frames = watchFrames();
    const wrapper = await fixture<HTMLElement>(html`<div>${Array.from({ length: 20 }, () =>
      html`<python-sandbox preload="eager" output-limit="777002" pool-size="2" timeout="30000">print(1)</python-sandbox>`)}</div>`);
    await rendered(wrapper);
    const elements = [...wrapper.querySelectorAll<PythonSandbox>('python-sandbox')];
    await Promise.all(elements.map((el) => oneEvent(el, 'sandbox-ready')));
    expect(frames.added).to.equal(1);
    const results = await Promise.all(elements.map((el) => el.run()));
    expect(results.map((result) => result.stdout)).to.deep.equal(Array(20).fill('1\n'));
    expect(frames.added).to.equal(1);
    frames.stop();
  });
});

describe('<python-sandbox> console', () => {
  const nextFrames = async () => {
    for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
  };
  const atEnd = (log: Element) => log.scrollHeight - log.scrollTop - log.clientHeight < 4;

  /** Waits for the program to ask for a line, then sends it. */
  async function answer(el: PythonSandbox, line: string) {
    await waitUntil(() => el.shadowRoot!.querySelector('.console__input'), 'no input field', { timeout: 30000 });
    const field = el.shadowRoot!.querySelector<HTMLInputElement>('.console__input')!;
    field.value = line;
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
  }

  it('keeps to the end of the output as it arrives until the user scrolls up, and again once back at the end', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const log = el.shadowRoot!.querySelector('.console')!;
    const lines = 'for i in range(300):\n    print("line", i)\n';
    const running = el.run(`${lines}input("a? ")\n${lines}input("b? ")\n${lines}print("end")`);
    await waitUntil(() => el.shadowRoot!.querySelector('.console__input'), 'no input field', { timeout: 30000 });
    await nextFrames();
    expect(log.scrollHeight, 'the console scrolls').to.be.greaterThan(log.clientHeight * 3);
    expect(atEnd(log), 'at the end with the first 300 lines').to.equal(true);

    log.dispatchEvent(new WheelEvent('wheel', { deltaY: -1000, bubbles: true })); // the user scrolls up to read
    log.scrollTop = 0;
    await oneEvent(log, 'scroll');
    await answer(el, 'x');
    await waitUntil(() => el.shadowRoot!.querySelector('.console__input') && log.textContent!.includes('b? '), 'no second prompt');
    await nextFrames();
    expect(log.scrollTop, 'left where the user scrolled to').to.equal(0);

    log.dispatchEvent(new WheelEvent('wheel', { deltaY: 1000, bubbles: true })); // and back to the end
    log.scrollTop = log.scrollHeight;
    await oneEvent(log, 'scroll');
    await answer(el, 'y');
    expect((await running).status).to.equal('ok');
    await nextFrames();
    expect(atEnd(log), 'following again').to.equal(true);
    expect(log.textContent).to.include('end\n');
  });

  it('keeps the last 200 000 characters, in blocks of whole lines, and says how many earlier ones it hid', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const result = await el.run('for i in range(3000):\n    print(f"{i:>99}")'); // 3000 lines of 100 characters
    expect(result.stdout.length).to.equal(300_000);
    await el.updateComplete;
    const blocks = [...el.shadowRoot!.querySelectorAll('.console__block')];
    const shown = blocks.map((block) => block.textContent).join('');
    expect(blocks.length).to.be.greaterThan(50);
    expect(shown.length).to.be.within(190_000, 200_000);
    expect(result.stdout.endsWith(shown)).to.equal(true);
    blocks.forEach((block) => expect(block.textContent!.endsWith('\n')).to.equal(true));
    const hidden = el.shadowRoot!.querySelector('.console__hidden')!.textContent!;
    expect(hidden).to.equal(`${(300_000 - shown.length).toLocaleString()} earlier characters hidden`);
    const log = el.shadowRoot!.querySelector('.console')!;
    await nextFrames();
    expect(atEnd(log), 'still at the end after blocks were dropped from the front').to.equal(true);
  });

  it('updates a progress line written with carriage returns in place; the result keeps what was printed', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const result = await el.run('import time\nfor i in range(0, 101, 25):\n    print(f"\\r{i:3}%", end="")\n    time.sleep(0.05)\nprint(" done")');
    expect(result.stdout).to.equal('\r  0%\r 25%\r 50%\r 75%\r100% done\n');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.console__lines')!.textContent).to.equal('100% done\n');
  });

  it('shows a placeholder only while there is nothing to show', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const lines = el.shadowRoot!.querySelector('.console__lines')!;
    const placeholder = () => getComputedStyle(lines, '::before').content;
    expect(placeholder()).to.equal('"Output appears here"');
    await el.run('print(1)');
    await el.updateComplete;
    expect(placeholder()).to.equal('none');
    el.clear();
    await el.updateComplete;
    expect(placeholder()).to.equal('"Output appears here"');
  });
});

describe('<python-sandbox> input()', () => {
  /** Waits for the console's text field, types `line` into it and presses Enter. */
  async function type(el: PythonSandbox, line: string) {
    await waitUntil(() => el.shadowRoot!.querySelector('.console__input'), 'no input field', { timeout: 30000 });
    const field = el.shadowRoot!.querySelector<HTMLInputElement>('.console__input')!;
    expect(el.shadowRoot!.activeElement, 'the field has focus').to.equal(field);
    field.value = line;
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
  }

  it('shows the prompt and a text field; Enter sends each line to Python, which goes on', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000"></python-sandbox>`);
    const running = el.run('name = input("Name? ")\nage = input("Age? ")\nprint(f"{name} is {age}")');
    await type(el, 'Ada');
    await type(el, '36');
    const result = await running;
    expect(result).to.include({ status: 'ok', stdout: 'Name? Age? Ada is 36\n' });
    await el.updateComplete;
    const spans = [...el.shadowRoot!.querySelectorAll('.console span')].map((span) => [span.className, span.textContent]);
    expect(spans).to.deep.equal([
      ['console__stdout', 'Name? '],
      ['console__stdin', 'Ada\n'],
      ['console__stdout', 'Age? '],
      ['console__stdin', '36\n'],
      ['console__stdout', 'Ada is 36\n'],
    ]);
    expect(el.shadowRoot!.querySelector('.console__input')).to.equal(null);
  });

  it('does not count the time spent waiting for the user against the timeout', async () => {
    // The control: the same run with the line typed at once. The deadline is well above what it takes, the wait
    // well above the deadline, whatever the machine's load.
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000"></python-sandbox>`);
    const control = el.run('print("got", input())');
    await type(el, 'at once');
    const { durationMs } = await control;
    el.timeout = Math.max(300, Math.ceil(10 * durationMs));
    const running = el.run('print("got", input())');
    await waitUntil(() => el.shadowRoot!.querySelector('.console__input'), 'no input field', { timeout: 30000 });
    await new Promise((resolve) => setTimeout(resolve, 3 * el.timeout));
    await type(el, 'late');
    expect(await running).to.include({ status: 'ok', stdout: 'got late\n' });
  });

  it('Stop works while the program waits, and removes the field', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000"></python-sandbox>`);
    const running = el.run('input("? ")');
    await waitUntil(() => el.shadowRoot!.querySelector('.console__input'), 'no input field', { timeout: 30000 });
    el.stop();
    expect((await running).status).to.equal('stopped');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.console__input')).to.equal(null);
  });

  it('reads a <script type="text/plain" slot="stdin"> child first', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox timeout="30000">
      <script type="text/x-python">print(input() + input())</script>
      <script type="text/plain" slot="stdin">
        fizz
        buzz
      </script>
    </python-sandbox>`);
    expect(el.stdin).to.equal('fizz\nbuzz\n');
    expect((await el.run()).stdout).to.equal('fizzbuzz\n');
  });
});

describe('<python-sandbox> rich output', () => {
  const dotClass = pngClass('Dot', 1, 1, [0x00, 0x80, 0xff]);

  it('shows a displayed image between the text around it, and fires sandbox-output with its mime type', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const mimes: string[] = [];
    el.addEventListener('sandbox-output', (event) => mimes.push(event.mime));
    await el.run(dotClass + 'print("above")\ndisplay(Dot())\nprint("below")');
    await el.updateComplete;
    const log = el.shadowRoot!.querySelector('[role="log"]')!;
    expect([...log.querySelectorAll('.console__block > *')].map((child) => child.className))
      .to.deep.equal(['console__stdout', 'console__image', 'console__stdout']);
    const img = log.querySelector<HTMLImageElement>('img')!;
    await img.decode();
    expect(img.naturalWidth).to.equal(1);
    expect(mimes).to.deep.equal(['text/plain', 'image/png', 'text/plain']);
  });

  it('renders HTML in a sandboxed frame where its scripts and handlers do not run, fitted to its height', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const heard: unknown[] = [];
    const listen = (event: MessageEvent) => typeof event.data === 'string' && heard.push(event.data);
    window.addEventListener('message', listen);
    const payload = '<div style="height:300px">tall</div><script>parent.postMessage("script ran", "*")</script>' +
      '<img src=x onerror="parent.postMessage(\'onerror ran\', \'*\')">';
    await el.run(`class Page:\n    def _repr_html_(self): return ${JSON.stringify(payload)}\nPage()`);
    await el.updateComplete;
    const frame = el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe.console__html')!;
    expect(frame.getAttribute('sandbox')).to.equal('allow-scripts');
    await waitUntil(() => parseInt(frame.style.height, 10) >= 300, 'the frame was not fitted to its content', { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    window.removeEventListener('message', listen);
    expect(heard).to.deep.equal([]);
  });

  it('shows SVG as an image, where its scripts cannot run', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox></python-sandbox>`);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="parent.postMessage(1, \'*\')">' +
      '<script>parent.postMessage(2, "*")</script><rect width="10" height="10"/></svg>';
    await el.run(`class Pic:\n    def _repr_svg_(self): return ${JSON.stringify(svg)}\ndisplay(Pic())`);
    await el.updateComplete;
    const img = el.shadowRoot!.querySelector<HTMLImageElement>('img.console__image')!;
    await img.decode();
    expect(img.naturalWidth).to.equal(10);
    expect(el.shadowRoot!.querySelector('svg, script')).to.equal(null);
  });
});

describe('<python-sandbox> packages', () => {
  it('loads the packages attribute before the run and says so while loading', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox index-url="/fixture-index/pyodide/" packages="sandbox-fixture"
      preload="none">import sandbox_fixture
print(sandbox_fixture.hello())</python-sandbox>`);
    expect(el.packages).to.deep.equal(['sandbox-fixture']);
    const running = el.run();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.include('Loading Python and sandbox-fixture');
    expect((await running).stdout).to.equal('hello world from sandbox_fixture\n');
  });

  it('shows a PackageError in the console when a package cannot be loaded, and warns about bad entries', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    const el = await fixture<PythonSandbox>(html`<python-sandbox index-url="/fixture-index/pyodide/"
      packages="no-such-package, bad;name">print(1)</python-sandbox>`);
    console.warn = warn;
    expect(warnings.join()).to.include('"bad;name" is not a package name');
    const result = await el.run();
    expect(result.error?.type).to.equal('PackageError');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.console__stderr')!.textContent).to.include('PackageError');
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.include('PackageError');
  });
});

describe('<python-sandbox> without Python', () => {
  it('says Python could not be started, and where it looked, when index-url holds no Pyodide', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox index-url="/no-pyodide-here/" preload="none">print(1)</python-sandbox>`);
    const result = await el.run();
    expect(result).to.include({ status: 'crashed' });
    expect(result.error?.type).to.equal('BootError');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('Python could not be started');
    expect(el.shadowRoot!.querySelector('.console__stderr')!.textContent).to.include('/no-pyodide-here/pyodide.mjs: HTTP 404');
  });
});

describe('<python-sandbox> pool attributes applied', () => {
  it('output-limit caps what a run keeps and memory-limit gives MemoryError past it', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox output-limit="100" memory-limit="128" pool-size="1"></python-sandbox>`);
    const flood = await el.run('for i in range(1000):\n    print(i)');
    expect(flood.truncated).to.equal(true);
    expect(flood.stdout.length).to.equal(100);
    const bomb = await el.run('x = bytearray(200 * 1024 * 1024)');
    expect(bomb.error?.type).to.equal('MemoryError');
    expect((await el.run('y = bytearray(40 * 1024 * 1024)\nprint("fits")')).stdout).to.equal('fits\n');
  });
});

describe('<python-sandbox> running', () => {
  it('is read-only', async () => {
    const el = await fixture<PythonSandbox>(html`<python-sandbox preload="none"></python-sandbox>`);
    expect(() => ((el as unknown as { running: boolean }).running = true)).to.throw(TypeError);
    expect(el.running).to.equal(false);
  });
});

describe('<python-sandbox> configure()', () => {
  it('applies to eager elements upgraded earlier in the same script, as after `import define.js`', async () => {
    const { configure, leasePool } = await import('../index.ts');
    const fixtureIndex = new URL('/fixture-index/pyodide/', location.href).href;
    const frames = watchFrames();
    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<python-sandbox preload="eager" pool-size="1" output-limit="777003">print(1)</python-sandbox>';
    document.body.append(wrapper); // upgraded and connected synchronously
    configure({ indexURL: fixtureIndex });
    try {
      const el = wrapper.querySelector<PythonSandbox>('python-sandbox')!;
      await oneEvent(el, 'sandbox-ready');
      // The same settings as the element, with the configured folder: the element's own pool, if configure() applied.
      const lease = leasePool({ size: 1, outputLimit: 777003 });
      expect(lease.pool.indexURL).to.equal(fixtureIndex);
      await nextFrame();
      expect(frames.added, 'pools (one frame each) made').to.equal(1);
      lease.release();
    } finally {
      frames.stop();
      configure({ indexURL: new URL('../runtime/pyodide/', import.meta.url).href });
      wrapper.remove();
    }
  });
});
