"""Runs one program for python-sandbox.

Loaded once at boot, before the memory snapshot is taken, so every spare starts with it imported.
Nothing here runs user code until `run` is called.
"""
import ast
import builtins
import hashlib
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
    body = compile(tree, USER_FILE, "exec")
    return body, (compile(last, USER_FILE, "eval") if last is not None else None)


def _user_frames(tb):
    """Drops the runner's own frames from the front of a traceback."""
    while tb is not None and tb.tb_frame.f_code.co_filename != USER_FILE:
        tb = tb.tb_next
    return tb


def _describe(exc):
    tb = _user_frames(exc.__traceback__)
    line = None
    walk = tb
    while walk is not None:
        if walk.tb_frame.f_code.co_filename == USER_FILE:
            line = walk.tb_lineno
        walk = walk.tb_next
    if isinstance(exc, SyntaxError) and exc.filename == USER_FILE:
        line = exc.lineno
    exc.__traceback__ = tb
    text = "".join(traceback.TracebackException.from_exception(exc).format(colorize=False))
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": text,
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


def run(code, files, keep_globals, cwd):
    """Runs `code` in `__main__` and returns a plain dict describing the outcome."""
    global _session_globals
    os.makedirs(cwd, exist_ok=True)
    os.chdir(cwd)
    _write_files(cwd, files)
    before = _digest_tree(cwd)
    linecache.cache[USER_FILE] = (len(code), None, code.splitlines(True), USER_FILE)
    if keep_globals:
        if _session_globals is None:
            _session_globals = _fresh_globals()
        namespace = _session_globals
    else:
        namespace = _fresh_globals()
    sys.argv = [USER_FILE]
    outcome = {"status": "ok"}
    try:
        body, last = _compile_program(code)
        exec(body, namespace)
        if last is not None:
            value = eval(last, namespace)
            if value is not None:
                outcome["result"] = repr(value)[:MAX_RESULT_REPR]
    except SystemExit as exc:
        outcome = {"status": "exit", "exitCode": _exit_code(exc)}
    except BaseException as exc:  # noqa: BLE001 - every failure of user code is a result, not a crash
        outcome = {"status": "error", "error": _describe(exc)}
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - user code may have replaced the stream
                pass
    outcome["files"] = _changed_files(cwd, before)
    return outcome
