"""`bloc sql`: queries and typed values, the sandbox, time and memory limits, signals, how a
result is shown, and error messages.

Most tests run bloc in this process (`bloc(...)`) or call bloc_cli.sql directly; those
marked `process` need a child: peak memory, wall-clock limits on a run, real signals.
Expected values are the article's facts written out by hand (as data/bloc.json holds them).
"""

from __future__ import annotations

import base64
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bloc_cli import sql
from bloc_cli.errors import UsageError
from bloc_cli.model import Dataset
from bloc_cli.records import Blob, Records
from bloc_cli.sql import fetch, messages, runner, seal

from conftest import BASE_ENV, BLOC, BUNDLED, TABLE_NAMES, bloc, fake_streams
from formats import parse

ENERGY_JOIN = (
    "SELECT m.name, b.kind, b.benefit FROM members m "
    "JOIN member_contributions c ON c.member = m.name "
    "JOIN benefits b ON b.benefit LIKE '%energy%' "
    "WHERE c.contribution LIKE '%energy%' ORDER BY m.name, b.kind, b.position"
)
# A query that never ends by itself.
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
READ_ONLY = (
    "sql: not authorized (the database is read-only: a single SELECT or WITH, core functions only)"
)


@pytest.fixture(scope="module")
def article() -> Dataset:
    dataset: Dataset = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return dataset


def strict_json(text: str) -> object:
    """json.loads that refuses NaN and Infinity, as RFC 8259 and JSON.parse do."""

    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def usage_error(dataset: Dataset, query: str, time_limit: float = 10.0) -> str:
    with pytest.raises(UsageError) as raised:
        sql.query(dataset, query, time_limit)
    assert raised.value.exit_code == 2
    return str(raised.value)


# queries ------------------------------------------------------------------------------------


def test_sql_selects_rows_in_any_format() -> None:
    query = "SELECT name, year_joined FROM members WHERE year_joined IS NOT NULL ORDER BY 2"
    for fmt in ("json", "jsonl", "csv", "tsv"):
        result = bloc("sql", query, "-f", fmt)
        assert result.code == 0, result.err
        rows = parse(fmt, result.out)
        assert [row["name"] for row in rows] == ["Kazakhstan", "Uzbekistan", "Azerbaijan"]
    assert "Uzbekistan" in bloc("sql", query, "-f", "table").out


def test_sql_returns_typed_values(article: Dataset) -> None:
    records = sql.query(
        article, "SELECT name, year_joined, newest FROM members ORDER BY year_joined DESC, name"
    )
    assert records.title == "Query result"
    assert records.fields == ["name", "year_joined", "newest"]
    assert list(records.rows) == [
        {"name": "Azerbaijan", "year_joined": 2024, "newest": True},
        {"name": "Uzbekistan", "year_joined": 1993, "newest": False},
        {"name": "Kazakhstan", "year_joined": 1992, "newest": False},
        {"name": "Kyrgyzstan", "year_joined": None, "newest": False},
        {"name": "Tajikistan", "year_joined": None, "newest": False},
        {"name": "Turkmenistan", "year_joined": None, "newest": False},
    ]


def test_query_result_is_shown_with_its_own_names_and_sql_null(article: Dataset) -> None:
    records = sql.query(article, "SELECT name FROM members WHERE name = 'Atlantis'")
    assert records.title == "Query result"
    assert records.empty_message == "The query returned no rows."
    assert records.null_text == "NULL"
    assert records.literal_headings is True


def test_sql_joins_energy_members_to_energy_benefits() -> None:
    rows = json.loads(bloc("sql", ENERGY_JOIN, "-f", "json").out)
    assert rows == [
        {
            "name": "Azerbaijan",
            "kind": "economic",
            "benefit": "Increased investments in cross-border energy pipelines",
        },
        {
            "name": "Azerbaijan",
            "kind": "membership",
            "benefit": "Enhanced energy partnerships leveraging Azerbaijan’s rich oil and gas "
            "reserves.",
        },
        {
            "name": "Kazakhstan",
            "kind": "economic",
            "benefit": "Increased investments in cross-border energy pipelines",
        },
        {
            "name": "Kazakhstan",
            "kind": "membership",
            "benefit": "Enhanced energy partnerships leveraging Azerbaijan’s rich oil and gas "
            "reserves.",
        },
    ]


def test_sql_joins_child_tables(article: Dataset) -> None:
    records = sql.query(
        article,
        "SELECT member, position, contribution FROM member_contributions "
        "WHERE contribution = 'Energy' ORDER BY member",
    )
    assert list(records.rows) == [
        {"member": "Azerbaijan", "position": 1, "contribution": "Energy"},
        {"member": "Kazakhstan", "position": 1, "contribution": "Energy"},
    ]


def test_sql_child_tables_keep_list_order() -> None:
    query = "SELECT action FROM roadmap_actions WHERE area LIKE 'Trade%' ORDER BY position"
    rows = json.loads(bloc("sql", query, "-f", "json").out)
    assert [row["action"] for row in rows] == [
        "Develop transnational transport hubs",
        "digitize customs",
    ]


def test_list_items_are_numbered_from_1_within_each_list(article: Dataset) -> None:
    # The article's Action Items column and its two bullet lists of benefits.
    def listed(query: str) -> list[tuple[object, ...]]:
        return [tuple(row.values()) for row in sql.query(article, query).rows]

    assert listed("SELECT area, position, action FROM roadmap_actions ORDER BY rowid") == [
        ("Trade & Infrastructure", 1, "Develop transnational transport hubs"),
        ("Trade & Infrastructure", 2, "digitize customs"),
        ("Energy Cooperation", 1, "Joint renewable energy projects"),
        ("Energy Cooperation", 2, "share resources"),
        ("Cultural & Educational Exchange", 1, "Multilingual platforms"),
        ("Cultural & Educational Exchange", 2, "student mobility programs"),
    ]
    assert listed("SELECT kind, position, substr(benefit, 1, 20) FROM benefits ORDER BY rowid") == [
        ("membership", 1, "Enhanced energy part"),
        ("membership", 2, "Improved transportat"),
        ("membership", 3, "Strengthened diploma"),
        ("economic", 1, "Expansion of the Tra"),
        ("economic", 2, "Increased investment"),
        ("economic", 3, "Collaborative develo"),
        ("economic", 4, "Promotion of tourism"),
    ]


