"""Every size is bounded and every path linear; what a terminal shows is the data.

The tests that time runs or bound memory run the installed `bloc` (each such run takes
seconds, out of the fast layer; `ulimit -v` is a process's); the rest run in this process.
Timings are compared as growth (doubling the input
may at most double the time, plus noise for start-up and a loaded machine), never as an
absolute time; sizes are bounded by `ulimit -v`.
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Result, bloc, bundled, run, run_in_terminal, run_shell

Writer = Callable[[object], str]

# What bloc may take in `ulimit -v` (KB) to draw a table of any size: more than twice what
# `bloc members` needs (about 30 MB on the machines measured), far below what 100,000
# members took before tables were bounded (804 MB).
MEMORY_FOR_A_TABLE = 400_000
# Too little to load 100,000 members, enough for `bloc members` on the bundled dataset.
TOO_LITTLE_MEMORY = 150_000
NOISE = 2.0  # seconds: start-up and a loaded machine


def _timed(function: Callable[[], Result]) -> tuple[float, Result]:
    """The shorter of two runs' wall time (the other run may have waited for a core)."""
    best = float("inf")
    for _ in range(2):
        started = time.monotonic()
        result = function()
        best = min(best, time.monotonic() - started)
    return best, result


def _members(count: int, tmp_path: Path) -> str:
    """A --data file with `count` members, each like the article's."""
    data = bundled()
    data["members"] = [
        {
            "name": f"Member {number}",
            "year_joined": 1992,
            "contributions": ["Energy", "Manufacturing"],
            "newest": False,
        }
        for number in range(count)
    ]
    path = tmp_path / f"members-{count}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _widest(text: str) -> int:
    """The widest line of `text` in terminal columns, its styles left out."""
    return max(cell_len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in text.splitlines())


def _with_text(text: str) -> dict[str, object]:
    data = copy.deepcopy(bundled())
    data["source"]["text"] = text
    return data


# an absurd terminal size ----------------------------------------------------------------


@pytest.mark.process
@pytest.mark.parametrize("columns", ["10000000", "99999999999"])
def test_an_absurd_columns_is_held_to_a_thousand_columns(columns: str) -> None:
    result = run_in_terminal("-h", env={"COLUMNS": columns, "NO_COLOR": "1"})
    assert result.code == 0, result.err
    assert "Usage" in result.out
    assert _widest(result.out) <= 1000
    assert len(result.out) < 200_000


@pytest.mark.process
def test_a_terminal_wider_than_a_thousand_columns_is_drawn_a_thousand_wide() -> None:
    result = run_in_terminal("-h", env={"NO_COLOR": "1"}, columns=5000)
    assert result.code == 0, result.err
    assert _widest(result.out) <= 1000


# A process: bloc holds COLUMNS when it starts (process._prepare_streams), which bloc()
# leaves out.
@pytest.mark.process
def test_an_absurd_columns_in_a_pipe_draws_a_table_at_most_a_thousand_wide() -> None:
    words = "printf('%.*c', 300, 'x') || ' ' || printf('%.*c', 300, 'y')"
    result = run(
        "sql", "-f", "table", f"SELECT {words} AS a, {words} AS b", env={"COLUMNS": "99999999999"}
    )
    assert result.code == 0, result.err
    assert result.out.count("x" * 300) == result.out.count("y" * 300) == 2  # words whole
    assert _widest(result.out) <= 1000


# tables of any size ---------------------------------------------------------------------


@pytest.mark.process
def test_a_table_of_any_size_takes_linear_time(tmp_path: Path) -> None:
    half, full = _members(50_000, tmp_path), _members(100_000, tmp_path)
    time_half, _ = _timed(lambda: run("--data", half, "members", "-f", "table"))
    time_full, result = _timed(lambda: run("--data", full, "members", "-f", "table"))
    assert result.code == 0, result.err
    assert time_full <= 2 * time_half + NOISE, (time_half, time_full)
    # It says how much it drew, and where to get the rest.
    assert "1000 of 100000 members" in result.out
    assert "Member 999\n" not in result.out and "Member 999 " in result.out
    assert "Member 1000 " not in result.out
    assert result.err == (
        "bloc: the table shows the first 1000 of 100000 rows; -f csv writes everything\n"
    )


