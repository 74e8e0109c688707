"""The command line: thin Typer commands that return records for the output layer."""

import time
from typing import Annotated, Any, Literal, cast

import typer

from bloc_cli import __version__, typer_compat, views
from bloc_cli.errors import DataError, UsageError
from bloc_cli.lazy_group import unknown_command
from bloc_cli.options import NoColorOption, completer, dataset_of, output_options
from bloc_cli.output.streams import Streams
from bloc_cli.records import Records
from bloc_cli.registry import HELP_MARKUP, STDOUT_IS_TERMINAL, commands


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
        dataset_of(ctx), contribution=contribution, since=since, until=until, sort=sort
    )


@commands.command("member", epilog=_examples("bloc member kaz", "bloc member Azerbaijan -f json"))
@output_options(cite=True)
def member(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Member name: any case, or a unique prefix such as 'kaz'.",
            autocompletion=completer("member_names"),
        ),
    ],
) -> Records:
    """Show everything the dataset says about one member."""
    return views.member(dataset_of(ctx), name)


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
            autocompletion=completer("aspects"),
        ),
    ] = None,
) -> Records:
    """Show each security aspect after Azerbaijan's inclusion (--compare: before and after)."""
    return views.security(dataset_of(ctx), aspect=aspect, compare=compare)


@commands.command("roadmap", epilog=_examples("bloc roadmap", "bloc roadmap --area energy -f json"))
@output_options(cite=True)
def roadmap(
    ctx: typer.Context,
    area: Annotated[
        str | None,
        typer.Option(
            help="Only priority areas containing TEXT.",
            metavar="TEXT",
            autocompletion=completer("areas"),
        ),
    ] = None,
) -> Records:
    """Show the roadmap: priority areas, their action items and expected impact."""
    return views.roadmap(dataset_of(ctx), area=area)


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
    return views.benefits(dataset_of(ctx), kind=kind)


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
    return views.context(dataset_of(ctx), name=name)


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
    dataset = dataset_of(ctx)
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
    return views.search(dataset_of(ctx), text)


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
            autocompletion=completer("sql_names"),
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
        dataset_of(ctx)  # a --data file that cannot load is exit 3 here too
        return sql_queries.tables()
    if query is None:
        raise UsageError("sql: give a QUERY, or --tables to see what it can use")
    dataset = dataset_of(ctx)
    started = time.monotonic()
    records = sql_queries.query(dataset, query, time_limit=timeout)
    # The time limit holds until the result is written (the context closes after that).
    # Completion (resilient parsing) only reads the fields: it writes no result to limit,
    # and must not be ended later by a limit left watching.
    if not ctx.resilient_parsing:
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

    return export_package(dataset_of(ctx), folder, force=force)


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
    all_checks: Annotated[
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
    """Check each record against its own place in the article.

    A record is checked as a whole where the article states it: a table row (each field
    in its column), a bullet of its list, an item of its enumeration, or the subject of a
    sentence; nothing the article lists there may be missing; each section's heading must
    be the one above it. Exit 0 when all hold, 1 when any fails, 3 when the dataset has
    no text.

    Only the article's words count, not URLs or markup. verify cannot tell whether a list
    was given the right name when two lists of one section are introduced alike, nor
    whether every recommendation-like sentence subject was taken.
    """
    from bloc_cli.verify import verify as verify_dataset

    return verify_dataset(dataset_of(ctx), all_checks=all_checks, against=against)


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

    text = dataset_of(ctx)["source"].get("text")
    if not text:
        raise DataError("the dataset has no source.text: there is no article to print")
    try:
        render_article(text, Streams.detect(color_allowed=not no_color), numbered, lines)
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
            autocompletion=completer("command_names"),
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
