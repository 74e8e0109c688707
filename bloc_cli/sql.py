"""`bloc sql`: read-only SQL over the dataset in a sealed, in-memory SQLite database.

The seal follows SQLite's "Defense Against the Dark Arts" checklist:

- an authorizer that allows rather than forbids: reading, `WITH RECURSIVE`, the
  schema-reading pragmas and the functions in FUNCTIONS; everything else (writes,
  ATTACH, other pragmas, extension and FTS functions) is refused;
- query_only, trusted_schema off and, where Python offers it (3.12+), defensive mode;
- reduced limits (LIMITS): no value over 10 MB, short LIKE/GLOB patterns, no
  attached database, and a hard limit on SQLite's heap (HEAP_LIMIT);
- the query runs on a worker thread, so the main thread can always stop on time:
  at the deadline or on a signal it interrupts SQLite and returns at once, even
  while a single SQL function (a quadratic `trim(X, Y)` or `instr`) is still busy;
- writing the result counts against the same time limit (limit_output); waiting for
  the reader of the output does not.
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator

from bloc_cli import database
from bloc_cli.errors import UsageError
from bloc_cli.model import Dataset
from bloc_cli.records import Blob, Records, Row, Value

DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 86_400.0  # a day: far beyond any query on this dataset
TABLE_FIELDS = ("table", "column", "type", "primary_key", "references")
# Read-only pragmas a query may use to look at the schema; every other pragma is refused.
_READ_PRAGMAS = frozenset(
    {"table_info", "table_xinfo", "table_list", "foreign_key_list", "index_list"}
)

# Every function a query may call: SQLite's core scalar, aggregate, window, math,
# date/time and JSON functions (https://sqlite.org/lang_corefunc.html and its siblings),
# including ones newer than the SQLite in use. Anything else, such as load_extension,
# fts3_tokenizer (which returns a pointer), the FTS and R-Tree helpers or sqlite_log,
# is refused by the authorizer.
FUNCTIONS = frozenset(
    {
        # scalar
        "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob",
        "hex", "if", "ifnull", "iif", "instr", "last_insert_rowid", "length", "like",
        "likelihood", "likely", "lower", "ltrim", "max", "min", "nullif", "octet_length",
        "printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign",
        "soundex", "sqlite_compileoption_get", "sqlite_compileoption_used",
        "sqlite_offset", "sqlite_source_id", "sqlite_version", "substr", "substring",
        "total_changes", "trim", "typeof", "unhex", "unicode", "unistr", "unistr_quote",
        "unlikely", "upper", "zeroblob",
        # math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling",
        "cos", "cosh", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod",
        "pi", "pow", "power", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
        # aggregate
        "avg", "count", "group_concat", "string_agg", "sum", "total", "median",
        "percentile", "percentile_cont", "percentile_disc",
        # window
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag",
        "lead", "first_value", "last_value", "nth_value",
        # date and time
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
        "current_date", "current_time", "current_timestamp",
        # JSON (-> and ->> are the operators)
        "->", "->>", "json", "json_array", "json_array_length", "json_error_position",
        "json_extract", "json_insert", "json_object", "json_patch", "json_pretty",
        "json_remove", "json_replace", "json_set", "json_type", "json_valid", "json_quote",
        "json_group_array", "json_group_object", "jsonb", "jsonb_array", "jsonb_extract",
        "jsonb_insert", "jsonb_object", "jsonb_patch", "jsonb_remove", "jsonb_replace",
        "jsonb_set", "jsonb_group_array", "jsonb_group_object",
    }
)  # fmt: skip

# Table-valued functions a query may read from; each is created (by SQLite, which
# writes its declaration into the schema) before the authorizer refuses all writing.
_TABLE_FUNCTIONS = ("json_each('[]')", "json_tree('[]')") + tuple(
    f"pragma_{name}('members')" for name in sorted(_READ_PRAGMAS - {"table_list"})
)

_WATCH_INTERVAL = 0.05  # seconds between two looks at the time while the result is written
MAX_VALUE_BYTES = 10_000_000
HEAP_LIMIT = 200_000_000  # bytes SQLite may allocate, all connections together
MAX_RESULT_BYTES = 50_000_000  # what a result may cost in memory, as _size estimates it
# What Python spends on a row (its dict) and on a value besides its text: so that a million
# empty strings cost as much as they weigh, not nothing.
_ROW_COST = 200
_VALUE_COST = 50
# Limit name (sqlite3.SQLITE_LIMIT_*) -> value, each well below SQLite's default.
LIMITS = {
    "LENGTH": MAX_VALUE_BYTES,  # default 1,000,000,000
    "SQL_LENGTH": 100_000,  # default 1,000,000,000
    "COLUMN": 100,  # default 2,000
    "EXPR_DEPTH": 100,  # default 1,000
    "COMPOUND_SELECT": 50,  # default 500
    "VDBE_OP": 25_000,  # default 250,000,000
    "FUNCTION_ARG": 32,  # default 127
    "ATTACHED": 0,  # default 10
    "LIKE_PATTERN_LENGTH": 100,  # default 50,000
    "VARIABLE_NUMBER": 10,  # default 32,766 (bloc binds no parameter)
    "TRIGGER_DEPTH": 1,  # default 1,000 (there are no triggers)
    "WORKER_THREADS": 0,  # default 0
}

_ALLOWED_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE})


def _authorize(
    action: int, arg1: str | None, arg2: str | None, _database: str | None, _trigger: str | None
) -> int:
    """SQLite authorizer: allow reading and allow-listed functions, deny everything else."""
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in FUNCTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def check_time_limit(time_limit: float) -> None:
    """A time limit is a finite number of seconds above 0 (and at most a day)."""
    if not (math.isfinite(time_limit) and 0 < time_limit <= MAX_TIME_LIMIT):
        raise UsageError(
            f"--timeout: {time_limit:g} is not a number of seconds above 0 and at most "
            f"{MAX_TIME_LIMIT:g}"
        )


def sealed_database(dataset: Dataset, stop: threading.Event | None = None) -> sqlite3.Connection:
    """The dataset in memory, then sealed (see the module's docstring); a query stops
    as soon as `stop` is set."""
    connection = database.build(dataset)
    connection.execute("PRAGMA query_only = ON")
    connection.execute("PRAGMA trusted_schema = OFF")
    # sqlite3_hard_heap_limit64: SQLite fails an allocation past it ("out of memory").
    connection.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")
    # Connection.setconfig is Python 3.12+; on older Pythons defensive mode stays off
    # (the authorizer already refuses writable_schema and every write).
    setconfig = getattr(connection, "setconfig", None)
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:
        setconfig(defensive, True)
    # Connection.setlimit and the SQLITE_LIMIT_* constants are Python 3.11+; on 3.10
    # SQLite's default limits stay, and the heap limit and the time limit still hold.
    setlimit = getattr(connection, "setlimit", None)
    if setlimit is not None:
        for name, value in LIMITS.items():
            category = getattr(sqlite3, f"SQLITE_LIMIT_{name}", None)
            if category is not None:
                setlimit(category, value)
    if hasattr(connection, "enable_load_extension"):
        connection.enable_load_extension(False)
    connection.execute(f"SELECT 1 FROM {', '.join(_TABLE_FUNCTIONS)}").fetchall()
    connection.set_authorizer(_authorize)
    if stop is not None:
        connection.set_progress_handler(stop.is_set, 10_000)
    return connection


class _Run:
    """One query on a worker thread; the main thread waits for it and may stop it."""

    def __init__(self, dataset: Dataset, sql: str) -> None:
        self.dataset = dataset
        self.sql = sql
        self.ready = threading.Event()  # the database is built and sealed
        self.done = threading.Event()
        self.stopping = threading.Event()
        self.connection: sqlite3.Connection | None = None
        self.outcome: Records | BaseException | None = None

    def work(self) -> None:
        try:
            self.connection = sealed_database(self.dataset, self.stopping)
            self.ready.set()
            self.outcome = _fetch(self.connection, self.sql)
        except BaseException as error:  # handed to the main thread
            self.outcome = error
        finally:
            self.ready.set()
            self.done.set()

    def stop(self) -> None:
        """Interrupt SQLite; the progress handler also sees `stopping`, should the
        interrupt come before the statement starts."""
        self.stopping.set()
        if self.connection is not None and not self.done.is_set():
            self.connection.interrupt()

    def result(self) -> Records:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        assert self.outcome is not None
        return self.outcome


def query(dataset: Dataset, sql: str, time_limit: float = DEFAULT_TIME_LIMIT) -> Records:
    """The rows `sql` selects; any SQLite error is a usage error (exit 2).

    A signal's handler (bloc_cli.signals) runs on this, the main thread, while it
    waits, and ends the run at once; the worker thread is a daemon, so a SQLite
    function still busy with a huge argument never delays the exit.
    """
    check_time_limit(time_limit)
    if not sql.strip():
        raise UsageError("sql: the query is empty")
    run = _Run(dataset, sql)
    worker = threading.Thread(target=run.work, name="bloc-sql", daemon=True)
    worker.start()
    try:
        run.ready.wait()  # building the database: bounded by the dataset's size
        if not run.done.wait(time_limit):
            raise UsageError(f"sql: query stopped after the {time_limit:g} s time limit")
    finally:
        run.stop()
    return run.result()


def limit_output(started: float, time_limit: float) -> Callable[[], None]:
    """Hold the time limit until the result is written: the run ends (exit 2, one line)
    `time_limit` seconds after `started` (time.monotonic()). Time that stdout cannot take
    more (a pager or a slow pipe not reading, a paused terminal) does not count: that is
    the reader's time, not bloc's work. Returns the function to call once the last byte
    is written."""
    written = threading.Event()

    def watch() -> None:
        deadline = started + time_limit
        before = time.monotonic()
        while not written.wait(_WATCH_INTERVAL):
            now = time.monotonic()
            if _waiting_for_reader():
                deadline += now - before
            elif now >= deadline:
                _stop_writing(time_limit)
            before = now

    threading.Thread(target=watch, name="bloc-sql-output", daemon=True).start()
    return written.set


def _waiting_for_reader() -> bool:
    """Whether stdout (a pipe, a terminal) is full: a write to it would wait."""
    import select

    try:
        _, writable, _ = select.select([], [1], [], 0)
    except (OSError, ValueError):  # a closed stdout, or a system without select on it
        return False
    return not writable


def _stop_writing(time_limit: float) -> None:
    """End the run from the watching thread: the main thread may be anywhere."""
    # os.write, as in bloc_cli.signals: the main thread may be writing to sys.stderr.
    if sys.stderr is not None:
        message = (
            f"bloc: error: sql: stopped after the {time_limit:g} s time limit while writing "
            "the result (the output is incomplete); select fewer rows, or use -f csv\n"
        )
        try:
            os.write(2, message.encode())
        except OSError:
            pass
    os._exit(UsageError.exit_code)


def _fetch(connection: sqlite3.Connection, sql: str) -> Records:
    try:
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
    except sqlite3.Error as error:
        raise UsageError(f"sql: {_sentence(str(error))}{_suggestion(str(error))}") from None
    except MemoryError:  # SQLite's "out of memory": the heap limit
        raise UsageError(
            f"sql: out of memory (SQLite may use {HEAP_LIMIT // 1_000_000} MB)"
        ) from None
    except UnicodeError:  # bytes in the query that are no text (a shell's $'\xff')
        raise UsageError("sql: the query holds bytes that are not UTF-8 text") from None
    except OverflowError:  # an integer SQLite cannot hold
        raise UsageError("sql: a number is too large for SQLite's 64-bit integers") from None
    except ValueError as error:
        raise UsageError(f"sql: {_sentence(str(error))}") from None
    return Records(
        title="Query result",
        fields=fields,
        rows=rows,
        empty_message="The query returned no rows.",
        null_text="NULL",
        literal_headings=True,
    )


def _suggestion(message: str) -> str:
    """For SQLite's "no such table: X" or "no such column: X": the names close to X,
    and where to see them all; for "not authorized", what is (empty for other errors)."""
    if message == "not authorized":
        return " (the database is read-only: a single SELECT or WITH, core functions only)"
    for kind, known in (
        ("table", [table.name for table in database.TABLES]),
        ("column", [column.name for table in database.TABLES for column in table.columns]),
    ):
        prefix = f"no such {kind}: "
        if message.startswith(prefix):
            import difflib  # only on this error path

            name = message[len(prefix) :].rpartition(".")[2].lower()  # `m.nme` names `nme`
            close = difflib.get_close_matches(name, sorted(set(known)), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            return f"{hint} (bloc sql --tables lists the {kind}s)"
    return ""


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
        noun=("column", "columns"),
        not_applicable=frozenset({"references"}),
        typed_fields=frozenset({"table", "column", "references"}),
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


def _sentence(message: str) -> str:
    """A message as bloc writes one: lower case first, no closing full stop."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]
