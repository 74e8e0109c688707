"""Shell completion from the dataset in use: member names, aspects, areas, fields, tables."""

import typer

from bloc_cli import views
from bloc_cli.errors import DataError
from bloc_cli.loading import load_dataset
from bloc_cli.model import Dataset

FIELDS_BY_COMMAND: dict[str, tuple[str, ...]] = {
    "members": views.MEMBER_FIELDS,
    "member": views.MEMBER_FIELDS,
    "security": views.SECURITY_FIELDS,
    "roadmap": views.ROADMAP_FIELDS,
    "benefits": views.BENEFIT_FIELDS,
    "about": views.ABOUT_FIELDS,
    "search": views.SEARCH_FIELDS,
}


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
    command = ctx.command.name or ""
    if command == "about" and ctx.params.get("source"):
        valid: tuple[str, ...] = views.SOURCE_FIELDS
    elif command == "sql" and ctx.params.get("tables"):
        from bloc_cli.sql import TABLE_FIELDS as valid
    elif command == "export":
        from bloc_cli.export import EXPORT_FIELDS as valid
    else:
        valid = FIELDS_BY_COMMAND.get(command, ())
    done, _, current = incomplete.rpartition(",")
    chosen = set(done.split(",")) if done else set()
    head = f"{done}," if done else ""
    return [head + field for field in valid if field.startswith(current) and field not in chosen]


def sql_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """Table and column names for the word being typed at the end of a query."""
    from bloc_cli import database

    head, space, word = incomplete.rpartition(" ")
    names = sorted(
        {table.name for table in database.TABLES}
        | {column.name for table in database.TABLES for column in table.columns}
    )
    return [head + space + name for name in names if name.startswith(word)]
