"""Terminal tables with rich: titles, colour, a dim "not stated" for null, change markers."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bloc_cli.output import row_values
from bloc_cli.output.cells import inert
from bloc_cli.output.terminal import Terminal
from bloc_cli.records import Blob, Records, title_of


def render_table(
    records: Records, fields: Sequence[str], header: bool, terminal: Terminal
) -> Iterator[str]:
    """A rich table (a card of field/value pairs for one record, which has no header)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=terminal.width,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    rows = row_values(records.rows, fields)
    if records.layout == "card":
        table = _card(records, fields, rows, terminal.unicode)
    else:
        table = _table(records, fields, rows, terminal.unicode, header)
    console.print(table)
    yield buffer.getvalue()


def _new_table(records: Records, unicode: bool, **kwargs: object) -> Table:
    return Table(
        title=Text(inert(records.title), style="bold"),
        caption=Text(_inert_lines(records.caption)) if records.caption else None,
        box=box.ROUNDED if unicode else box.ASCII,
        safe_box=not unicode,
        **kwargs,  # type: ignore[arg-type]
    )


def _table(
    records: Records,
    fields: Sequence[str],
    rows: Iterator[list[object]],
    unicode: bool,
    header: bool,
) -> Table:
    table = _new_table(records, unicode, header_style="bold cyan", show_header=header)
    marker_after = _marker_position(records, fields)
    for index, field in enumerate(fields):
        table.add_column(inert(title_of(field)), overflow="fold")
        if index == marker_after:
            table.add_column("", justify="center", no_wrap=True)
    arrow = "→" if unicode else "->"
    for values in rows:
        cells = [_cell(value, records.null_text) for value in values]
        if records.highlight:
            for cell in cells:
                cell.highlight_words([records.highlight], "bold yellow", case_sensitive=False)
        if marker_after is not None:
            before, after = values[marker_after], values[marker_after + 1]
            marker = Text("=", style="dim") if before == after else Text(arrow, style="bold green")
            cells.insert(marker_after + 1, marker)
        table.add_row(*cells)
    return table


def _card(
    records: Records, fields: Sequence[str], rows: Iterator[list[object]], unicode: bool
) -> Table:
    """One record shown field by field, for commands that describe a single thing."""
    table = _new_table(records, unicode, show_header=False)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for values in rows:
        for field, value in zip(fields, values, strict=True):
            table.add_row(inert(title_of(field)), _cell(value, records.null_text))
    return table


def _marker_position(records: Records, fields: Sequence[str]) -> int | None:
    """Index of the `before` field when it is directly followed by its `after` field."""
    if records.change_marker is None:
        return None
    before, after = records.change_marker
    for index in range(len(fields) - 1):
        if fields[index] == before and fields[index + 1] == after:
            return index
    return None


def _inert_lines(text: str) -> str:
    """Like inert(), but line breaks stay line breaks."""
    return "\n".join(inert(line) for line in text.split("\n"))


def _cell(value: object, null_text: str) -> Text:
    if value is None:
        return Text(null_text, style="dim italic")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, list):
        return Text("\n".join(inert(item) for item in value))
    if isinstance(value, dict):
        return Text("\n".join(f"{inert(str(key))}: {value[key]}" for key in value))
    if isinstance(value, Blob):  # dim, like null: on screen it is no string
        return Text(value.hex(), style="dim")
    return Text(inert(str(value)))
