import { expect } from '@open-wc/testing';
import type { Stream } from '../../src/runtime/types.ts';
import { expectNoFreeze, watchMainThread } from '../main-thread.ts';
import { usePool } from '../use-pool.ts';

const OUTPUT_LIMIT = 10_000;

describe('SandboxPool output (real Pyodide)', () => {
  const pool = usePool({ outputLimit: OUTPUT_LIMIT });

  it('keeps stdout and stderr apart and calls onOutput in order, with the same text as the result', async () => {
    const calls: Array<[Stream, string]> = [];
    const code = [
      'import sys',
      'print("out 1")',
      'print("err 1", file=sys.stderr)',
      'print("out 2")',
      'sys.stdout.write("out 3 ")',
      'sys.stdout.flush()',
      'sys.stderr.write("err 2\\n")',
      'print("out 4")',
    ].join('\n');
    const result = await pool.run(code, { onOutput: (stream, text) => calls.push([stream, text]) });
    expect(result.status).to.equal('ok');
    expect(result.stdout).to.equal('out 1\nout 2\nout 3 out 4\n');
    expect(result.stderr).to.equal('err 1\nerr 2\n');
    expect(result.truncated).to.equal(false);

    // Batches may split or join text of one stream, but never reorder the two streams.
    const merged: Array<[Stream, string]> = [];
    for (const [stream, text] of calls) {
      const last = merged[merged.length - 1];
      if (last && last[0] === stream) last[1] += text;
      else merged.push([stream, text]);
    }
    expect(merged).to.deep.equal([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\nout 3 '],
      ['stderr', 'err 2\n'],
      ['stdout', 'out 4\n'],
    ]);
    const heard = (stream: Stream) => calls.filter(([each]) => each === stream).map(([, text]) => text).join('');
    expect(heard('stdout')).to.equal(result.stdout);
    expect(heard('stderr')).to.equal(result.stderr);
  });

  it('streams output while the program is still running', async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    const result = pool.run('print("early")\nwhile True: pass', {
      timeout: 0,
      signal: controller.signal,
      onOutput: (_stream, text) => {
        calls.push(text);
        if (calls.join('').endsWith('\n')) controller.abort();
      },
    });
    // Stopped from inside onOutput: the program never ends by itself, so the output can only have come while it ran.
    expect(await result).to.include({ status: 'stopped', stdout: 'early\n' });
    expect(calls.join('')).to.equal('early\n');
  });

  it('survives a 10^6-line print flood: truncated at the limit, and the page stays responsive', async () => {
    let heardChars = 0;
    const watch = watchMainThread();
    const result = await pool.run('for i in range(10**6): print(i)', {
      timeout: 0,
      onOutput: (_stream, text) => (heardChars += text.length),
    });
    const mainThread = watch.stop();

    expect(result.status).to.equal('ok');
    expect(result.truncated).to.equal(true);
    expect(result.stdout.length).to.equal(OUTPUT_LIMIT);
    expect(result.stdout.startsWith('0\n1\n2\n')).to.equal(true);
    expect(result.stderr).to.equal('');
    expect(heardChars).to.equal(OUTPUT_LIMIT);
    expect(mainThread.ticks, 'setInterval ticks during the flood').to.be.greaterThan(5);
    expectNoFreeze(mainThread, 'longest pause of the main thread');
  });

  it('counts the limit over stdout and stderr together', async () => {
    const code = 'import sys\nfor i in range(5000):\n    print("o" * 9)\n    print("e" * 9, file=sys.stderr)';
    const result = await pool.run(code, { timeout: 0 });
    expect(result.status).to.equal('ok');
    expect(result.truncated).to.equal(true);
    expect(result.stdout.length + result.stderr.length).to.equal(OUTPUT_LIMIT);
    expect(result.stdout.length).to.equal(OUTPUT_LIMIT / 2);
  });

  it('does not mark a run that stayed under the limit as truncated', async () => {
    const result = await pool.run('print("x" * 100)');
    expect(result).to.include({ status: 'ok', truncated: false });
    expect(result.stdout.length).to.equal(101);
  });
});
