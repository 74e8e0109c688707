"""The output layer: choose a format, select fields, stream the rendered text to stdout."""

from __future__ import annotations

import enum
import importlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from bloc_cli.output.terminal import Terminal
from bloc_cli.records import Records, Row

# A renderer gets the records, the fields to show, whether to write a header row, and
# what stdout is; it yields the text.
Renderer = Callable[[Records, Sequence[str], bool, Terminal], Iterator[str]]


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
        module_name, function_name = _RENDERERS[self]
        module = importlib.import_module(f"bloc_cli.output.{module_name}")
        renderer: Renderer = getattr(module, function_name)
        return renderer


# Format -> (module in bloc_cli.output, function): one small renderer per format.
_RENDERERS: dict[Format, tuple[str, str]] = {
    Format.TABLE: ("table", "render"),
    Format.PLAIN: ("text", "render_plain"),
    Format.MARKDOWN: ("text", "render_markdown"),
    Format.JSON: ("jsonfmt", "render_json"),
    Format.JSONL: ("jsonfmt", "render_jsonl"),
    Format.CSV: ("delimited", "render_csv"),
    Format.TSV: ("delimited", "render_tsv"),
}


def resolve_format(requested: Format | None, terminal: Terminal) -> Format:
    """The format to use: the one asked for, else a table on a terminal and tsv in a pipe."""
    if requested is not None:
        return requested
    return Format.TABLE if terminal.is_tty else Format.TSV


def emit(
    records: Records,
    *,
    fmt: Format | None = None,
    fields: str | None = None,
    header: bool = True,
    color: bool = True,
) -> None:
    """Render `records` as the output options ask and write them to stdout."""
    terminal = Terminal.detect(sys.stdout, color_allowed=color)
    chosen = records.select(fields)
    render = resolve_format(fmt, terminal).renderer()
    write_chunks(render(records, chosen, header, terminal))


def write_chunks(chunks: Iterable[str]) -> None:
    out = sys.stdout
    for chunk in chunks:
        out.write(chunk)
    out.flush()


def project(rows: Iterable[Row], fields: Sequence[str]) -> Iterator[list[object]]:
    """Each row as a list of its values in `fields` order."""
    for row in rows:
        yield [row.get(field) for field in fields]
