import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

describe('SandboxPool setup code and checks (real Pyodide)', () => {
  const pool = usePool();

  describe('setup', () => {
    it('runs before the code in the same __main__, its output hidden', async () => {
      const setup = 'print("setting up")\ndata = [3, 1, 2]\ndef helper():\n    return sorted(data)';
      const result = await pool.run('print(helper())\nlen(data)', { setup });
      expect(result).to.include({ status: 'ok', stdout: '[1, 2, 3]\n', stderr: '', result: '3' });
    });

    it("keeps the reader's line numbers: tracebacks and error.line count the code's own lines", async () => {
      const setup = 'a = 1\nb = 2\nc = 3\nd = 4\ndef boom():\n    return 1 / 0';
      const result = await pool.run('x = 1\nboom()', { setup });
      expect(result.status).to.equal('error');
      expect(result.error).to.include({ type: 'ZeroDivisionError', line: 2 });
      expect(result.error?.origin).to.equal(undefined);
      expect(result.error?.traceback).to.include('File "main.py", line 2, in <module>');
      expect(result.error?.traceback).to.include('File "setup.py", line 6, in boom');
    });

    it('that fails ends the run as an error from setup, shows its output and never runs the code', async () => {
      const result = await pool.run('print("the reader ran")', { setup: 'print("almost")\nimport not_a_module' });
      expect(result.status).to.equal('error');
      expect(result.stdout).to.equal('almost\n');
      expect(result.error).to.include({ type: 'ModuleNotFoundError', origin: 'setup' });
      expect(result.error?.line).to.equal(undefined);
      expect(result.error?.traceback).to.match(/File "setup.py", line 2, in <module>/);
      expect(result.error?.traceback).not.to.include('_sandbox');
    });

    it('rejects a setup that is not a string', async () => {
      let error: unknown;
      try {
        await pool.run('pass', { setup: 42 as unknown as string });
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.include('setup must be a string');
    });

    it('in a session runs once per interpreter: not again on later runs, again after a reset', async () => {
      const setup = 'import builtins\nbuiltins.setup_runs = getattr(builtins, "setup_runs", 0) + 1\ncount = 0';
      const session = pool.session('exercise-setup', { setup });
      expect(session.setups).to.deep.equal([setup]);
      expect(await session.run('count += 1\n(count, setup_runs)')).to.include({ status: 'ok', result: '(1, 1)' });
      expect(await session.run('count += 1\n(count, setup_runs)')).to.include({ status: 'ok', result: '(2, 1)' });
      // Another element of the session names the same setup: still once.
      expect(pool.session('exercise-setup', { setup })).to.equal(session);
      expect(await session.run('(count, setup_runs)')).to.include({ result: '(2, 1)' });
      session.reset();
      expect(await session.run('count += 1\n(count, setup_runs)')).to.include({ status: 'ok', result: '(1, 1)' });
    });
  });

  describe('checks', () => {
    it('pass when the check ends, with passed()\'s message when it gives one', async () => {
      const ended = await pool.run('total = 3 + 4', { check: 'assert reader.globals["total"] == 7' });
      expect(ended.check).to.deep.equal({ passed: true, message: 'All checks passed.' });
      const said = await pool.run('total = 7', { check: 'passed("Well done: " + str(reader.globals["total"]))' });
      expect(said.check).to.deep.equal({ passed: true, message: 'Well done: 7' });
    });

    it('fail with fail()\'s message or an assertion\'s', async () => {
      const failed = await pool.run('total = 3', { check: 'if reader.globals["total"] != 7:\n    fail("total should be 7")' });
      expect(failed).to.include({ status: 'ok' });
      expect(failed.check).to.deep.equal({ passed: false, message: 'total should be 7' });
      const asserted = await pool.run('total = 3', { check: 'assert reader.globals["total"] == 7' });
      expect(asserted.check).to.deep.equal({ passed: false, message: 'This check did not pass: assert reader.globals["total"] == 7' });
    });

    it("see the reader's stdout, last value and error, and run after the code raised", async () => {
      const output = await pool.run('print("Hello, world!  ")\n6 * 7', { check: 'expect_output("Hello, world!")\nassert reader.result == 42' });
      expect(output.check?.passed, output.check?.message).to.equal(true);
      const wrong = await pool.run('print("Hello")', { check: 'expect_output("Hello, world!")' });
      expect(wrong.check).to.deep.equal({ passed: false, message: 'Expected the output:\nHello, world!\nYour code printed:\nHello' });
      const raised = await pool.run('print("before")\n1 / 0', {
        check: 'if reader.error:\n    fail(f"Your code raised {type(reader.error).__name__}; it printed {reader.stdout!r}")',
      });
      expect(raised.status).to.equal('error');
      expect(raised.error?.type).to.equal('ZeroDivisionError');
      expect(raised.check).to.deep.equal({ passed: false, message: "Your code raised ZeroDivisionError; it printed 'before\\n'" });
    });

    it('see the code that used top-level await', async () => {
      const result = await pool.run('import asyncio\nawait asyncio.sleep(0)\nanswer = 42\nanswer', { check: 'assert reader.result == 42\nassert reader.globals["answer"] == 42' });
      expect(result.status).to.equal('ok');
      expect(result.check).to.deep.equal({ passed: true, message: 'All checks passed.' });
    });

    it("fail as \"Your code raised …\" when a function of the reader's raises inside the check", async () => {
      const result = await pool.run('def add(a, b):\n    return a + c', { check: 'assert reader.globals["add"](2, 3) == 5' });
      expect(result.check).to.deep.equal({ passed: false, message: "Your code raised NameError: name 'c' is not defined" });
    });

    it("report a check that raises as broken, with its traceback, apart from the reader's failure", async () => {
      const result = await pool.run('x = 1', { check: 'y = 2\nreader.globals["missing"]' });
      expect(result.status).to.equal('ok');
      expect(result.error).to.equal(undefined);
      expect(result.check?.passed).to.equal(false);
      expect(result.check?.message).to.equal("The exercise's check could not run: KeyError: 'missing'");
      expect(result.check?.error).to.include({ type: 'KeyError', origin: 'check' });
      expect(result.check?.error?.traceback).to.match(/^Traceback \(most recent call last\):\n {2}File "check.py", line 2, in <module>/);
    });

    it("hide the check's own output", async () => {
      const result = await pool.run('print("reader")', { check: 'print("from the check")\nimport sys\nprint("too", file=sys.stderr)' });
      expect(result).to.include({ stdout: 'reader\n', stderr: '' });
      expect(result.check?.passed).to.equal(true);
    });

    it('do not run after a failed setup, and give no verdict to a run cut short', async () => {
      const setupFailed = await pool.run('x = 1', { setup: '1 / 0', check: 'pass' });
      expect(setupFailed.error?.origin).to.equal('setup');
      expect(setupFailed).not.to.have.property('check');
      const timedOut = await pool.run('pass', { timeout: 500, check: 'while True: pass' });
      expect(timedOut.status).to.equal('timeout');
      expect(timedOut).not.to.have.property('check');
    });

    it('leave runs without a check without a verdict', async () => {
      expect(await pool.run('print(1)')).not.to.have.property('check');
    });
  });

  describe('checks against a hostile reader', () => {
    const check = 'expect_output("42")';

    it('ignore a verdict the code prints', async () => {
      const result = await pool.run('print(\'{"passed": true, "message": "PASSED"}\')\nprint("PASSED")', { check });
      expect(result.check?.passed).to.equal(false);
    });

    it('use their own fail, passed and builtins, whatever the code rebinds', async () => {
      const result = await pool.run([
        'import builtins',
        'fail = passed = expect_output = lambda *args, **kwargs: None',
        'builtins.len = lambda value: 2',
        'builtins.str = lambda *args: "42"',
        'builtins.isinstance = lambda *args: True',
        'builtins.type = lambda *args: int',
        'builtins.exec = lambda *args, **kwargs: None',
        'builtins.compile = lambda *args, **kwargs: None',
        'builtins.AssertionError = Exception',
        'print(41)',
      ].join('\n'), { check: `${check}\nassert len("abc") == 3 and str(3) == "3" and type(1) is int` });
      expect(result.check).to.deep.equal({ passed: false, message: 'Expected the output:\n42\nYour code printed:\n41' });
    });

    it("ignore the checker's module patched or replaced in sys.modules", async () => {
      const result = await pool.run([
        'import sys, types, _sandbox_exercise, _sandbox_runner',
        'faked = lambda *args, **kwargs: {"passed": True, "message": "faked"}',
        '_sandbox_exercise.judge = faked',
        '_sandbox_exercise.run_setup = faked',
        'sys.modules["_sandbox_exercise"] = types.SimpleNamespace(judge=faked)',
        'sys.modules["builtins"] = types.SimpleNamespace()',
        'print(41)',
      ].join('\n'), { check });
      expect(result.check?.passed).to.equal(false);
      expect(result.check?.message).to.include('Your code printed:\n41');
    });

    it('cannot be skipped by rewriting the runner: a run with a check always gets a verdict', async () => {
      const result = await pool.run([
        'import sys',
        'sys._getframe(1).f_locals["keep_reader"] = False',
        'print(41)',
      ].join('\n'), { check });
      expect(result.check?.passed).to.equal(false);
    });

    it("ignore the runner's entry point replaced in a session, for the session's next run", async () => {
      const session = pool.session('hostile-runner');
      const patched = await session.run([
        'import _sandbox_runner',
        '_sandbox_runner.run = lambda *args: {"status": "ok", "files": {}, "check": {"passed": True, "message": "faked"}}',
      ].join('\n'));
      expect(patched.status).to.equal('ok');
      const next = await session.run('print(41)', { check });
      expect(next.check?.passed).to.equal(false);
      expect(next.stdout).to.equal('41\n');
    });
  });
});
