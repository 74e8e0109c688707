"""bloc sql through the installed script: queries, the sandbox, limits, signals, rendering."""

from __future__ import annotations

import base64
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BASE_ENV, BLOC, TABLE_NAMES, run, run_in_terminal
from formats import parse

ENERGY_JOIN = (
    "SELECT m.name, b.kind, b.benefit FROM members m "
    "JOIN member_contributions c ON c.member = m.name "
    "JOIN benefits b ON b.benefit LIKE '%energy%' "
    "WHERE c.contribution LIKE '%energy%' ORDER BY m.name, b.kind, b.position"
)
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


def strict_json(text: str) -> object:
    """json.loads that refuses NaN and Infinity, as RFC 8259 and JSON.parse do."""

    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


# queries ------------------------------------------------------------------------------------


@pytest.mark.process
def test_sql_selects_rows_in_any_format() -> None:
    query = "SELECT name, year_joined FROM members WHERE year_joined IS NOT NULL ORDER BY 2"
    for fmt in ("json", "jsonl", "csv", "tsv"):
        result = run("sql", query, "-f", fmt)
        assert result.code == 0, result.err
        rows = parse(fmt, result.out)
        assert [row["name"] for row in rows] == ["Kazakhstan", "Uzbekistan", "Azerbaijan"]
    assert "Uzbekistan" in run("sql", query, "-f", "table").out


@pytest.mark.process
def test_sql_joins_energy_members_to_energy_benefits() -> None:
    rows = json.loads(run("sql", ENERGY_JOIN, "-f", "json").out)
    assert {row["name"] for row in rows} == {"Kazakhstan", "Azerbaijan"}
    assert {row["benefit"] for row in rows} == {
        "Enhanced energy partnerships leveraging Azerbaijan’s rich oil and gas reserves.",
        "Increased investments in cross-border energy pipelines",
    }
    assert len(rows) == 4


@pytest.mark.process
def test_sql_child_tables_keep_list_order() -> None:
    rows = json.loads(
        run(
            "sql",
            "SELECT action FROM roadmap_actions WHERE area LIKE 'Trade%' ORDER BY position",
            "-f",
            "json",
        ).out
    )
    assert [row["action"] for row in rows] == [
        "Develop transnational transport hubs",
        "digitize customs",
    ]


@pytest.mark.process
def test_sql_fields_option_applies_to_query_columns() -> None:
    result = run(
        "sql", "SELECT name, year_joined FROM members", "--fields", "year_joined", "-f", "csv"
    )
    assert result.out.splitlines()[:2] == ["year_joined", "1992"]


@pytest.mark.process
def test_sql_tables_lists_every_table_with_keys() -> None:
    rows = json.loads(run("sql", "--tables", "-f", "json").out)
    tables = {row["table"] for row in rows}
    assert set(TABLE_NAMES) <= tables
    member_fk = next(
        row for row in rows if (row["table"], row["column"]) == ("member_contributions", "member")
    )
    assert member_fk["references"] == "members.name" and member_fk["primary_key"] is True


@pytest.mark.process
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
    result = run("sql", query, "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0] == {
        "x": 1, "r": 3, "j": 5, "s": 3, "d": "2024-02-01", "q": 4.0, "u": "K", "columns": 4,
    }  # fmt: skip
    pragma = run("sql", "PRAGMA table_info(members)", "-f", "json")
    assert pragma.code == 0 and [row["name"] for row in json.loads(pragma.out)][0] == "name"


@pytest.mark.process
def test_sql_json_says_true_or_false_for_newest_and_orders_by_the_articles_position() -> None:
    query = "SELECT name, newest, position FROM members WHERE position > 4 ORDER BY position"
    result = run("sql", query, "-f", "json")
    assert result.code == 0, result.err
    assert result.out == (
        "[\n"
        '  {"name": "Tajikistan", "newest": false, "position": 5},\n'
        '  {"name": "Azerbaijan", "newest": true, "position": 6}\n'
        "]\n"
    )


# the sandbox: what is refused ---------------------------------------------------------------


