"""worker/exercise.py (setup code and checks) through worker/runner.py, in native CPython.

The browser tests (test/runtime/exercises.test.ts) cover the same behaviours in Pyodide; these pin what is cheaper to
see natively: that no function of the check path looks a name up after import, and the checker's verdicts.
"""
import builtins
import dis
import io
import os
import sys
import tempfile
import textwrap
import types
import unittest
from pathlib import Path

WORKER = Path(__file__).resolve().parents[2] / "worker"


def install(name, path):
    module = types.ModuleType(name)
    with open(path) as handle:
        exec(compile(handle.read(), "<python-sandbox %s>" % name, "exec"), module.__dict__)
    sys.modules[name] = module
    return module


def nested_code(code):
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield const
            yield from nested_code(const)


class BytecodeTest(unittest.TestCase):
    def test_no_function_of_the_checker_looks_a_name_up_after_import(self):
        source = (WORKER / "exercise.py").read_text()
        module = compile(source, "exercise.py", "exec")
        build = next(code for code in module.co_consts if isinstance(code, types.CodeType) and code.co_name == "_build")
        looked_up = {
            (code.co_name, instruction.opname, instruction.argval)
            for code in nested_code(build)
            for instruction in dis.get_instructions(code)
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_BUILD_CLASS", "IMPORT_NAME")
            # the bodies of the two exception classes run at import
            and code.co_name not in ("CheckFailed", "CheckPassed")
        }
        self.assertEqual(looked_up, set())


class ExerciseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sys.modules["_sandbox_host"] = types.SimpleNamespace(display=lambda mime, data: None)
        cls.exercise = install("_sandbox_exercise", WORKER / "exercise.py")
        install("_sandbox_tracebacks", WORKER / "tracebacks.py")
        cls.runner = install("_sandbox_runner", WORKER / "runner.py")
        cls.judge = staticmethod(cls.exercise.judge)  # as the worker does: captured at boot, before any user code

    def setUp(self):
        self.saved = sys.stdin, sys.stdout, sys.stderr, sys.argv, dict(sys.modules), os.getcwd()
        self.workdir = tempfile.TemporaryDirectory()

    def tearDown(self):
        sys.stdin, sys.stdout, sys.stderr, sys.argv = self.saved[:4]
        sys.modules.update(self.saved[4])
        os.chdir(self.saved[5])  # the runner moved into the working directory
        self.workdir.cleanup()

    def run_checked(self, code, check, setup=None):
        """Runs `code` and its check as the worker does; what the program prints stands in for the JS transcript.
        Builtins the program rebinds stay rebound until the check has run, then are put back."""
        saved_builtins = dict(builtins.__dict__)
        sys.stdout = io.StringIO()
        try:
            try:
                outcome = self.runner.run(textwrap.dedent(code), {}, False, self.workdir.name, "", None, setup, None, True)
            finally:
                printed, sys.stdout = sys.stdout.getvalue(), self.saved[1]
            state = outcome.pop("_reader")
            return outcome, self.judge(textwrap.dedent(check), state, printed, ""), printed
        finally:
            builtins.__dict__.clear()
            builtins.__dict__.update(saved_builtins)

    def test_a_check_that_ends_passes_and_fail_fails(self):
        _, verdict, _ = self.run_checked("total = 3 + 4", "assert reader.globals['total'] == 7")
        self.assertEqual(verdict, {"passed": True, "message": "All checks passed."})
        _, verdict, _ = self.run_checked("total = 3", "if reader.globals['total'] != 7:\n    fail('total should be 7')")
        self.assertEqual(verdict, {"passed": False, "message": "total should be 7"})

    def test_an_assert_without_message_names_its_line(self):
        _, verdict, _ = self.run_checked("x = 1", "assert reader.globals['x'] == 2")
        self.assertEqual(verdict, {"passed": False, "message": "This check did not pass: assert reader.globals['x'] == 2"})

    def test_the_readers_output_and_last_value(self):
        _, verdict, printed = self.run_checked("print('hi  ')\n41 + 1", "expect_output('hi')\nassert reader.result == 42\npassed('nice')")
        self.assertEqual(printed, "hi  \n")
        self.assertEqual(verdict, {"passed": True, "message": "nice"})
        _, verdict, _ = self.run_checked("print('ho')", "expect_output('hi')")
        self.assertEqual(verdict["passed"], False)
        self.assertIn("Expected the output:\nhi\nYour code printed:\nho", verdict["message"])

    def test_an_error_in_the_readers_function_fails_and_a_broken_check_says_so(self):
        _, verdict, _ = self.run_checked("def f(x):\n    return 1 / x", "reader.globals['f'](0)")
        self.assertEqual(verdict, {"passed": False, "message": "Your code raised ZeroDivisionError: division by zero"})
        _, verdict, _ = self.run_checked("x = 1", "undefined_name")
        self.assertFalse(verdict["passed"])
        self.assertEqual(verdict["error"]["type"], "NameError")
        self.assertEqual(verdict["error"]["origin"], "check")
        self.assertIn('File "check.py", line 1', verdict["error"]["traceback"])

    def test_the_check_sees_the_readers_error(self):
        _, verdict, _ = self.run_checked("raise ValueError('bad')", "if reader.error:\n    fail(f'raised {type(reader.error).__name__}')")
        self.assertEqual(verdict, {"passed": False, "message": "raised ValueError"})

    def test_rebound_builtins_and_checker_names_do_not_change_the_verdict(self):
        hostile = """
            import builtins, sys, types
            builtins.len = lambda value: 0
            builtins.str = lambda *a: "All checks passed."
            builtins.isinstance = lambda *a: True
            builtins.type = lambda *a: int
            builtins.exec = lambda *a, **k: None
            builtins.compile = lambda *a, **k: compile("pass", "x", "exec")
            fake = types.ModuleType("_sandbox_exercise")
            fake.judge = lambda *a: {"passed": True, "message": "faked"}
            sys.modules["_sandbox_exercise"].judge = fake.judge
            sys.modules["_sandbox_exercise"] = fake
            fail = passed = lambda *a: None
            print("PASSED")
        """
        _, verdict, _ = self.run_checked(hostile, "assert len(reader.stdout) == 0, 'printed ' + str(len(reader.stdout))")
        self.assertEqual(verdict, {"passed": False, "message": "printed 7"})

    def test_setup_runs_in_main_hidden_and_its_failure_is_reported_as_setup(self):
        outcome, verdict, printed = self.run_checked("print(helper())", "expect_output('from setup')",
                                                     setup="print('hidden')\ndef helper():\n    return 'from setup'")
        self.assertEqual(printed, "from setup\n")
        self.assertTrue(verdict["passed"])
        sys.stdout = io.StringIO()
        outcome = self.runner.run("print('reader')", {}, False, self.workdir.name, "", None, "print('shown')\n1/0", None, True)
        printed, sys.stdout = sys.stdout.getvalue(), self.saved[1]
        self.assertEqual(printed, "shown\n")
        self.assertNotIn("_reader", outcome)
        self.assertEqual(outcome["error"]["origin"], "setup")
        self.assertEqual(outcome["error"]["type"], "ZeroDivisionError")
        self.assertIn('File "setup.py", line 2', outcome["error"]["traceback"])


if __name__ == "__main__":
    unittest.main()
