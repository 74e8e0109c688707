"""The command line: thin Typer commands that return records for the output layer."""

import functools
import inspect
import sys
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal, cast

import typer

from bloc_cli import __version__, typer_compat, views
from bloc_cli.errors import DataError, UsageError
from bloc_cli.lazy_group import unknown_command
from bloc_cli.loading import load_dataset
from bloc_cli.model import Dataset
from bloc_cli.output import Format, emit
from bloc_cli.output.terminal import Terminal, tell
from bloc_cli.records import CITATION_FIELDS, Records
from bloc_cli.registry import HELP_MARKUP, STDOUT_IS_TERMINAL, commands


def _complete(name: str) -> Callable[[typer.Context, str], list[str]]:
    """A completion callback that imports bloc_cli.completion only when a shell asks."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from bloc_cli import completion

        candidates: list[str] = getattr(completion, name)(ctx, incomplete)
        return candidates

    return complete


def _examples(*commands: str) -> str:
    """An epilog listing example command lines, one per line, no blank line between."""
    if HELP_MARKUP is None:  # Click rewraps a paragraph unless it opens with \b
        return "\b\nExamples:\n" + "\n".join(f"  $ {command}" for command in commands)
    return "[bold]Examples[/bold]\n" + "\n".join(f"$ {command}" for command in commands)


app = typer.Typer(
    name="bloc",
    cls=commands.group(),
    help="Query the facts of one news article: Azerbaijan joining a bloc of five Central "
    "Asian states. Tables on a terminal, tab-separated values in a pipe.",
    epilog=_examples(
        "bloc members",
        "bloc member kaz",
        "bloc security --compare",
        "bloc members -f json | jq '.[].name'",
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=HELP_MARKUP,
    # `bloc completion SHELL` prints the script for the shell it names; Typer's
    # --show-completion prints the one for the shell it runs in, whatever it is given.
    add_completion=False,
)

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
        autocompletion=_complete("fields"),
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
    # The line locator runs only when line or quote is asked for.
    warnings: list[str] = []
    if records.cites and set(CITATION_FIELDS) & set(chosen):
        from bloc_cli.citations import cited

        on_terminal = output_format is Format.TABLE or (
            output_format is None and sys.stdout.isatty()
        )
        records = cited(
            records, _dataset(ctx), warnings, quote="quote" in chosen, labelled=on_terminal
        )
    terminal = Terminal.detect(color_allowed=not no_color)
    emit(records, terminal, chosen, fmt=output_format, header=not no_header)
    if warnings:
        _warn(warnings)
    if records.summary:
        tell(records.summary, sys.stderr)
    if records.exit_code:
        raise typer.Exit(records.exit_code)


# How many citation warnings are written one by one before the rest are counted.
WARNINGS_SHOWN = 20


def _warn(warnings: list[str]) -> None:
    """Each warning on a line of stderr (the first WARNINGS_SHOWN, then how many more)."""
    from bloc_cli.output.cells import inert

    for warning in warnings[:WARNINGS_SHOWN]:
        tell(f"bloc: warning: {inert(warning)}", sys.stderr)
    if len(warnings) > WARNINGS_SHOWN:
        more = len(warnings) - WARNINGS_SHOWN
        tell(f"bloc: warning: and {more} more (bloc verify lists every one)", sys.stderr)


def _dataset(ctx: typer.Context) -> Dataset:
    """The dataset for this run, loaded on first use (bundled, --data or BLOC_DATA)."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = load_dataset(root.params.get("data"))
    return cast(Dataset, root.obj)


def _no_pager(value: bool) -> None:
    if value and STDOUT_IS_TERMINAL:  # the pager is only ever used on a terminal
        from bloc_cli.output.pager import turn_off

        turn_off()


# Run without a command too, so that --version is handled here, once the whole command
# line is read: `bloc --version members` is then refused rather than half ignored.
@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    # A plain string, not a Typer Path: every problem with the file is bloc's
    # "cannot load" (exit 3), not a usage error raised by Typer's path checks.
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            envvar="BLOC_DATA",
            help="Read this dataset file (same schema) instead of the bundled one; "
            "- reads standard input.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            callback=_no_pager,
            is_eager=True,
            help="Never page long output on a terminal (BLOC_PAGER=cat does too).",
        ),
    ] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    """Global options; the help text is the app's."""
    if not version and ctx.invoked_subcommand is None:
        ctx.fail("missing command")
    if version:
        if ctx.invoked_subcommand is not None:
            ctx.fail(f"--version takes no command, got {ctx.invoked_subcommand!r}")
        typer.echo(f"bloc {__version__}")
        raise typer.Exit()


