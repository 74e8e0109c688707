"""The output layer: choose a format, select fields, stream the rendered text to stdout."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

from bloc_cli.output.cells import escape_controls
from bloc_cli.output.streams import Streams, write_line
from bloc_cli.records import Records

Renderer = Callable[[Records, Sequence[str], bool, Streams], Iterator[str]]
"""A renderer gets the records, the fields to show in order, whether to write a header
row, and what stdout is; it yields the text. Every renderer honours the fields and the
terminal; a format without a header row (json, jsonl) or that needs one (markdown)
says in its docstring that it ignores `header`."""


class Format(str, enum.Enum):
    TABLE = "table"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"

    def renderer(self) -> Renderer:
        """The render function for this format; its module is imported only now."""
        if self is Format.TABLE:
            from bloc_cli.output.table import render_table

            return render_table
        if self is Format.PLAIN:
            from bloc_cli.output.text import render_plain

            return render_plain
        if self is Format.MARKDOWN:
            from bloc_cli.output.text import render_markdown

            return render_markdown
        if self is Format.JSON:
            from bloc_cli.output.jsonfmt import render_json

            return render_json
        if self is Format.JSONL:
            from bloc_cli.output.jsonfmt import render_jsonl

            return render_jsonl
        if self is Format.CSV:
            from bloc_cli.output.delimited import render_csv

            return render_csv
        if self is Format.TSV:
            from bloc_cli.output.delimited import render_tsv

            return render_tsv
        _unreachable(self)


def _unreachable(value: NoReturn) -> NoReturn:
    """mypy proves this is never called: every Format has its branch above."""
    raise AssertionError(f"no renderer for {value!r}")


def resolve_format(requested: Format | None, streams: Streams) -> Format:
    """The format to use: the one asked for, else a table on a terminal and tsv in a pipe."""
    if requested is not None:
        return requested
    return Format.TABLE if streams.is_tty else Format.TSV


def emit(
    records: Records,
    streams: Streams,
    fields: Sequence[str],
    *,
    fmt: Format | None = None,
    header: bool = True,
) -> None:
    """Render `fields` of `records` in the format asked for, to the streams' stdout."""
    chosen_format = resolve_format(fmt, streams)
    if chosen_format is Format.TABLE:
        # A person reads it: an empty result is one sentence, not an empty frame.
        records = records._replace(rows=list(records.rows))
        if not records.rows:
            message = records.empty_message
            if message is None:
                message = f"No {records.noun[1]}."
            if message:
                write_line(escape_controls(message), streams.stderr)
            return
    render = chosen_format.renderer()
    out = streams.stdout
    # Renderers yield a row at a time. Into a pipe or a file, a write a row costs as much
    # as rendering the row, so rows are written a thousand at a time; a terminal gets each
    # row as it comes. Should a renderer fail midway, the rows it made are still written.
    batch = 1 if streams.is_tty else 1000
    pending: list[str] = []
    try:
        for chunk in render(records, fields, header, streams):
            pending.append(chunk)
            if len(pending) >= batch:
                text = "".join(pending)
                pending.clear()
                out.write(text)
    finally:
        if pending:
            out.write("".join(pending))
    out.flush()
