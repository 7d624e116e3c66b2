"""The matplotlib backend of python-sandbox: figures draw with Agg, and show() puts each one in the console as a PNG.

The runner selects it with MPLBACKEND=module://_sandbox_matplotlib, the name the worker installs this module under
(Pyodide's own default backend draws into `document`, which a worker has none of). Like Jupyter's inline backend,
show() closes what it showed, and the figures a program leaves open are shown when it ends (show_open_figures).

The module is installed at boot, before any package is loaded, so it must not import matplotlib itself: what
matplotlib reads from a backend module that needs matplotlib (FigureCanvas, FigureManager) is made on first use.
"""
import io
import sys

# The name matplotlib knows this backend by: whatever name the module was installed under.
BACKEND = "module://" + __name__


def __getattr__(name):
    # Only matplotlib asks for these, after it has been imported. They are stored as globals too, because
    # matplotlib 3.6 copies the module's vars() into a class and reads FigureCanvas from that copy.
    if name not in ("FigureCanvas", "FigureManager"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from matplotlib.backend_bases import FigureManagerBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    globals().update(FigureCanvas=FigureCanvasAgg, FigureManager=FigureManagerBase)
    return globals()[name]


def _display_png(data):
    """Hands one picture to the console. Tests replace it."""
    import _sandbox_runner

    _sandbox_runner.display_data("image/png", data)


def show(*args, block=None, **kwargs):
    """plt.show(): every open figure, oldest first, as a PNG; then they are closed, as in a notebook."""
    from matplotlib._pylab_helpers import Gcf

    for manager in sorted(Gcf.get_all_fig_managers(), key=lambda manager: manager.num):
        png = io.BytesIO()
        try:
            manager.canvas.figure.savefig(png, format="png")
        finally:
            Gcf.destroy(manager)  # a figure that cannot be drawn is closed too, or every later show() would fail on it
        _display_png(png.getvalue())


def show_open_figures():
    """Shows the figures a program left open. Called when every run ends: imports nothing unless figures are open
    under this backend (a program that chose another one, say to write files with Agg, is left alone)."""
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    if helpers is None or not helpers.Gcf.figs:
        return
    # dict.__getitem__ reads the setting without resolving an undecided backend, which would import pyplot.
    if dict.__getitem__(sys.modules["matplotlib"].rcParams, "backend") != BACKEND:
        return
    try:
        show()
    finally:
        # After a figure that could not be drawn, or an interrupt, the rest are dropped rather than drawn by a
        # retry of the outcome (the runner's _settle).
        helpers.Gcf.destroy_all()
