"""Setup code and checks for python-sandbox exercises.

Setup runs before the reader's code, in the same `__main__`, with its output hidden unless it fails. A check runs
after the reader's code (also when it raised), in a namespace of its own, and says pass or fail through a small API:

    fail(message)            the reader's code does not pass (raises: the check ends here)
    passed(message)          it passes, with this message (raises: the check ends here)
    expect_output(text)      fails unless the reader's stdout is `text` (trailing spaces and blank lines aside)
    reader.globals           the reader's `__main__` namespace (a dict)
    reader.stdout / .stderr  what the reader's code printed
    reader.result            the value of the reader's last expression (None if there was none)
    reader.error             the exception the reader's code raised, or None

A check that ends normally passes; a failing `assert` fails with its message; an exception raised inside the reader's
code (a function of theirs the check calls) fails as "Your code raised …"; any other exception means the check itself
is broken, which is reported apart from the reader's failure.

Loaded once at boot, before the memory snapshot and before any user code. The reader's code shares this interpreter
and can rebind anything it can name (builtins, this module's attributes, `sys.modules` entries), so everything the
check path uses is bound here, at import, in `_build`'s closure: no function below looks a global or builtin up by
name (test/python/test_exercise.py checks the bytecode). This stops casual tampering, not a determined reader: the
check runs in the reader's own browser.
"""
import builtins
import io
import linecache
import sys
import traceback
import types