@commands.command(
    "members",
    epilog=_examples(
        "bloc members",
        "bloc members -c energy --sort year",
        "bloc members --since 1993 -f json",
        "bloc members | cut -f1",
    ),
)
@output_options(cite=True)
def members(
    ctx: typer.Context,
    contribution: Annotated[
        str | None,
        typer.Option(
            "--contribution",
            "-c",
            help="Only members with a contribution containing TEXT.",
            metavar="TEXT",
        ),
    ] = None,
    since: Annotated[
        int | None,
        typer.Option(help="Only members that joined in or after YEAR.", metavar="YEAR"),
    ] = None,
    until: Annotated[
        int | None,
        typer.Option(help="Only members that joined in or before YEAR.", metavar="YEAR"),
    ] = None,
    sort: Annotated[
        views.MemberSort | None,
        typer.Option(help="Sort by name or year (unknown years last).", case_sensitive=False),
    ] = None,
) -> Records:
    """List the member states: year joined, main contributions, newest member."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}: no year is both")
    return views.members(
        _dataset(ctx), contribution=contribution, since=since, until=until, sort=sort
    )


@commands.command("member", epilog=_examples("bloc member kaz", "bloc member Azerbaijan -f json"))
@output_options(cite=True)
def member(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Member name: any case, or a unique prefix such as 'kaz'.",
            autocompletion=_complete("member_names"),
        ),
    ],
) -> Records:
    """Show everything the dataset says about one member."""
    return views.member(_dataset(ctx), name)


@commands.command(
    "security",
    epilog=_examples(
        "bloc security", "bloc security --compare", "bloc security --aspect border -f json"
    ),
)
@output_options(cite=True)
def security(
    ctx: typer.Context,
    compare: Annotated[
        bool, typer.Option("--compare", help="Show before and after side by side.")
    ] = False,
    aspect: Annotated[
        str | None,
        typer.Option(
            help="Only aspects containing TEXT.",
            metavar="TEXT",
            autocompletion=_complete("aspects"),
        ),
    ] = None,
) -> Records:
    """Show each security aspect after Azerbaijan's inclusion (--compare: before and after)."""
    return views.security(_dataset(ctx), aspect=aspect, compare=compare)


@commands.command("roadmap", epilog=_examples("bloc roadmap", "bloc roadmap --area energy -f json"))
@output_options(cite=True)
def roadmap(
    ctx: typer.Context,
    area: Annotated[
        str | None,
        typer.Option(
            help="Only priority areas containing TEXT.",
            metavar="TEXT",
            autocompletion=_complete("areas"),
        ),
    ] = None,
) -> Records:
    """Show the roadmap: priority areas, their action items and expected impact."""
    return views.roadmap(_dataset(ctx), area=area)


@commands.command(
    "benefits", epilog=_examples("bloc benefits", "bloc benefits --kind economic -f plain")
)
@output_options(cite=True)
def benefits(
    ctx: typer.Context,
    kind: Annotated[
        views.BenefitKind | None,
        typer.Option(help="Only one kind of benefit.", case_sensitive=False),
    ] = None,
) -> Records:
    """List the anticipated benefits of Azerbaijan's membership."""
    return views.benefits(_dataset(ctx), kind=kind)


@commands.command(
    "context",
    epilog=_examples(
        "bloc context", "bloc context --list security_threats", "bloc context -f json"
    ),
)
@output_options(cite=True)
def context(
    ctx: typer.Context,
    name: Annotated[
        views.ContextList | None,
        typer.Option(
            "--list",
            # Five long names as [a|b|...] would not fit a help column: named here.
            help="Only one list: " + ", ".join(each.value for each in views.ContextList) + ".",
            metavar="NAME",
            case_sensitive=False,
        ),
    ] = None,
) -> Records:
    """List the stated aims, shared challenges, security threats, sectors and recommendations."""
    return views.context(_dataset(ctx), name=name)


@commands.command(
    "about", epilog=_examples("bloc about", "bloc about --source", "bloc about -f json")
)
@output_options()
def about(
    ctx: typer.Context,
    source: Annotated[
        bool, typer.Option("--source", help="Show the source itself: title, outlet, image.")
    ] = False,
) -> Records:
    """Show an overview: each section, its size and the command that shows it."""
    dataset = _dataset(ctx)
    return views.source(dataset) if source else views.about(dataset)


@commands.command(
    "search",
    epilog=_examples(
        "bloc search energy", "bloc search 'trade' -f json", "bloc search tajik || echo 'not found'"
    ),
)
@output_options(cite=True)
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Text to look for, in any case.")],
) -> Records:
    """Find every place in the dataset where TEXT occurs (exit 1 when nothing matches)."""
    return views.search(_dataset(ctx), text)