def test_sql_rows_keep_the_articles_order_by_position(article: Dataset) -> None:
    def ordered(query: str) -> list[object]:
        return [tuple(row.values()) for row in sql.query(article, query).rows]

    assert ordered("SELECT position, name FROM members ORDER BY position") == [
        (1, "Kazakhstan"),
        (2, "Uzbekistan"),
        (3, "Turkmenistan"),
        (4, "Kyrgyzstan"),
        (5, "Tajikistan"),
        (6, "Azerbaijan"),
    ]
    assert ordered("SELECT position, aspect FROM security ORDER BY position") == [
        (1, "Joint Counterterrorism Operations"),
        (2, "Intelligence Sharing Efficiency"),
        (3, "Border Security Coordination"),
        (4, "Defense Infrastructure Investments"),
    ]
    assert ordered("SELECT position, area FROM roadmap ORDER BY position") == [
        (1, "Trade & Infrastructure"),
        (2, "Energy Cooperation"),
        (3, "Cultural & Educational Exchange"),
    ]


def test_sql_json_says_true_or_false_for_newest_and_orders_by_the_articles_position() -> None:
    query = "SELECT name, newest, position FROM members WHERE position > 4 ORDER BY position"
    result = bloc("sql", query, "-f", "json")
    assert result.code == 0, result.err
    assert result.out == (
        "[\n"
        '  {"name": "Tajikistan", "newest": false, "position": 5},\n'
        '  {"name": "Azerbaijan", "newest": true, "position": 6}\n'
        "]\n"
    )


def test_sql_reads_newest_as_a_boolean_and_computed_values_as_sqlite_gives_them(
    article: Dataset,
) -> None:
    # json.dumps tells True from 1, as a script reading `bloc sql -f json` does.
    records = sql.query(article, "SELECT name, newest, newest + 0 AS n FROM members")
    assert [json.dumps(row) for row in records.rows] == [
        '{"name": "Kazakhstan", "newest": false, "n": 0}',
        '{"name": "Uzbekistan", "newest": false, "n": 0}',
        '{"name": "Turkmenistan", "newest": false, "n": 0}',
        '{"name": "Kyrgyzstan", "newest": false, "n": 0}',
        '{"name": "Tajikistan", "newest": false, "n": 0}',
        '{"name": "Azerbaijan", "newest": true, "n": 1}',
    ]


def test_sql_returns_blobs_floats_and_null(article: Dataset) -> None:
    records = sql.query(article, "SELECT x'01ff' AS b, 2.5 AS f, NULL AS n, '007' AS s")
    assert list(records.rows) == [{"b": Blob(b"\x01\xff"), "f": 2.5, "n": None, "s": "007"}]


def test_sql_fields_option_applies_to_query_columns() -> None:
    result = bloc(
        "sql", "SELECT name, year_joined FROM members", "--fields", "year_joined", "-f", "csv"
    )
    assert result.out.splitlines()[:2] == ["year_joined", "1992"]


@pytest.mark.parametrize(("option", "limit"), [([], 10.0), (["--timeout", "0.5"], 0.5)])
def test_sql_timeout_reaches_the_query(
    monkeypatch: pytest.MonkeyPatch, option: list[str], limit: float
) -> None:
    asked: list[float] = []
    real_query = sql.query

    def query(dataset: Dataset, text: str, time_limit: float = 99.0) -> Records:
        asked.append(time_limit)
        return real_query(dataset, text, time_limit)

    monkeypatch.setattr(sql, "query", query)
    result = bloc("sql", *option, "SELECT 1992 AS year, '007' AS c")
    assert (result.code, result.out, result.err) == (0, "year\tc\n1992\t007\n", "")
    assert asked == [limit]


def test_sql_allows_sqlites_reading_features() -> None:
    """What the allow-list must keep: CTEs, windows, JSON, dates, math, schema pragmas."""
    query = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3) "
        "SELECT x, row_number() OVER (ORDER BY x DESC) AS r, "
        "'{\"a\": [5]}' ->> '$.a[0]' AS j, (SELECT sum(value) FROM json_each('[1, 2]')) AS s, "
        "date('2024-01-31', '+1 day') AS d, round(sqrt(16)) AS q, upper('k') AS u, "
        "(SELECT count(*) FROM pragma_table_info('members')) AS columns "
        "FROM c ORDER BY x"
    )
    result = bloc("sql", query, "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0] == {
        "x": 1, "r": 3, "j": 5, "s": 3, "d": "2024-02-01", "q": 4.0, "u": "K", "columns": 4,
    }  # fmt: skip
    pragma = bloc("sql", "PRAGMA table_info(members)", "-f", "json")
    assert pragma.code == 0 and [row["name"] for row in json.loads(pragma.out)][0] == "name"


def test_sql_allows_reading_functions_and_schema_pragmas(article: Dataset) -> None:
    records = sql.query(
        article,
        "SELECT UPPER(name) AS n, json_array_length('[1,2]') AS j "
        "FROM members WHERE year_joined = 1992",
    )
    assert list(records.rows) == [{"n": "KAZAKHSTAN", "j": 2}]
    columns = sql.query(article, "SELECT name FROM pragma_table_info('members')")
    assert list(columns.rows) == [
        {"name": "name"},
        {"name": "year_joined"},
        {"name": "newest"},
        {"name": "position"},
    ]
    info = sql.query(article, "PRAGMA table_info(security)")
    assert [row["name"] for row in info.rows] == ["aspect", "before", "after", "position"]
    counted = sql.query(
        article,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) "
        "SELECT count(*) AS n FROM c",
    )
    assert list(counted.rows) == [{"n": 3}]


# --tables -----------------------------------------------------------------------------------


def test_sql_tables_lists_every_table_with_keys() -> None:
    rows = json.loads(bloc("sql", "--tables", "-f", "json").out)
    assert list(dict.fromkeys(row["table"] for row in rows)) == TABLE_NAMES
    member_fk = next(
        row for row in rows if (row["table"], row["column"]) == ("member_contributions", "member")
    )
    assert member_fk == {
        "table": "member_contributions",
        "column": "member",
        "type": "TEXT",
        "primary_key": True,
        "references": "members.name",
    }


def test_sql_tables_lists_every_column_with_its_key() -> None:
    records = sql.tables()
    assert records.title == "Tables for bloc sql"
    assert records.fields == ("table", "column", "type", "primary_key", "references")
    assert records.null_text is None
    assert records.not_applicable == frozenset({"references"})
    assert records.typed_fields == frozenset({"table", "column", "references"})
    assert records.noun == ("column", "columns")
    rows = list(records.rows)
    assert all(list(row) == list(records.fields) for row in rows)
    listed = [tuple(row.values()) for row in rows]
    assert listed == [
        ("members", "name", "TEXT", True, None),
        ("members", "year_joined", "INTEGER", False, None),
        ("members", "newest", "BOOLEAN", False, None),
        ("members", "position", "INTEGER", False, None),
        ("member_contributions", "member", "TEXT", True, "members.name"),
        ("member_contributions", "position", "INTEGER", True, None),
        ("member_contributions", "contribution", "TEXT", False, None),
        ("security", "aspect", "TEXT", True, None),
        ("security", "before", "TEXT", False, None),
        ("security", "after", "TEXT", False, None),
        ("security", "position", "INTEGER", False, None),
        ("roadmap", "area", "TEXT", True, None),
        ("roadmap", "expected_impact", "TEXT", False, None),
        ("roadmap", "position", "INTEGER", False, None),
        ("roadmap_actions", "area", "TEXT", True, "roadmap.area"),
        ("roadmap_actions", "position", "INTEGER", True, None),
        ("roadmap_actions", "action", "TEXT", False, None),
        ("benefits", "kind", "TEXT", True, None),
        ("benefits", "position", "INTEGER", True, None),
        ("benefits", "benefit", "TEXT", False, None),
        ("context", "list", "TEXT", True, None),
        ("context", "position", "INTEGER", True, None),
        ("context", "item", "TEXT", False, None),
        ("source", "title", "TEXT", True, None),
        ("source", "reported_by", "TEXT", False, None),
        ("source", "page_url", "TEXT", False, None),
        ("source", "image_caption", "TEXT", False, None),
        ("source", "image_url", "TEXT", False, None),
        ("provenance", "section", "TEXT", True, None),
        ("provenance", "heading", "TEXT", False, None),
    ]


