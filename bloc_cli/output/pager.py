"""Output taller than the terminal goes through a pager, as git and gh do.

While a command runs on a terminal, what it writes to stdout is kept (the command still
sees a terminal: its width, colour and encoding). Once it is done, the text is written as
it is if it fits on the screen, and otherwise piped to the pager: BLOC_PAGER, then PAGER,
then `less -FRX`. An empty pager or `cat` turns paging off, as `--no-pager` does; a pager
that cannot be started means the text is written as it is. This module is imported only
when stdout is a terminal: in a pipe nothing is kept and nothing is paged.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import TextIO, cast

DEFAULT_PAGER = "less -FRX"
# Colour and cursor codes take no room on the screen.
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

_turned_off = False


def turn_off() -> None:
    """`--no-pager`: write the output as it is, however tall."""
    global _turned_off
    _turned_off = True


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to use, or None for none: BLOC_PAGER, then PAGER, then `less -FRX`; set
    but empty, or `cat`, means no pager (as GIT_PAGER and PAGER do for git)."""
    command = environ.get("BLOC_PAGER", environ.get("PAGER", DEFAULT_PAGER)).strip()
    return None if command in ("", "cat") else command


@contextmanager
def paged() -> Iterator[None]:
    """Keep what is written to stdout while the block runs; then page it if it is taller
    than the terminal, else write it. An exception in the block still leaves its output."""
    global _turned_off
    _turned_off = False
    terminal = sys.stdout
    command = pager_command(os.environ)
    if command is None:
        yield
        return
    kept = _Kept(terminal)
    sys.stdout = cast(TextIO, kept)
    try:
        yield
    finally:
        sys.stdout = terminal
        text = kept.text()
        if _turned_off or not _taller_than_screen(text) or not _page(command, text, terminal):
            _write(terminal, text)


class _Kept:
    """Stands for the terminal's stdout while a command runs: a terminal for whoever asks
    (rich, Typer, bloc's own renderers), which keeps the text it is given."""

    def __init__(self, terminal: TextIO) -> None:
        self._terminal = terminal
        self._parts: list[str] = []
        self.encoding = terminal.encoding
        self.errors = terminal.errors

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # as a text stream does: Click tries b"" to tell
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._terminal.fileno()

    def text(self) -> str:
        return "".join(self._parts)


def _taller_than_screen(text: str) -> bool:
    """Whether `text` takes more rows than the terminal has, less one for the prompt."""
    from rich.cells import cell_len

    size = shutil.get_terminal_size()
    width = max(size.columns, 1)
    rows = 0
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        rows += max(1, -(-cell_len(_ESCAPES.sub("", line)) // width))  # CJK: two cells
        if rows >= size.lines:
            return True
    return False


def _write(terminal: TextIO, text: str) -> None:
    if text:
        terminal.write(text)
        terminal.flush()


def _page(command: str, text: str, terminal: TextIO) -> bool:
    """Pipe `text` to the pager and wait for it; False if it could not be started or
    failed (a non-zero exit: `q` in less is 0), so that the text is written instead. The
    pager may stop reading early (`q`): that ends the run quietly. Ctrl-C belongs to the
    pager while it runs (less uses it), not to bloc."""
    import shlex
    import signal
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    environ = dict(os.environ)
    environ.setdefault("LESS", "FRX")  # `PAGER=less` keeps colour and short output too
    environ.setdefault("LV", "-c")
    encoding = terminal.encoding or "utf-8"
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environ)
    except OSError:
        return False
    handlers = {
        number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGPIPE)
    }
    try:
        assert pager.stdin is not None
        # The pager may quit before reading it all: the person has seen enough.
        with suppress(OSError):
            pager.stdin.write(text.encode(encoding, errors="replace"))
        with suppress(OSError):
            pager.stdin.close()
        status = pager.wait()
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return status == 0
