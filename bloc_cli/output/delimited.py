"""CSV (RFC 4180 quoting, as the csv module's QUOTE_MINIMAL) and TSV (backslash escapes,
one line per row).

Most rows need neither quotes nor escapes, and for them both formats are the values
joined by the delimiter: a row is joined first, and only a row whose text holds a
character that calls for quoting or escaping takes the slow way (quoting or escaping each
value). A million rows through csv.writer alone cost seconds, and Python 3.10's csv
module cannot write a NUL character at all. tests/test_formats.py checks the output against
the csv module at 100,000 rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from bloc_cli.output.cells import flat
from bloc_cli.output.rows import row_values
from bloc_cli.output.streams import Streams
from bloc_cli.records import Blob, Records

# TSV cannot quote: a tab or newline inside a value would split it. These escapes
# (the ones mlr and PostgreSQL's COPY read) keep every row on one line.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_TSV_ESCAPED = re.compile(r"[\\\n\r]")  # and a tab in a value, found by counting tabs
# What makes a value quoted besides a comma (a comma in a row is found by counting).
_CSV_QUOTED = re.compile('["\r\n]')


def csv_lines(rows: Iterable[Sequence[object]], line_end: str = "\n") -> Iterator[str]:
    """Each row as one CSV record (values made flat, quoted where needed) ending in `line_end`.

    The one CSV writer of bloc: `-f csv` ends records in \n, `bloc export` in \r\n. A value
    is quoted, its quotes doubled, when it holds a comma, a quote, \r or \n; a record of
    one empty value is `""` (so that it is not a blank line), a record of no value is empty.
    """
    for row in rows:
        cells = [_flat(value) for value in row]
        text = ",".join(cells)
        # Joined as is unless a value holds a comma, a quote, \r or \n, or the record is
        # one empty value.
        if text.count(",") >= len(cells) or _CSV_QUOTED.search(text):
            text = ",".join(_csv_cell(cell) for cell in cells)
        elif cells == [""]:
            text = '""'
        yield text + line_end


def _csv_cell(cell: str) -> str:
    if "," in cell or _CSV_QUOTED.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def render_csv(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """Comma-separated values, quoted where needed, the header row first if `header`."""
    if header:
        yield from csv_lines([fields])
    yield from csv_lines(row_values(records.rows, fields))


def render_tsv(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """Tab-separated values, one line a row, the header row first if `header`."""
    if header:
        yield "\t".join(field.translate(_TSV_ESCAPES) for field in fields) + "\n"
    for row in records.rows:
        values = [row.get(field) for field in fields]
        text = "\t".join(map(_flat, values))
        # Joined as is unless a value holds a tab, \n, \r or a backslash (a BLOB's \x).
        if text.count("\t") >= len(values) or _TSV_ESCAPED.search(text):
            text = "\t".join(map(_tsv_cell, values))
        yield text + "\n"


def _flat(value: object) -> str:
    """cells.flat, its commonest cases first: a string, null, an int."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if type(value) is int:
        return int.__repr__(value)
    return flat(value)


def _tsv_cell(value: object) -> str:
    # A BLOB's \x is written bare: in a string every backslash is doubled, so a cell
    # that starts with a lone \x can only be a BLOB.
    if isinstance(value, Blob):
        return value.hex()
    return flat(value).translate(_TSV_ESCAPES)
