"""The sealed database a query runs in, after SQLite's "Defense Against the Dark Arts":

- an authorizer that allows rather than forbids: reading, `WITH RECURSIVE`, the
  schema-reading pragmas and the functions in FUNCTIONS; everything else (writes,
  ATTACH, other pragmas, extension and FTS functions) is refused;
- query_only, trusted_schema off and, where Python offers it (3.12+), defensive mode;
- reduced limits (LIMITS): no value over 10 MB, short LIKE/GLOB patterns, no
  attached database, and a hard limit on SQLite's heap (HEAP_LIMIT).
"""

from __future__ import annotations

import sqlite3
import threading

from bloc_cli import database
from bloc_cli.model import Dataset

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

MAX_VALUE_BYTES = 10_000_000
HEAP_LIMIT = 200_000_000  # bytes SQLite may allocate, all connections together
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
