"""`bloc article`: the source text, exactly as stored in a pipe, rendered on a terminal."""

from __future__ import annotations

import io
import re

from bloc_cli.errors import UsageError, quoted
from bloc_cli.output.cells import inert
from bloc_cli.output.terminal import Terminal

_RANGE = re.compile(r"(\d+)(?:-(\d+))?")
_TABLE_RULE = re.compile(r"\|[-:| ]+\|")


def render_article(text: str, terminal: Terminal, numbered: bool, lines: str | None) -> None:
    """Write the article (or lines A-B of it) to the terminal's stdout: its exact text in a
    pipe, numbered as `cat -n` does with `numbered`, drawn by rich on a terminal."""
    all_lines = text.removesuffix("\n").split("\n")
    first, last = _line_range(lines, len(all_lines))
    chosen = all_lines[first - 1 : last]
    out = terminal.stdout
    if numbered:
        for number, line in enumerate(chosen, start=first):
            shown = inert(line) if terminal.is_tty else line
            out.write(f"{number:6d}\t{shown}\n")
    elif not terminal.is_tty:
        out.write(text if lines is None else "\n".join(chosen) + "\n")
    else:
        _draw(chosen, terminal)
    out.flush()


def _line_range(spec: str | None, count: int) -> tuple[int, int]:
    """(first, last) line, 1-based, from `A-B` or `A`; the whole text without a spec."""
    if spec is None:
        return 1, count
    match = _RANGE.fullmatch(spec.strip())
    if match is None:
        raise UsageError(f"--lines: {quoted(spec)} is not A-B or A (line numbers)")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1:
        raise UsageError(f"--lines: {quoted(spec)}: lines are numbered from 1")
    if first > last:
        raise UsageError(f"--lines: {quoted(spec)} runs backwards (write the first line first)")
    if first > count:
        raise UsageError(f"--lines: the article has {count} lines (try --lines 1-{count})")
    return first, min(last, count)


def _draw(lines: list[str], terminal: Terminal) -> None:
    """The lines as Markdown: pipe tables drawn as tables, bullets as bullets. Each line of
    the article is its own paragraph (its headings stand alone on their lines)."""
    from rich.markdown import Markdown

    from bloc_cli.output.table import without_trailing_spaces

    blocks: list[str] = []
    for line in lines:
        shown = inert(line)
        continues = blocks and (
            (shown.startswith("|") and blocks[-1].startswith("|"))
            or (shown.startswith("- ") and blocks[-1].startswith("- "))
        )
        if continues:
            blocks[-1] += "\n" + shown
        else:
            blocks.append(shown)
    # Rows cut from a table (`--lines 10-12`) are no table without its header: a paragraph
    # each, as written, rather than run together.
    blocks = [
        part
        for block in blocks
        for part in (
            [block] if _is_table(block) else block.split("\n") if block[0] == "|" else [block]
        )
    ]
    buffer = io.StringIO()
    terminal.console(buffer).print(Markdown("\n\n".join(blocks), hyperlinks=False))
    terminal.stdout.write(without_trailing_spaces(buffer.getvalue()))


def _is_table(block: str) -> bool:
    """A Markdown pipe table: a header row, then a row of dashes."""
    rows = block.split("\n")
    return len(rows) >= 2 and _TABLE_RULE.fullmatch(rows[1]) is not None
