"""How one value becomes text in a cell: flat for data formats, inert for human formats."""

from __future__ import annotations

import re

from bloc_cli.records import Blob

LIST_SEPARATOR = "; "

# C0/C1 control characters (ESC, CR, BEL, ...), bidi marks and overrides, and the
# Unicode line and paragraph separators: shown as escapes, so that a value can never
# move the cursor, recolour, reorder or rewrite a terminal line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def flat(value: object) -> str:
    """A value as one string, faithfully: lists joined with '; ', null as empty, a BLOB
    as \\x and hex digits, a float as Python writes it (`1.5`, `1e+300`, `inf`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        try:
            return LIST_SEPARATOR.join(value)  # text items: the common case, no copy
        except TypeError:  # line numbers (`mentions`)
            return LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, Blob):
        return value.hex()
    return str(value)


def readable(value: object) -> str:
    """A value for a person (table, plain, markdown): as `flat`, but a derived target, the
    only mapping a record holds, reads as prose: `+25% in 5 years (4.56%/yr)`."""
    if isinstance(value, dict):
        from bloc_cli.targets import prose

        return prose(value)
    if isinstance(value, list) and value and all(isinstance(item, int) for item in value):
        return ", ".join(map(str, value))  # line numbers
    return flat(value)


def escape_controls(text: str) -> str:
    """`text` with every control character replaced by a visible escape such as \\x1b."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
