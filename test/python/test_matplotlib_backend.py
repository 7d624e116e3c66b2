"""worker/matplotlib_backend.py and worker/runner.py with real matplotlib, in native CPython.

Pyodide's matplotlib cannot be had offline, so these run under a native Python with matplotlib installed (Debian's
python3-matplotlib; scripts/test-python.mjs sees to it). Both modules are installed from their source text the way
the worker installs them; the only fake is `_sandbox_host`, the worker's JS side of display().
"""
import io
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
import types
import unittest
from pathlib import Path

WORKER = Path(__file__).resolve().parents[2] / "worker"
BACKEND = "module://_sandbox_matplotlib"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# What the worker does at boot, for a subprocess as well as for this process.
INSTALL = textwrap.dedent(
    """
    import sys, types

    def install(name, path):
        module = types.ModuleType(name)
        with open(path) as handle:
            exec(compile(handle.read(), "<python-sandbox %s>" % name, "exec"), module.__dict__)
        sys.modules[name] = module
        return module
    """
)
exec(INSTALL)

host_calls = []  # (mime, data) the runner hands to the host
backend = runner = plt = None


def setUpModule():
    global backend, runner, plt
    os.environ.pop("MPLBACKEND", None)  # the runner must be the one that chooses the backend
    sys.modules["_sandbox_host"] = types.SimpleNamespace(display=lambda mime, data: host_calls.append((mime, data)))
    backend = install("_sandbox_matplotlib", WORKER / "matplotlib_backend.py")
    install("_sandbox_exercise", WORKER / "exercise.py")
    install("_sandbox_tracebacks", WORKER / "tracebacks.py")
    runner = install("_sandbox_runner", WORKER / "runner.py")
    try:
        import matplotlib.pyplot
    except ImportError as error:
        raise unittest.SkipTest(f"matplotlib is not installed: {error}")
    plt = matplotlib.pyplot


def png_size(data):
    """(width, height) from a PNG's IHDR chunk, after checking that it is a PNG."""
    if not isinstance(data, bytes) or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise AssertionError(f"not a PNG: {bytes(data[:16])!r}")
    return struct.unpack(">II", data[16:24])


class BackendTest(unittest.TestCase):
    def setUp(self):
        plt.close("all")
        self.shown = []
        self.real_display = backend._display_png
        backend._display_png = self.shown.append

    def tearDown(self):
        backend._display_png = self.real_display
        plt.close("all")

    def test_the_runner_chose_the_backend(self):
        self.assertEqual(os.environ["MPLBACKEND"], BACKEND)
        self.assertEqual(plt.get_backend(), BACKEND)

    def test_show_displays_the_figure_as_a_png(self):
        plt.figure(figsize=(4, 3), dpi=50)
        plt.plot([1, 3, 2])
        plt.show()
        self.assertEqual(len(self.shown), 1)
        self.assertEqual(png_size(self.shown[0]), (200, 150))

    def test_show_displays_every_figure_in_order(self):
        plt.figure(figsize=(2, 1), dpi=50)
        plt.plot([1, 2])
        plt.figure(figsize=(3, 2), dpi=50)
        plt.plot([2, 1])
        plt.figure(1)  # the older figure made current again still comes first
        plt.show()
        self.assertEqual([png_size(png) for png in self.shown], [(100, 50), (150, 100)])

    def test_show_closes_what_it_showed(self):
        plt.plot([1, 2])
        plt.show()
        self.assertEqual(plt.get_fignums(), [])
        plt.show()
        self.assertEqual(len(self.shown), 1)

    def test_open_figures_are_shown_at_the_end(self):
        plt.figure(figsize=(4, 3), dpi=50)
        plt.plot([1, 2, 3])
        backend.show_open_figures()
        self.assertEqual([png_size(png) for png in self.shown], [(200, 150)])
        self.assertEqual(plt.get_fignums(), [])

    def test_nothing_is_shown_at_the_end_when_no_figure_is_open(self):
        plt.plot([1, 2])
        plt.show()
        backend.show_open_figures()
        self.assertEqual(len(self.shown), 1)

    def test_a_figure_that_cannot_be_drawn_is_closed(self):
        plt.figure()
        plt.title("$\\frac{$")  # bad mathtext fails when drawn, not when set
        plt.figure()
        plt.plot([1, 2])
        with self.assertRaises(ValueError):
            plt.show()
        self.assertEqual(plt.get_fignums(), [2])
        plt.show()
        self.assertEqual(len(self.shown), 1)

    def test_a_program_that_chose_another_backend_keeps_its_figures(self):
        plt.switch_backend("agg")
        try:
            plt.plot([1, 2])
            backend.show_open_figures()
            self.assertEqual(self.shown, [])
            self.assertEqual(plt.get_fignums(), [1])
        finally:
            plt.switch_backend(BACKEND)


