"""JSON (an array of objects) and JSON Lines (one object per line), streamed row by row."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from bloc_cli.output import project
from bloc_cli.output.terminal import Terminal
from bloc_cli.records import Records


def _objects(records: Records, fields: Sequence[str], terminal: Terminal) -> Iterator[str]:
    # On a stream that cannot carry Unicode, \u escapes keep the JSON lossless.
    ascii_only = not terminal.unicode
    for values in project(records.rows, fields):
        yield json.dumps(dict(zip(fields, values, strict=True)), ensure_ascii=ascii_only)


def render_json(
    records: Records, fields: Sequence[str], header: bool, terminal: Terminal
) -> Iterator[str]:
    separator = "[\n  "
    for obj in _objects(records, fields, terminal):
        yield separator + obj
        separator = ",\n  "
    yield "[]\n" if separator == "[\n  " else "\n]\n"


def render_jsonl(
    records: Records, fields: Sequence[str], header: bool, terminal: Terminal
) -> Iterator[str]:
    for obj in _objects(records, fields, terminal):
        yield obj + "\n"
