import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import type { PythonSandbox } from './python-sandbox.ts';

async function sandbox(code: string, files?: Record<string, string>): Promise<PythonSandbox> {
  const el = await fixture<PythonSandbox>(html`<python-sandbox preload="eager"></python-sandbox>`);
  el.code = code;
  if (files) el.files = files;
  await el.updateComplete;
  return el;
}

const part = <T extends Element = HTMLElement>(el: PythonSandbox, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const textarea = (el: PythonSandbox) => part<HTMLTextAreaElement>(el, 'textarea')!;
const links = (el: PythonSandbox) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.console__line-link')];

/** The 1-based line the mark's band is drawn over, measured against the textarea's own lines. */
function markedLine(el: PythonSandbox): number | undefined {
  const band = part(el, '.editor__mark-line');
  if (!band) return undefined;
  const field = textarea(el);
  const style = getComputedStyle(field);
  const firstLineTop = field.getBoundingClientRect().top + parseFloat(style.paddingTop) - field.scrollTop;
  const bandTop = band.getBoundingClientRect().top + band.clientTop; // inside its line above
  const line = (bandTop - firstLineTop) / parseFloat(style.lineHeight) + 1;
  expect(Math.abs(line - Math.round(line)), 'the band sits on a line').to.be.below(0.05);
  expect(part(el, '.editor__mark-glyph')?.getBoundingClientRect().top, 'the gutter glyph on the same line').to.be.closeTo(bandTop, 1);
  return Math.round(line);
}

const marked = (el: PythonSandbox) => part(el, '.editor__mark-range')?.textContent;
const statusText = (el: PythonSandbox) => part(el, '[role="status"]')!.textContent!;

describe('<python-sandbox> error mark', () => {
  it('marks the line and the name of a NameError, and announces it', async () => {
    const el = await sandbox('x = 1\nprint(x)\ny = missing + 1\nprint(y)');
    const result = await el.run();
    await el.updateComplete;
    expect(result.error).to.include({ line: 3, column: 5, endLine: 3, endColumn: 12 });
    expect(markedLine(el)).to.equal(3);
    expect(marked(el)).to.equal('missing');
    expect(part(el, '.editor__mark-glyph')!.textContent).to.equal('✕');
    expect(statusText(el)).to.include("Error on line 3: NameError: name 'missing' is not defined");
    const description = part(el, `#${textarea(el).getAttribute('aria-describedby')}`);
    expect(description?.textContent).to.include('Error on line 3: NameError');
    expect(description?.closest('[role="status"]'), 'announced by the status line').to.not.equal(null);
  });

  it('marks the line and column range of a SyntaxError, under the same characters as the editor shows', async () => {
    const el = await sandbox('print("fine")\nx = = 2\nprint("never")');
    const result = await el.run();
    await el.updateComplete;
    expect(result.error).to.include({ type: 'SyntaxError', line: 2, column: 5, endColumn: 6 });
    expect(markedLine(el)).to.equal(2);
    expect(marked(el)).to.equal('=');
    expect(statusText(el)).to.include('Error on line 2: SyntaxError: invalid syntax');
    await waitForColours(el);
    // The colour layer draws the editor's text: the underline must sit under its second "=" (offset 18 of the code).
    const colours = part(el, '.editor__colours')!;
    const range = document.createRange();
    const [node, offset] = textAt(colours, 18);
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    const expected = range.getBoundingClientRect();
    const underline = part(el, '.editor__mark-range')!.getBoundingClientRect();
    expect(underline.left).to.be.closeTo(expected.left, 0.5);
    expect(underline.top).to.be.closeTo(expected.top, 0.5);
  });

  it('marks the innermost line of main.py for an error inside a function called from it', async () => {
    const el = await sandbox('def f():\n    return 1 / 0\n\nf()');
    await el.run();
    await el.updateComplete;
    expect(markedLine(el)).to.equal(2);
    expect(marked(el)).to.equal('1 / 0');
  });

  it('marks the line of main.py that called into an imported file where the error is', async () => {
    const el = await sandbox('import helper\nprint("calling")\nhelper.boom()', { 'helper.py': 'def boom():\n    return 1 / 0\n' });
    const result = await el.run();
    await el.updateComplete;
    expect(result.error?.traceback).to.include('helper.py');
    expect(markedLine(el)).to.equal(3);
    expect(marked(el)).to.equal('helper.boom()');
    expect(links(el).map((link) => link.textContent), 'no link to the other file').to.deep.equal(['File "main.py", line 3']);
  });

  it('an edit takes the mark away, and so does the next run', async () => {
    const el = await sandbox('a = 1\nb = missing');
    await el.run();
    await el.updateComplete;
    expect(markedLine(el)).to.equal(2);
    const field = textarea(el);
    field.focus();
    field.setSelectionRange(0, 0);
    document.execCommand('insertText', false, '# ');
    await el.updateComplete;
    expect(el.code).to.equal('# a = 1\nb = missing');
    expect(markedLine(el)).to.equal(undefined);
    expect(statusText(el)).to.not.include('Error on line');
    expect(field.hasAttribute('aria-describedby')).to.equal(false);

    await el.run();
    await el.updateComplete;
    expect(markedLine(el)).to.equal(2);
    const next = el.run('print("ok")');
    await el.updateComplete;
    expect(markedLine(el), 'gone as soon as the next run starts').to.equal(undefined);
    expect((await next).status).to.equal('ok');
    await el.updateComplete;
    expect(markedLine(el)).to.equal(undefined);
  });

  it('marks nothing and links nothing for a run of code other than the editor\'s', async () => {
    const el = await sandbox('print("the editor\'s code")\nprint("has two lines")');
    const result = await el.run('x = 1\ny = missing');
    await el.updateComplete;
    expect(result.error?.line).to.equal(2);
    expect(markedLine(el)).to.equal(undefined);
    expect(links(el)).to.have.length(0);
    expect(part(el, '[role="log"]')!.textContent).to.include('File "main.py", line 2');
  });
});

describe('<python-sandbox> traceback links', () => {
  it('clicking File "main.py", line N puts the focused editor\'s caret on line N (at the error\'s column on its line)', async () => {
    const code = 'def f():\n    return 1 / 0\n\nprint("before")\nf()';
    const el = await sandbox(code);
    await el.run();
    await el.updateComplete;
    const [outer, inner] = links(el);
    expect([outer.textContent, inner.textContent]).to.deep.equal(['File "main.py", line 5', 'File "main.py", line 2']);
    expect(outer.tagName).to.equal('BUTTON');
    await expect(el).to.be.accessible();
    outer.click();
    expect(el.shadowRoot!.activeElement === textarea(el), 'the editor has the focus').to.equal(true);
    expect(textarea(el).selectionStart).to.equal(code.lastIndexOf('f()'));
    inner.click();
    expect(textarea(el).selectionStart).to.equal(code.indexOf('1 / 0'));

    // From the keyboard: the link is a button in the tab order, and Enter follows it.
    inner.focus();
    expect(el.shadowRoot!.activeElement === inner, 'the link has the focus').to.equal(true);
    textarea(el).setSelectionRange(0, 0);
    await sendKeys({ press: 'Enter' });
    expect(el.shadowRoot!.activeElement === textarea(el), 'the editor has the focus').to.equal(true);
    expect(textarea(el).selectionStart).to.equal(code.indexOf('1 / 0'));
  });

  it('leaves text the program printed that looks like a traceback, and its own message, as text', async () => {
    const fake = 'Traceback (most recent call last):\\n  File \\"main.py\\", line 1, in <module>\\n';
    const el = await sandbox(`import sys\nprint("${fake}")\nprint("${fake}", file=sys.stderr)\n` +
      'raise ValueError("look:\\n  File \\"main.py\\", line 1, in <module>")');
    const result = await el.run();
    await el.updateComplete;
    expect(result.stdout + result.stderr).to.include('File "main.py", line 1, in <module>');
    expect(links(el).map((link) => link.textContent)).to.deep.equal(['File "main.py", line 4']);
    const log = part(el, '[role="log"]')!.textContent!;
    expect(log.match(/File "main.py", line 1, in <module>/g), 'all three fakes shown as text').to.have.length(3);
  });

  it('keeps the underline under its text when the editor scrolls sideways to a long line\'s error', async () => {
    const code = `x = 1\ny = "${'a'.repeat(300)}" + missing`;
    const el = await sandbox(code);
    el.style.width = '400px';
    await el.run();
    await el.updateComplete;
    await waitForColours(el);
    links(el).find((each) => each.textContent === 'File "main.py", line 2')!.click();
    const field = textarea(el);
    await new Promise((resolve) => requestAnimationFrame(resolve)); // the scroll event, and the layers following it
    expect(field.scrollLeft, 'the textarea scrolled to the caret').to.be.above(1000);
    const range = document.createRange();
    const [node, offset] = textAt(part(el, '.editor__colours')!, code.indexOf('missing'));
    range.setStart(node, offset);
    range.setEnd(node, offset + 'missing'.length);
    const expected = range.getBoundingClientRect();
    const underline = part(el, '.editor__mark-range')!.getBoundingClientRect();
    expect(underline.left).to.be.closeTo(expected.left, 0.5);
    expect(underline.width).to.be.closeTo(expected.width, 0.5);
    const band = part(el, '.editor__mark-line')!.getBoundingClientRect();
    const area = part(el, '.editor__area')!.getBoundingClientRect();
    expect(band.left <= area.left && band.right >= area.right, 'the band spans the visible width').to.equal(true);
  });

  it('scrolls a line far down a long program into view, and marks it though only lines near the view are coloured', async function () {
    const lines = Array.from({ length: 3000 }, (_, n) => `value_${n} = ${n}`);
    lines[2899] = 'value_2899 = missing_name';
    const code = lines.join('\n');
    const el = await sandbox(code);
    await el.run();
    await el.updateComplete;
    window.scrollTo(0, 0);
    const field = textarea(el);
    expect(markedLine(el)).to.equal(2900);
    expect(marked(el)).to.equal('missing_name');
    const link = links(el).find((each) => each.textContent === 'File "main.py", line 2900')!;
    link.click();
    expect(field.selectionStart).to.equal(code.indexOf('missing_name'));
    const style = getComputedStyle(field);
    const lineTop = field.getBoundingClientRect().top + parseFloat(style.paddingTop) + 2899 * parseFloat(style.lineHeight);
    expect(lineTop, 'the line is on screen').to.be.within(0, innerHeight - parseFloat(style.lineHeight));
    const band = part(el, '.editor__mark-line')!;
    expect(band.getBoundingClientRect().top + band.clientTop).to.be.closeTo(lineTop, 0.5);
  });
});

/** Waits until the colour layer draws the code (the highlighter loads lazily). */
async function waitForColours(el: PythonSandbox): Promise<void> {
  for (let tries = 0; !part(el, '.editor--coloured') && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await el.updateComplete;
  }
  expect(part(el, '.editor--coloured'), 'the code is coloured').to.not.equal(null);
}

/** The text node and offset in it at character `index` of `root`'s text. */
function textAt(root: Node, index: number): [Text, number] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let left = index;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (left < node.length) return [node, left];
    left -= node.length;
  }
  throw new Error(`no character ${index}`);
}