class RunnerTest(unittest.TestCase):
    """runner.run, the worker's entry point, with the output streams and _sandbox_host recorded in one list."""

    def setUp(self):
        plt.close("all")
        host_calls.clear()
        self.events = host_calls
        self.saved = os.getcwd(), sys.stdin, sys.stdout, sys.stderr, sys.argv
        self.workdir = tempfile.TemporaryDirectory()

    def tearDown(self):
        os.chdir(self.saved[0])
        sys.stdin, sys.stdout, sys.stderr, sys.argv = self.saved[1:]
        self.workdir.cleanup()
        plt.close("all")

    def run_program(self, code):
        events = self.events

        class Recorder(io.TextIOBase):
            """Holds text until flushed, as the worker's streams do, so that only a flush puts it before a picture."""

            def __init__(self, stream):
                self.stream = stream
                self.pending = ""

            def writable(self):
                return True

            def write(self, text):
                self.pending += text
                return len(text)

            def flush(self):
                if self.pending:
                    events.append((self.stream, self.pending))
                    self.pending = ""

        sys.stdout, sys.stderr = Recorder("stdout"), Recorder("stderr")
        try:
            outcome = runner.run(textwrap.dedent(code), {}, False, self.workdir.name, "", None)
        finally:
            sys.stdout, sys.stderr = self.saved[3:5]
        return outcome, [(kind, png_size(data) if kind == "image/png" else data) for kind, data in events]

    def test_show_puts_the_picture_between_the_prints(self):
        outcome, events = self.run_program(
            """
            import matplotlib.pyplot as plt
            print("before")
            plt.figure(figsize=(4, 3), dpi=50)
            plt.plot([1, 2, 3])
            plt.show()
            print("after")
            """
        )
        self.assertEqual(outcome["status"], "ok")
        self.assertEqual(events, [("stdout", "before\n"), ("image/png", (200, 150)), ("stdout", "after\n")])

    def test_a_figure_left_open_is_shown_when_the_program_ends(self):
        outcome, events = self.run_program(
            """
            import matplotlib.pyplot as plt
            plt.figure(figsize=(2, 2), dpi=50)
            plt.plot([1, 2, 3])
            print("done")
            """
        )
        self.assertEqual(outcome["status"], "ok")
        self.assertEqual(events, [("stdout", "done\n"), ("image/png", (100, 100))])

    def test_a_figure_left_open_is_shown_when_the_program_exits(self):
        outcome, events = self.run_program(
            """
            import sys
            import matplotlib.pyplot as plt
            plt.figure(figsize=(2, 2), dpi=50)
            plt.plot([1, 2, 3])
            sys.exit(3)
            """
        )
        self.assertEqual((outcome["status"], outcome["exitCode"]), ("exit", 3))
        self.assertEqual(events, [("image/png", (100, 100))])

    def test_a_figure_that_cannot_be_drawn_at_the_end_is_reported_on_stderr(self):
        outcome, events = self.run_program(
            """
            import matplotlib.pyplot as plt
            plt.title("$\\\\frac{$")
            """
        )
        self.assertEqual(outcome["status"], "ok")
        self.assertNotIn("image/png", [kind for kind, _ in events])
        stderr = "".join(text for kind, text in events if kind == "stderr")
        self.assertIn("python-sandbox: a figure left open could not be drawn", stderr)
        self.assertIn("ValueError", stderr)
        self.assertEqual(plt.get_fignums(), [])


class WithoutMatplotlibTest(unittest.TestCase):
    def test_a_program_without_matplotlib_never_imports_it(self):
        # A fresh interpreter, so that no earlier test has imported matplotlib.
        script = INSTALL + textwrap.dedent(
            f"""
            import os, tempfile
            sys.modules["_sandbox_host"] = types.SimpleNamespace(display=lambda *call: print("displayed", call))
            install("_sandbox_matplotlib", {str(WORKER / "matplotlib_backend.py")!r})
            install("_sandbox_exercise", {str(WORKER / "exercise.py")!r})
            install("_sandbox_tracebacks", {str(WORKER / "tracebacks.py")!r})
            runner = install("_sandbox_runner", {str(WORKER / "runner.py")!r})
            with tempfile.TemporaryDirectory() as workdir:
                outcome = runner.run("print(6 * 7)", {{}}, False, workdir, "", None)
            sys.modules["_sandbox_matplotlib"].show_open_figures()
            print(outcome["status"], os.environ["MPLBACKEND"], sorted(m for m in sys.modules if "matplotlib" in m))
            """
        )
        env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, f"42\nok {BACKEND} ['_sandbox_matplotlib']\n")


if __name__ == "__main__":
    unittest.main()