def _build():
    # Captured before any user code: the check's builtins, and every function, class and constant the check path uses.
    user_file, setup_file, check_file = "main.py", "setup.py", "check.py"
    max_message, default_pass = 10_000, "All checks passed."
    check_builtins = dict(builtins.__dict__)
    _str, _len, _type, _isinstance, _compile, _exec, _dict, _tuple, _set = str, len, type, isinstance, compile, exec, dict, tuple, set
    _BaseException, _Exception, _AssertionError = BaseException, Exception, AssertionError
    _StringIO, _Namespace = io.StringIO, types.SimpleNamespace
    _sys = sys
    _settrace, _setprofile = sys.settrace, sys.setprofile
    _cache = linecache.cache
    _from_exception = traceback.TracebackException.from_exception

    class CheckFailed(Exception):
        """Raised by fail(): the reader's code does not pass."""

    class CheckPassed(Exception):
        """Raised by passed(): the reader's code passes."""

    def fail(message):
        """The reader's code does not pass: ends the check with `message`."""
        raise CheckFailed(_str(message))

    def passed(message=default_pass):
        """The reader's code passes: ends the check with `message`."""
        raise CheckPassed(_str(message))

    def normalized(text):
        lines = [line.rstrip() for line in _str(text).replace("\r\n", "\n").split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def excerpt(text):
        return text if _len(text) <= 400 else text[:400] + "…"

    def cut(text):
        return text if _len(text) <= max_message else text[:max_message] + "…"

    def make_expect_output(reader):
        def expect_output(expected, message=None):
            """Fails unless the reader printed `expected` (trailing spaces and trailing blank lines aside)."""
            got, want = normalized(reader.stdout), normalized(expected)
            if got == want:
                return
            if message is None:
                message = "Expected the output:\n" + excerpt(want) + "\nYour code printed:\n" + (excerpt(got) if got else "(nothing)")
            raise CheckFailed(_str(message))

        return expect_output

    def frames(exc):
        """(filename, line) of each frame of `exc`'s traceback, outermost first."""
        found, walk = [], exc.__traceback__
        while walk is not None:
            found.append((walk.tb_frame.f_code.co_filename, walk.tb_lineno))
            walk = walk.tb_next
        return found

    def said(exc):
        try:
            return _str(exc)
        except _BaseException:  # noqa: BLE001 - a __str__ of the reader's that raises
            return ""

    def describe(exc, filename, origin):
        """An error in runner.py's shape, for a failure in setup or in a check; its traceback starts at `filename`."""
        try:
            summary = _from_exception(exc)
            while summary.stack and summary.stack[0].filename != filename:
                summary.stack.pop(0)
            text = "".join(summary.format())
        except _BaseException:  # noqa: BLE001 - formatting must not hide the failure itself
            text = _type(exc).__name__ + ": " + said(exc) + "\n"
        return {"type": _type(exc).__name__, "message": cut(said(exc)), "traceback": text, "line": None, "origin": origin}

    def remember(filename, source):
        _cache[filename] = (_len(source), None, source.splitlines(True), filename)

    def check_line(exc):
        """The text of the check's line where `exc` was raised, if it can be found."""
        lines = [line for filename, line in frames(exc) if filename == check_file]
        entry = _cache.get(check_file)
        if not lines or entry is None or not 0 < lines[-1] <= _len(entry[2]):
            return ""
        return entry[2][lines[-1] - 1].strip()

    def decide(source, reader):
        namespace = {
            "__name__": "__check__",
            "__builtins__": _dict(check_builtins),
            "fail": fail,
            "passed": passed,
            "expect_output": make_expect_output(reader),
            "reader": reader,
        }
        try:
            remember(check_file, source)
            _exec(_compile(source, check_file, "exec"), namespace)
            return {"passed": True, "message": default_pass}
        except CheckPassed as exc:
            return {"passed": True, "message": cut(said(exc))}
        except CheckFailed as exc:
            return {"passed": False, "message": cut(said(exc))}
        except _BaseException as exc:  # noqa: BLE001 - a failing or broken check is a result too
            trail = frames(exc)
            if trail and trail[-1][0] == user_file and _isinstance(exc, _Exception):
                message = "Your code raised " + _type(exc).__name__ + (": " + said(exc) if said(exc) else "")
                return {"passed": False, "message": cut(message)}
            if _isinstance(exc, _AssertionError):
                line = check_line(exc)
                message = said(exc) or ("This check did not pass: " + line if line else "This check did not pass.")
                return {"passed": False, "message": cut(message)}
            error = describe(exc, check_file, "check")
            message = "The exercise's check could not run: " + error["type"] + (": " + error["message"] if error["message"] else "")
            return {"passed": False, "message": cut(message), "error": error}

    def judge(source, state, stdout, stderr):
        """Runs the check `source` on the reader's run and returns {passed, message[, error]}; never raises.
        `state` is runner.py's (namespace, value of the last expression, exception)."""
        if _type(state) is not _tuple or _len(state) != 3 or _type(state[0]) is not _dict:
            state = ({}, None, None)  # the runner's outcome was tampered with
        # A fresh object of a C type the reader's code never saw: neither it nor its class can have been patched.
        reader = _Namespace(globals=state[0], result=state[1], error=state[2], stdout=_str(stdout), stderr=_str(stderr))
        streams = _sys.stdin, _sys.stdout, _sys.stderr
        _sys.stdin, _sys.stdout, _sys.stderr = _StringIO(""), _StringIO(), _StringIO()
        _settrace(None)
        _setprofile(None)
        try:
            return decide(_str(source), reader)
        except _BaseException:  # noqa: BLE001 - e.g. an interrupt while deciding: the host discards it anyway
            return {"passed": False, "message": "The check could not be completed."}
        finally:
            _sys.stdin, _sys.stdout, _sys.stderr = streams

    ran_once = _set()

    def run_setup(namespace, setup, session_setups):
        """Runs the session's setups not yet run in this interpreter, then `setup`, in `namespace`, output hidden.
        Returns None, or the outcome of the run when a setup failed (its output then goes to the real streams)."""
        pending = [(each, True) for each in (session_setups or ()) if each not in ran_once]
        if setup:
            pending.append((setup, False))
        for source, once in pending:
            streams = _sys.stdout, _sys.stderr
            hidden = _StringIO(), _StringIO()
            _sys.stdout, _sys.stderr = hidden
            try:
                remember(setup_file, source)
                _exec(_compile(source, setup_file, "exec"), namespace)
            except _BaseException as exc:  # noqa: BLE001 - a failing setup is the run's outcome
                _sys.stdout, _sys.stderr = streams
                for index in (0, 1):
                    text = hidden[index].getvalue()
                    if text:
                        streams[index].write(text)
                return {"status": "error", "error": describe(exc, setup_file, "setup")}
            finally:
                _sys.stdout, _sys.stderr = streams
            if once:
                ran_once.add(source)
        return None

    return judge, run_setup


judge, run_setup = _build()
del _build
