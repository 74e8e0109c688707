"""Plain and Markdown tables via tabulate; every value inert and exactly as in the dataset."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bloc_cli.output.cells import escape_controls, readable
from bloc_cli.output.rows import row_values
from bloc_cli.output.streams import Streams
from bloc_cli.records import DERIVED_MARK, Records


def render_plain(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """Aligned columns without borders, the header row first unless `header` is False."""
    from tabulate import tabulate

    rows = [
        [
            escape_controls(shown(records, field, value))
            for field, value in zip(fields, values, strict=True)
        ]
        for values in row_values(records.rows, fields)
    ]
    headers = [escape_controls(records.heading(field)) for field in fields] if header else ()
    text = tabulate(rows, headers=headers, tablefmt="plain", disable_numparse=True)
    if text:
        yield text + "\n"
    if header and rows and records.note and records.derived & set(fields):
        yield escape_controls(records.note) + "\n"


def render_markdown(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """A GitHub pipe table; `header` is ignored (such a table cannot be without one)."""
    from tabulate import tabulate

    rows = [
        [
            _markdown_text(shown(records, field, value))
            for field, value in zip(fields, values, strict=True)
        ]
        for values in row_values(records.rows, fields)
    ]
    headers = [_markdown_text(records.heading(field)) for field in fields]
    yield tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True) + "\n"
    if rows and records.note and records.derived & set(fields):
        yield "\n" + _markdown_text(records.note) + "\n"


def shown(records: Records, field: str, value: object) -> str:
    """A value as a person reads it, a derived one marked as such."""
    text = readable(value)
    return f"{text} {DERIVED_MARK}" if value is not None and field in records.derived else text


def _markdown_text(text: str) -> str:
    # A backslash is escaped first, so that `a\|b` stays visible as written; a * would
    # start emphasis.
    return escape_controls(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