@pytest.mark.process
def test_a_table_of_a_hundred_thousand_members_fits_in_little_memory(tmp_path: Path) -> None:
    path = _members(100_000, tmp_path)
    result = run_shell(f"ulimit -v {MEMORY_FOR_A_TABLE}; bloc --data {path} members -f table")
    assert result.code == 0, result.err
    assert "1000 of 100000 members" in result.out


@pytest.mark.process
def test_a_long_run_of_spaces_in_a_cell_costs_linear_time() -> None:
    """rich pads every cell: the trailing spaces it leaves are dropped in one pass."""

    def table_of(width: int) -> Result:
        query = (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
            f"SELECT printf('%{width}s', 'x') AS padded FROM n"
        )
        return run_in_terminal("sql", query, env={"NO_COLOR": "1"}, columns=1000)

    time_half, _ = _timed(lambda: table_of(490))
    time_full, result = _timed(lambda: table_of(980))
    assert result.code == 0, result.err
    assert time_full <= 2 * time_half + NOISE, (time_half, time_full)
    assert " " * 970 + "x" in result.out


def test_a_table_of_huge_values_is_drawn_at_once_and_says_where_the_rest_is() -> None:
    columns = ", ".join(f"printf('%.*c', 9000000, '{letter}') AS {letter}" for letter in "wxyz")
    result = bloc("sql", "-f", "table", f"SELECT {columns}")
    assert result.code == 0, result.err
    # Each value's first 1000 characters (folded to the width), under its heading.
    assert result.out.count("x") == result.out.count("z") == 1 + 1000
    assert len(result.out) < 100_000
    assert result.err == (
        "bloc: the table cuts values at 1000 characters; -f csv writes everything\n"
    )


def test_a_table_draws_rows_up_to_its_size_and_counts_them_all() -> None:
    values = ", ".join(f"printf('%.*c', 1000, 'x') AS c{number}" for number in range(40))
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
        f"SELECT {values} FROM n"
    )
    result = bloc("sql", "-f", "table", query)
    assert result.code == 0, result.err
    assert "of 1000 rows" in result.out
    assert result.err.startswith("bloc: the table shows the first ")
    assert result.err.endswith(" of 1000 rows; -f csv writes everything\n")
    assert len(result.out) < 5_000_000


@pytest.mark.process  # a slow reader at the end of a pipe
def test_the_sql_time_limit_holds_while_the_result_is_written() -> None:
    """A quick query whose 900,000 values take tabulate many seconds to align."""
    columns = ", ".join(f"i AS c{number}" for number in range(100))
    query = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9000) "
        f"SELECT {columns} FROM n"
    )
    result = run("sql", "--timeout", "4", "-f", "plain", query)
    assert result.code == 2, result.err
    assert result.err == (
        "bloc: error: sql: stopped after the 4 s time limit while writing the result "
        "(the output is incomplete); select fewer rows, or use -f csv\n"
    )
    # Time spent waiting for a slow reader is the reader's, not bloc's: it does not count.
    query = "SELECT printf('%.*c', 2000000, 'x') AS big"
    result = run_shell(f'bloc sql --timeout 1 -f csv "{query}" | (sleep 3; wc -c)')
    assert result.code == 0, result.err
    assert result.out.strip() == str(len("big\n") + 2_000_000 + 1)
    assert result.err == ""


# out of memory --------------------------------------------------------------------------


@pytest.mark.process
def test_out_of_memory_is_one_line_and_exit_71(tmp_path: Path) -> None:
    path = _members(100_000, tmp_path)
    fits = run_shell(f"ulimit -v {TOO_LITTLE_MEMORY}; bloc members -f json")
    assert fits.code == 0, fits.err  # the limit leaves room for bloc itself
    for output in ("table", "json"):
        result = run_shell(f"ulimit -v {TOO_LITTLE_MEMORY}; bloc --data {path} members -f {output}")
        assert (result.code, result.err) == (71, "bloc: error: out of memory\n")


