"""Parsers that read bloc's output back, the way a script would."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

_TSV_UNESCAPE = re.compile(r"\\(.)")
# Python 3.10's csv module reads and writes no NUL character (3.11's handles it as any
# other): for the csv module as a reference, NUL stands in as a private-use character
# that neither bloc's data nor the tests use, which csv never quotes either.
NUL_STAND_IN = "\ue000"
_TSV_CODES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def parse(fmt: str, text: str) -> list[dict[str, Any]]:
    """Rows as dicts; csv/tsv values are strings, json keeps its types."""
    if fmt == "json":
        data: list[dict[str, Any]] | dict[str, Any] = json.loads(text)
        # A command that shows one record (member, about --source) prints one object.
        return [data] if isinstance(data, dict) else data
    if fmt == "jsonl":
        # Split on \n only, as jq and `for line in file` do (str.splitlines also splits on
        # U+0085 and U+2028, which JSON strings may hold as they are).
        lines = text.split("\n")
        assert lines[-1] == "", "jsonl output ends with a newline"
        return [json.loads(line) for line in lines[:-1]]
    if fmt == "csv":
        assert NUL_STAND_IN not in text
        rows = csv.DictReader(io.StringIO(text.replace("\0", NUL_STAND_IN), newline=""))
        return [
            {key: value.replace(NUL_STAND_IN, "\0") for key, value in row.items()} for row in rows
        ]
    if fmt == "tsv":
        lines = text.split("\n")
        assert lines[-1] == "", "tsv output ends with a newline"
        header, *body = (line.split("\t") for line in lines[:-1])
        return [dict(zip(header, map(unescape_tsv, values), strict=True)) for values in body]
    raise ValueError(fmt)


def unescape_tsv(value: str) -> str:
    return _TSV_UNESCAPE.sub(lambda match: _TSV_CODES[match.group(1)], value)


def flat(value: Any) -> str:
    """How csv and tsv show a JSON value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{key}={item}" for key, item in value.items())
    return str(value)
