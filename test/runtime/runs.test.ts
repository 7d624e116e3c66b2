import { expect } from '@open-wc/testing';
import { expectNoFreeze, watchMainThread } from '../main-thread.ts';
import { usePool } from '../use-pool.ts';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The error a call's promise rejected with. A call that throws instead of returning a rejected promise fails. */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`expected a rejected promise, but the call threw ${String(error)}`);
  }
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('SandboxPool runs (real Pyodide)', () => {
  // A folder of its own (the test server serves Pyodide under any …/pyodide/), so that no snapshot kept by an
  // earlier test page applies: this pool's first interpreter boots plainly and makes one.
  const pool = usePool(() => ({ indexURL: `/runs-${Date.now()}/pyodide/` }));

  describe('isolation', () => {
    it('gives every run a fresh interpreter: a global set in one run is gone in the next', async () => {
      const first = await pool.run('import json\nsecret = 42\njson.secret_mark = 1\nprint(secret)');
      expect(first).to.include({ status: 'ok', stdout: '42\n' });
      const second = await pool.run(
        'import json\nprint("secret" in globals(), hasattr(json, "secret_mark"))\nsecret',
      );
      expect(second.status).to.equal('error');
      expect(second.stdout).to.equal('False False\n');
      expect(second.error?.type).to.equal('NameError');
    });

    it('runs two programs at once, each with its own output and result', async () => {
      const [a, b] = await Promise.all([
        pool.run('total = sum(range(100000))\nprint("a", total)\n"A"'),
        pool.run('import sys\nprint("b", file=sys.stderr)\nprint("b")\n"B"'),
      ]);
      expect(a).to.include({ status: 'ok', stdout: 'a 4999950000\n', stderr: '', result: "'A'" });
      expect(b).to.include({ status: 'ok', stdout: 'b\n', stderr: 'b\n', result: "'B'" });
    });
  });

  describe('results', () => {
    it("reports the last expression's repr as result", async () => {
      expect((await pool.run('x = 20\nx + 22')).result).to.equal('42');
      expect((await pool.run('"a" * 3')).result).to.equal("'aaa'");
      expect((await pool.run('[1, {"k": None}]')).result).to.equal("[1, {'k': None}]");
    });

    it('gives no result for None, for a print call, or when the program ends with a statement', async () => {
      for (const code of ['None', 'print("hi")', 'x = 1', '']) {
        const result = await pool.run(code);
        expect(result.status, code).to.equal('ok');
        expect(result, code).not.to.have.property('result');
      }
    });

    it('reports sys.exit(3) as status exit with exitCode 3, keeping output', async () => {
      const result = await pool.run('import sys\nprint("bye")\nsys.exit(3)\nprint("never")');
      expect(result).to.include({ status: 'exit', exitCode: 3, stdout: 'bye\n' });
      expect(result.error).to.equal(undefined);
    });

    it('reports sys.exit() as exitCode 0', async () => {
      const result = await pool.run('import sys\nsys.exit()');
      expect(result).to.include({ status: 'exit', exitCode: 0 });
    });
  });

  describe('tracebacks', () => {
    it('start at the user code and name the line of an error in a nested function', async () => {
      const code = [
        'def outer():', //        1
        '    return inner()', //  2
        '', //                    3
        'def inner():', //        4
        '    return 1 / 0', //    5
        '', //                    6
        'outer()', //             7
      ].join('\n');
      const result = await pool.run(code);
      expect(result.status).to.equal('error');
      const error = result.error!;
      expect(error.type).to.equal('ZeroDivisionError');
      expect(error.message).to.equal('division by zero');
      expect(error.line).to.equal(5);
      expect(error.traceback.startsWith('Traceback (most recent call last):\n  File "main.py", line 7, in <module>'),
        error.traceback).to.equal(true);
      expect(error.traceback).to.include('File "main.py", line 2, in outer');
      expect(error.traceback).to.include('File "main.py", line 5, in inner');
      expect(error.traceback).to.include('return 1 / 0');
      expect(error.traceback.trimEnd().endsWith('ZeroDivisionError: division by zero')).to.equal(true);
      expect(error.traceback).not.to.include('_sandbox_runner');
      expect(error.traceback).not.to.include('<string>');
      expect(error.traceback).not.to.include('<exec>');
      expect(error.traceback).not.to.include('/lib/python');
      // Every frame shown is the user's.
      const files = [...error.traceback.matchAll(/File "([^"]+)"/g)].map((match) => match[1]);
      expect(files).to.deep.equal(['main.py', 'main.py', 'main.py']);
    });

    it('name the line of a SyntaxError, with no runner frames', async () => {
      const result = await pool.run('x = 1\nprint(x)\nif x\n    print(x)\n');
      expect(result.status).to.equal('error');
      const error = result.error!;
      expect(error.type).to.equal('SyntaxError');
      expect(error.line).to.equal(3);
      expect(error.traceback).to.include('File "main.py", line 3');
      expect(error.traceback).not.to.include('_sandbox_runner');
      expect(error.traceback).not.to.include('<string>');
      expect(error.traceback).not.to.include('Traceback (most recent call last)');
      expect(result.stdout).to.equal(''); // nothing ran
    });
  });

  describe('files', () => {
    it('lets Python read files given as strings and Uint8Array', async () => {
      const result = await pool.run(
        'print(open("notes.txt").read())\nprint(list(open("data/raw.bin", "rb").read()))',
        { files: { 'notes.txt': 'héllo', 'data/raw.bin': new Uint8Array([0, 1, 2, 255]) } },
      );
      expect(result).to.include({ status: 'ok', stdout: 'héllo\n[0, 1, 2, 255]\n' });
    });

    it('returns files created or changed as Uint8Array, and not the unchanged ones', async () => {
      const code = [
        'open("out.txt", "w").write("made here")',
        'import os',
        'os.makedirs("deep/er", exist_ok=True)',
        'open("deep/er/bytes.bin", "wb").write(bytes([9, 8, 7]))',
        'with open("changed.txt", "a") as f: f.write(" and more")',
      ].join('\n');
      const result = await pool.run(code, {
        files: { 'changed.txt': 'original', 'same.txt': 'untouched', 'same.bin': new Uint8Array([1, 2, 3]) },
      });
      expect(result.status).to.equal('ok');
      expect(Object.keys(result.files).sort()).to.deep.equal(['changed.txt', 'deep/er/bytes.bin', 'out.txt']);
      for (const bytes of Object.values(result.files)) expect(bytes).to.be.instanceOf(Uint8Array);
      expect(decode(result.files['out.txt'])).to.equal('made here');
      expect(decode(result.files['changed.txt'])).to.equal('original and more');
      expect([...result.files['deep/er/bytes.bin']]).to.deep.equal([9, 8, 7]);
    });

    it('does not leak one run\'s files into the next', async () => {
      await pool.run('open("left-behind.txt", "w").write("x")');
      const result = await pool.run('import os\nprint(os.path.exists("left-behind.txt"))');
      expect(result.stdout).to.equal('False\n');
    });

    it('rejects bad file names with RangeError before anything runs', async () => {
      const heard: string[] = [];
      const onOutput = (_stream: string, text: string) => heard.push(text);
      for (const name of ['../x', '/etc/passwd', 'a/../../b', '']) {
        const files = { 'ok.txt': 'fine', [name]: 'bad' };
        expect(await rejection(() => pool.run('print("ran")', { files, onOutput })), name).to.be.instanceOf(RangeError);
      }
      // Had any of them been queued, it would have printed by the time a later run is done.
      expect((await pool.run('print("later")')).stdout).to.equal('later\n');
      expect(heard).to.deep.equal([]);
    });

    it('rejects code that is not a string with TypeError', async () => {
      for (const code of [42, null, undefined, { toString: () => 'print(1)' }]) {
        expect(await rejection(() => pool.run(code as unknown as string)), String(code)).to.be.instanceOf(TypeError);
      }
    });
  });

  describe('stdin', () => {
    it('feeds input(), then gives EOFError past the end, every time', async () => {
      const code = [
        'print("got", input("name? "))',
        'print("got", input())',
        'for attempt in range(2):',
        '    try:',
        '        input()',
        '    except EOFError:',
        '        print("eof", attempt)',
      ].join('\n');
      const result = await pool.run(code, { stdin: 'alice\nbob\n' });
      expect(result.status).to.equal('ok');
      expect(result.stdout).to.equal('name? got alice\ngot bob\neof 0\neof 1\n');
    });

    it('gives EOFError at once when there is no stdin', async () => {
      const result = await pool.run('input()');
      expect(result.status).to.equal('error');
      expect(result.error?.type).to.equal('EOFError');
      expect(result.error?.line).to.equal(1);
    });
  });

  describe('output', () => {
    it('keeps the page responsive while a program prints 10^6 lines at the default output limit', async () => {
      const watch = watchMainThread();
      let heardChars = 0;
      const result = await pool.run('for i in range(10**6): print(i)', {
        timeout: 0,
        onOutput: (_stream, text) => (heardChars += text.length),
      });
      const mainThread = watch.stop();

      expect(result.status).to.equal('ok');
      expect(result.truncated).to.equal(true);
      expect(result.stdout.length).to.equal(1_000_000); // the default outputLimit
      expect(result.stdout.startsWith('0\n1\n2\n')).to.equal(true);
      expect(heardChars).to.equal(1_000_000);
      expect(mainThread.ticks, 'setInterval ticks during the flood').to.be.greaterThan(5);
      expectNoFreeze(mainThread, 'longest pause of the main thread');
    });
  });

  describe('spares', () => {
    it('boots the first interpreter plainly and every later one from the snapshot', async () => {
      for (let index = 0; index < 4; index++) expect((await pool.run(`print(${index})`)).stdout).to.equal(`${index}\n`);
      // Four runs on a pool of two need at least two spares booted after the first.
      expect(pool.stats.boots.plain).to.equal(1);
      expect(pool.stats.boots.snapshot).to.be.greaterThan(0);
      expect(pool.stats.boots.failed).to.equal(0);
    });

    it('gets pyodide.asm.wasm and the stdlib through the page, whose HTTP cache works, once per pool', () => {
      const fetched = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
      for (const file of ['pyodide.asm.wasm', 'python_stdlib.zip']) {
        expect(fetched.filter((path) => path.endsWith(`/pyodide/${file}`)), file).to.have.length(1);
      }
    });
  });
});