@pytest.mark.process
def test_too_little_memory_to_start_is_one_line_and_exit_71() -> None:
    # How much memory start-up takes depends on the install (a wheel or an editable
    # one) and the Python: limits from ample down to too little for bloc's code, each
    # either runs or is bloc's one line. Below them Python, or the `import re` of the
    # launcher pip writes, fails before any code of bloc's runs.
    said = set()
    for kilobytes in range(40_000, 10_000, -2_000):
        result = run_shell(f"ulimit -v {kilobytes}; bloc members")
        # No traceback from bloc's own run (its main); below, importing even bloc's first
        # module can fail, as Python's start-up and the launcher's `import re` can.
        assert "in main\n" not in result.err, (kilobytes, result.err)
        if result.code != 0 and result.err.startswith("bloc:"):
            assert (result.code, result.err) == (71, "bloc: error: out of memory\n"), kilobytes
            said.add(kilobytes)
    assert said, "no limit was too little for bloc to start"


# what a terminal shows is the data ------------------------------------------------------

HOSTILE_TABLE = (
    "Before the table.\n"
    "| Site | Note | Tag |\n"
    "|---|---|---|\n"
    "| [Official site](https://evil.example/phish) | **bold** | <b>x</b> |\n"
    "| `code` | a \\| b | _under_ |\n"
    "After the table.\n"
)


@pytest.mark.process
def test_article_table_cells_are_shown_as_written(write_data: Writer) -> None:
    path = write_data(_with_text(HOSTILE_TABLE))
    result = run_in_terminal("--data", path, "article", env={"FORCE_COLOR": "1"})
    assert result.code == 0, result.err
    assert "\x1b]8;" not in result.out  # no hyperlink, hidden target or not
    assert "\x1b[1m**bold**" not in result.out and "\x1b[1mbold" not in result.out
    plain = run_in_terminal("--data", path, "article", env={"NO_COLOR": "1"}).out
    for cell in ("[Official site](https://evil.example/phish)", "**bold**", "<b>x</b>"):
        assert cell in plain
    assert "`code`" in plain and "a \\| b" in plain and "_under_" in plain
    assert "| Site |" not in plain  # still drawn as a table


@pytest.mark.process
def test_cjk_names_are_measured_by_display_width(write_data: Writer) -> None:
    data = copy.deepcopy(bundled())
    name = "カザフスタン共和国"  # nine characters, eighteen columns
    data["members"][0]["name"] = name
    path = write_data(data)
    result = run_in_terminal("--data", path, "members", env={"NO_COLOR": "1"}, columns=120)
    assert result.code == 0, result.err
    assert name in result.out  # whole on one line: the terminal has room


@pytest.mark.process
def test_article_wraps_cjk_words_by_display_width(write_data: Writer) -> None:
    words = " ".join(["東京都大阪府"] * 30)  # each word six characters, twelve columns
    path = write_data(_with_text(words + "\n"))
    result = run_in_terminal("--data", path, "article", env={"NO_COLOR": "1"}, columns=40)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert _widest(result.out) <= 40
    assert len(lines) == 10  # three words (38 columns) a line


@pytest.mark.process
def test_a_table_of_many_wide_columns_takes_linear_time() -> None:
    """Column widths are found in one pass, not one column's character at a time."""

    def table_of(count: int) -> Result:
        words = "printf('%.*c', 1000, 'x') || ' ' || printf('%.*c', 999, 'y')"
        columns = ", ".join(f"{words} AS c{number}" for number in range(count))
        return run_in_terminal("sql", f"SELECT {columns}", env={"NO_COLOR": "1"}, columns=1000)

    time_half, _ = _timed(lambda: table_of(50))
    time_full, result = _timed(lambda: table_of(100))
    assert result.code == 0, result.err
    assert time_full <= 2 * time_half + NOISE, (time_half, time_full)
    assert result.out.endswith("1 row\n")
