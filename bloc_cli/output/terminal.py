"""What stdout is: a terminal or a pipe, with or without colour and Unicode. Decided once."""

from __future__ import annotations

import os
import shutil
from typing import NamedTuple, TextIO


class Terminal(NamedTuple):
    is_tty: bool
    color: bool
    unicode: bool
    width: int

    @classmethod
    def detect(cls, stream: TextIO, *, color_allowed: bool = True) -> Terminal:
        is_tty = _isatty(stream)
        env = os.environ
        wants_color = is_tty or bool(env.get("FORCE_COLOR"))
        color = (
            color_allowed
            and wants_color
            and not env.get("NO_COLOR")
            and env.get("TERM", "").lower() != "dumb"
        )
        encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("_", "-")
        unicode = encoding.startswith("utf")
        width = shutil.get_terminal_size((100, 24)).columns if is_tty else _env_width()
        return cls(is_tty=is_tty, color=color, unicode=unicode, width=max(width, 20))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _env_width() -> int:
    """Piped output is not cut to a terminal's width; COLUMNS still wins if set."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        return 200
