"""JSON (an array of objects) and JSON Lines (one object per line), streamed row by row.

The output is RFC 8259 JSON: a float that is not finite (SQLite's `1e999`) is written
`null`, as JavaScript's JSON.stringify does, and a BLOB as sqlite-utils writes one:
{"$base64": true, "encoded": "<base64>"}.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence

from bloc_cli.output import row_values
from bloc_cli.output.terminal import Terminal
from bloc_cli.records import Blob, Records


def _finite(value: object) -> object:
    """`value` with every non-finite float (also inside a mapping) made None."""
    if type(value) is float:
        return value if math.isfinite(value) else None
    if type(value) is dict:
        return {key: _finite(item) for key, item in value.items()}
    return value


def _encode(value: object) -> object:
    """json.dumps' fallback for what it cannot write itself: a BLOB."""
    if isinstance(value, Blob):
        import base64

        return {"$base64": True, "encoded": base64.b64encode(value.data).decode("ascii")}
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _objects(records: Records, fields: Sequence[str], terminal: Terminal) -> Iterator[str]:
    # On a stream that cannot carry Unicode, \u escapes keep the JSON lossless.
    ascii_only = not terminal.unicode
    for values in row_values(records.rows, fields):
        obj = dict(zip(fields, map(_finite, values), strict=True))
        yield json.dumps(obj, ensure_ascii=ascii_only, allow_nan=False, default=_encode)


def render_json(
    records: Records, fields: Sequence[str], header: bool, terminal: Terminal
) -> Iterator[str]:
    """One JSON array of objects, an object a line; `header` is ignored (keys name fields)."""
    separator = "[\n  "
    for obj in _objects(records, fields, terminal):
        yield separator + obj
        separator = ",\n  "
    yield "[]\n" if separator == "[\n  " else "\n]\n"


def render_jsonl(
    records: Records, fields: Sequence[str], header: bool, terminal: Terminal
) -> Iterator[str]:
    """One JSON object a line; `header` is ignored (keys name the fields)."""
    for obj in _objects(records, fields, terminal):
        yield obj + "\n"