@pytest.mark.process
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC name FROM members", "syntax error"),
        ("SELECT * FROM nowhere", "no such table"),
        ("DELETE FROM members", "not authorized"),
        ("UPDATE members SET name = 'x'", "not authorized"),
        ("DROP TABLE members", "not authorized"),
        ("INSERT INTO members VALUES ('x', 1, 0)", "not authorized"),
        ("CREATE TEMP TABLE t (x)", "not authorized"),
        ("BEGIN", "not authorized"),
        ("PRAGMA query_only = OFF", "not authorized"),
        ("PRAGMA writable_schema = ON", "not authorized"),
        ("SELECT * FROM pragma_function_list", "not authorized"),
        ("SELECT load_extension('evil')", "not authorized to use function: load_extension"),
        # Today's leak: fts3_tokenizer('simple') returned a pointer into the library.
        ("SELECT fts3_tokenizer('simple')", "not authorized to use function: fts3_tokenizer"),
        ("SELECT sqlite_log(1, 'x')", "not authorized to use function: sqlite_log"),
        ("SELECT 1 FROM dbstat", "dbstat"),
        ("", "empty"),
        ("SELECT 1; SELECT 2", "one statement"),
    ],
)
def test_sql_errors_exit_2_with_sqlites_message(query: str, message: str) -> None:
    result = run("sql", query)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1


@pytest.mark.process
@pytest.mark.parametrize("query", ["/* c */", ";", " \n\t", "-- comment", ";;", "/* a */ ; -- b"])
def test_sql_without_a_statement_is_a_usage_error(query: str) -> None:
    result = run("sql", "--", query)
    assert result.code == 2 and result.out == ""
    assert "sql:" in result.err and len(result.err.splitlines()) == 1


@pytest.mark.process
def test_sql_attach_creates_no_file(tmp_path: Path) -> None:
    for statement in ("ATTACH DATABASE 'x.db' AS x", "VACUUM INTO 'y.db'"):
        result = run("sql", statement, cwd=tmp_path)
        assert result.code == 2, result
        assert "not authorized" in result.err or "denied" in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.process
@pytest.mark.skipif(sys.version_info < (3, 11), reason="Connection.setlimit is Python 3.11+")
def test_sql_like_patterns_are_short() -> None:
    query = "SELECT 'a' LIKE '%' || printf('%.*c', 200, 'a')"
    result = run("sql", query)
    assert result.code == 2 and "pattern too complex" in result.err


@pytest.mark.process
def test_sql_without_a_query_is_a_usage_error() -> None:
    result = run("sql")
    assert result.code == 2 and "--tables" in result.err


# limits: time and memory --------------------------------------------------------------------


@pytest.mark.process
def test_sql_runaway_query_is_stopped() -> None:
    result = run("sql", ENDLESS, "--timeout", "0.3")
    assert result.code == 2 and "time limit" in result.err


@pytest.mark.process
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "0", "-1", "1e9"])
def test_timeout_must_be_a_finite_number_above_0(value: str) -> None:
    result = run("sql", "SELECT 1", f"--timeout={value}")
    assert result.code == 2 and result.out == ""
    assert "--timeout" in result.err and "Traceback" not in result.err


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


# rendering ----------------------------------------------------------------------------------

NON_FINITE = "SELECT 1e999 AS a, -1e999 AS b, 1.5 AS c, 1e300 AS d, 2 AS e"


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_non_finite_floats_are_null_in_json(fmt: str) -> None:
    result = run("sql", NON_FINITE, "-f", fmt)
    assert result.code == 0, result.err
    text = result.out if fmt == "json" else result.out.strip()
    rows = strict_json(text)
    expected = {"a": None, "b": None, "c": 1.5, "d": 1e300, "e": 2}
    assert rows == ([expected] if fmt == "json" else expected)
    assert '"c": 1.5, "d": 1e+300' in result.out  # other floats as before


@pytest.mark.process
def test_non_finite_floats_are_inf_in_text_formats() -> None:
    assert run("sql", NON_FINITE, "-f", "csv").out == "a,b,c,d,e\ninf,-inf,1.5,1e+300,2\n"
    assert run("sql", NON_FINITE, "-f", "tsv").out.splitlines()[1] == "inf\t-inf\t1.5\t1e+300\t2"
    for fmt in ("plain", "markdown", "table"):
        result = run("sql", NON_FINITE, "-f", fmt)
        assert result.code == 0 and "-inf" in result.out and "1e+300" in result.out


