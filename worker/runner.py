"""Runs one program for python-sandbox.

Loaded once at boot, before the memory snapshot is taken, so every spare starts with it imported.
Nothing here runs user code until `run` is called.
"""
import ast
import base64
import builtins
import hashlib
import inspect
import io
import linecache
import os
import sys
import traceback

import _sandbox_exercise  # worker/exercise.py: setup code and checks, installed before this module
from _sandbox_tracebacks import USER_FILE, describe as _describe  # worker/tracebacks.py, installed before this module

MAX_RESULT_REPR = 10_000
MAX_RETURNED_FILES = 1_000
MAX_RETURNED_BYTES = 16 * 1024 * 1024

_session_globals = None

# matplotlib draws with our backend (worker/matplotlib_backend.py, installed under this name): the environment
# variable outranks matplotlibrc, where Pyodide's matplotlib names a backend that needs `document`.
os.environ.setdefault("MPLBACKEND", "module://_sandbox_matplotlib")

NO_SUSPEND_NOTE = (
    "python-sandbox: this browser cannot pause Python to wait for typing (it has no WebAssembly JSPI); "
    "input() sees end of file. Give the program its input beforehand (the stdin property).\n"
)


class _Stdin(io.TextIOBase):
    """sys.stdin for one run: the text given beforehand, then lines typed by the user, then end of file.

    Asking for a line suspends Python on a promise (pyodide.ffi.run_sync, JSPI) until the host answers;
    the host pauses the run's deadline meanwhile.
    """

    def __init__(self, given, request_line):
        self._pending = given or ""
        self._request_line = request_line
        self._ended = False
        self.prompt = ""

    def readable(self):
        return True

    def _more(self):
        if self._ended or self._request_line is None:
            self._ended = True
            return
        from pyodide.ffi import can_run_sync, run_sync

        if not can_run_sync():
            self._ended = True
            sys.stderr.write(NO_SUSPEND_NOTE)
            return
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        prompt, self.prompt = self.prompt, ""
        line = run_sync(self._request_line(prompt))
        if line is False:  # Stop while waiting, on a page where interrupts work
            raise KeyboardInterrupt
        if not isinstance(line, str):  # JS null (pyodide.ffi.jsnull) is end of file
            self._ended = True
        else:
            self._pending += line if line.endswith("\n") else line + "\n"

    def readline(self, size=-1):
        if "\n" not in self._pending:
            self._more()
        end = self._pending.find("\n") + 1 or len(self._pending)
        if size is not None and size >= 0:
            end = min(end, size)
        line, self._pending = self._pending[:end], self._pending[end:]
        return line

    def read(self, size=-1):
        while not self._ended and (size is None or size < 0 or len(self._pending) < size):
            self._more()
        end = len(self._pending) if size is None or size < 0 else size
        text, self._pending = self._pending[:end], self._pending[end:]
        return text


_builtin_input = builtins.input


def _input(prompt=""):
    """builtins.input, telling our stdin the prompt so the host can show it with the text field."""
    if isinstance(sys.stdin, _Stdin):
        sys.stdin.prompt = str(prompt)
    return _builtin_input(prompt)


builtins.input = _input

# Rich reprs, richest first, as IPython names them. Images come back as bytes (or base64 text); the rest as text.
_RICH_REPRS = (
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
)


def _rich(obj):
    """(mime, data) for the richest repr `obj` offers, or None."""
    for method, mime in _RICH_REPRS:
        render = getattr(obj, method, None)
        if not callable(render):
            continue
        data = render()
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        if data is None:
            continue
        if mime.startswith("image/") and mime != "image/svg+xml":
            data = base64.b64decode(data) if isinstance(data, str) else bytes(data)
        elif isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        return mime, data
    return None


def _flush_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - user code may have replaced the stream
            pass


def display_data(mime, data):
    """Puts one picture (bytes) or page (text) in the console, after the text printed before it."""
    import _sandbox_host

    _flush_output()
    _sandbox_host.display(mime, data)


def display(*objs):
    """Shows each object in the console: as a picture or a page when it has a rich repr, else as its repr."""
    for obj in objs:
        rich = _rich(obj)
        if rich is None:
            print(repr(obj))
            continue
        display_data(*rich)


builtins.display = display


def _fresh_globals():
    return {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}


def _compile_program(code):
    """Compiles the program; a last bare expression is split off so its value can be reported."""
    tree = ast.parse(code, USER_FILE, "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    body = compile(tree, USER_FILE, "exec", flags=flags)
    return body, (compile(last, USER_FILE, "eval", flags=flags) if last is not None else None)


def _digest_tree(root):
    digests = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    digests[os.path.relpath(path, root)] = hashlib.sha1(handle.read()).digest()
            except OSError:
                pass
    return digests


def _changed_files(root, before):
    changed, total = {}, 0
    for name, digest in _digest_tree(root).items():
        if before.get(name) == digest:
            continue
        if len(changed) >= MAX_RETURNED_FILES:
            break
        with open(os.path.join(root, name), "rb") as handle:
            data = handle.read()
        total += len(data)
        if total > MAX_RETURNED_BYTES:
            break
        changed[name] = data
    return changed


def _write_files(root, files):
    for name, data in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path) or root, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(bytes(data))