@commands.command(
    "sql",
    epilog=_examples(
        "bloc sql 'SELECT name, year_joined FROM members ORDER BY year_joined'",
        "bloc sql --tables",
        "bloc sql -f json \"SELECT kind, benefit FROM benefits WHERE benefit LIKE '%energy%'\"",
    ),
)
@output_options()
def sql(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(
            help="A SELECT statement over the tables that --tables lists.",
            autocompletion=_complete("sql_names"),
            show_default=False,
        ),
    ] = None,
    tables: Annotated[
        bool, typer.Option("--tables", help="List the tables and their columns instead.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            help="Stop a query that runs longer than this (a number above 0).", metavar="SECONDS"
        ),
    ] = 10.0,
) -> Records:
    """Run read-only SQL over the dataset (SQLite, in memory)."""
    from bloc_cli import sql as sql_queries

    sql_queries.check_time_limit(timeout)
    if tables and query is not None:
        raise UsageError("sql: give a QUERY or --tables, not both")
    if tables:
        return sql_queries.tables()
    if query is None:
        raise UsageError("sql: give a QUERY, or --tables to see what it can use")
    dataset = _dataset(ctx)
    started = time.monotonic()
    records = sql_queries.query(dataset, query, time_limit=timeout)
    # The time limit holds until the result is written (the context closes after that).
    ctx.call_on_close(sql_queries.limit_output(started, timeout))
    return records


@commands.command(
    "export", epilog=_examples("bloc export bloc-data", "bloc export bloc-data --force -f json")
)
@output_options()
def export(
    ctx: typer.Context,
    # A plain string: Typer's Path would turn an empty name into "." (this folder).
    folder: Annotated[
        str,
        typer.Argument(
            help="Folder to write into, made if missing; other files in it are left alone.",
            metavar="DIR",
            show_default=False,
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the files bloc writes if DIR has them.")
    ] = False,
) -> Records:
    """Write the dataset as a Frictionless Data Package: CSV per table, SQLite and JSON."""
    from bloc_cli.export import export as export_package

    return export_package(_dataset(ctx), folder, force=force)


@commands.command(
    "verify",
    epilog=_examples(
        "bloc verify",
        "bloc verify --all --fields record,field,line,result",
        "bloc --data new.json verify --against article.txt",
    ),
)
@output_options()
def verify(
    ctx: typer.Context,
    every: Annotated[
        bool, typer.Option("--all", help="List every check, not only those that fail.")
    ] = False,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Also compare the dataset's text with this article file.",
            metavar="FILE",
        ),
    ] = None,
) -> Records:
    """Check every record against its own place in the article: a table row (each field in
    its column), a bullet of its list, an item of its enumeration, or the subject of a
    sentence; that nothing the article lists there is missing; and each section's heading.
    Exit 0 when all hold, 1 when any fails, 3 when the dataset has no text.

    Only the article's words count, not URLs or markup. verify cannot tell whether a list
    was given the right name when two lists of one section are introduced alike, nor
    whether every recommendation-like sentence subject was taken.
    """
    from bloc_cli.verify import verify as verify_dataset

    return verify_dataset(_dataset(ctx), every=every, against=against)


@commands.command(
    "article",
    epilog=_examples(
        "bloc article", "bloc article --numbered --lines 8-12", "bloc article | wc -l"
    ),
)
def article(
    ctx: typer.Context,
    numbered: Annotated[
        bool, typer.Option("--numbered", "-n", help="Number the lines, as `cat -n` does.")
    ] = False,
    lines: Annotated[
        str | None,
        typer.Option("--lines", help="Only lines A to B (or line A alone).", metavar="A-B"),
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """Print the article the dataset was taken from: exact in a pipe, rendered on a terminal."""
    from bloc_cli.output.article import render_article

    text = _dataset(ctx)["source"].get("text")
    if not text:
        raise DataError("the dataset has no source.text: there is no article to print")
    try:
        render_article(text, Terminal.detect(color_allowed=not no_color), numbered, lines)
    except UsageError as error:
        error.help_for = ctx.command_path
        raise


@commands.command("schema", epilog=_examples("bloc schema", "bloc schema | jq '.\"$defs\" | keys'"))
def schema() -> None:
    """Print the JSON Schema that a dataset file (bundled or --data) must follow."""
    import json

    from bloc_cli.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@commands.command("help", epilog=_examples("bloc help", "bloc help members"))
def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(
            help="The command to explain; without it, bloc itself.",
            autocompletion=_complete("command_names"),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the help of bloc, or of one COMMAND (as -h does)."""
    root = ctx.find_root()
    # Through the app's group, so that the help shows the global options too.
    found = None if command is None else cast(Any, root.command).get_command(root, command)
    if command is not None and found is None:
        raise UsageError(unknown_command(command, commands.names()), help_for="bloc")
    text, color = typer_compat.help_of(found, root)
    typer.echo(text, color=color)  # as -h does


Shell = Literal["bash", "zsh", "fish"]


@commands.command(
    "completion",
    epilog=_examples(
        "bloc completion bash >> ~/.bashrc",
        "bloc completion zsh > ~/.zfunc/_bloc",
        "bloc completion fish > ~/.config/fish/completions/bloc.fish",
    ),
)
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(help="The shell to complete in: bash, zsh or fish.", show_default=False),
    ],
) -> None:
    """Print the completion script for SHELL, whichever shell runs bloc."""
    from bloc_cli.completion import script

    typer.echo(script(shell))
