"""bloc sql and shell completion, through the installed script."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BASE_ENV, BLOC, bundled, run
from formats import parse

Writer = Callable[..., str]

ENERGY_JOIN = (
    "SELECT m.name, b.kind, b.benefit FROM members m "
    "JOIN member_contributions c ON c.member = m.name "
    "JOIN benefits b ON b.benefit LIKE '%energy%' "
    "WHERE c.contribution LIKE '%energy%' ORDER BY m.name, b.kind, b.position"
)


# sql ----------------------------------------------------------------------------------------


def test_sql_selects_rows_in_any_format() -> None:
    query = "SELECT name, year_joined FROM members WHERE year_joined IS NOT NULL ORDER BY 2"
    for fmt in ("json", "jsonl", "csv", "tsv"):
        result = run("sql", query, "-f", fmt)
        assert result.code == 0, result.err
        rows = parse(fmt, result.out)
        assert [row["name"] for row in rows] == ["Kazakhstan", "Uzbekistan", "Azerbaijan"]
    assert "Uzbekistan" in run("sql", query, "-f", "table").out


def test_sql_joins_energy_members_to_energy_benefits() -> None:
    rows = json.loads(run("sql", ENERGY_JOIN, "-f", "json").out)
    assert {row["name"] for row in rows} == {"Kazakhstan", "Azerbaijan"}
    assert {row["benefit"] for row in rows} == {
        "Enhanced energy partnerships leveraging Azerbaijan’s rich oil and gas reserves.",
        "Increased investments in cross-border energy pipelines",
    }
    assert len(rows) == 4


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


def test_sql_fields_option_applies_to_query_columns() -> None:
    result = run(
        "sql", "SELECT name, year_joined FROM members", "--fields", "year_joined", "-f", "csv"
    )
    assert result.out.splitlines()[:2] == ["year_joined", "1992"]


def test_sql_duplicate_column_names_stay_apart() -> None:
    rows = json.loads(run("sql", "SELECT 1 AS a, 2 AS a", "-f", "json").out)
    assert rows == [{"a": 1, "a_2": 2}]


def test_sql_tables_lists_every_table_with_keys() -> None:
    rows = json.loads(run("sql", "--tables", "-f", "json").out)
    tables = {row["table"] for row in rows}
    assert {
        "members",
        "member_contributions",
        "security",
        "roadmap",
        "roadmap_actions",
        "benefits",
        "context",
        "source",
        "provenance",
    } <= tables
    member_fk = next(
        row for row in rows if (row["table"], row["column"]) == ("member_contributions", "member")
    )
    assert member_fk["references"] == "members.name" and member_fk["primary_key"] is True


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC name FROM members", "syntax error"),
        ("SELECT * FROM nowhere", "no such table"),
        ("DELETE FROM members", "readonly"),
        ("UPDATE members SET name = 'x'", "readonly"),
        ("DROP TABLE members", "readonly"),
        ("INSERT INTO members VALUES ('x', 1, 0)", "readonly"),
        ("PRAGMA query_only = OFF", "not authorized"),
        ("SELECT load_extension('evil')", "not authorized"),
        ("", "empty"),
    ],
)
def test_sql_errors_exit_2_with_sqlites_message(query: str, message: str) -> None:
    result = run("sql", query)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1


def test_sql_attach_creates_no_file(tmp_path: Path) -> None:
    for statement in ("ATTACH DATABASE 'x.db' AS x", "VACUUM INTO 'y.db'"):
        result = run("sql", statement, cwd=tmp_path)
        assert result.code == 2, result
        assert "not authorized" in result.err or "denied" in result.err
    assert list(tmp_path.iterdir()) == []


def test_sql_runaway_query_is_stopped() -> None:
    endless = (
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    )
    result = run("sql", endless, "--timeout", "0.3")
    assert result.code == 2 and "time limit" in result.err


def test_sql_without_a_query_is_a_usage_error() -> None:
    result = run("sql")
    assert result.code == 2 and "--tables" in result.err


# completion ---------------------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """Candidates Typer's bash completion offers for the last word of `words`."""
    parts = words.split(" ")
    done = subprocess.run(
        [BLOC],
        capture_output=True,
        text=True,
        env={
            **BASE_ENV,
            "_BLOC_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.split("\n") if line]


def test_completes_member_names() -> None:
    assert complete("bloc member K") == ["Kazakhstan", "Kyrgyzstan"]
    assert len(complete("bloc member ")) == 6


def test_completes_aspects_areas_kinds_and_formats() -> None:
    assert complete("bloc security --aspect B") == ["Border Security Coordination"]
    assert complete("bloc roadmap --area E") == ["Energy Cooperation"]
    assert complete("bloc benefits --kind ") == ["membership", "economic"]
    assert complete("bloc members -f j") == ["json", "jsonl"]


def test_completes_each_comma_separated_field() -> None:
    assert complete("bloc members --fields ") == ["name", "year_joined", "contributions", "newest"]
    assert complete("bloc members --fields name,ye") == ["name,year_joined"]
    assert "name,name" not in complete("bloc members --fields name,")
    assert complete("bloc security --fields aspect,b") == ["aspect,before"]


def test_completes_table_names_in_a_query() -> None:
    assert complete("bloc sql member") == ["member", "member_contributions", "members"]


def test_completion_follows_the_data_option(write_data: Writer) -> None:
    data = bundled()
    data["members"] = [{"name": "Zed", "year_joined": None, "contributions": None, "newest": True}]
    path = write_data(data)
    assert complete(f"bloc --data {path} member ") == ["Zed"]
    assert complete("bloc member ", env={"BLOC_DATA": path}) == ["Zed"]


def test_completion_with_unloadable_data_offers_nothing_and_does_not_fail() -> None:
    assert complete("bloc --data /nonexistent.json member ") == []


def test_show_completion_prints_a_script_for_each_shell() -> None:
    for shell in ("bash", "zsh", "fish"):
        done = subprocess.run(
            [BLOC, "--show-completion", shell],
            capture_output=True,
            text=True,
            env={**BASE_ENV, "SHELL": f"/bin/{shell}"},
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "_BLOC_COMPLETE" in done.stdout


LAZY = ("sqlite3", "bloc_cli.sql", "bloc_cli.export", "bloc_cli.database")


def test_sql_and_export_do_not_load_at_start_up() -> None:
    probe = f"import sys, bloc_cli.cli; print([m for m in sys.modules if m.startswith({LAZY!r})])"
    python = os.path.join(os.path.dirname(BLOC), "python")
    done = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, env=BASE_ENV, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr
