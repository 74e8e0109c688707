"""Shell completion from the dataset in use: member names, aspects, areas, fields, tables."""

from collections.abc import Sequence

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
