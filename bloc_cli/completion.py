"""Shell completion from the dataset in use: member names, aspects, areas, fields, tables."""

from collections.abc import Callable, Sequence

import typer

from bloc_cli.errors import BlocError, DataError
from bloc_cli.loading import load_dataset
from bloc_cli.model import Dataset


def _dataset(ctx: typer.Context) -> Dataset | None:
    """The dataset the command line names, if it loads (Click has already read BLOC_DATA
    into --data)."""
    path = ctx.find_root().params.get("data") or None
    try:
        return load_dataset(path)
    except DataError:
        return None


# Typer keeps only the candidates that start with what was typed, so the functions for
# names return them all.


def member_names(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return [member["name"] for member in dataset["members"]] if dataset else []


def aspects(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return [item["aspect"] for item in dataset["security"]] if dataset else []


def areas(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return [item["area"] for item in dataset["roadmap"]] if dataset else []


def fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The field being typed after the last comma, with the fields before it kept."""
    valid = _offered_fields(ctx)
    done, _, current = incomplete.rpartition(",")
    chosen = set(done.split(",")) if done else set()
    head = f"{done}," if done else ""
    return [head + field for field in valid if field.startswith(current) and field not in chosen]


def _offered_fields(ctx: typer.Context) -> Sequence[str]:
    """The fields of the records the command itself returns for what is typed so far
    (so `about --source` and a `sql` query offer their own); none if it cannot run yet."""
    if ctx.command.name == "export":  # it writes files: its fields are known without that
        from bloc_cli.export import EXPORT_FIELDS

        return EXPORT_FIELDS
    # While completing, Click leaves the arguments typed before the option in ctx.args.
    params = dict(ctx.params)
    typed = iter(ctx.args)
    for param in ctx.command.params:
        if param.param_type_name == "argument" and params.get(param.name or "") is None:
            params[param.name or ""] = next(typed, None)
    if any(param.required and params.get(param.name or "") is None for param in ctx.command.params):
        return ()
    if "timeout" in params:  # a query run to complete a field name must not keep the shell
        params["timeout"] = min(params["timeout"], 1.0)
    from bloc_cli.cli import records_of

    try:
        return records_of(ctx, params).fields
    except BlocError:
        return ()


def sql_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """Table and column names for the word being typed at the end of a query."""
    from bloc_cli import database

    head, space, word = incomplete.rpartition(" ")
    names = sorted(
        {table.name for table in database.TABLES}
        | {column.name for table in database.TABLES for column in table.columns}
    )
    return [head + space + name for name in names if name.startswith(word)]


def command_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """The subcommands of bloc (for `bloc help COMMAND`)."""
    from bloc_cli.cli import commands

    return commands.names()


# The completion scripts: the shell calls bloc with this variable set to `complete_SHELL`.
PROG_NAME = "bloc"
COMPLETE_VAR = "_BLOC_COMPLETE"


def script(shell: str) -> str:
    """The completion script for `shell` (bash, zsh or fish)."""
    get_completion_script, _ = _typer_completion()
    text = get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":
        # Typer's zsh script ends by registering its function with compdef: enough when
        # the script is sourced, but as a file `_bloc` on $fpath (autoloaded on the first
        # TAB) that first TAB would only register it and offer nothing. As Click's own
        # zsh script does, an autoloaded script completes at once.
        text = text.replace(f"\ncompdef {ZSH_FUNCTION} {PROG_NAME}", ZSH_REGISTRATION)
    return text


ZSH_FUNCTION = f"_{PROG_NAME}_completion"
ZSH_REGISTRATION = f"""
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  {ZSH_FUNCTION} "$@"
else
  compdef {ZSH_FUNCTION} {PROG_NAME}
fi"""


def answer_shells() -> None:
    """Register the classes that answer the shells as Typer's scripts expect (one
    candidate a line for bash, ...); Typer does this itself only for an app that has
    --install-completion, which bloc leaves out."""
    _, completion_init = _typer_completion()
    completion_init()


def _typer_completion() -> tuple[Callable[..., str], Callable[[], None]]:
    """Typer's script templates and its registration of the shells' answers.

    Checked with typer 0.28: `typer.completion` (a public module) imports
    `get_completion_script` from typer._completion_shared and `completion_init` from
    typer._completion_classes; neither is in Typer's documented API. The tests load
    each script in its shell (tests/test_completion.py) and fail if either changes.
    """
    import typer.completion as typer_completion

    return (
        typer_completion.get_completion_script,  # type: ignore[attr-defined]
        typer_completion.completion_init,  # type: ignore[attr-defined]
    )
