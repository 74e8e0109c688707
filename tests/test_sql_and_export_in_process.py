"""In-process tests of `bloc sql` and `bloc export`: typed values, limits, files written.

Fast (no subprocess): these are the tests mutation testing runs (see docs/development.md).
Expected values are the article's facts written out by hand (as data/bloc.json holds them).
"""

from __future__ import annotations

import csv
import errno
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from bloc_cli import __version__, export, sql
from bloc_cli.sql import fetch, runner, seal
from bloc_cli.errors import OutputError, UsageError
from bloc_cli.model import Dataset
from bloc_cli.records import Blob

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "bloc.json"
TITLE = "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics"
# A query that never ends by itself.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"


@pytest.fixture(scope="module")
def article() -> Dataset:
    dataset: Dataset = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return dataset


@pytest.fixture(autouse=True)
def flushes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Export's fsync calls, recorded rather than made: they are slow on a busy disk, and
    the tests look at the files through the same kernel."""
    calls: list[int] = []

    def record(descriptor: int) -> None:
        os.fstat(descriptor)  # an open file, as fsync needs
        calls.append(descriptor)

    monkeypatch.setattr(os, "fsync", record)
    return calls


READ_ONLY = (
    "sql: not authorized (the database is read-only: a single SELECT or WITH, core functions only)"
)


def usage_error(dataset: Dataset, query: str, time_limit: float = 10.0) -> str:
    with pytest.raises(UsageError) as raised:
        sql.query(dataset, query, time_limit)
    assert raised.value.exit_code == 2
    return str(raised.value)


# --- sql ---------------------------------------------------------------------------


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


def test_sql_returns_blobs_floats_and_null(article: Dataset) -> None:
    records = sql.query(article, "SELECT x'01ff' AS b, 2.5 AS f, NULL AS n, '007' AS s")
    assert list(records.rows) == [{"b": Blob(b"\x01\xff"), "f": 2.5, "n": None, "s": "007"}]


def test_sql_makes_repeated_column_names_unique(article: Dataset) -> None:
    records = sql.query(article, "SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a")
    assert records.fields == ["a", "a_3", "a_2", "a_4"]
    assert list(records.rows) == [{"a": 1, "a_3": 2, "a_2": 3, "a_4": 4}]


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


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "sql: the query is empty"),
        ("  \n", "sql: the query is empty"),
        ("-- nothing", "sql: the query has no statement (only comments or ';')"),
        (
            "SELECT nope FROM members",
            "sql: no such column: nope (bloc sql --tables lists the columns)",
        ),
        ("DELETE FROM members", READ_ONLY),
        ("ATTACH ':memory:' AS other", READ_ONLY),
        ("PRAGMA user_version", READ_ONLY),
        ("SELECT load_extension('x')", "sql: not authorized to use function: load_extension"),
        ("SELECT fts3_tokenizer('simple')", "sql: not authorized to use function: fts3_tokenizer"),
    ],
)
def test_sql_refuses_what_it_cannot_or_may_not_run(
    article: Dataset, query: str, message: str
) -> None:
    assert usage_error(article, query) == message


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


def test_sql_stops_at_the_time_limit(article: Dataset) -> None:
    started = time.monotonic()
    assert usage_error(article, ENDLESS, 0.2) == "sql: query stopped after the 0.2 s time limit"
    assert time.monotonic() - started < 5


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


def test_sql_checks_the_time_limit_before_the_query(article: Dataset) -> None:
    assert usage_error(article, "", 0).startswith("--timeout: 0 is not")


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


def test_sql_tables_lists_every_column_with_its_key(article: Dataset) -> None:
    records = sql.tables()
    assert records.title == "Tables for bloc sql"
    assert records.fields == ("table", "column", "type", "primary_key", "references")
    assert records.null_text is None
    assert records.not_applicable == frozenset({"references"})
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


def test_sealed_database_is_read_only(article: Dataset) -> None:
    connection = seal.sealed_database(article)
    with pytest.raises(sqlite3.DatabaseError):
        connection.execute("UPDATE members SET newest = 1")
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)


# --- export ------------------------------------------------------------------------

EXPORTED = [
    ("datapackage.json", None),
    ("members.csv", 6),
    ("member_contributions.csv", 6),
    ("security.csv", 4),
    ("roadmap.csv", 3),
    ("roadmap_actions.csv", 6),
    ("benefits.csv", 7),
    ("context.csv", 16),
    ("source.csv", 1),
    ("provenance.csv", 10),
    ("bloc.sqlite", None),
    ("bloc.json", None),
]


def test_export_writes_every_file_and_lists_rows_and_bytes(
    article: Dataset, tmp_path: Path, flushes: list[int]
) -> None:
    target = tmp_path / "out"
    records = export.export(article, str(target))
    assert len(flushes) == len(EXPORTED)  # each file is flushed to disk
    assert records.title == f"Exported to {target}"
    assert records.fields == ("file", "rows", "bytes")
    assert list(records.rows) == [
        {"file": str(target / name), "rows": rows, "bytes": (target / name).stat().st_size}
        for name, rows in EXPORTED
    ]
    assert sorted(os.listdir(target)) == sorted(name for name, _ in EXPORTED)


def test_exported_csv_holds_the_article_facts(article: Dataset, tmp_path: Path) -> None:
    export.export(article, str(tmp_path))
    assert (tmp_path / "members.csv").read_bytes() == (
        b"name,year_joined,newest,position\r\n"
        b"Kazakhstan,1992,false,1\r\n"
        b"Uzbekistan,1993,false,2\r\n"
        b"Turkmenistan,,false,3\r\n"
        b"Kyrgyzstan,,false,4\r\n"
        b"Tajikistan,,false,5\r\n"
        b"Azerbaijan,2024,true,6\r\n"
    )
    with open(tmp_path / "security.csv", encoding="utf-8", newline="") as file:
        assert list(csv.reader(file))[3] == [
            "Border Security Coordination",
            "Fragmented",
            "Centralized & Streamlined",
            "3",
        ]
    with open(tmp_path / "roadmap.csv", encoding="utf-8", newline="") as file:
        assert [(row[0], row[-1]) for row in csv.reader(file)] == [
            ("area", "position"),
            ("Trade & Infrastructure", "1"),
            ("Energy Cooperation", "2"),
            ("Cultural & Educational Exchange", "3"),
        ]
    assert json.loads((tmp_path / "bloc.json").read_text(encoding="utf-8")) == article
    assert "’" in (tmp_path / "bloc.json").read_text(encoding="utf-8")  # not \u2019
    with sqlite3.connect(tmp_path / "bloc.sqlite") as connection:
        assert connection.execute("SELECT name FROM members WHERE newest").fetchall() == [
            ("Azerbaijan",)
        ]


def test_exported_data_package_describes_every_table(article: Dataset, tmp_path: Path) -> None:
    export.export(article, str(tmp_path))
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "bloc"
    assert package["title"] == TITLE
    assert package["description"] == (
        f"Facts of one news article, as reported by Euronews.com. Exported by bloc "
        f"{__version__}; bloc.sqlite and bloc.json hold the same data."
    )
    assert package["sources"] == [{"title": TITLE}]  # the article has no page_url
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert list(resources) == [name.removesuffix(".csv") for name, _ in EXPORTED[1:10]]
    assert resources["members"] == {
        "name": "members",
        "description": "The member states",
        "path": "members.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                {"name": "name", "type": "string", "constraints": {"required": True}},
                {"name": "year_joined", "type": "integer"},
                {"name": "newest", "type": "boolean", "constraints": {"required": True}},
                {"name": "position", "type": "integer", "constraints": {"required": True}},
            ],
            "primaryKey": ["name"],
        },
    }
    assert resources["roadmap_actions"]["schema"]["foreignKeys"] == [
        {"fields": ["area"], "reference": {"resource": "roadmap", "fields": ["area"]}}
    ]
    assert resources["roadmap_actions"]["schema"]["primaryKey"] == ["area", "position"]


def test_data_package_names_the_page_and_leaves_out_an_unknown_outlet(
    article: Dataset, tmp_path: Path
) -> None:
    dataset = json.loads(json.dumps(article))
    dataset["source"]["page_url"] = "https://example.org/a"
    dataset["source"]["reported_by"] = None
    export.export(dataset, str(tmp_path))
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["sources"] == [{"title": TITLE, "path": "https://example.org/a"}]
    assert package["description"] == (
        f"Facts of one news article. Exported by bloc {__version__}; "
        "bloc.sqlite and bloc.json hold the same data."
    )


def test_export_leaves_other_files_alone_and_no_temporary_file(
    article: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    export.export(article, str(tmp_path))
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".bloc-tmp-")]


def test_export_refuses_to_replace_a_file_without_force(article: Dataset, tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("mine")
    with pytest.raises(UsageError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == (
        f"export: {tmp_path / 'members.csv'} exists (--force replaces the files bloc writes)"
    )
    assert os.listdir(tmp_path) == ["members.csv"]
    assert (tmp_path / "members.csv").read_text() == "mine"


def test_export_with_force_replaces_its_files(article: Dataset, tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("mine")
    export.export(article, str(tmp_path), force=True)
    assert (tmp_path / "members.csv").read_text(encoding="utf-8").startswith("name,year_joined")
    export.export(article, str(tmp_path), force=True)
    assert len(os.listdir(tmp_path)) == len(EXPORTED)


def test_export_into_a_file_or_a_missing_parent_is_an_output_error(
    article: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "file"))
    assert str(raised.value) == f"export: {tmp_path / 'file'}: not a folder"
    assert raised.value.exit_code == 74
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "no" / "out"))
    assert str(raised.value) == (
        f"export: {tmp_path / 'no' / 'out'}: No such file or directory"
        " (the folder it goes in must exist)"
    )
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "dangling"))
    assert str(raised.value) == f"export: {tmp_path / 'dangling'}: a symbolic link to nothing"


def test_export_through_a_link_to_a_folder_uses_that_folder(
    article: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    export.export(article, str(tmp_path / "link"))
    assert (tmp_path / "real" / "datapackage.json").is_file()


def test_failed_export_removes_the_folder_it_made(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "out"))
    assert str(raised.value).endswith(": No space left on device")
    assert str(raised.value).startswith(f"export: {tmp_path / 'out'}/")
    assert os.listdir(tmp_path) == []


def test_failed_export_into_an_existing_folder_keeps_it_and_leaves_no_temporary_file(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fail_third(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail_third)
    with pytest.raises(OutputError):
        export.export(article, str(tmp_path))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP])
def test_export_without_hard_links_still_writes_every_file(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def no_links(source: object, target: object, **kwargs: object) -> None:
        raise OSError(code, "links not supported")

    monkeypatch.setattr(os, "link", no_links)
    export.export(article, str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == sorted(name for name, _ in EXPORTED)
    assert (tmp_path / "source.csv").read_text(encoding="utf-8").startswith("title,")


@pytest.mark.parametrize("links", [True, False])
def test_export_never_replaces_a_file_that_appears_while_it_writes(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    def no_links(source: object, target: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "links not supported")

    if not links:
        monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "members.csv").write_text("mine")
    # As if the file appeared after export looked for it.
    monkeypatch.setattr(os.path, "lexists", lambda path: False)
    with pytest.raises(UsageError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == (
        f"export: {tmp_path / 'members.csv'} exists (--force replaces the files bloc writes)"
    )
    assert os.listdir(tmp_path) == ["members.csv"]
    assert (tmp_path / "members.csv").read_text() == "mine"


def test_export_stops_on_another_link_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(source: object, target: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", broken)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == f"export: {tmp_path / 'members.csv'}: Input/output error"
    assert os.listdir(tmp_path) == []


# --- sql: the seal and the worker --------------------------------------------------


@pytest.mark.skipif(
    not hasattr(sqlite3.Connection, "setlimit"), reason="Connection.setlimit is Python 3.11+"
)
def test_sealed_database_has_the_reduced_limits(article: Dataset) -> None:
    connection = seal.sealed_database(article)
    getlimit = connection.getlimit  # type: ignore[attr-defined,unused-ignore]  # 3.11+
    expected = {
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
    for name, value in expected.items():
        category = getattr(sqlite3, f"SQLITE_LIMIT_{name}", None)
        if category is not None:
            assert getlimit(category) == value, name


def test_sealed_database_stops_a_query_once_asked_even_before_it_starts(
    article: Dataset,
) -> None:
    import threading

    stop = threading.Event()
    connection = seal.sealed_database(article, stop)
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)
    stop.set()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        connection.execute(ENDLESS).fetchall()


def test_query_runs_on_a_daemon_worker_that_stops_at_the_time_limit(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

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


def test_result_size_limit_is_named_in_megabytes(
    article: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_RESULT_BYTES", 2_000_000)
    assert usage_error(article, "SELECT printf('%.*c', 2000001, 'x')") == (
        "sql: the result is over 2 MB in memory; select fewer rows or columns"
    )


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
        (ValueError("bad value"), "sql: bad value"),
        (sqlite3.OperationalError("database is locked"), "sql: database is locked"),
    ],
)
def test_query_failures_are_usage_errors(error: BaseException, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        fetch.fetch(_Failing(error), "SELECT 1")  # type: ignore[arg-type]
    assert str(raised.value) == message


# --- export: files, modes, failures ------------------------------------------------


def test_exported_files_get_the_mode_the_umask_gives(article: Dataset, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        export.export(article, str(tmp_path / "out"))
    finally:
        os.umask(old)
    modes = {name: (tmp_path / "out" / name).stat().st_mode & 0o777 for name, _ in EXPORTED}
    assert modes == {name: 0o644 for name, _ in EXPORTED}


def test_exported_json_is_indented_by_two_spaces(article: Dataset, tmp_path: Path) -> None:
    export.export(article, str(tmp_path))
    text = (tmp_path / "bloc.json").read_text(encoding="utf-8")
    assert text.startswith(f'{{\n  "source": {{\n    "title": "{TITLE}",\n')
    assert text.endswith("\n  }\n}\n")
    package = (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    assert package.startswith('{\n  "name": "bloc",\n  "title": ')


def test_export_registers_nothing_for_a_signal_once_done(article: Dataset, tmp_path: Path) -> None:
    from bloc_cli import signals

    export.export(article, str(tmp_path / "out"))
    assert signals._temporary == {}
    with pytest.raises(UsageError):
        export.export(article, str(tmp_path / "out"))
    assert signals._temporary == {}


def test_export_steps_around_another_runs_temporary_file(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bloc_cli import signals

    draws = iter([b"\x00" * 8, *(bytes([n]) * 8 for n in range(1, 40))])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    theirs = tmp_path / f".bloc-tmp-{'00' * 8}-members.csv"
    theirs.write_text("another run's")
    export.export(article, str(tmp_path))
    assert theirs.read_text() == "another run's"
    assert sorted(os.listdir(tmp_path)) == sorted([theirs.name, *(n for n, _ in EXPORTED)])
    assert signals._temporary == {}


def test_export_that_cannot_create_its_files_is_an_output_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def full(path: str, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if ".bloc-tmp-" in str(path) and "security" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == f"export: {tmp_path / 'security.csv'}: No space left on device"
    assert os.listdir(tmp_path) == []


def test_failed_export_keeps_a_new_folder_another_run_has_written_into(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"

    def full_disk(descriptor: int) -> None:
        (target / "theirs.txt").write_text("x")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError):
        export.export(article, str(target))
    assert os.listdir(target) == ["theirs.txt"]


def test_failed_sqlite_write_is_an_output_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bloc_cli import database

    def failing(dataset: Dataset, path: str = ":memory:") -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(database, "build", failing)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == f"export: {tmp_path / 'bloc.sqlite'}: disk I/O error"
    assert os.listdir(tmp_path) == []


def test_query_result_is_shown_with_its_own_names_and_sql_null(article: Dataset) -> None:
    records = sql.query(article, "SELECT name FROM members WHERE name = 'Atlantis'")
    assert records.title == "Query result"
    assert records.empty_message == "The query returned no rows."
    assert records.null_text == "NULL"
    assert records.literal_headings is True


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


def test_export_of_an_empty_folder_name_is_a_usage_error(article: Dataset) -> None:
    with pytest.raises(UsageError) as raised:
        export.export(article, "")
    assert str(raised.value) == "export: the folder name is empty"


def test_export_lists_its_files_and_the_rows_of_each(article: Dataset, tmp_path: Path) -> None:
    records = export.export(article, str(tmp_path))
    assert records.noun == ("file", "files")
    assert records.not_applicable == frozenset({"rows"})


def test_export_with_force_never_replaces_a_folder(article: Dataset, tmp_path: Path) -> None:
    (tmp_path / "members.csv").mkdir()
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path), force=True)
    assert str(raised.value) == (
        f"export: {tmp_path / 'members.csv'}: is a folder, not a file bloc wrote"
    )
    assert raised.value.exit_code == 74
    assert os.listdir(tmp_path) == ["members.csv"]  # nothing written before the refusal


def test_export_with_force_leaves_a_link_to_a_folder_and_the_folder(
    article: Dataset, tmp_path: Path
) -> None:
    # A link is never bloc's to replace: it is refused before anything is written.
    target, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    target.mkdir()
    elsewhere.mkdir()
    (target / "members.csv").symlink_to(elsewhere)
    with pytest.raises(UsageError, match="is a symbolic link"):
        export.export(article, str(target), force=True)
    assert (target / "members.csv").is_symlink()
    assert os.listdir(elsewhere) == [] and os.listdir(target) == ["members.csv"]


def test_at_most_three_close_names_are_suggested(article: Dataset) -> None:
    # "lition" is close to position, action, section and list (difflib ratios 0.71, 0.67,
    # 0.62 and 0.6, all at the cutoff or over): the three closest are named.
    assert usage_error(article, "SELECT lition FROM members") == (
        "sql: no such column: lition; did you mean position or action or section? "
        "(bloc sql --tables lists the columns)"
    )