def test_the_schema_declares_types_required_columns_and_keys(article: Dataset) -> None:
    def columns(table: str) -> list[tuple[object, ...]]:
        query = f"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"
        return [tuple(row.values()) for row in sql.query(article, query).rows]

    assert columns("members") == [
        ("name", "TEXT", 1, 1),
        ("year_joined", "INTEGER", 0, 0),
        ("newest", "BOOLEAN", 1, 0),
        ("position", "INTEGER", 1, 0),
    ]
    assert columns("member_contributions") == [
        ("member", "TEXT", 1, 1),
        ("position", "INTEGER", 1, 2),
        ("contribution", "TEXT", 1, 0),
    ]
    assert columns("source") == [
        ("title", "TEXT", 1, 1),
        ("reported_by", "TEXT", 0, 0),
        ("page_url", "TEXT", 0, 0),
        ("image_caption", "TEXT", 0, 0),
        ("image_url", "TEXT", 0, 0),
    ]
    keys = sql.query(
        article,
        'SELECT "from", "table", "to" FROM pragma_foreign_key_list(\'roadmap_actions\')',
    )
    assert list(keys.rows) == [{"from": "area", "table": "roadmap", "to": "area"}]


def test_newest_reads_back_as_a_boolean_in_a_fresh_process(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a new process, where bloc has registered no converter yet.
    monkeypatch.delitem(sqlite3.converters, "BOOLEAN", raising=False)
    records = sql.query(article, "SELECT newest FROM members ORDER BY position DESC LIMIT 2")
    assert [json.dumps(row) for row in records.rows] == ['{"newest": true}', '{"newest": false}']


def test_tables_of_a_dataset_that_cannot_load_is_exit_3() -> None:
    result = bloc("--data", "/nonexistent/data.json", "sql", "--tables")
    assert (result.code, result.out) == (3, "")
    assert "no such file" in result.err


# the sandbox: what is refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC name FROM members", 'sql: near "SELEC": syntax error'),
        (
            "SELECT * FROM nowhere",
            "sql: no such table: nowhere (bloc sql --tables lists the tables)",
        ),
        ("DELETE FROM members", READ_ONLY),
        ("UPDATE members SET name = 'x'", READ_ONLY),
        ("DROP TABLE members", READ_ONLY),
        ("INSERT INTO members VALUES ('x', 1, 0, 7)", READ_ONLY),
        ("CREATE TEMP TABLE t (x)", READ_ONLY),
        ("BEGIN", READ_ONLY),
        ("PRAGMA query_only = OFF", READ_ONLY),
        ("PRAGMA writable_schema = ON", READ_ONLY),
        ("PRAGMA user_version", READ_ONLY),
        ("ATTACH ':memory:' AS other", READ_ONLY),
        ("SELECT * FROM pragma_function_list", READ_ONLY),
        ("SELECT load_extension('evil')", "sql: not authorized to use function: load_extension"),
        # Today's leak: fts3_tokenizer('simple') returned a pointer into the library.
        ("SELECT fts3_tokenizer('simple')", "sql: not authorized to use function: fts3_tokenizer"),
        ("SELECT sqlite_log(1, 'x')", "sql: not authorized to use function: sqlite_log"),
        ("", "sql: the query is empty"),
        ("  \n", "sql: the query is empty"),
        ("-- nothing", "sql: the query has no statement (only comments or ';')"),
        (
            "SELECT nope FROM members",
            "sql: no such column: nope (bloc sql --tables lists the columns)",
        ),
        ("SELECT 1; SELECT 2", "sql: you can only execute one statement at a time"),
    ],
)
def test_sql_refuses_what_it_cannot_or_may_not_run(
    article: Dataset, query: str, message: str
) -> None:
    assert usage_error(article, query) == message


def test_sql_refuses_sqlites_dbstat_table(article: Dataset) -> None:
    # "vtable constructor failed" where SQLite is built with it, else "no such table".
    message = usage_error(article, "SELECT 1 FROM dbstat")
    assert message in {
        "sql: vtable constructor failed: dbstat",
        "sql: no such table: dbstat (bloc sql --tables lists the tables)",
    }


@pytest.mark.parametrize(
    "query",
    ["SELEC name FROM members", "DELETE FROM members", "SELECT load_extension('evil')", "", ";"],
)
def test_sql_errors_exit_2_with_one_line(query: str) -> None:
    result = bloc("sql", "--", query)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("bloc: error: sql: ") and "Traceback" not in result.err
    assert result.err.endswith(" (see 'bloc sql -h')\n") and len(result.err.splitlines()) == 1


@pytest.mark.parametrize("query", ["/* c */", ";", " \n\t", "-- comment", ";;", "/* a */ ; -- b"])
def test_sql_without_a_statement_is_a_usage_error(article: Dataset, query: str) -> None:
    assert usage_error(article, query) in {
        "sql: the query is empty",
        "sql: the query has no statement (only comments or ';')",
    }


def test_sql_attach_and_vacuum_create_no_file(tmp_path: Path) -> None:
    for statement, reason in (
        ("ATTACH DATABASE 'x.db' AS x", "not authorized (the database is read-only"),
        ("VACUUM INTO 'y.db'", "authorization denied"),
    ):
        result = bloc("sql", statement, cwd=tmp_path)
        assert result.code == 2, result
        assert result.err.startswith(f"bloc: error: sql: {reason}")
    assert list(tmp_path.iterdir()) == []


def test_sql_without_a_query_is_a_usage_error() -> None:
    result = bloc("sql")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "bloc: error: sql: give a QUERY, or --tables to see what it can use (see 'bloc sql -h')\n"
    )


