"""`bloc article`: the source text, exactly as stored in a pipe, rendered on a terminal."""

from __future__ import annotations

import io
import re

from bloc_cli.errors import UsageError, quoted
from bloc_cli.output.cells import inert
from bloc_cli.output.terminal import Terminal

# Line numbers of at most nine digits: a longer one is no line of any article. A range
# may be open at either end: `5-` (to the end), `-10` (from the start).
_RANGE = re.compile(r"([0-9]{1,9})?(?:(-)([0-9]{1,9})?)?")
_BLANK_LINES = re.compile(r"\n{3,}")
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


def _draw(lines: list[str], terminal: Terminal) -> None:
    """The lines for a person: each a paragraph as written, bullets as bullets, and pipe
    tables (a header row, then a row of dashes) drawn as tables. Paragraphs are wrapped at
    word boundaries only: a word longer than the screen, such as the image's URL, stands
    whole on a line of its own, for the terminal to show and a person to click or copy."""
    import textwrap

    from rich.markdown import Markdown
    from rich.text import Text

    from bloc_cli.output.table import without_trailing_spaces

    buffer = io.StringIO()
    console = terminal.console(buffer)
    bullet = "•" if terminal.unicode else "-"

    def wrapped(text: str, first: str = "", rest: str = "") -> None:
        body = text.lstrip(" ")
        first += text[: len(text) - len(body)]  # a line's own indent is kept
        for line in textwrap.wrap(
            body,
            terminal.width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [first]:
            console.print(Text(line.rstrip()), soft_wrap=True)  # as wrapped here, no more

    for block in _blocks([inert(line) for line in lines]):
        if _is_table(block):
            console.print(Markdown("\n".join(block)))  # with a blank line after it
            continue
        for line in block:
            if line.startswith("- "):
                wrapped(line.removeprefix("- "), f"{bullet} ", "  ")
            else:
                wrapped(line)
        console.print()
    drawn = without_trailing_spaces(buffer.getvalue()).strip("\n")
    terminal.stdout.write(_BLANK_LINES.sub("\n\n", drawn) + "\n")  # one blank line between blocks


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
