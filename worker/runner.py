"""Runs one program for python-sandbox.

Loaded once at boot, before the memory snapshot is taken, so every spare starts with it imported.
Nothing here runs user code until `run` is called.
"""
import ast
import builtins
import hashlib
import inspect
import linecache
import os
import sys
import traceback

# The name tracebacks show for the user's code: File "main.py", line 3, in <module>
USER_FILE = "main.py"
MAX_RESULT_REPR = 10_000
MAX_RETURNED_FILES = 1_000
MAX_RETURNED_BYTES = 16 * 1024 * 1024

_session_globals = None


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


def _trim(summary, seen=None):
    """Drops the runner's own frames from the front of a traceback, in chained exceptions too."""
    seen = set() if seen is None else seen
    if summary is None or id(summary) in seen:
        return
    seen.add(id(summary))
    while summary.stack and summary.stack[0].filename != USER_FILE:
        summary.stack.pop(0)
    _trim(summary.__cause__, seen)
    _trim(summary.__context__, seen)
    for group_member in summary.exceptions or ():
        _trim(group_member, seen)


def _describe(exc):
    line = None
    walk = exc.__traceback__
    while walk is not None:
        if walk.tb_frame.f_code.co_filename == USER_FILE:
            line = walk.tb_lineno
        walk = walk.tb_next
    if isinstance(exc, SyntaxError) and exc.filename == USER_FILE:
        line = exc.lineno
    summary = traceback.TracebackException.from_exception(exc)
    _trim(summary)
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": "".join(summary.format(colorize=False)),
        "line": line,
    }


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


def _prepare(code, files, keep_globals, cwd):
    global _session_globals
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
        outcome["result"] = repr(value)[:MAX_RESULT_REPR]
    return outcome


def _failure(exc):
    if isinstance(exc, SystemExit):
        return {"status": "exit", "exitCode": _exit_code(exc)}
    return {"status": "error", "error": _describe(exc)}


def _conclude(outcome, cwd, before):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - user code may have replaced the stream
            pass
    outcome["files"] = _changed_files(cwd, before)
    return outcome


def _awaits(code_object):
    return code_object is not None and bool(code_object.co_flags & inspect.CO_COROUTINE)


async def _run_async(body, last, namespace, cwd, before):
    try:
        pending = eval(body, namespace)
        if _awaits(body):
            await pending
        value = None
        if last is not None:
            value = eval(last, namespace)
            if _awaits(last):
                value = await value
        outcome = _success(value)
    except BaseException as exc:  # noqa: BLE001 - every failure of user code is a result, not a crash
        outcome = _failure(exc)
    return _conclude(outcome, cwd, before)


def run(code, files, keep_globals, cwd):
    """Runs `code` in `__main__` and returns a plain dict describing the outcome, or, when the program uses
    top-level `await`, a coroutine that resolves to it."""
    namespace = _prepare(code, files, keep_globals, cwd)
    before = _digest_tree(cwd)
    try:
        body, last = _compile_program(code)
        if _awaits(body) or _awaits(last):
            return _run_async(body, last, namespace, cwd, before)
        exec(body, namespace)
        outcome = _success(eval(last, namespace) if last is not None else None)
    except BaseException as exc:  # noqa: BLE001 - every failure of user code is a result, not a crash
        outcome = _failure(exc)
    return _conclude(outcome, cwd, before)
