"""The output options every command that prints records shares, declared once, and the
rendering of the records it returns; with what each command uses of its run: the dataset
(loaded on first use) and completion callbacks that import completion only when asked."""

import functools
import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any, cast

import typer

from bloc_cli import typer_compat
from bloc_cli.errors import UsageError
from bloc_cli.loading import load_dataset
from bloc_cli.model import Dataset
from bloc_cli.output import Format, emit
from bloc_cli.output.streams import Streams, write_line
from bloc_cli.records import CITATION_FIELDS, Records


def completer(name: str) -> Callable[[typer.Context, str], list[str]]:
    """A completion callback that imports bloc_cli.completion only when a shell asks."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from bloc_cli import completion

        candidates: list[str] = getattr(completion, name)(ctx, incomplete)
        return candidates

    return complete


# The output options of every command that prints records, declared once: a command
# gets them all by `@output_options()` (and --cite by `@output_options(cite=True)`) and
# returns its Records, which are rendered here.
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        # Seven choices as [a|b|...] would not fit rich's narrow type column: named here.
        help=f"Output format: {', '.join(format.value for format in Format)}. "
        "Default: table on a terminal, tsv in a pipe.",
        metavar="FORMAT",
        case_sensitive=False,
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        help="Comma-separated fields to show, in this order (alone: list them).",
        metavar="A,B,C",
        autocompletion=completer("fields"),
    ),
]
NoHeaderOption = Annotated[
    bool, typer.Option("--no-header", help="Leave out the header row (csv, tsv, plain).")
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No colour, even on a terminal (NO_COLOR works too).")
]
CiteOption = Annotated[
    bool,
    typer.Option("--cite", help="Add each record's line in the article and its quote."),
]
_OUTPUT_PARAMETERS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
    for name, annotation, default in [
        ("output_format", FormatOption, None),
        ("fields", FieldsOption, None),
        ("no_header", NoHeaderOption, False),
        ("no_color", NoColorOption, False),
    ]
]
_CITE_PARAMETER = inspect.Parameter(
    "cite", inspect.Parameter.KEYWORD_ONLY, annotation=CiteOption, default=False
)


def output_options(
    *, cite: bool = False
) -> Callable[[Callable[..., Records]], Callable[..., None]]:
    """Give a command (whose first parameter is `ctx`) the output options, and --cite if
    its records are facts the article states; render the records it returns.

    Typer reads a command's options from its signature, so the signature shown to Typer
    is the command's own followed by the output options.
    """
    parameters = [*_OUTPUT_PARAMETERS, *([_CITE_PARAMETER] if cite else [])]

    def decorate(command: Callable[..., Records]) -> Callable[..., None]:
        @functools.wraps(command)
        def run_and_render(*args: Any, **kwargs: Any) -> None:
            options = {parameter.name: kwargs.pop(parameter.name) for parameter in parameters}
            ctx = kwargs["ctx"]
            try:
                records = command(*args, **kwargs)
                _render(records, ctx, **options)
            except UsageError as error:
                error.help_for = error.help_for or ctx.command_path
                raise

        signature = inspect.signature(command)
        assert "ctx" in signature.parameters, f"{command.__name__} takes ctx first"
        typer_compat.with_parameters(run_and_render, [*signature.parameters.values(), *parameters])
        return run_and_render

    return decorate


def _render(
    records: Records,
    ctx: typer.Context,
    *,
    output_format: Format | None,
    fields: str | None,
    no_header: bool,
    no_color: bool,
    cite: bool = False,
) -> None:
    """Choose the fields (with the citations if asked), print the records, then their
    summary on stderr and their exit code."""
    if cite:
        defaults = [*records.chosen_fields(None), *CITATION_FIELDS]
        records = records._replace(default_fields=defaults)
    chosen = records.chosen_fields(fields)
    streams = Streams.detect(color_allowed=not no_color)
    # The line locator runs only when line or quote is asked for.
    warnings: list[str] = []
    if records.cites and set(CITATION_FIELDS) & set(chosen):
        from bloc_cli.citations import cited

        # A table labels each quoted table row's cells with their columns.
        as_table = output_format is Format.TABLE or (output_format is None and streams.is_tty)
        records = cited(
            records, dataset_of(ctx), warnings, quote="quote" in chosen, labelled=as_table
        )
    emit(records, streams, chosen, fmt=output_format, header=not no_header)
    if warnings:
        _warn(warnings)
    if records.summary:
        write_line(records.summary, sys.stderr)
    if records.exit_code:
        raise typer.Exit(records.exit_code)


# How many citation warnings are written one by one before the rest are counted.
WARNINGS_SHOWN = 20


def _warn(warnings: list[str]) -> None:
    """Each warning on a line of stderr (the first WARNINGS_SHOWN, then how many more)."""
    from bloc_cli.output.cells import escape_controls

    for warning in warnings[:WARNINGS_SHOWN]:
        write_line(f"bloc: warning: {escape_controls(warning)}", sys.stderr)
    if len(warnings) > WARNINGS_SHOWN:
        more = len(warnings) - WARNINGS_SHOWN
        write_line(f"bloc: warning: and {more} more (bloc verify lists every one)", sys.stderr)


def dataset_of(ctx: typer.Context) -> Dataset:
    """The dataset for this run, loaded on first use (bundled, --data or BLOC_DATA)."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = load_dataset(root.params.get("data"))
    return cast(Dataset, root.obj)