def test_sql_with_a_query_and_tables_is_a_usage_error() -> None:
    result = bloc("sql", "--tables", "SELECT 1")
    assert (result.code, result.out) == (2, "")
    assert "sql: give a QUERY or --tables, not both" in result.err


# the seal -----------------------------------------------------------------------------------


def test_sealed_database_is_read_only(article: Dataset) -> None:
    connection = seal.sealed_database(article)
    with pytest.raises(sqlite3.DatabaseError):
        connection.execute("UPDATE members SET newest = 1")
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)


def test_sealed_database_is_query_only_without_trusted_schema(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The authorizer refuses these pragmas; read them with it out of the way.
    connection = sealed_with_authorizer_off(article, monkeypatch)
    assert connection.execute("PRAGMA query_only").fetchone() == (1,)
    assert connection.execute("PRAGMA trusted_schema").fetchone() == (0,)
    assert connection.execute("PRAGMA hard_heap_limit").fetchone() == (200_000_000,)


class _NoAuthorizer(sqlite3.Connection):
    """A connection whose authorizer is never set, to read what the seal set."""

    def set_authorizer(self, *args: object) -> None:
        pass


def connect_with(monkeypatch: pytest.MonkeyPatch, factory: type[sqlite3.Connection]) -> None:
    """database.build's connections are made by `factory` (a subclass of Connection)."""
    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(*args, factory=factory, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(sqlite3, "connect", connect)


def sealed_with_authorizer_off(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> sqlite3.Connection:
    connect_with(monkeypatch, _NoAuthorizer)
    return seal.sealed_database(article)


def value_limit(connection: sqlite3.Connection) -> str:
    """What SQLite says to a 20 MB value: its length, or that it is too big."""
    try:
        return str(connection.execute("SELECT length(zeroblob(20000000))").fetchone()[0])
    except sqlite3.DataError as error:
        return str(error)


LIMITS = {
    "LENGTH": 10_000_000,
    "SQL_LENGTH": 100_000,
    "COLUMN": 100,
    "EXPR_DEPTH": 100,
    "COMPOUND_SELECT": 50,
    "VDBE_OP": 25_000,
    "FUNCTION_ARG": 32,
    "ATTACHED": 0,
    "LIKE_PATTERN_LENGTH": 100,
    "VARIABLE_NUMBER": 10,
    "TRIGGER_DEPTH": 1,
    "WORKER_THREADS": 0,
}


# Connection.setlimit is Python 3.11+: on 3.10, SQLite's own limits hold (a value may
# have 1 GB).
TOO_BIG_FOR_THE_LIMIT = (
    "string or blob too big" if hasattr(sqlite3.Connection, "setlimit") else "20000000"
)


def test_sealed_database_has_the_reduced_limits(article: Dataset) -> None:
    connection = seal.sealed_database(article)
    assert value_limit(connection) == TOO_BIG_FOR_THE_LIMIT
    getlimit = getattr(connection, "getlimit", None)  # Python 3.11+
    if getlimit is None:  # Python 3.10: no limit can be read or set, and none was
        assert not hasattr(connection, "setlimit")
        return
    for name, value in LIMITS.items():
        category = getattr(sqlite3, f"SQLITE_LIMIT_{name}", None)
        if category is not None:
            assert getlimit(category) == value, name


def test_sql_like_patterns_are_short() -> None:
    result = bloc("sql", "SELECT 'a' LIKE '%' || printf('%.*c', 200, 'a')")
    if sys.version_info < (3, 11):  # no Connection.setlimit: SQLite's default pattern length
        assert (result.code, result.out) == (0, "'a' LIKE '%' || printf('%.*c', 200, 'a')\n0\n")
        return
    assert result.code == 2
    # SQLite's LIKE stays in capitals: only a sentence's first word is lower-cased.
    assert result.err == (
        "bloc: error: sql: LIKE or GLOB pattern too complex (see 'bloc sql -h')\n"
    )


class _Python310Connection(sqlite3.Connection):
    """A connection as Python 3.10 makes it: no setlimit, setconfig, enable_load_extension."""

    def __getattribute__(self, name: str) -> object:
        if name in {"setlimit", "getlimit", "setconfig", "getconfig", "enable_load_extension"}:
            raise AttributeError(name)
        return super().__getattribute__(name)


def test_a_python_without_setlimit_keeps_sqlites_limits_and_still_seals(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect_with(monkeypatch, _Python310Connection)
    connection = seal.sealed_database(article)
    assert value_limit(connection) == "20000000"  # SQLite's own limit (1 GB) holds
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        connection.execute("DELETE FROM members")


def test_a_limit_this_python_does_not_name_is_left_out(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLITE_LIMIT_WORKER_THREADS, say, missing (an older sqlite3 module): the others hold.
    monkeypatch.delattr(sqlite3, "SQLITE_LIMIT_WORKER_THREADS", raising=False)
    monkeypatch.delattr(sqlite3, "SQLITE_LIMIT_LIKE_PATTERN_LENGTH", raising=False)
    connection = seal.sealed_database(article)
    assert value_limit(connection) == TOO_BIG_FOR_THE_LIMIT
    assert connection.execute("SELECT 'a' LIKE '%' || printf('%.*c', 200, 'a')").fetchone() == (0,)


def test_defensive_mode_is_on_where_python_offers_it(article: Dataset) -> None:
    connection = seal.sealed_database(article)
    if sys.version_info >= (3, 12):
        assert connection.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE) is True
    else:  # Connection.setconfig is Python 3.12+
        assert not hasattr(connection, "setconfig")


class _Recording(sqlite3.Connection):
    """A connection as a Python with setconfig and enable_load_extension makes it (3.12+,
    with extension loading built in): each call is recorded, then made where it exists."""

    calls: list[tuple[object, ...]] = []

    def setconfig(self, op: int, enable: bool = True, /) -> bool:
        self.calls.append(("setconfig", op, enable))
        real = getattr(super(), "setconfig", None)
        return bool(real(op, enable)) if real is not None else enable

    def enable_load_extension(self, enable: bool, /) -> None:
        self.calls.append(("enable_load_extension", enable))


DEFENSIVE = 1010  # SQLITE_DBCONFIG_DEFENSIVE in sqlite3.h


def test_defensive_mode_and_no_extension_loading_where_python_offers_them(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Recording, "calls", [])
    monkeypatch.setattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", DEFENSIVE, raising=False)
    connect_with(monkeypatch, _Recording)
    connection = seal.sealed_database(article)
    assert _Recording.calls == [
        ("setconfig", DEFENSIVE, True),
        ("enable_load_extension", False),
    ]
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)


def test_no_defensive_mode_where_sqlite_lacks_it(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python 3.12 built with an SQLite older than 3.26 has setconfig but no DEFENSIVE.
    monkeypatch.setattr(_Recording, "calls", [])
    monkeypatch.delattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", raising=False)
    connect_with(monkeypatch, _Recording)
    seal.sealed_database(article)
    assert _Recording.calls == [("enable_load_extension", False)]


def test_sealed_database_stops_a_query_once_asked_even_before_it_starts(
    article: Dataset,
) -> None:
    stop = threading.Event()
    connection = seal.sealed_database(article, stop)
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)
    stop.set()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        connection.execute(ENDLESS).fetchall()


def test_a_sealed_database_without_a_stop_runs_to_the_end(article: Dataset) -> None:
    connection = seal.sealed_database(article)
    counted = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000) "
    assert connection.execute(counted + "SELECT count(*) FROM c").fetchone() == (100_000,)


# limits: time ---------------------------------------------------------------------------


def test_sql_stops_at_the_time_limit(article: Dataset) -> None:
    started = time.monotonic()
    assert usage_error(article, ENDLESS, 0.2) == "sql: query stopped after the 0.2 s time limit"
    assert time.monotonic() - started < 5


def test_sql_runaway_query_is_stopped() -> None:
    result = bloc("sql", ENDLESS, "--timeout", "0.3")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "bloc: error: sql: query stopped after the 0.3 s time limit (see 'bloc sql -h')\n"
    )


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(0.0, "0"), (-1.0, "-1"), (float("inf"), "inf"), (float("nan"), "nan"), (86400.5, "86400.5")],
)
def test_time_limit_must_be_above_0_and_at_most_a_day(limit: float, shown: str) -> None:
    with pytest.raises(UsageError) as raised:
        sql.check_time_limit(limit)
    assert str(raised.value) == (
        f"--timeout: {shown} is not a number of seconds above 0 and at most 86400"
    )


