"""A query's rows, fetched one at a time within a memory budget (MAX_RESULT_BYTES), each
value typed (a BLOB as Blob), and every column under a name of its own."""

from __future__ import annotations

import sqlite3

from bloc_cli.errors import UsageError
from bloc_cli.records import Blob, Records, Row, Value
from bloc_cli.sql.messages import sentence, suggestion
from bloc_cli.sql.seal import HEAP_LIMIT

MAX_RESULT_BYTES = 50_000_000  # what a result may cost in memory, as _size estimates it
# What Python spends on a row (its dict) and on a value besides its text: so that a million
# empty strings cost as much as they weigh, not nothing.
_ROW_COST = 200
_VALUE_COST = 50


def fetch(connection: sqlite3.Connection, sql: str) -> Records:
    """The rows `sql` selects on `connection`; every failure is a usage error (exit 2)."""
    try:
        sql.encode()  # bytes that are no text: Python 3.10's sqlite3 calls them a wrong type
        cursor = connection.execute(sql)
        if cursor.description is None:
            raise UsageError("sql: the query has no statement (only comments or ';')")
        fields = unique_names([column[0] for column in cursor.description])
        rows: list[Row] = []
        size = 0
        for row in cursor:  # one row at a time: the size is checked before the next
            values = [_value(value) for value in row]
            size += _ROW_COST + sum(map(_size, values))
            if size > MAX_RESULT_BYTES:
                raise UsageError(
                    f"sql: the result is over {MAX_RESULT_BYTES // 1_000_000} MB in memory; "
                    "select fewer rows or columns"
                )
            rows.append(dict(zip(fields, values, strict=True)))
    # sqlite3.Warning: Python 3.10's "You can only execute one statement at a time" (an
    # Error from 3.11 on).
    except (sqlite3.Error, sqlite3.Warning) as error:
        raise UsageError(f"sql: {sentence(str(error))}{suggestion(str(error))}") from None
    except MemoryError:  # SQLite's "out of memory": the heap limit
        raise UsageError(
            f"sql: out of memory (SQLite may use {HEAP_LIMIT // 1_000_000} MB)"
        ) from None
    except UnicodeError:  # bytes in the query that are no text (a shell's $'\xff')
        raise UsageError("sql: the query holds bytes that are not UTF-8 text") from None
    except OverflowError:  # an integer SQLite cannot hold
        raise UsageError("sql: a number is too large for SQLite's 64-bit integers") from None
    except ValueError as error:
        raise UsageError(f"sql: {sentence(str(error))}") from None
    return Records(
        title="Query result",
        fields=fields,
        rows=rows,
        empty_message="The query returned no rows.",
        null_text="NULL",
        literal_headings=True,
    )


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique, so that every value keeps its own key.

    The first column of a name keeps it; a later one becomes `name_2`, `name_3`, …,
    skipping any name the result already has (`a, a, a_2` -> `a, a_3, a_2`).
    """
    taken = set(names)
    seen: set[str] = set()
    unique = []
    for name in names:
        if name in seen:
            number = 2
            while f"{name}_{number}" in taken:
                number += 1
            name = f"{name}_{number}"
            taken.add(name)
        seen.add(name)
        unique.append(name)
    return unique


def _size(value: Value) -> int:
    """About what a value costs to hold and print: its text's length and Python's share."""
    if isinstance(value, str):
        return _VALUE_COST + len(value)
    if isinstance(value, Blob):
        return _VALUE_COST + len(value.data) * 2
    return _VALUE_COST


def _value(value: object) -> Value:
    if isinstance(value, bytes):
        return Blob(value)
    return value  # type: ignore[return-value]