def _exit_code(exc):
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def _prepare(code, files, keep_globals, cwd, stdin, request_line):
    global _session_globals
    sys.stdin = _Stdin(stdin, request_line)
    os.makedirs(cwd, exist_ok=True)
    os.chdir(cwd)
    _write_files(cwd, files)
    linecache.cache[USER_FILE] = (len(code), None, code.splitlines(True), USER_FILE)
    sys.argv = [USER_FILE]
    if not keep_globals:
        return _fresh_globals()
    if _session_globals is None:
        _session_globals = _fresh_globals()
    return _session_globals


def _success(value):
    outcome = {"status": "ok"}
    if value is not None:
        if _rich(value) is not None:
            display(value)  # a last expression with a picture or a page shows it, as in a notebook
        outcome["result"] = repr(value)[:MAX_RESULT_REPR]
    return outcome


def _failure(exc):
    if isinstance(exc, SystemExit):
        return {"status": "exit", "exitCode": _exit_code(exc)}
    return {"status": "error", "error": _describe(exc)}


def _show_open_figures():
    """Shows the matplotlib figures the program left open, as a notebook does at the end of a cell."""
    backend = sys.modules.get("_sandbox_matplotlib")  # installed by the worker; absent in a bare runner
    if backend is None:
        return
    try:
        backend.show_open_figures()
    except Exception:  # noqa: BLE001 - a figure that cannot be drawn must not hide how the program itself ended
        sys.stderr.write("python-sandbox: a figure left open could not be drawn:\n")
        traceback.print_exc()


def _cancel_pending_tasks():
    """Cancels the asyncio tasks the program left running. The worker never runs a step scheduled in one run in
    another (nor between runs), so a task left over from an earlier cell of a session stays frozen: it is cancelled
    only once, since a new cancel would schedule a step in this run and revive it (into this cell's output)."""
    import asyncio

    loop = asyncio.get_event_loop()
    current = asyncio.current_task(loop)
    for task in asyncio.all_tasks(loop):
        if task is not current and not task.cancelling():
            task.cancel()


def _conclude(outcome, cwd, before):
    _cancel_pending_tasks()
    _show_open_figures()  # an interrupt while drawing goes on to _settle, like any late interrupt
    _flush_output()
    outcome["files"] = _changed_files(cwd, before)
    return outcome


def _settle(describe, cwd, before):
    """The outcome of a run, with its files. An interrupt (a deadline or Stop) can land here, after user code has
    ended but before the outcome is built, and the repr() of the last value is user code too: what they raise
    becomes the outcome, instead of escaping the runner."""
    for _attempt in range(3):
        try:
            return _conclude(describe(), cwd, before)
        except BaseException as late:  # noqa: BLE001 - an interrupt, or a repr() of the user's that raised
            describe = lambda late=late: _failure(late)  # noqa: E731
    message = "the outcome of the program could not be described"
    return {"status": "error", "error": {"type": "SandboxError", "message": message, "traceback": message, "line": None},
            "files": {}}


def _awaits(code_object):
    return code_object is not None and bool(code_object.co_flags & inspect.CO_COROUTINE)


def _for_check(outcome, namespace, value, error, keep_reader):
    """The outcome, with what a check needs to see of the program (`_reader`, taken off by the worker) when asked."""
    if not keep_reader:
        return outcome
    kept = dict(outcome)
    kept["_reader"] = (namespace, value, error)
    return kept


async def _run_async(body, last, namespace, cwd, before, keep_reader=False):
    value = error = None
    try:
        pending = eval(body, namespace)
        if _awaits(body):
            await pending
        if last is not None:
            value = eval(last, namespace)
            if _awaits(last):
                value = await value
        describe = lambda: _success(value)  # noqa: E731
    except BaseException as exc:  # noqa: BLE001 - every failure of user code is a result, not a crash
        error = exc
        describe = lambda exc=exc: _failure(exc)  # noqa: E731
    return _for_check(_settle(describe, cwd, before), namespace, value, error, keep_reader)


def run(code, files, keep_globals, cwd, stdin, request_line, setup=None, session_setups=None, keep_reader=False):
    """Runs `code` in `__main__` and returns a plain dict describing the outcome, or, when the program uses
    top-level `await`, a coroutine that resolves to it. `stdin` is read first; then `request_line(prompt)`, a JS
    function returning a promise of a line (or null for end of file), is asked for more, if given.

    `setup` runs first in the same `__main__`, and each of `session_setups` once per session interpreter (see
    worker/exercise.py); `keep_reader` adds what a check needs to see of the program to the outcome."""
    namespace = _prepare(code, files, keep_globals, cwd, stdin, request_line)
    before = _digest_tree(cwd)
    if setup or session_setups:
        failed = _sandbox_exercise.run_setup(namespace, setup, session_setups if keep_globals else None)
        if failed is not None:
            return _settle(lambda: failed, cwd, before)
    value = error = None
    try:
        body, last = _compile_program(code)
        if _awaits(body) or _awaits(last):
            return _run_async(body, last, namespace, cwd, before, keep_reader)
        exec(body, namespace)
        value = eval(last, namespace) if last is not None else None
        describe = lambda: _success(value)  # noqa: E731
    except BaseException as exc:  # noqa: BLE001 - every failure of user code is a result, not a crash
        error = exc
        describe = lambda exc=exc: _failure(exc)  # noqa: E731
    return _for_check(_settle(describe, cwd, before), namespace, value, error, keep_reader)
