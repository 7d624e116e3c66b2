import { expect } from '@open-wc/testing';
import type { PythonError } from '../../src/runtime/types.ts';
import { capOutcome } from '../../worker/limits.ts';
import { usePool } from '../use-pool.ts';

describe('SandboxPool: where an error is (real Pyodide)', () => {
  const pool = usePool();

  async function errorOf(code: string, files?: Record<string, string>): Promise<PythonError> {
    const result = await pool.run(code, { files });
    expect(result.status, result.stderr).to.equal('error');
    return result.error!;
  }

  /** The text of `code` an error's range covers, counted in characters (code points) as the fields are. */
  function covered(code: string, { line, column, endLine, endColumn }: PythonError): string {
    const lines = code.split('\n').map((text) => [...text]);
    if (line !== endLine) return [lines[line! - 1].slice(column! - 1).join(''), ...lines.slice(line!, endLine! - 1).map((text) => text.join('')),
      lines[endLine! - 1].slice(0, endColumn! - 1).join('')].join('\n');
    return lines[line! - 1].slice(column! - 1, endColumn! - 1).join('');
  }

  it('gives the 1-based column range of a runtime error, in characters', async () => {
    const code = 'x = 1\nlabel = "déjà vu 🐍" + missing';
    const error = await errorOf(code);
    expect(error).to.include({ type: 'NameError', line: 2, column: 23, endLine: 2, endColumn: 30 });
    expect(covered(code, error)).to.equal('missing');
  });

  it('gives the innermost frame of main.py: inside a function, and the calling line for an error in an imported file', async () => {
    const nested = 'def outer():\n    return inner()\n\ndef inner():\n    return {}["key"]\n\nouter()';
    const inFunction = await errorOf(nested);
    expect(inFunction).to.include({ type: 'KeyError', line: 5 });
    expect(covered(nested, inFunction)).to.equal('{}["key"]');

    const calling = 'import helper\n\nresult = helper.boom(2)';
    const inModule = await errorOf(calling, { 'helper.py': 'def boom(n):\n    return n / 0\n' });
    expect(inModule).to.include({ type: 'ZeroDivisionError', line: 3 });
    expect(covered(calling, inModule)).to.equal('helper.boom(2)');

    const importing = 'print("start")\nimport broken';
    const syntaxInModule = await errorOf(importing, { 'broken.py': 'x = = 1\n' });
    expect(syntaxInModule).to.include({ type: 'SyntaxError', line: 2 });
    expect(covered(importing, syntaxInModule)).to.equal('import broken');
  });

  it('spans the lines of a multi-line expression', async () => {
    const code = 'total = len(\n    12345\n)';
    const error = await errorOf(code);
    expect(error).to.include({ type: 'TypeError', line: 1, column: 9, endLine: 3, endColumn: 2 });
    expect(covered(code, error)).to.equal('len(\n    12345\n)');
  });

  it("gives a SyntaxError's offset and end offset, and one character where Python gives no end", async () => {
    const invalid = 'print("ok")\nx = = 2';
    expect(await errorOf(invalid)).to.include({ type: 'SyntaxError', line: 2, column: 5, endLine: 2, endColumn: 6 });
    const unclosed = 'value = 1\nprint("é", (value'; // "'(' was never closed": CPython gives end offset 0
    const error = await errorOf(unclosed);
    expect(error).to.include({ line: 2, column: 12, endLine: 2, endColumn: 13 });
    expect(covered(unclosed, error)).to.equal('(');
    expect(await errorOf('if True:\nprint(1)')).to.include({ type: 'IndentationError', line: 2, column: 1, endLine: 2, endColumn: 6 });
  });

  it('keeps the range when the program hides its traceback (sys.tracebacklimit = 0)', async () => {
    const code = 'import sys\nsys.tracebacklimit = 0\nvalue = 1 / 0';
    const error = await errorOf(code);
    expect(error).to.include({ line: 3 });
    expect(covered(code, error)).to.equal('1 / 0');
  });
});

describe('capOutcome: the relay passes on an error range only when it is whole and positive', () => {
  const error = { type: 'NameError', message: 'm', traceback: 't', line: 2 };
  const capped = (extra: Record<string, unknown>) => {
    const outcome = capOutcome({ status: 'error', files: {}, error: { ...error, ...extra } as PythonError });
    return outcome.status === 'error' ? outcome.error : undefined;
  };

  it('keeps column, endLine and endColumn, and drops them all when any is missing, not an integer or below 1', () => {
    expect(capped({ column: 3, endLine: 2, endColumn: 9 })).to.include({ line: 2, column: 3, endLine: 2, endColumn: 9 });
    for (const forged of [{ column: 3, endLine: 2 }, { column: 0, endLine: 2, endColumn: 9 }, { column: 3, endLine: 2, endColumn: 1.5 },
      { column: '3', endLine: 2, endColumn: 9 }, { column: 3, endLine: null, endColumn: 9 }]) {
      const kept = capped(forged)!;
      expect(['column', 'endLine', 'endColumn'].filter((key) => key in kept), JSON.stringify(forged)).to.deep.equal([]);
    }
  });
});

describe('capOutcome: returned files', () => {
  it('keeps a file whatever its key, __proto__ included, as an own property of a plain record', () => {
    // Pyodide's MEMFS cannot hold a file named __proto__ (its directories are plain objects), but the runner's
    // outcome is built in a worker user code shares: the relay's record must not lose or be reshaped by such a key.
    const files = Object.fromEntries([['__proto__', new Uint8Array([1])], ['constructor', new Uint8Array([2])]]);
    const outcome = capOutcome({ status: 'ok', files });
    expect(Object.keys(outcome.files).sort()).to.deep.equal(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(outcome.files)).to.equal(Object.prototype);
  });
});
