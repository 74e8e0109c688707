"""What stdout is (a terminal or a pipe, colour, Unicode, width): decided once, passed down.

The rules are rich's and shutil's: colour only on a terminal or with FORCE_COLOR, never
with a non-empty NO_COLOR or TERM=dumb; the width is shutil.get_terminal_size's (COLUMNS,
then the terminal). Tests build a Terminal to render as a terminal or a pipe would.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from rich.console import Console

PIPE_WIDTH = 200  # a table rendered into a pipe (`-f table | less`) is not cut narrow


class Terminal(NamedTuple):
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
    ) -> Terminal:
        stream = sys.stdout if stdout is None else stdout
        env = os.environ if environ is None else environ
        is_tty = _isatty(stream)
        color = (
            color_allowed
            and (is_tty or bool(env.get("FORCE_COLOR")))
            and not env.get("NO_COLOR")
            and env.get("TERM", "").lower() != "dumb"
        )
        encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("_", "-")
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
            unicode=encoding.startswith("utf"),
            width=max(width, 20),
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


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