@pytest.mark.parametrize("limit", [0.001, 1.0, 86400.0])
def test_time_limit_within_bounds_is_accepted(limit: float) -> None:
    sql.check_time_limit(limit)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "0", "-1", "1e9"])
def test_timeout_must_be_a_finite_number_above_0(value: str) -> None:
    for args in (("SELECT 1",), ("--tables",)):
        result = bloc("sql", *args, f"--timeout={value}")
        assert (result.code, result.out) == (2, ""), args
        assert result.err.startswith("bloc: error: --timeout: ") and "Traceback" not in result.err


def test_sql_checks_the_time_limit_before_the_query(article: Dataset) -> None:
    assert usage_error(article, "", 0).startswith("--timeout: 0 is not")


def test_query_runs_on_a_daemon_worker_that_stops_at_the_time_limit(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fetch = fetch.fetch
    started = threading.Event()
    ended = threading.Event()
    seen: dict[str, object] = {}

    def slow_fetch(connection: sqlite3.Connection, query: str) -> object:
        seen["thread"] = threading.current_thread()
        started.set()
        time.sleep(0.5)  # the time limit passes before the query starts
        try:
            return real_fetch(connection, query)
        except UsageError as error:
            seen["error"] = str(error)
            raise
        finally:
            ended.set()

    monkeypatch.setattr(runner, "fetch", slow_fetch)
    assert usage_error(article, ENDLESS, 0.1) == "sql: query stopped after the 0.1 s time limit"
    assert started.is_set()
    thread = seen["thread"]
    assert isinstance(thread, threading.Thread)
    assert thread.daemon and thread.name == "bloc-sql"
    # Stopped, the worker's query ends as soon as it starts.
    assert ended.wait(5)
    assert seen["error"] == "sql: interrupted"


def test_a_database_that_cannot_be_built_is_reported_from_the_worker(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(dataset: Dataset, stop: threading.Event | None = None) -> sqlite3.Connection:
        raise UsageError("sql: the dataset cannot be built")

    monkeypatch.setattr(runner, "sealed_database", broken)
    assert usage_error(article, "SELECT 1") == "sql: the dataset cannot be built"


def test_an_interrupt_while_the_database_is_built_reaches_the_caller(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C without bloc's own handler (query() used as a library): the KeyboardInterrupt
    # comes out of query(), whatever the worker has got to.
    building = threading.Event()
    released = threading.Event()  # the database is built only once the interrupt is seen
    real_sealed_database = seal.sealed_database

    def slow(dataset: Dataset, stop: threading.Event | None = None) -> sqlite3.Connection:
        building.set()
        released.wait(10)
        return real_sealed_database(dataset, stop)

    def interrupt(main: int) -> None:
        building.wait(5)
        time.sleep(0.5)  # the main thread is past starting the worker, waiting for it
        signal.pthread_kill(main, signal.SIGINT)

    monkeypatch.setattr(runner, "sealed_database", slow)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Thread(target=interrupt, args=(threading.get_ident(),)).start()
        with pytest.raises(KeyboardInterrupt):
            sql.query(article, "SELECT 1")
    finally:
        released.set()
        signal.signal(signal.SIGINT, previous)


class WatchedOutput:
    """limit_output's watcher with its ends recorded instead of ending the run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, waiting: float = 0.0) -> None:
        self.begun = time.monotonic()
        self.stopped = threading.Event()
        self.limits: list[float] = []
        self.at = 0.0
        self.waiting = waiting  # how long stdout is full, from the start
        monkeypatch.setattr(runner, "_stop_writing", self.stop)
        monkeypatch.setattr(runner, "_waiting_for_reader", self.full)

    def full(self) -> bool:
        return time.monotonic() - self.begun < self.waiting

    def stop(self, time_limit: float) -> None:
        self.limits.append(time_limit)
        if not self.stopped.is_set():
            self.at = time.monotonic() - self.begun
        self.limits.append(time_limit)
        self.stopped.set()  # (the real one ends the process: this one is called again)


def test_output_past_the_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    watched = WatchedOutput(monkeypatch)
    written = sql.limit_output(watched.begun - 0.2, 0.3)  # 0.1 s left of 0.3
    watcher = next(t for t in threading.enumerate() if t.name == "bloc-sql-output")
    assert watched.stopped.wait(5)
    written()
    watcher.join(5)
    assert set(watched.limits) == {0.3}
    assert 0.1 <= watched.at < 2.5


def test_output_written_in_time_is_never_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    watched = WatchedOutput(monkeypatch)
    written = sql.limit_output(watched.begun, 0.2)
    watcher = next(t for t in threading.enumerate() if t.name == "bloc-sql-output")
    assert watcher.daemon
    written()
    watcher.join(5)
    assert not watcher.is_alive()
    time.sleep(0.3)
    assert watched.limits == []


def test_time_waiting_for_the_reader_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # stdout is full for the first 0.5 s: the 0.2 s limit ends at about 0.7 s.
    watched = WatchedOutput(monkeypatch, waiting=0.5)
    written = sql.limit_output(watched.begun, 0.2)
    assert watched.stopped.wait(10)
    written()
    assert set(watched.limits) == {0.2}
    assert 0.65 <= watched.at < 2.5


class _Clock:
    """`time` as runner sees it: monotonic() gives each reading in turn, then the last."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def monotonic(self) -> float:
        return self.readings.pop(0) if len(self.readings) > 1 else self.readings[0]


def test_output_is_stopped_at_the_time_limit_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # Started at 100 with 1 s to go: at 101 exactly, the time is up.
    watched = WatchedOutput(monkeypatch)
    monkeypatch.setattr(runner, "time", _Clock(100.0, 101.0))
    written = sql.limit_output(100.0, 1.0)
    assert watched.stopped.wait(2)
    written()
    assert set(watched.limits) == {1.0}


@pytest.fixture
def stdout_fd() -> Iterator[int]:
    """File descriptor 1 for the test to replace; restored afterwards."""
    saved = os.dup(1)
    try:
        yield saved
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def test_a_full_pipe_is_waiting_for_its_reader(stdout_fd: int) -> None:
    reader, writer = os.pipe()
    try:
        os.dup2(writer, 1)
        assert runner._waiting_for_reader() is False  # an empty pipe takes more
        os.set_blocking(1, False)
        with pytest.raises(BlockingIOError):
            while True:
                os.write(1, b"x" * 65536)
        asked = time.monotonic()
        assert runner._waiting_for_reader() is True
        assert time.monotonic() - asked < 0.5  # said at once: it does not wait to see
        os.read(reader, 1 << 20)
        assert runner._waiting_for_reader() is False
    finally:
        os.set_blocking(writer, True)
        os.close(reader)
        os.close(writer)


def test_a_closed_stdout_is_not_waiting_for_a_reader(stdout_fd: int) -> None:
    os.close(1)
    assert runner._waiting_for_reader() is False


class Exited(Exception):
    pass


def test_stopping_the_output_says_why_in_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written: list[tuple[int, bytes]] = []

    def exit_now(code: int) -> None:
        raise Exited(code)

    def write(fd: int, data: bytes) -> int:
        written.append((fd, data))
        return len(data)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "_exit", exit_now)
    with pytest.raises(Exited) as raised:
        runner._stop_writing(2.5)
    assert raised.value.args == (2,)
    assert written == [
        (
            2,
            b"bloc: error: sql: stopped after the 2.5 s time limit while writing the result "
            b"(the output is incomplete); select fewer rows, or use -f csv\n",
        )
    ]


def test_stopping_the_output_exits_2_even_without_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[bytes] = []

    def exit_now(code: int) -> None:
        raise Exited(code)

    def closed(fd: int, data: bytes) -> int:
        written.append(data)
        raise OSError(9, "Bad file descriptor")

    monkeypatch.setattr(os, "write", closed)
    monkeypatch.setattr(os, "_exit", exit_now)
    with pytest.raises(Exited) as raised:
        runner._stop_writing(1.0)
    assert raised.value.args == (2,) and len(written) == 1
    written.clear()
    monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(Exited) as raised:
        runner._stop_writing(1.0)
    assert raised.value.args == (2,) and written == []


# limits: memory ---------------------------------------------------------------------------


# What a result costs in memory: 200 a row, and 50 a value besides its text (a BLOB's
# text is two hex digits a byte; a number or NULL has none).
@pytest.mark.parametrize(
    ("query", "size"),
    [
        ("SELECT 'abcd'", 200 + 50 + 4),
        ("SELECT x'0102'", 200 + 50 + 4),
        ("SELECT 7", 200 + 50),
        ("SELECT NULL", 200 + 50),
        ("SELECT 'ab', ''", 200 + 50 + 2 + 50),
    ],
)
def test_result_over_the_size_limit_is_refused(
    article: Dataset, monkeypatch: pytest.MonkeyPatch, query: str, size: int
) -> None:
    monkeypatch.setattr(fetch, "MAX_RESULT_BYTES", size)
    assert len(list(sql.query(article, query).rows)) == 1
    monkeypatch.setattr(fetch, "MAX_RESULT_BYTES", size - 1)
    assert usage_error(article, query) == (
        "sql: the result is over 0 MB in memory; select fewer rows or columns"
    )


def test_result_size_counts_every_row(article: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    # Six rows of one name: 6 * (200 + 50) and 10 + 10 + 12 + 10 + 10 + 10 characters.
    monkeypatch.setattr(fetch, "MAX_RESULT_BYTES", 6 * 250 + 62)
    assert len(list(sql.query(article, "SELECT name FROM members").rows)) == 6
    monkeypatch.setattr(fetch, "MAX_RESULT_BYTES", 6 * 250 + 61)
    assert usage_error(article, "SELECT name FROM members").startswith("sql: the result is over")


def test_result_size_limit_is_named_in_megabytes(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_RESULT_BYTES", 2_000_000)
    assert usage_error(article, "SELECT printf('%.*c', 2000001, 'x')") == (
        "sql: the result is over 2 MB in memory; select fewer rows or columns"
    )


MB = 1 << 20
# The user's --timeout; every query must end within it + 2 s, under 500 MB.
TIMEOUT = 1.0
DEADLINE = TIMEOUT + 2.0
MAX_RSS = 500 * MB
TOO_BIG = ("string or blob too big", "out of memory")  # the latter on Python 3.10
STOPPED = ("time limit",)
ROWS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT {n}) "


def measured(*args: str) -> tuple[int, str, str, float, int]:
    """Run `bloc ARGS`: exit code, stdout, stderr, seconds and peak RSS in bytes.

    The run is killed at DEADLINE (then the exit code is -9), and it may not map more
    than 4 GB, so that a regression fails the test instead of the machine.
    """

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    start = time.monotonic()
    process = subprocess.Popen(
        [BLOC, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=BASE_ENV,
        preexec_fn=cap_memory,
    )
    try:
        out, err = process.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    elapsed = time.monotonic() - start
    # The exit status was reaped by communicate(); the children's peak RSS is the
    # largest of any child so far, so each query runs in a fresh pytest-worker child.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return process.returncode, out.decode(), err.decode(), elapsed, rss


HEAVY_QUERIES = {
    # 5.9 GB and 38 s before limits; now SQLite refuses the value at 10 MB.
    "zeroblob": ("SELECT zeroblob(999999999)", TOO_BIG),
    "randomblob": ("SELECT length(randomblob(999999999))", TOO_BIG),
    # 2.9 GB before; SQLite's printf gives up past the length limit (NULL) or runs out
    # of the time limit getting there.
    "printf": ("SELECT printf('%.*c', 999999999, 'x') IS NULL", ("1\n",) + STOPPED),
    "replace": (
        "SELECT length(replace(replace(printf('%.*c', 5000000, 'x'), 'x', 'xxxxxxxxxx'),"
        " 'x', 'xxxxxxxxxx'))",
        TOO_BIG,
    ),
    "group_concat": (
        ROWS.format(n=10**8) + "SELECT length(group_concat(printf('%.*c', 1000, 'x'))) FROM c",
        TOO_BIG + STOPPED,
    ),
    # Each row holds 9 MB: SQLite allows every one, but the result as a whole is too big.
    "rows of blobs": (ROWS.format(n=1000) + "SELECT zeroblob(9000000) FROM c", ("over 50 MB",)),
    # Empty values weigh nothing as text, but a Python row costs some 250 bytes: 1.3 GB
    # in 10 s before they were counted.
    "rows of empty strings": (ROWS.format(n=10**9) + "SELECT '' FROM c", ("over 50 MB",)),
    "millions of numbers": (ROWS.format(n=3_100_000) + "SELECT x FROM c", ("over 50 MB",)),
    # One call that is quadratic in its arguments: SQLite cannot interrupt it, so the
    # main thread stops waiting for it (today: 7e12 steps, hours).
    "trim": (
        "SELECT ltrim(printf('%.*c', 9000000, 'a'), printf('%.*c', 800000, 'b') || 'a')",
        STOPPED,
    ),
    "instr": (
        "SELECT instr(printf('%.*c', 9000000, 'a'), printf('%.*c', 4000000, 'a') || 'b')",
        STOPPED,
    ),
    # O(string x pattern) in one call: SQLite's default pattern limit (50,000) let this
    # run for minutes; now a pattern over 100 bytes is refused.
    "long like": (
        "SELECT printf('%.*c', 9000000, 'a') LIKE '%' || printf('%.*c', 49000, 'a') || 'b'",
        ("pattern too complex",),
    ),
    "like on every row": (
        ROWS.format(n=1000) + "SELECT count(*) FROM c WHERE printf('%.*c', 9000000 - x, 'a') "
        "LIKE '%' || printf('%.*c', 95, 'a') || 'b'",
        STOPPED,
    ),
}


# A process of its own: its peak memory and its whole run's time are what is measured.
@pytest.mark.process
@pytest.mark.parametrize(("query", "expected"), HEAVY_QUERIES.values(), ids=HEAVY_QUERIES)
def test_heavy_queries_end_in_time_and_memory(query: str, expected: tuple[str, ...]) -> None:
    # A fresh child process per query, so that RUSAGE_CHILDREN is this query's alone.
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        try:
            report = json.dumps(measured("sql", query, "--timeout", str(TIMEOUT), "-f", "tsv"))
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            report = json.dumps([-1, "", repr(error), 0.0, 0])
        os.write(writer, report.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        code, out, err, elapsed, rss = json.loads(pipe.read())
    os.waitpid(pid, 0)
    assert elapsed < DEADLINE, (elapsed, err)
    assert rss < MAX_RSS, f"{rss / MB:.0f} MB"
    if code == 0:
        assert any(text in out for text in expected), out
    else:
        assert code == 2, (code, err)
        assert any(text in err for text in expected), err
        assert "Traceback" not in err and len(err.splitlines()) == 1


# signals ------------------------------------------------------------------------------------


@pytest.mark.process
@pytest.mark.parametrize(
    ("signum", "code", "query"),
    [
        (signal.SIGINT, 130, ENDLESS),
        (signal.SIGTERM, 143, ENDLESS),
        # A single busy SQL function, which SQLite itself cannot interrupt.
        (signal.SIGINT, 130, HEAVY_QUERIES["trim"][0]),
    ],
)
def test_a_signal_stops_a_query_within_a_second(signum: int, code: int, query: str) -> None:
    process = subprocess.Popen(
        [BLOC, "sql", "--timeout", "30", query],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=BASE_ENV,
    )
    time.sleep(0.5)
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        out, err = process.communicate(timeout=1)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("still running a second after the signal")
    assert time.monotonic() - sent < 1
    assert process.returncode == code, err
    assert err.decode() == f"bloc: interrupted by {signal.Signals(signum).name}\n"
    assert out == b""


# how a result is shown ----------------------------------------------------------------------

NON_FINITE = "SELECT 1e999 AS a, -1e999 AS b, 1.5 AS c, 1e300 AS d, 2 AS e"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_non_finite_floats_are_null_in_json(fmt: str) -> None:
    result = bloc("sql", NON_FINITE, "-f", fmt)
    assert result.code == 0, result.err
    text = result.out if fmt == "json" else result.out.strip()
    rows = strict_json(text)
    expected = {"a": None, "b": None, "c": 1.5, "d": 1e300, "e": 2}
    assert rows == ([expected] if fmt == "json" else expected)
    assert '"c": 1.5, "d": 1e+300' in result.out  # other floats as before


def test_non_finite_floats_are_inf_in_text_formats() -> None:
    assert bloc("sql", NON_FINITE, "-f", "csv").out == "a,b,c,d,e\ninf,-inf,1.5,1e+300,2\n"
    assert bloc("sql", NON_FINITE, "-f", "tsv").out.splitlines()[1] == "inf\t-inf\t1.5\t1e+300\t2"
    for fmt in ("plain", "markdown", "table"):
        result = bloc("sql", NON_FINITE, "-f", fmt)
        assert result.code == 0 and "-inf" in result.out and "1e+300" in result.out


def test_duplicate_column_names_keep_every_value(article: Dataset) -> None:
    rows = json.loads(bloc("sql", "SELECT 1 AS a, 2 AS a", "-f", "json").out)
    assert rows == [{"a": 1, "a_2": 2}]
    records = sql.query(article, "SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a")
    assert records.fields == ["a", "a_3", "a_2", "a_4"]
    assert list(records.rows) == [{"a": 1, "a_3": 2, "a_2": 3, "a_4": 4}]
    assert bloc("sql", "SELECT 1 AS a, 2 AS a, 3 AS a_2", "-f", "csv").out == "a,a_3,a_2\n1,2,3\n"


@pytest.mark.parametrize(
    ("names", "unique"),
    [
        (["a", "b"], ["a", "b"]),
        (["a", "a", "a"], ["a", "a_2", "a_3"]),
        (["a", "a", "a_2"], ["a", "a_3", "a_2"]),
        (["a_2", "a", "a"], ["a_2", "a", "a_3"]),
    ],
)
def test_repeated_column_names_get_the_next_free_number(
    names: list[str], unique: list[str]
) -> None:
    assert fetch.unique_names(names) == unique


HOSTILE_NAME = "x\x1b[31mred\x1b]52;c;abc=\x07\rover\u202eevil|pipe"
HOSTILE = f'SELECT 1 AS "{HOSTILE_NAME}"'


def assert_inert(text: str, backslash: str = "\\") -> None:
    """No control character in `text`; each shown as an escape (in markdown the escape's
    backslash is itself escaped, `\\\\x1b`, so that a reader sees `\\x1b`)."""
    for unsafe in ("\x1b]", "\x1b[31m", "\x07", "\r", "\u202e"):
        assert unsafe not in text, (unsafe, text)
    b = backslash
    assert f"{b}x1b]52;c;abc={b}x07" in text and f"{b}u202e" in text


def test_column_names_never_reach_a_terminal_as_escapes() -> None:
    for color in (False, True):
        streams = fake_streams(is_tty=True, width=120, color=color)
        result = bloc("sql", HOSTILE, streams=streams)
        assert result.code == 0, result.err
        assert_inert(result.out)
        assert ("\x1b" in result.out) is color  # colour, and only colour, is an escape
    for fmt, backslash in (("plain", "\\"), ("markdown", "\\\\")):
        result = bloc("sql", HOSTILE, "-f", fmt)
        assert "\x1b" not in result.out
        assert_inert(result.out, backslash)
    assert "evil\\|pipe" in bloc("sql", HOSTILE, "-f", "markdown").out


def test_data_formats_keep_column_names_exact() -> None:
    assert list(strict_json(bloc("sql", HOSTILE, "-f", "json").out)[0]) == [HOSTILE_NAME]  # type: ignore[index]
    assert parse("csv", bloc("sql", HOSTILE, "-f", "csv").out) == [{HOSTILE_NAME: "1"}]
    tsv = bloc("sql", 'SELECT 1 AS "a\tb\\c"', "-f", "tsv").out
    assert tsv == "a\\tb\\\\c\n1\n"


BLOBS = "SELECT x'0102ff' AS b, '\\x0102ff' AS s, x'' AS e"


def test_a_blob_is_typed_base64_in_json() -> None:
    expected = {
        "b": {"$base64": True, "encoded": base64.b64encode(b"\x01\x02\xff").decode()},
        "s": "\\x0102ff",
        "e": {"$base64": True, "encoded": ""},
    }
    assert strict_json(bloc("sql", BLOBS, "-f", "json").out) == [expected]
    assert strict_json(bloc("sql", BLOBS, "-f", "jsonl").out) == expected


def test_a_blob_is_backslash_x_hex_in_text_formats() -> None:
    # In tsv a string's backslash is doubled, so a lone \x can only start a BLOB.
    assert bloc("sql", BLOBS, "-f", "tsv").out == "b\ts\te\n\\x0102ff\t\\\\x0102ff\t\\x\n"
    assert bloc("sql", BLOBS, "-f", "csv").out.splitlines()[1] == "\\x0102ff,\\x0102ff,\\x"
    for fmt in ("plain", "markdown", "table"):
        assert "\\x0102ff" in bloc("sql", BLOBS, "-f", fmt).out


# error messages -----------------------------------------------------------------------------


def test_sqlite_errors_read_in_bloc_s_voice() -> None:
    # SQLite's and Python's sentences, lower case and without their full stop; bytes that
    # are no text are said so, not as a codec's complaint about surrogates.
    two = bloc("sql", "select 1; select 2")
    assert (two.code, two.err) == (
        2,
        "bloc: error: sql: you can only execute one statement at a time (see 'bloc sql -h')\n",
    )
    # The argument as Python hands it over from the bytes b'select "\xff"'.
    raw = bloc("sql", os.fsdecode(b'select "\xff"'))
    assert (raw.code, raw.out) == (2, "")
    assert raw.err == (
        "bloc: error: sql: the query holds bytes that are not UTF-8 text (see 'bloc sql -h')\n"
    )


@pytest.mark.parametrize(
    ("message", "sentence"),
    [
        ("Database is locked.", "database is locked"),
        (
            " You can only execute one statement at a time. ",
            "you can only execute one statement at a time",
        ),
        ("LIKE or GLOB pattern too complex", "LIKE or GLOB pattern too complex"),
        ("SQL logic error", "SQL logic error"),
        ("I/O error within the xFullPathname method", "I/O error within the xFullPathname method"),
        ("OS error 5", "OS error 5"),
        ("ABc is not a word in capitals", "aBc is not a word in capitals"),
        ("A", "a"),
        ("A word", "a word"),
        ("", ""),
        ('near "SELEC": syntax error', 'near "SELEC": syntax error'),
    ],
)
def test_messages_read_as_blocs_sentences(message: str, sentence: str) -> None:
    assert messages.sentence(message) == sentence


class _Failing:
    """A connection whose every query fails with `error`."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def execute(self, query: str) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (MemoryError(), "sql: out of memory (SQLite may use 200 MB)"),
        (
            OverflowError("Python int too large to convert to SQLite INTEGER"),
            "sql: a number is too large for SQLite's 64-bit integers",
        ),
        (ValueError("Bad value."), "sql: bad value"),
        (sqlite3.OperationalError(" Database is locked. "), "sql: database is locked"),
        (UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed"), None),
    ],
)
def test_query_failures_are_usage_errors(error: BaseException, message: str | None) -> None:
    with pytest.raises(UsageError) as raised:
        fetch.fetch(_Failing(error), "SELECT 1")  # type: ignore[arg-type]
    assert str(raised.value) == (message or "sql: the query holds bytes that are not UTF-8 text")
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT * FROM roadmp",
            "sql: no such table: roadmp; did you mean roadmap? "
            "(bloc sql --tables lists the tables)",
        ),
        (
            "SELECT * FROM Memebrs",
            "sql: no such table: Memebrs; did you mean members? "
            "(bloc sql --tables lists the tables)",
        ),
        (
            "SELECT m.nme FROM members AS m",
            "sql: no such column: m.nme; did you mean name? (bloc sql --tables lists the columns)",
        ),
        (
            "SELECT main.members.nme FROM members",
            "sql: no such column: main.members.nme; did you mean name? "
            "(bloc sql --tables lists the columns)",
        ),
        (
            "SELECT zzz FROM members",
            "sql: no such column: zzz (bloc sql --tables lists the columns)",
        ),
        (
            "SELECT XX FROM members",
            "sql: no such column: XX (bloc sql --tables lists the columns)",
        ),
    ],
)
def test_unknown_names_are_answered_with_close_ones(
    article: Dataset, query: str, message: str
) -> None:
    assert usage_error(article, query) == message


def test_several_close_names_are_all_suggested(article: Dataset) -> None:
    # difflib's ratio of "ite" to item is 2*3/7 = 0.86, to title 2*3/8 = 0.75 (over 0.6).
    assert usage_error(article, "SELECT ite FROM context") == (
        "sql: no such column: ite; did you mean item or title? "
        "(bloc sql --tables lists the columns)"
    )


def test_at_most_three_close_names_are_suggested(article: Dataset) -> None:
    # "lition" is close to position, action, section and list (difflib ratios 0.71, 0.67,
    # 0.62 and 0.6, all at the cutoff or over): the three closest are named.
    assert usage_error(article, "SELECT lition FROM members") == (
        "sql: no such column: lition; did you mean position or action or section? "
        "(bloc sql --tables lists the columns)"
    )
