import { expect } from '@open-wc/testing';
import type { DisplayOutput } from '../runtime/types.ts';
import { BLOCK_CHARS, BLOCK_CHARS_HARD, ConsoleBuffer, MAX_CHARS, MAX_DISPLAYS } from './console-buffer.ts';
import { FrameBudget, MAX_LIVE_FRAMES } from './display-budget.ts';

/** Decides each display at once, as if the page's queue always had time. */
const atOnce = { run: (job: () => void) => void job() };

const nextFrame = () => new Promise(requestAnimationFrame);
const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}\n`).join('');
const blockText = (buffer: ConsoleBuffer, index: number) => buffer.blocks[index].chunks.map((chunk) => chunk.text).join('');

describe('ConsoleBuffer', () => {
  it('keeps what was appended, in order, merged per stream', () => {
    const buffer = new ConsoleBuffer(() => {});
    buffer.append('stdout', 'a');
    buffer.append('stdout', 'b\n');
    buffer.append('stderr', 'oops\n');
    buffer.append('stdout', 'c\n');
    expect(buffer.text()).to.equal('ab\noops\nc\n');
    expect(buffer.blocks).to.have.length(1);
    expect(buffer.blocks[0].chunks.map((chunk) => [chunk.stream, chunk.text]))
      .to.deep.equal([['stdout', 'ab\n'], ['stderr', 'oops\n'], ['stdout', 'c\n']]);
  });

  it('cuts output into blocks of whole lines, whatever the batches, and counts their lines', () => {
    const buffer = new ConsoleBuffer(() => {});
    const text = lines(0, 3000);
    for (let at = 0; at < text.length; at += 777) buffer.append('stdout', text.slice(at, at + 777));
    expect(buffer.text()).to.equal(text);
    expect(buffer.blocks.length).to.be.greaterThan(text.length / (BLOCK_CHARS + 20) - 1);
    buffer.blocks.slice(0, -1).forEach((block, index) => {
      const own = blockText(buffer, index);
      expect(own.endsWith('\n'), `block ${index} ends a line`).to.equal(true);
      expect(own.length).to.be.within(BLOCK_CHARS, BLOCK_CHARS + 'line 2999\n'.length);
      expect(block.lines).to.equal(own.split('\n').length - 1);
    });
  });

  it('cuts a line too long for one block, keeping its text', () => {
    const buffer = new ConsoleBuffer(() => {});
    buffer.append('stdout', 'x'.repeat(3 * BLOCK_CHARS_HARD + 5));
    expect(buffer.blocks.map((block) => block.chars)).to.deep.equal([BLOCK_CHARS_HARD, BLOCK_CHARS_HARD, BLOCK_CHARS_HARD, 5]);
    expect(buffer.text().length).to.equal(3 * BLOCK_CHARS_HARD + 5);
  });

  it('drops whole blocks from the front past its cap, counts them, and keeps the ids of the rest', () => {
    const buffer = new ConsoleBuffer(() => {});
    const text = lines(0, 40_000);
    buffer.append('stdout', text.slice(0, MAX_CHARS / 2));
    const kept = buffer.blocks[buffer.blocks.length - 2].id;
    buffer.append('stdout', text.slice(MAX_CHARS / 2));
    const shown = buffer.text();
    expect(shown.length).to.be.within(MAX_CHARS - BLOCK_CHARS - 20, MAX_CHARS);
    expect(buffer.hidden + shown.length).to.equal(text.length);
    expect(text.endsWith(shown)).to.equal(true);
    expect(shown.startsWith('line ')).to.equal(true); // whole lines went
    expect(buffer.blocks.some((block) => block.id === kept) || buffer.blocks[0].id > kept).to.equal(true);
    const ids = buffer.blocks.map((block) => block.id);
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
  });

  it('lets a carriage return replace the line so far, as Jupyter does, so progress lines update in place', () => {
    const buffer = new ConsoleBuffer(() => {});
    buffer.append('stdout', 'start\n0%');
    buffer.append('stdout', '\r50%');
    buffer.append('stdout', '\r100%\n');
    expect(buffer.text()).to.equal('start\n100%\n');
    buffer.append('stdout', 'a\rb\rc\n');
    expect(buffer.text()).to.equal('start\n100%\nc\n');
  });

  it('keeps a line ended by a carriage return until the next text, which replaces it', () => {
    const buffer = new ConsoleBuffer(() => {});
    buffer.append('stdout', 'ten\r');
    expect(buffer.text()).to.equal('ten');
    buffer.append('stdout', 'nine');
    expect(buffer.text()).to.equal('nine');
  });

  it('reads \\r\\n as a line end, also split between two batches', () => {
    const buffer = new ConsoleBuffer(() => {});
    buffer.append('stdout', 'one\r\ntwo\r');
    buffer.append('stdout', '\nthree\n');
    expect(buffer.text()).to.equal('one\ntwo\nthree\n');
  });

  it('erases across streams within the line, and changes the revision of the block it rewrites', () => {
    const buffer = new ConsoleBuffer(() => {});
    buffer.append('stdout', 'kept\nout ');
    buffer.append('stderr', 'err');
    const { revision } = buffer.blocks[0];
    buffer.append('stdout', '\rnew');
    expect(buffer.text()).to.equal('kept\nnew');
    expect(buffer.blocks[0].chunks.map((chunk) => [chunk.stream, chunk.text])).to.deep.equal([['stdout', 'kept\nnew']]);
    expect(buffer.blocks[0].revision).to.be.greaterThan(revision);
    buffer.append('stdout', '\r');
    buffer.append('stdout', 'abc');
    expect(buffer.text(), 'same length as what it replaced').to.equal('kept\nabc');
  });

  it('shows a picture between the text before and after it', () => {
    const buffer = new ConsoleBuffer(() => {});
    const picture: DisplayOutput = { mime: 'image/png', data: new Uint8Array([1]) };
    buffer.append('stdout', 'before\n');
    buffer.appendDisplay(picture);
    buffer.append('stdout', 'after\n');
    const chunks = buffer.blocks.flatMap((block) => block.chunks);
    expect(chunks.map((chunk) => chunk.stream)).to.deep.equal(['stdout', 'display', 'stdout']);
    expect(buffer.text()).to.equal('before\nafter\n');
  });

  it('shows at most MAX_DISPLAYS displays and says once that it dropped the rest', () => {
    const buffer = new ConsoleBuffer(() => {}, new FrameBudget(), atOnce);
    for (let i = 0; i < MAX_DISPLAYS + 30; i++) buffer.appendDisplay({ mime: 'text/markdown', data: `${i}` });
    const shown = buffer.blocks.flatMap((block) => block.chunks).map((chunk) => chunk.stream === 'display' && chunk.shown.kind);
    expect(shown.filter((kind) => kind === 'markdown')).to.have.length(MAX_DISPLAYS);
    expect(shown.filter((kind) => kind === 'note')).to.have.length(1);
  });

  const kindsIn = (buffer: ConsoleBuffer) =>
    buffer.blocks.flatMap((block) => block.chunks).map((chunk) => chunk.stream === 'display' && chunk.shown.kind);

  it('shows at most MAX_LIVE_FRAMES pages live and offers the others as files, until cleared', () => {
    const buffer = new ConsoleBuffer(() => {}, new FrameBudget(), atOnce);
    for (let i = 0; i < MAX_LIVE_FRAMES + 2; i++) buffer.appendDisplay({ mime: 'text/html', data: '<b>x</b>' });
    expect(kindsIn(buffer)).to.deep.equal([...Array(MAX_LIVE_FRAMES).fill('page'), 'file', 'file']);
    buffer.clear();
    buffer.appendDisplay({ mime: 'text/html', data: '<b>x</b>' });
    expect(kindsIn(buffer)).to.deep.equal(['page']);
  });

  it('counts live pages and their elements across every console of the page', () => {
    const budget = new FrameBudget(3, 25);
    const [first, second] = [new ConsoleBuffer(() => {}, budget, atOnce), new ConsoleBuffer(() => {}, budget, atOnce)];
    const page = (cells: number) => ({ mime: 'text/html' as const, data: `<table>${'<td>x</td>'.repeat(cells)}</table>` });
    first.appendDisplay(page(2)); // html, head, body, table, tbody, tr and 2 cells: 8 elements
    first.appendDisplay(page(2));
    second.appendDisplay(page(2));
    second.appendDisplay(page(2)); // a fourth frame: over the page's 3
    expect([kindsIn(first), kindsIn(second)]).to.deep.equal([['page', 'page'], ['page', 'file']]);
    first.clear();
    second.appendDisplay(page(20)); // 26 elements: more than the page's 25
    second.appendDisplay(page(10)); // 16, with the other page's 8: 24
    expect(kindsIn(second)).to.deep.equal(['page', 'file', 'file', 'page']);
    expect(budget.used).to.deep.equal({ frames: 2, elements: 24 });
  });

  it('gives a page\'s room back when its block is dropped or its console leaves, and takes it again if it can', () => {
    const budget = new FrameBudget(1, 100);
    const buffer = new ConsoleBuffer(() => {}, budget, atOnce);
    buffer.appendDisplay({ mime: 'text/html', data: '<p>a</p>' });
    buffer.releaseFrames();
    const other = new ConsoleBuffer(() => {}, budget, atOnce);
    other.appendDisplay({ mime: 'text/html', data: '<p>b</p>' });
    buffer.retakeFrames(); // the page is full now: offered as a file
    expect([kindsIn(buffer), kindsIn(other)]).to.deep.equal([['file'], ['page']]);
    for (let i = 0; i < MAX_CHARS / BLOCK_CHARS + 2; i++) other.append('stdout', 'x'.repeat(BLOCK_CHARS - 1) + '\n');
    expect(kindsIn(other)).to.not.include('page');
    expect(budget.used.frames, 'the dropped block\'s frame given back').to.equal(0);
  });

  it('repaints once per animation frame however many batches arrive, and at once when flushed or cleared', async () => {
    let repaints = 0;
    const buffer = new ConsoleBuffer(() => repaints++);
    for (let i = 0; i < 500; i++) buffer.append('stdout', `${i}\n`);
    expect(repaints).to.equal(0);
    await nextFrame();
    expect(repaints).to.equal(1);
    buffer.append('stdout', 'more\n');
    buffer.flush();
    expect(repaints).to.equal(2);
    await nextFrame();
    expect(repaints, 'the frame after a flush has nothing left to paint').to.equal(2);
    buffer.clear();
    expect(repaints).to.equal(3);
    expect(buffer.text()).to.equal('');
    expect(buffer.hidden).to.equal(0);
  });
});
