"""Shell completion from the dataset in use, and what start-up leaves unloaded."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from conftest import BASE_ENV, BLOC, bundled

Writer = Callable[..., str]

# completion ---------------------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """Candidates Typer's bash completion offers for the last word of `words`."""
    # Click splits COMP_WORDS as a shell would (a quoted query is one word); the last word
    # may be empty (a trailing space: completing a new word).
    parts = shlex.split(words) + ([""] if words.endswith(" ") else [])
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
    assert complete("bloc members --fields ") == [
        "name",
        "year_joined",
        "contributions",
        "newest",
        "line",
        "quote",
    ]
    assert complete("bloc members --fields name,ye") == ["name,year_joined"]
    assert "name,name" not in complete("bloc members --fields name,")
    assert complete("bloc security --fields aspect,b") == ["aspect,before"]


def test_field_completion_offers_what_the_command_itself_prints() -> None:
    # The same records the command prints give the fields: --source and a query have their own.
    assert complete("bloc about --source --fields ti") == ["title"]
    assert complete("bloc sql 'SELECT name AS country FROM members' --fields c") == ["country"]
    assert complete("bloc member kaz --fields ye") == ["year_joined"]
    assert complete("bloc sql --tables --fields pr") == ["primary_key"]
    assert complete("bloc export out --fields by") == ["bytes"]


def test_field_completion_runs_no_export_and_waits_for_a_missing_argument(
    tmp_path: Path,
) -> None:
    assert complete(f"bloc export {tmp_path / 'out'} --fields ") == ["file", "rows", "bytes"]
    assert not (tmp_path / "out").exists()
    assert complete("bloc member --fields ") == []


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
