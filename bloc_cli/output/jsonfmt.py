"""JSON (an array of objects) and JSON Lines (one object per line), streamed row by row.

The output is RFC 8259 JSON: a float that is not finite (SQLite's `1e999`) is written
`null`, as JavaScript's JSON.stringify does, and a BLOB as sqlite-utils writes one:
{"$base64": true, "encoded": "<base64>"}.

The text is exactly what `json.dumps(row, ensure_ascii=...)` writes (separators `, ` and
`: `), but json.dumps costs seconds over a million rows: each call builds a new encoder,
and each row had to be copied into a dict first. So each object is put together here
from the parts json.dumps itself uses: the json module's C string encoder
(`encode_basestring`, or its ASCII twin for a stream that cannot carry Unicode) and
`repr` for numbers. Any other value (a mapping, a BLOB, a list of non-strings, an int or
float subclass) goes through one json.JSONEncoder configured as json.dumps is.
tests/test_formats.py checks the output against json.dumps at 100,000 rows.
"""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable, Iterator, Sequence

from bloc_cli.output.streams import Streams
from bloc_cli.records import Blob, Records


def _finite(value: object) -> object:
    """`value` with every non-finite float (also inside a mapping or a list) made None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _encode(value: object) -> object:
    """The JSON encoder's fallback for what it cannot write itself: a BLOB."""
    if isinstance(value, Blob):
        import base64

        return {"$base64": True, "encoded": base64.b64encode(value.data).decode("ascii")}
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _value_encoder(ascii_only: bool) -> Callable[[object], str]:
    """A function writing one value as json.dumps(value, ensure_ascii=ascii_only) would,
    with non-finite floats as null."""
    string: Callable[[str], str] = (
        json.encoder.encode_basestring_ascii if ascii_only else json.encoder.encode_basestring
    )
    # No non-finite float reaches it: `_finite` makes each one None first, in every
    # container the encoder walks. (allow_nan=False, to raise on one, would be dead.)
    general = json.JSONEncoder(ensure_ascii=ascii_only, default=_encode)

    def value(item: object) -> str:
        if type(item) is str:
            return string(item)
        if item is None:
            return "null"
        if item is True:
            return "true"
        if item is False:
            return "false"
        if type(item) is int:
            return int.__repr__(item)
        if type(item) is float:
            return float.__repr__(item) if math.isfinite(item) else "null"
        if type(item) is list:
            try:
                texts = list(map(string, item))
            except TypeError:  # an item that is not a string
                return general.encode(_finite(item))
            return "[" + ", ".join(texts) + "]"
        return general.encode(_finite(item))

    return value


def _objects(records: Records, fields: Sequence[str], streams: Streams) -> Iterator[str]:
    # On a stream that cannot carry Unicode, \u escapes keep the JSON lossless.
    value = _value_encoder(ascii_only=not streams.unicode)
    # Each key with its separator, written once: '"name": '.
    keys = [(value(field) + ": ", field) for field in fields]
    for row in records.rows:
        yield "{" + ", ".join([key + value(row.get(field)) for key, field in keys]) + "}"


def render_json(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """One JSON array of objects, an object a line (one record: the object itself);
    `header` is ignored (keys name fields)."""
    if records.single:
        for obj in _objects(records, fields, streams):
            yield obj + "\n"
        return
    separator = "[\n  "
    for obj in _objects(records, fields, streams):
        yield separator + obj
        separator = ",\n  "
    yield "[]\n" if separator == "[\n  " else "\n]\n"


def render_jsonl(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """One JSON object a line; `header` is ignored (keys name the fields)."""
    for obj in _objects(records, fields, streams):
        yield obj + "\n"