@pytest.mark.process
def test_duplicate_column_names_keep_every_value() -> None:
    rows = json.loads(run("sql", "SELECT 1 AS a, 2 AS a", "-f", "json").out)
    assert rows == [{"a": 1, "a_2": 2}]
    rows = json.loads(run("sql", "SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a", "-f", "json").out)
    assert rows == [{"a": 1, "a_3": 2, "a_2": 3, "a_4": 4}]
    assert run("sql", "SELECT 1 AS a, 2 AS a, 3 AS a_2", "-f", "csv").out == "a,a_3,a_2\n1,2,3\n"


HOSTILE_NAME = "x\x1b[31mred\x1b]52;c;abc=\x07\rover\u202eevil|pipe"
HOSTILE = f'SELECT 1 AS "{HOSTILE_NAME}"'


def assert_inert(text: str, backslash: str = "\\") -> None:
    """No control character in `text`; each shown as an escape (in markdown the escape's
    backslash is itself escaped, `\\\\x1b`, so that a reader sees `\\x1b`)."""
    for unsafe in ("\x1b]", "\x1b[31m", "\x07", "\r", "\u202e"):
        assert unsafe not in text, (unsafe, text)
    b = backslash
    assert f"{b}x1b]52;c;abc={b}x07" in text and f"{b}u202e" in text


@pytest.mark.process
def test_column_names_never_reach_a_terminal_as_escapes() -> None:
    result = run_in_terminal("sql", HOSTILE)
    assert result.code == 0, result.err
    assert_inert(result.out)
    for fmt, backslash in (("plain", "\\"), ("markdown", "\\\\")):
        result = run("sql", HOSTILE, "-f", fmt)
        assert "\x1b" not in result.out
        assert_inert(result.out, backslash)
    assert "evil\\|pipe" in run("sql", HOSTILE, "-f", "markdown").out


@pytest.mark.process
def test_data_formats_keep_column_names_exact() -> None:
    assert list(strict_json(run("sql", HOSTILE, "-f", "json").out)[0]) == [HOSTILE_NAME]  # type: ignore[index]
    assert parse("csv", run("sql", HOSTILE, "-f", "csv").out) == [{HOSTILE_NAME: "1"}]
    tsv = run("sql", 'SELECT 1 AS "a\tb\\c"', "-f", "tsv").out
    assert tsv == "a\\tb\\\\c\n1\n"


BLOBS = "SELECT x'0102ff' AS b, '\\x0102ff' AS s, x'' AS e"


@pytest.mark.process
def test_a_blob_is_typed_base64_in_json() -> None:
    expected = {
        "b": {"$base64": True, "encoded": base64.b64encode(b"\x01\x02\xff").decode()},
        "s": "\\x0102ff",
        "e": {"$base64": True, "encoded": ""},
    }
    assert strict_json(run("sql", BLOBS, "-f", "json").out) == [expected]
    assert strict_json(run("sql", BLOBS, "-f", "jsonl").out) == expected


@pytest.mark.process
def test_a_blob_is_backslash_x_hex_in_text_formats() -> None:
    # In tsv a string's backslash is doubled, so a lone \x can only start a BLOB.
    assert run("sql", BLOBS, "-f", "tsv").out == "b\ts\te\n\\x0102ff\t\\\\x0102ff\t\\x\n"
    assert run("sql", BLOBS, "-f", "csv").out.splitlines()[1] == "\\x0102ff,\\x0102ff,\\x"
    for fmt in ("plain", "markdown", "table"):
        assert "\\x0102ff" in run("sql", BLOBS, "-f", fmt).out


@pytest.mark.process
def test_sqlite_errors_read_in_bloc_s_voice() -> None:
    # SQLite's and Python's sentences, lower case and without their full stop; bytes that
    # are no text are said so, not as a codec's complaint about surrogates.
    two = run("sql", "select 1; select 2")
    assert (two.code, two.err) == (
        2,
        "bloc: error: sql: you can only execute one statement at a time (see 'bloc sql -h')\n",
    )
    raw = subprocess.run([BLOC, "sql", b'select "\xff"'], capture_output=True, env=BASE_ENV)
    assert raw.returncode == 2
    assert raw.stderr == (
        b"bloc: error: sql: the query holds bytes that are not UTF-8 text (see 'bloc sql -h')\n"
    )


@pytest.mark.process
def test_tables_of_a_dataset_that_cannot_load_is_exit_3() -> None:
    result = run("--data", "/nonexistent/data.json", "sql", "--tables")
    assert (result.code, result.out) == (3, "")
    assert "no such file" in result.err
