"""The fast renderers write, byte for byte, what the json and csv modules write.

jsonfmt and delimited put each row together themselves rather than through json.dumps
and csv.writer (see their docstrings). Here 100,000 members, a tenth of them holding a
value that needs quoting, escaping or non-ASCII text, are rendered both ways: by bloc,
and by a reference built in this test on the stdlib, as bloc's output was before.
Not timed: benchmarks/scale.py measures the speed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
from collections.abc import Sequence
from typing import Any

import pytest

from bloc_cli.loading import decode_dataset
from bloc_cli.output import Format, emit
from bloc_cli.output.delimited import csv_lines
from bloc_cli.output.streams import Streams
from bloc_cli.views import members

from conftest import BASE_ENV, BLOC, bundled
from formats import NUL_STAND_IN, flat

COUNT = 100_000
FIELDS = ("name", "year_joined", "contributions", "newest")

# Values that a fast path could get wrong: what csv quotes, what tsv escapes, what JSON
# escapes (control characters) or may write as it is (non-ASCII, U+2028, DEL, C1).
TRICKY = [
    "",
    ",",
    '"',
    'a "quoted" b',
    "a,b",
    "\r",
    "\n",
    "\r\n",
    "lone\rcarriage",
    "\t",
    "\\",
    "\\x00",
    "\x00\x01\x08\x0c\x1f",
    "\x7f\x85\u200e",
    "\u2028\u2029",
    "é日本😀",
    " leading and trailing ",
    "'%s' {} </script> ; =",
]


def member(index: int) -> dict[str, Any]:
    """Member `index`: mostly plain, every tenth with a tricky name or contribution."""
    tricky = TRICKY[index // 10 % len(TRICKY)] if index % 10 == 0 else ""
    contributions: list[str] | None = ["Energy", f"Sector {index % 97}"]
    if index % 7 == 0:
        contributions = None
    elif index % 10 == 0:
        contributions = [tricky] if index % 20 else []
    return {
        "name": f"Member {index:06d}{tricky if index % 20 == 0 else ''}",
        "year_joined": 1990 + index % 40 if index % 3 else None,
        "contributions": contributions,
        "newest": index == COUNT - 1,
    }


@pytest.fixture(scope="module")
def dataset_json() -> bytes:
    data = bundled()
    data["members"] = [member(index) for index in range(COUNT)]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def rows(dataset_json: bytes) -> list[dict[str, Any]]:
    return [dict(row) for row in members(decode_dataset(dataset_json, "test")).rows]


def rendered(
    dataset_json: bytes, fmt: Format, fields: Sequence[str] = FIELDS, *, unicode: bool = True
) -> str:
    out = io.StringIO()
    terminal = Streams(out, None, is_tty=False, color=False, unicode=unicode, width=200)
    emit(members(decode_dataset(dataset_json, "test")), terminal, fields, fmt=fmt)
    return out.getvalue()


def reference(fmt: Format, rows: list[dict[str, Any]], fields: Sequence[str], **dumps: Any) -> str:
    """What bloc wrote before its fast paths: json.dumps and csv.writer a row."""
    picked = [{field: row[field] for field in fields} for row in rows]
    if fmt is Format.JSON:
        return "[\n  " + ",\n  ".join(json.dumps(row, **dumps) for row in picked) + "\n]\n"
    if fmt is Format.JSONL:
        return "".join(json.dumps(row, **dumps) + "\n" for row in picked)
    lines = [list(fields), *([flat(value) for value in row.values()] for row in picked)]
    if fmt is Format.CSV:
        return "".join(_csv_record(line).removesuffix("\r\n") + "\n" for line in lines)
    escapes = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
    return "".join("\t".join(value.translate(escapes) for value in line) + "\n" for line in lines)


def _csv_record(values: Sequence[str], line_end: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        [value.replace("\0", NUL_STAND_IN) for value in values]
    )
    return buffer.getvalue().replace(NUL_STAND_IN, "\0").removesuffix("\r\n") + line_end


@pytest.mark.parametrize("fmt", [Format.JSON, Format.JSONL, Format.CSV, Format.TSV])
def test_output_matches_the_stdlib_at_100k(
    dataset_json: bytes, rows: list[dict[str, Any]], fmt: Format
) -> None:
    expected = reference(fmt, rows, FIELDS, ensure_ascii=False)
    assert rendered(dataset_json, fmt) == expected


@pytest.mark.parametrize("fmt", [Format.JSON, Format.JSONL])
def test_json_on_an_ascii_stream_matches_the_stdlib(
    dataset_json: bytes, rows: list[dict[str, Any]], fmt: Format
) -> None:
    fields = ("contributions", "name")
    expected = reference(fmt, rows, fields, ensure_ascii=True)
    assert rendered(dataset_json, fmt, fields, unicode=False) == expected


# sha256 of `bloc --data FILE members -f FMT` for this file, written by bloc before
# the fast paths (commit 6e17cab): the output of the installed command is unchanged.
BEFORE = {
    "json": "61bfc243ecdae7989638c224e31051df0a74ef3b448d6ee644520c979e5f99b5",
    "jsonl": "21966ff8d714629fbe14fe616e35f53e8a7b492b90fca0fe32968a3251dec9f0",
    "csv": "f1eabe59030758372c0a5ecd6b794da4cd40c5c2004d625fdf0a7442da42c1ce",
    "tsv": "bc132bc609f41c6a91fdac32cf951e510802c28c9ef735c165688464c38788ff",
}


@pytest.mark.process
@pytest.mark.parametrize("fmt", BEFORE)
def test_installed_bloc_writes_what_it_wrote_before(
    dataset_json: bytes, fmt: str, tmp_path: Any
) -> None:
    path = tmp_path / "members.json"
    path.write_bytes(dataset_json)
    done = subprocess.run(
        [BLOC, "--data", str(path), "members", "-f", fmt],
        capture_output=True,
        env=BASE_ENV,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert hashlib.sha256(done.stdout).hexdigest() == BEFORE[fmt]


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_csv_records_that_need_the_csv_module(line_end: str) -> None:
    rows: list[list[object]] = [
        [],
        [""],
        [None],
        ["", ""],
        [",", "x"],
        ["lone\rcarriage"],
        ['"'],
        ["a\nb", 1],
        [1.5, 1e300, float("inf"), True, None, ["a", "b"]],
    ]
    expected = [_csv_record([flat(value) for value in row], line_end) for row in rows]
    assert list(csv_lines(rows, line_end)) == expected
