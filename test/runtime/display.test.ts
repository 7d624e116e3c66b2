import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';
import type { DisplayOutput } from '../../src/runtime/types.ts';
import { PNG_SIGNATURE, decodedPngSize, pngClass } from '../png.ts';
import { usePool } from '../use-pool.ts';

/** A class whose _repr_png_ draws a 2×2 red PNG. */
const PNG_CLASS = pngClass('RedSquare', 2, 2, [0xff, 0, 0]);

describe('SandboxPool rich output (real Pyodide)', () => {
  const pool = usePool();

  it('displays a _repr_png_ image in order with the text around it', async () => {
    const order: string[] = [];
    const result = await pool.run(PNG_CLASS + 'print("before")\ndisplay(RedSquare())\nprint("after")', {
      onOutput: (_stream, text) => order.push(text),
      onDisplay: (output) => order.push(output.mime),
    });
    expect(result.status).to.equal('ok');
    expect(order.join('')).to.equal('before\nimage/pngafter\n');
    const [png] = result.outputs;
    expect(png.mime).to.equal('image/png');
    expect(png.data).to.be.instanceOf(Uint8Array);
    expect([...(png.data as Uint8Array).slice(0, 8)]).to.deep.equal(PNG_SIGNATURE);
    expect(await decodedPngSize(png.data as Uint8Array)).to.deep.equal([2, 2]);
  });

  it('shows a last expression with a rich repr, like a notebook, and still reports its repr', async () => {
    const result = await pool.run(PNG_CLASS + 'RedSquare()');
    expect(result.outputs.map((output) => output.mime)).to.deep.equal(['image/png']);
    expect(result.result).to.match(/^<__main__\.RedSquare object/);
  });

  it('carries SVG, HTML and Markdown as text, richest repr first', async () => {
    const code = [
      'class Svg:\n    def _repr_svg_(self): return "<svg xmlns=\'http://www.w3.org/2000/svg\'/>"',
      'class Page:\n    def _repr_html_(self): return "<b>bold</b>"\n    def _repr_markdown_(self): return "**bold**"',
      'class Note:\n    def _repr_markdown_(self): return "*note*"',
      'display(Svg(), Page(), Note(), 42)',
    ].join('\n');
    const result = await pool.run(code);
    const outputs: DisplayOutput[] = result.outputs;
    expect(outputs).to.deep.equal([
      { mime: 'image/svg+xml', data: "<svg xmlns='http://www.w3.org/2000/svg'/>" },
      { mime: 'text/html', data: '<b>bold</b>' },
      { mime: 'text/markdown', data: '*note*' },
    ]);
    expect(result.stdout).to.equal('42\n'); // display() of a plain object prints its repr
  });

  it('counts displayed data against the output limit', async () => {
    const small = new SandboxPool({ outputLimit: 1000 });
    try {
      const result = await small.run('class Big:\n    def _repr_html_(self): return "x" * 5000\ndisplay(Big())\nprint("after")');
      expect(result.outputs).to.deep.equal([]);
      expect(result.truncated).to.equal(true);
      expect(result.stdout).to.equal('after\n');
    } finally {
      small.dispose();
    }
  });

  it('reports a repr that raises as the error of the run', async () => {
    const result = await pool.run('class Bad:\n    def __repr__(self): raise ValueError("no repr")\nBad()');
    expect(result.status).to.equal('error');
    expect(result.error?.type).to.equal('ValueError');
  });

  // matplotlib itself cannot be had offline for Pyodide: test/python/ runs the backend with real matplotlib on
  // native CPython. Here: every interpreter, restored from the snapshot or not, selects it and its pictures arrive.
  it('has matplotlib draw with the sandbox backend, whose pictures reach the console in order', async () => {
    for (let run = 0; run < 3; run++) {
      const order: string[] = [];
      const program = PNG_CLASS + 'import os, _sandbox_matplotlib\nprint(os.environ["MPLBACKEND"])\n' +
        '_sandbox_matplotlib._display_png(RedSquare()._repr_png_())\n_sandbox_matplotlib.show_open_figures()\nprint("after")';
      const result = await pool.run(program, { onOutput: (_stream, text) => order.push(text), onDisplay: (output) => order.push(output.mime) });
      expect(result.status, result.error?.traceback).to.equal('ok');
      expect(order.join(''), `run ${run}`).to.equal('module://_sandbox_matplotlib\nimage/pngafter\n');
    }
    expect(pool.stats.boots.snapshot).to.be.greaterThan(0);
  });
});
