"""`bloc article`: the source text, exactly as stored in a pipe, rendered on a terminal."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from bloc_cli.errors import UsageError, quoted
from bloc_cli.output.cells import escape_controls
from bloc_cli.output.streams import Streams

if TYPE_CHECKING:
    from rich.console import RenderableType

# Line numbers of at most nine digits: a longer one is no line of any article. A range
# may be open at either end: `5-` (to the end), `-10` (from the start).
_RANGE = re.compile(r"([0-9]{1,9})?(?:(-)([0-9]{1,9})?)?")
_BLANK_LINES = re.compile(r"\n{3,}")
_TABLE_RULE = re.compile(r"\|[-:| ]+\|")
_NUMBER_WIDTH = 8  # `cat -n`: six digits and a tab
# A table row's cell separators: a pipe, unless a backslash escapes it.
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_SPACES_OR_WORD = re.compile(r" +|[^ ]+")


def render_article(text: str, streams: Streams, numbered: bool, lines: str | None) -> None:
    """Write the article (or lines A-B of it) to the streams' stdout: its exact text in a
    pipe, numbered as `cat -n` does with `numbered`, drawn by rich on a terminal."""
    all_lines = text.removesuffix("\n").split("\n")
    first, last = _line_range(lines, len(all_lines))
    chosen = all_lines[first - 1 : last]
    out = streams.stdout
    if numbered and streams.is_tty:
        _numbered_on_screen(chosen, first, streams)
    elif numbered:
        for number, line in enumerate(chosen, start=first):
            out.write(f"{number:6d}\t{line}\n")
    elif not streams.is_tty:
        out.write(text if lines is None else "\n".join(chosen) + "\n")
    else:
        _draw(chosen, streams)
    out.flush()


def _numbered_on_screen(lines: list[str], first: int, streams: Streams) -> None:
    """Each line behind its number, as `cat -n` shows it, wrapped at the screen's edge
    between words, its next rows under its text (as `less -N` and bat do): the number
    column stays clear, and no word is cut. A word wider than the screen stands whole."""
    import textwrap

    indent = " " * _NUMBER_WIDTH
    width = max(streams.width - _NUMBER_WIDTH, 20)
    rows = []
    for number, line in enumerate(lines, start=first):
        wrapped = textwrap.wrap(
            escape_controls(line), width, break_long_words=False, break_on_hyphens=False
        ) or [""]
        rows.append(f"{number:6d}\t{wrapped[0]}".rstrip(" ") + "\n")
        rows.extend(f"{indent}{row}\n" for row in wrapped[1:])
    streams.stdout.write("".join(rows))


def _line_range(spec: str | None, count: int) -> tuple[int, int]:
    """(first, last) line, 1-based, from `A-B`, `A-`, `-B` or `A`; the whole text
    without a spec."""
    if spec is None:
        return 1, count
    match = _RANGE.fullmatch(spec.strip())
    if match is None or not (match.group(1) or match.group(3)):
        raise UsageError(f"--lines: {quoted(spec)} is not A-B, A-, -B or A (line numbers)")
    start, dash, end = match.groups()
    first = int(start or 1)
    last = int(end) if end else (max(first, count) if dash else first)
    if first < 1:
        raise UsageError(f"--lines: {quoted(spec)}: lines are numbered from 1")
    if first > last:
        raise UsageError(f"--lines: {quoted(spec)} runs backwards (write the first line first)")
    if first > count:
        raise UsageError(f"--lines: the article has {count} lines (try --lines 1-{count})")
    return first, min(last, count)


def _draw(lines: list[str], streams: Streams) -> None:
    """The lines for a person: each a paragraph as written, bullets as bullets, and pipe
    tables (a header row, then a row of dashes) drawn as tables whose cells are shown as
    written (no Markdown in them is rendered, and no link made). Paragraphs are wrapped
    at word boundaries only: a word longer than the screen, such as the image's URL,
    stands whole on a line of its own, for the terminal to show and a person to click or
    copy."""
    from rich.text import Text

    from bloc_cli.output.table import without_trailing_spaces

    buffer = io.StringIO()
    console = streams.console(buffer)
    bullet = "•" if streams.unicode else "-"

    def wrapped(text: str, first: str = "", rest: str = "") -> None:
        body = text.lstrip(" ")
        first += text[: len(text) - len(body)]  # a line's own indent is kept
        for line in _wrap(body, streams.width, first, rest):
            console.print(Text(line.rstrip()), soft_wrap=True)  # as wrapped here, no more

    for block in _blocks([escape_controls(line) for line in lines]):
        if _is_table(block):
            console.print(_table(block))  # its last line, the bottom edge, is blank
            continue
        for line in block:
            if line.startswith("- "):
                wrapped(line.removeprefix("- "), f"{bullet} ", "  ")
            else:
                wrapped(line)
        console.print()
    drawn = without_trailing_spaces(buffer.getvalue()).strip("\n")
    streams.stdout.write(_BLANK_LINES.sub("\n\n", drawn) + "\n")  # one blank line between blocks


def _wrap(body: str, width: int, first: str, rest: str) -> list[str]:
    """`body` in lines of at most `width` terminal cells (a CJK character takes two),
    broken at spaces only: the first line opens with `first`, the others with `rest`; a
    word wider than that stands whole on a line of its own."""
    from rich.cells import cell_len

    lines: list[str] = []
    line, line_width, has_word, space = first, cell_len(first), False, ""
    for chunk in _SPACES_OR_WORD.findall(body):
        if chunk.startswith(" "):
            space = chunk if has_word else ""
            continue
        chunk_width = cell_len(chunk)
        if has_word and line_width + len(space) + chunk_width > width:
            lines.append(line)
            line, line_width, space = rest, cell_len(rest), ""
        line += space + chunk
        line_width += len(space) + chunk_width
        has_word, space = True, ""
    lines.append(line)
    return lines


def _table(block: list[str]) -> RenderableType:
    """A pipe table's rows drawn as a table, each cell's text exactly as written."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    header, *rows = [_cells(line) for index, line in enumerate(block) if index != 1]
    columns = max(map(len, [header, *rows]))
    table = Table(
        box=box.SIMPLE,
        pad_edge=False,
        border_style="cyan",
        header_style="cyan",
        collapse_padding=True,
    )
    for heading in header + [""] * (columns - len(header)):
        table.add_column(Text(heading))
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _cells(line: str) -> list[str]:
    """The cells of a pipe table's row, without the pipes at its ends, each stripped."""
    cells = _CELL_SEPARATOR.split(line.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if len(cells) > 1 and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of table rows, runs of bullets, and other lines one by one."""
    blocks: list[list[str]] = []
    for line in lines:
        kind = "|" if line.startswith("|") else "- " if line.startswith("- ") else None
        if kind and blocks and blocks[-1][0].startswith(kind):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _is_table(block: list[str]) -> bool:
    """A Markdown pipe table: a header row, then a row of dashes."""
    return len(block) >= 2 and _TABLE_RULE.fullmatch(block[1]) is not None
