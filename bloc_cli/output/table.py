"""Terminal tables with rich: a title, bulleted lists, whole words, a count and the source.

This is the one renderer that knows it writes for a person at a terminal: it shows null
as "not stated" (or "–" where a value does not apply), booleans as yes/no, a derived
target as prose, list items as bullets, field names as words, and a change marker.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TypeGuard

from rich import box
from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from bloc_cli.output.cells import escape_controls, readable
from bloc_cli.output.rows import row_values
from bloc_cli.output.streams import Streams, write_line
from bloc_cli.records import DERIVED_MARK, Blob, Records, title_of

NOT_STATED = "not stated"
NOT_APPLICABLE = "–"
# What a table draws, so that drawing stays quick and small whatever the data: the first
# MAX_ROWS rows, or fewer when their values come to more than MAX_CHARACTERS, with values
# cut at MAX_VALUE characters and lists at MAX_ITEMS items. A line on stderr says when
# anything was left out; -f csv (or tsv, json) writes it all.
MAX_ROWS = 1000
MAX_CHARACTERS = 200_000
MAX_VALUE = 1000
MAX_ITEMS = 100
# The columns a card's value has at least, however long its label: "• " and a short word.
CARD_VALUE_ROOM = 5
# Spaces at the end of a line, before any colour codes that close it. The match starts
# only where a run of spaces starts, so that each run is read once: linear time.
_TRAILING_SPACES = re.compile(r"(?<! ) +((?:\x1b\[[0-9;]*m)*)\n")


def render_table(
    records: Records, fields: Sequence[str], header: bool, streams: Streams
) -> Iterator[str]:
    """The title, a rich table (a card of field/value pairs for one record, which has no
    header row; a card a record when the table cannot fit the screen), then a count, a
    note and the source, left-aligned. What it leaves out (rows past MAX_ROWS or
    MAX_CHARACTERS, long values and lists) a line on stderr says."""
    buffer = io.StringIO()
    console = streams.console(buffer)
    all_rows = row_values(records.rows, fields)
    rows = _first_rows(all_rows)
    left_out = sum(1 for _ in all_rows)
    cells = _Cells(records, streams.unicode)
    if "quote" in fields:
        cells.quote_counts.update(values[list(fields).index("quote")] for values in rows)
    console.print(Text(escape_controls(records.title), style="bold"))
    table = (
        None if records.layout == "card" else _table(records, fields, rows, cells, header, streams)
    )
    if table is not None:
        console.print(table)
    else:
        for part in _card(fields, rows, cells, streams.width):
            # A URL is one line that may overflow: whole, and clickable, never folded.
            console.print(part, soft_wrap=isinstance(part, Text))
    for number, note in enumerate(cells.footnotes, start=1):
        # A URL stays whole (and clickable); a quote wraps between words, under its text.
        if _is_url(note):
            console.print(Text(f"[{number}] {note}"), soft_wrap=True)
        else:
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(no_wrap=True)
            grid.add_column()
            grid.add_row(f"[{number}]", Text(note))
            console.print(grid)
    for line in _footer(records, len(rows), len(rows) + left_out):
        console.print(Text(escape_controls(line), style="dim"))
    yield without_trailing_spaces(buffer.getvalue())
    if left_out or cells.shortened:
        write_line(
            f"bloc: {_what_was_left_out(len(rows), left_out, cells.shortened)}", streams.stderr
        )


def _first_rows(rows: Iterator[list[object]]) -> list[list[object]]:
    """The rows a table draws: at least one, at most MAX_ROWS, and no more once their
    values come to MAX_CHARACTERS; the rest stay in `rows`."""
    drawn: list[list[object]] = []
    characters = 0
    for values in rows:
        drawn.append(values)
        characters += sum(map(_length, values))
        if len(drawn) == MAX_ROWS or characters >= MAX_CHARACTERS:
            break
    return drawn


def _length(value: object) -> int:
    """About how many characters a value takes in a cell, at most MAX_VALUE (a list's
    items each at most MAX_VALUE), without writing it out."""
    if isinstance(value, str):
        return min(len(value), MAX_VALUE)
    if isinstance(value, list):
        return sum(min(len(str(item)), MAX_VALUE) for item in value[:MAX_ITEMS])
    if isinstance(value, Blob):
        return min(len(value.data) * 2, MAX_VALUE)
    return 20  # a number, a boolean, null or a derived target


def _what_was_left_out(shown: int, left_out: int, cut: set[str]) -> str:
    """One line: which rows and values the table leaves out, and how to see them all."""
    what = [f"shows the first {shown} of {shown + left_out} rows"] if left_out else []
    if "values" in cut:
        what.append(f"cuts values at {MAX_VALUE} characters")
    if "lists" in cut:
        what.append(f"cuts lists at {MAX_ITEMS} items")
    return f"the table {', '.join(what)}; -f csv writes everything"


def without_trailing_spaces(text: str) -> str:
    """`text` with no line ending in spaces (rich pads every cell to its column's width)."""
    return _TRAILING_SPACES.sub("\\1\n", text)


class _Cells:
    """How each value becomes a cell for these records."""

    def __init__(self, records: Records, unicode: bool) -> None:
        self.records = records
        self.bullet = "•" if unicode else "-"
        self.not_applicable = NOT_APPLICABLE if unicode else "-"
        # URLs and shared quotes in a table's cells, shown whole under it; the cell holds
        # their number.
        self.footnotes: list[str] = []
        self.quote_counts: Counter[object] = Counter()
        self.shortened: set[str] = set()  # what was cut: "values", "lists" or both

    def cell(self, field: str, value: object) -> RenderableType:
        if value is None:  # as a spreadsheet shows text: left, even among numbers
            return Text(self._plain(field, value), style="dim italic", justify="left")
        if isinstance(value, bool):
            return Text(self._plain(field, value))
        if isinstance(value, Blob):
            return Text(self.cut(self._plain(field, value)), style="dim")
        if _is_text_list(value):
            return self._bullets([self._text(item) for item in self._items(value)])
        if field == "quote" and isinstance(value, str):
            return self._quote(value)
        text = self.cut(self._readable(field, value))
        return self._text(title_of(text) if field in self.records.word_fields else text)

    def size(self, field: str, value: object) -> tuple[int, int]:
        """(the width the cell takes on one line, its longest word) for column widths; a
        value a person types is one word, never wrapped."""
        width, word = self._size(field, value)
        return (width, width) if field in self.records.typed_fields else (width, word)

    def _size(self, field: str, value: object) -> tuple[int, int]:
        if _is_text_list(value):  # (never empty: an empty list is shown as "")
            sizes = [_size(escape_controls(item), indent=2) for item in self._items(value)]
            return max(size for size, _ in sizes), max(word for _, word in sizes)
        if value is None or isinstance(value, bool | Blob):
            return _size(self.cut(self._plain(field, value)))
        # Measured as shown: a control character takes the width of its escape.
        text = escape_controls(self.cut(self._readable(field, value)))
        if field == "quote" and isinstance(value, str):
            if self.quote_counts[value] > 1:
                return _size("[99]")
            text = escape_controls(self.cut(self.records.quote_labels.get(value, value)))
        if _is_url(text):
            return _size("[99]")
        return _size(title_of(text) if field in self.records.word_fields else text)

    def _readable(self, field: str, value: object) -> str:
        """The value as a person reads it, a derived one marked."""
        derived = field in self.records.derived
        return readable(value) + (f" {DERIVED_MARK}" if derived else "")

    def _quote(self, quote: str) -> Text:
        """A quote as a person reads it; one that several rows share (the sentence of an
        enumeration) becomes a footnote, written once."""
        shown = escape_controls(self.cut(self.records.quote_labels.get(quote, quote)))
        if self.quote_counts[quote] < 2:
            return Text(shown)
        if shown not in self.footnotes:
            self.footnotes.append(shown)
        return Text(f"[{self.footnotes.index(shown) + 1}]", style="dim")

    def cut(self, text: str) -> str:
        """`text`, or its first MAX_VALUE characters and an ellipsis."""
        if len(text) <= MAX_VALUE:
            return text
        self.shortened.add("values")
        return text[:MAX_VALUE] + "…"

    def _items(self, items: Sequence[object]) -> list[str]:
        """The first MAX_ITEMS items of a list, each cut, then how many more there are."""
        shown = [self.cut(str(item)) for item in items[:MAX_ITEMS]]
        if len(items) > MAX_ITEMS:
            self.shortened.add("lists")
            shown.append(f"… {len(items) - MAX_ITEMS} more")
        return shown

    def _plain(self, field: str, value: object) -> str:
        """The text of a null, a boolean or a BLOB cell."""
        if value is None:
            if self.records.null_text is not None:
                return self.records.null_text
            return self.not_applicable if field in self.records.not_applicable else NOT_STATED
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value.hex() if isinstance(value, Blob) else str(value)

    def _text(self, text: str) -> Text:
        shown = escape_controls(text)
        if _is_url(shown):
            self.footnotes.append(shown)
            return Text(f"[{len(self.footnotes)}]", style="dim")
        cell = Text(shown)
        if self.records.highlight:
            cell.highlight_words([self.records.highlight], "bold yellow", case_sensitive=False)
        return cell

    def _bullets(self, items: list[Text]) -> RenderableType:
        """Each item behind a bullet, its wrapped lines indented under its first word."""
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for item in items:
            grid.add_row(self.bullet, item)
        return grid


def _table(
    records: Records,
    fields: Sequence[str],
    rows: list[list[object]],
    cells: _Cells,
    header: bool,
    streams: Streams,
) -> Table | None:
    """The records as a table, or None if it cannot fit the terminal without cutting a
    word or wrapping what a person types."""
    marker_after = _marker_position(records, fields)
    headings = [escape_controls(records.heading(field)) for field in fields]
    sizes = [
        [_size(heading), *(cells.size(field, values[index]) for values in rows)]
        for index, (heading, field) in enumerate(zip(headings, fields, strict=True))
    ]
    # Each column costs a border and a space either side; the outer borders give way
    # when the terminal is too narrow for every longest word with them.
    available = streams.width - 3 * len(fields) - 1 - (4 if marker_after is not None else 0)
    # A value's words stand whole, and a typed value on one line, or the records become
    # cards (a heading may still fold, in a table narrower than its headings' words).
    # No rows have no words to fit (emit says "No rows." instead, but a renderer may
    # still be handed none).
    if rows and sum(max(word for _, word in column[1:]) for column in sizes) > available + 2:
        return None
    show_edge = sum(max(word for _, word in column) for column in sizes) <= available
    widths = _widths(sizes, available=available if show_edge else available + 2)
    table = Table(
        box=box.ROUNDED if streams.unicode else box.ASCII,
        safe_box=not streams.unicode,
        header_style="bold cyan",
        show_header=header,
        show_edge=show_edge,
    )
    for index, (heading, width) in enumerate(zip(headings, widths, strict=True)):
        numbers = _all_numbers(values[index] for values in rows)
        table.add_column(
            heading, width=width, overflow="fold", justify="right" if numbers else "left"
        )
        if index == marker_after:
            table.add_column("", justify="center", no_wrap=True)
    arrow = "→" if streams.unicode else "->"
    for values in rows:
        row = [cells.cell(field, value) for field, value in zip(fields, values, strict=True)]
        if marker_after is not None:
            before, after = values[marker_after], values[marker_after + 1]
            marker = Text("=", style="dim") if before == after else Text(arrow, style="bold green")
            row.insert(marker_after + 1, marker)
        table.add_row(*row)
    return table


def _card(
    fields: Sequence[str], rows: list[list[object]], cells: _Cells, screen: int
) -> list[RenderableType]:
    """Each record shown field by field, as for commands that describe a single thing:
    grids of label and value, and each URL on a line of its own (a Text), never folded;
    a blank line between records. A label too long to leave a value CARD_VALUE_ROOM
    columns of a `screen` that wide wraps (an SQL column's name can be any length)."""
    labels = [escape_controls(cells.records.heading(field)) for field in fields]
    width = min(max(map(cell_len, labels), default=0), screen - 2 - CARD_VALUE_ROOM)
    parts: list[RenderableType] = []
    grid: Table | None = None
    for number, values in enumerate(rows):
        if number:
            parts.append(Text(""))
            grid = None
        for label, field, value in zip(labels, fields, values, strict=True):
            if isinstance(value, str) and _is_url(escape_controls(value)):
                padding = " " * max(2, width + 2 - cell_len(label))
                parts.append(
                    Text.assemble((label + padding, "bold cyan"), escape_controls(cells.cut(value)))
                )
                grid = None
                continue
            if grid is None:
                grid = Table.grid(padding=(0, 2, 0, 0))
                grid.add_column(style="bold cyan", width=width, overflow="fold")
                grid.add_column(overflow="fold")
                parts.append(grid)
            grid.add_row(label, cells.cell(field, value))
    return parts


def _footer(records: Records, shown: int, count: int) -> list[str]:
    """The lines under a table: how many rows (of how many), a note, the source. `count`
    rows were selected, of `records.total` if that is known, and `shown` are drawn."""
    lines = []
    total = count if records.total is None else records.total
    if records.layout != "card":
        singular, plural = records.noun
        noun = singular if (total or shown) == 1 else plural
        lines.append(f"{shown} of {total} {noun}" if total != shown else f"{shown} {noun}")
    if records.note:
        lines.append(records.note)
    if records.source_line:
        lines.append(f"Source: {records.source_line}")
    return lines


def _size(text: str, indent: int = 0) -> tuple[int, int]:
    """(the width `text` takes on one line, its longest word), both after `indent`, in
    terminal cells: a CJK character takes two."""
    return indent + cell_len(text), indent + max(map(cell_len, text.split()), default=0)


def _widths(sizes: list[list[tuple[int, int]]], available: int) -> list[int]:
    """Each column's width, decided from its content as gh does: every column as wide as
    its longest line if they all fit; else the widest columns give way first, down to
    their longest word, so that no word is cut in the middle; only if the terminal is
    narrower than even that do the widest go below it, down to the longest word of their
    values: a heading folds, a value's words stand whole (`sizes` holds each column's
    heading first, then its values; a table is drawn only when those words fit)."""
    natural = [max(size for size, _ in column) for column in sizes]
    floor = [max(word for _, word in column) for column in sizes]
    widths = _lowered(natural, floor, available)
    if sum(widths) > available:
        values = [max((word for _, word in column[1:]), default=0) for column in sizes]
        floor = [min(width, max(word, 1)) for width, word in zip(widths, values, strict=True)]
        widths = _lowered(widths, floor, available)
    return widths


def _lowered(widths: list[int], floor: list[int], available: int) -> list[int]:
    """`widths` made narrower one column at a time, the widest (the first of equals)
    first, none below its `floor`, until they fit in `available` or all are at the floor.
    Found as a level (no column wider than it) by bisection: in linear time."""

    def at(level: int) -> list[int]:
        return [max(low, min(width, level)) for width, low in zip(widths, floor, strict=True)]

    if sum(widths) <= available or sum(floor) >= available:
        return widths if sum(widths) <= available else list(floor)
    # sum(at(fits)) <= available < sum(at(over)); the widest `over` columns then go down
    # to `fits` one by one, in order, until the widths fit.
    fits, over = 0, max(widths)
    while over - fits > 1:
        middle = (fits + over) // 2
        if sum(at(middle)) <= available:
            fits = middle
        else:
            over = middle
    lowered = at(over)
    excess = sum(lowered) - available
    for index, width in enumerate(lowered):
        if excess == 0:
            break
        if width == over and floor[index] < over:
            lowered[index] = fits
            excess -= 1
    return lowered


def _marker_position(records: Records, fields: Sequence[str]) -> int | None:
    """Index of the `before` field when it is directly followed by its `after` field."""
    if records.change_marker is None:
        return None
    before, after = records.change_marker
    for index in range(len(fields) - 1):
        if fields[index] == before and fields[index + 1] == after:
            return index
    return None


def _is_text_list(value: object) -> TypeGuard[list[str]]:
    """A list of words or phrases (bulleted), not of line numbers (shown `1, 5, 14`)."""
    return isinstance(value, list) and not all(isinstance(item, int) for item in value[:1])


def _all_numbers(values: Iterator[object]) -> bool:
    """Whether a column holds numbers (and nulls) only: it is right-aligned, as counts,
    sizes and years are in a spreadsheet."""
    shown = [value for value in values if value is not None]
    return bool(shown) and all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in shown
    )


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://")) and " " not in text
