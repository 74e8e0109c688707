"""The standard streams bloc writes to, and what stdout is (a terminal or a pipe, colour,
Unicode, width): decided once, passed down as a `Streams`.

The rules are rich's and shutil's: colour only on a terminal or with FORCE_COLOR, never
with a non-empty NO_COLOR or TERM=dumb; the width is shutil.get_terminal_size's (COLUMNS,
then the terminal), held between MIN_WIDTH and MAX_WIDTH. Tests build a `Streams` to
render as a terminal or a pipe would.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from rich.console import Console

PIPE_WIDTH = 200  # a table rendered into a pipe (`-f table | less`) is not cut narrow
# The widest and tallest screen bloc draws for: wider than any real terminal (a 4K screen
# at a small font is about 550 columns), so an absurd COLUMNS or LINES costs no more.
MIN_WIDTH = 20
MAX_WIDTH = 1000
MAX_HEIGHT = 1000
# The settings that say how big the screen is, and the largest value each may have.
_SIZE_SETTINGS = {"COLUMNS": MAX_WIDTH, "TERMINAL_WIDTH": MAX_WIDTH, "LINES": MAX_HEIGHT}


class Streams(NamedTuple):
    stdout: TextIO
    stderr: TextIO | None  # None when closed (`2>&-`): messages are dropped, not misrouted
    is_tty: bool
    color: bool
    unicode: bool
    width: int

    @classmethod
    def detect(
        cls,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        *,
        color_allowed: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> Streams:
        stream = sys.stdout if stdout is None else stdout
        env = os.environ if environ is None else environ
        is_tty = _isatty(stream)
        color = (
            color_allowed
            and (is_tty or bool(env.get("FORCE_COLOR")))
            and not env.get("NO_COLOR")
            and env.get("TERM", "").lower() != "dumb"
        )
        encoding = getattr(stream, "encoding", None) or ""  # utf-8, UTF_8, utf8, utf_16, ...
        if is_tty:
            width = shutil.get_terminal_size((100, 24)).columns
        else:
            columns = env.get("COLUMNS", "")
            width = int(columns) if columns.isascii() and columns.isdigit() else PIPE_WIDTH
        return cls(
            stdout=stream,
            stderr=sys.stderr if stderr is None else stderr,
            is_tty=is_tty,
            color=color,
            unicode=encoding.lower().startswith("utf"),
            width=bounded_width(width),
        )

    def console(self, file: TextIO) -> Console:
        """A rich console that writes to `file` as this terminal shows text: its width,
        colour only if allowed, and nothing interpreted (no markup, emoji or highlighting)."""
        from rich.console import Console

        return Console(
            file=file,
            width=self.width,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            markup=False,
            emoji=False,
            highlight=False,
            legacy_windows=False,
        )


def bounded_width(width: int) -> int:
    """`width` held between MIN_WIDTH and MAX_WIDTH."""
    return min(max(width, MIN_WIDTH), MAX_WIDTH)


def bound_screen_size(
    environ: MutableMapping[str, str], stdout: TextIO | io.TextIOBase | None
) -> None:
    """Make the size settings that Typer, Click and rich read (COLUMNS, LINES,
    TERMINAL_WIDTH) safe to read: a value that is not a number is dropped, a number past
    MAX_WIDTH or MAX_HEIGHT becomes that maximum, and so does a terminal wider than
    MAX_WIDTH (rich's help would pad every line to its width)."""
    for name, largest in _SIZE_SETTINGS.items():
        value = environ.get(name)
        if value is None:
            continue
        value = value.strip()
        if not (value.isascii() and value.isdigit()):  # "²".isdigit(), but int("²") fails
            del environ[name]
        elif int(value) > largest:
            environ[name] = str(largest)
    if "COLUMNS" not in environ and stdout is not None:
        try:  # fails unless stdout is a terminal
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (OSError, ValueError):
            return
        if columns > MAX_WIDTH:
            environ["COLUMNS"] = str(MAX_WIDTH)


def write_line(message: str, stream: TextIO | None) -> None:
    """Write one line of `message` to `stream` (stderr) if it can be written: when it cannot
    (closed, a full disk), the exit code alone tells, and must stay the one it would be."""
    if stream is None:
        return
    try:
        stream.write(message + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def whole_writes(stream: TextIO) -> TextIO:
    """`stream` (sys.stdout or sys.stderr) with every write written whole or failing.

    Python's own stream writes through a FileIO whose write may write only part of the
    bytes (a file that reaches `ulimit -f`, a disk that fills up); with PYTHONUNBUFFERED=1
    the text layer drops the rest without an error. The stream returned writes to the same
    descriptor with the same encoding and buffering, through a writer that loops until every
    byte is written or raises OSError. A stream that is not a file (a test's StringIO) is
    returned as it is.
    """
    if not isinstance(stream, io.TextIOWrapper):
        return stream
    try:
        stream.flush()
        descriptor = stream.fileno()
    except (OSError, ValueError):
        return stream
    raw = _WholeWriter(descriptor, "w", closefd=False)
    # Unbuffered (PYTHONUNBUFFERED=1, `python -u`): the text layer writes straight to the raw
    # writer, so each write still reaches the descriptor at once.
    binary = raw if isinstance(stream.buffer, io.RawIOBase) else io.BufferedWriter(raw)
    return io.TextIOWrapper(
        binary,
        encoding=stream.encoding,
        errors=stream.errors,
        newline="\n",
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )


class _WholeWriter(io.FileIO):
    """A file descriptor that writes all the bytes of each write, or raises OSError."""

    def write(self, data: ReadableBuffer) -> int:
        left = memoryview(data).cast("B")
        size = len(left)
        while left:
            written: int | None = super().write(left)
            if written is None:  # a non-blocking descriptor that is full: wait, then go on
                import select

                select.select([], [self], [])
            else:
                left = left[written:]
        return size


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
