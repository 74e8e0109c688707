"""`bloc sql`: read-only SQL over the dataset in a sealed, in-memory SQLite database."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

from bloc_cli import database
from bloc_cli.errors import UsageError
from bloc_cli.model import Dataset
from bloc_cli.records import Records, Row, Value

DEFAULT_TIME_LIMIT = 10.0
TABLE_FIELDS = ("table", "column", "type", "primary_key", "references")
# Read-only pragmas a query may use to look at the schema; every other pragma is refused.
_READ_PRAGMAS = {"table_info", "table_xinfo", "table_list", "foreign_key_list", "index_list"}


def _authorize(
    action: int, arg1: str | None, arg2: str | None, _database: str | None, _trigger: str | None
) -> int:
    """SQLite authorizer: no ATTACH/DETACH (no file access), no pragma but schema reads."""
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() not in _READ_PRAGMAS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() == "load_extension":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def sealed_database(dataset: Dataset, time_limit: float) -> sqlite3.Connection:
    """The dataset in memory, then made query-only with file access and extensions off;
    a query running past `time_limit` seconds is interrupted."""
    connection = database.build(dataset)
    connection.execute("PRAGMA query_only = ON")
    if hasattr(connection, "enable_load_extension"):
        connection.enable_load_extension(False)
    connection.set_authorizer(_authorize)
    deadline = time.monotonic() + time_limit
    connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)
    return connection


def query(dataset: Dataset, sql: str, time_limit: float = DEFAULT_TIME_LIMIT) -> Records:
    """The rows `sql` selects; any SQLite error is a usage error (exit 2)."""
    if not sql.strip():
        raise UsageError("sql: the query is empty")
    connection = sealed_database(dataset, time_limit)
    try:
        cursor = connection.execute(sql)
        rows = cursor.fetchall()
    except sqlite3.Error as error:
        message = str(error)
        if message == "interrupted":
            message = f"query stopped after the {time_limit:g} s time limit"
        raise UsageError(f"sql: {message}") from None
    except (OverflowError, ValueError) as error:  # e.g. an integer SQLite cannot hold
        raise UsageError(f"sql: {error}") from None
    fields = _unique([column[0] for column in cursor.description or ()])
    return Records(
        title="Query result",
        fields=fields,
        rows=[dict(zip(fields, map(_value, row), strict=True)) for row in rows],
    )


def tables() -> Records:
    """Every table and column: what a query can name."""

    def rows() -> Iterator[Row]:
        for table in database.TABLES:
            references = {
                column: f"{key.table}.{target}"
                for key in table.foreign_keys
                for column, target in zip(key.columns, key.references, strict=True)
            }
            for column in table.columns:
                yield {
                    "table": table.name,
                    "column": column.name,
                    "type": column.sql_type,
                    "primary_key": column.name in table.primary_key,
                    "references": references.get(column.name),
                }

    return Records(
        title="Tables for bloc sql",
        fields=TABLE_FIELDS,
        rows=rows(),
        null_text="-",
    )


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (`name`, `name_2`), so every value keeps its own key."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def _value(value: object) -> Value:
    if isinstance(value, bytes):
        return value.hex()
    return value  # type: ignore[return-value]
