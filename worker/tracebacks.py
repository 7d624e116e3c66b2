"""How python-sandbox describes a program's exception: its traceback as CPython prints it, where the error is in the
user's code, and the frames the traceback shows, each with where its `File "…", line N` stands in that text.

The console links a traceback's frames to the editor's lines. It takes them from here, from the exception's own
traceback object, never from the text: an exception's message is the program's to choose, and can hold any number
of lines that look like frames.
"""
import collections
import linecache
import traceback

# The name tracebacks show for the user's code: File "main.py", line 3, in <module>
USER_FILE = "main.py"
# Frames described per error (the innermost kept); the relay caps them again, out of the program's reach.
MAX_FRAMES = 200


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


def _mark_frames(summary, upcoming, seen=None):
    """Makes `summary`, and the exceptions chained to it, tell as they format which strings start with a frame.

    `TracebackException.format` yields one string per formatted frame (indented in an exception group), right after
    its stack's `format` has made them all: that `format` puts each string's frame (or None, for "[Previous line
    repeated …]") in `upcoming`, in order, so whoever reads the strings takes one entry per string. A SyntaxError's
    `File "main.py", line N` comes first from its `format_exception_only`, which puts its entry just before it.
    """
    seen = set() if seen is None else seen
    if summary is None or id(summary) in seen:
        return
    seen.add(id(summary))
    stack = summary.stack
    format_stack, format_frame = stack.format, stack.format_frame_summary
    made = {}  # id of a formatted string -> (the string, kept alive so that no id is reused, and its frame)

    def format_frame_summary(frame, **kwargs):
        text = format_frame(frame, **kwargs)
        if text is not None:
            made[id(text)] = (text, frame)
        return text

    def format_marked(**kwargs):
        texts = format_stack(**kwargs)
        upcoming.extend(made.get(id(text), (None, None))[1] for text in texts)
        made.clear()
        return texts

    stack.format_frame_summary = format_frame_summary
    stack.format = format_marked
    lineno = getattr(summary, "lineno", None)
    if getattr(summary, "_is_syntax_error", False) and summary.filename == USER_FILE and str(lineno).isdigit():
        _mark_syntax_error(summary, int(lineno), upcoming)
    _mark_frames(summary.__cause__, upcoming, seen)
    _mark_frames(summary.__context__, upcoming, seen)
    for group_member in summary.exceptions or ():
        _mark_frames(group_member, upcoming, seen)


def _mark_syntax_error(summary, lineno, upcoming):
    format_exception_only = summary.format_exception_only
    where = traceback.FrameSummary(USER_FILE, lineno, "", lookup_line=False)

    def format_marked(**kwargs):
        for index, text in enumerate(format_exception_only(**kwargs)):
            if index == 0 and text.lstrip().startswith(f'File "{USER_FILE}", line {lineno}'):
                upcoming.append(where)
            yield text

    summary.format_exception_only = format_marked


def _utf16_length(text):
    """Length as JavaScript counts it, so that offsets hold in the host's string."""
    return len(text.encode("utf-16-le")) // 2


def _formatted(summary):
    """The traceback's text, and its frames with the UTF-16 offset of each one's `File "…", line N` in that text."""
    upcoming = collections.deque()
    _mark_frames(summary, upcoming)
    parts, frames, at = [], [], 0
    for text in summary.format(colorize=False):
        frame = upcoming.popleft() if upcoming else None
        if frame is not None and isinstance(frame.lineno, int):
            start = text.find(f'File "{frame.filename}", line {frame.lineno}')
            if start >= 0:
                name = frame.name if isinstance(frame.name, str) else ""
                frames.append({"file": frame.filename, "line": frame.lineno, "name": name,
                               "at": at + _utf16_length(text[:start])})
        parts.append(text)
        at += _utf16_length(text)
    return "".join(parts), frames[-MAX_FRAMES:]


def _char_column(line, byte_column):
    """A column of `co_positions` (0-based, in UTF-8 bytes) as a 1-based column in characters of the user's line."""
    text = linecache.getline(USER_FILE, line)
    if not isinstance(byte_column, int) or byte_column < 0 or not text:
        return None
    return len(text.encode("utf-8")[:byte_column].decode("utf-8", "ignore")) + 1


def _frame_span(walk):
    """(column, end_line, end_column) of the expression a traceback entry was running, where Python records it."""
    if walk.tb_lasti < 0:
        return None, None, None
    positions = walk.tb_frame.f_code.co_positions()  # one entry per 2-byte code unit, as traceback.py reads it
    for _skipped in range(walk.tb_lasti // 2):
        next(positions, None)
    line, end_line, column, end_column = next(positions, (None, None, None, None))
    if line != walk.tb_lineno or not isinstance(end_line, int) or end_line < line:
        return None, None, None
    column, end_column = _char_column(line, column), _char_column(end_line, end_column)
    if column is None or end_column is None:
        return None, None, None
    return column, end_line, end_column


def _syntax_span(exc):
    """(column, end_line, end_column) of a SyntaxError; its offsets are already 1-based characters, 0 or -1 if unknown."""
    column = exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else None
    if column is None:
        return None, None, None
    end_line, end_column = exc.end_lineno, exc.end_offset
    if not isinstance(end_line, int) or not isinstance(end_column, int) or end_column <= 0 or end_line < exc.lineno or (
        end_line == exc.lineno and end_column <= column
    ):
        end_line, end_column = exc.lineno, column + 1
    return column, end_line, end_column


def describe(exc):
    """An error in the shape the protocol's PythonError has."""
    line = None
    innermost = None  # the last entry in the user's code: an error inside a module points at the line that called it
    walk = exc.__traceback__
    while walk is not None:
        if walk.tb_frame.f_code.co_filename == USER_FILE:
            line = walk.tb_lineno
            innermost = walk
        walk = walk.tb_next
    span = _frame_span(innermost) if innermost is not None else (None, None, None)
    if isinstance(exc, SyntaxError) and exc.filename == USER_FILE:
        line = exc.lineno
        span = _syntax_span(exc) if isinstance(line, int) else (None, None, None)
    summary = traceback.TracebackException.from_exception(exc)
    _trim(summary)
    text, frames = _formatted(summary)
    column, end_line, end_column = span
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": text,
        "frames": frames,
        "line": line,
        "column": column,
        "endLine": end_line,
        "endColumn": end_column,
    }
