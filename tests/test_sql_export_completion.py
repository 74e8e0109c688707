"""bloc export and shell completion, through the installed script (sql: test_sql.py)."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BASE_ENV, BLOC, bundled, run

Writer = Callable[..., str]

# export -------------------------------------------------------------------------------------


def test_export_writes_a_valid_data_package(tmp_path: Path) -> None:
    import frictionless

    target = tmp_path / "package"
    result = run("export", str(target), "-f", "json")
    assert result.code == 0, result.err
    listed = {Path(row["file"]).name for row in json.loads(result.out)}
    assert {"datapackage.json", "members.csv", "bloc.sqlite", "bloc.json"} <= listed
    report = frictionless.validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    contributions = next(r for r in descriptor["resources"] if r["name"] == "member_contributions")
    assert contributions["schema"]["foreignKeys"] == [
        {"fields": ["member"], "reference": {"resource": "members", "fields": ["name"]}}
    ]
    assert descriptor["sources"][0]["title"].startswith("Central Asia Embraces Azerbaijan")


def test_export_csvs_read_back_as_the_dataset(tmp_path: Path) -> None:
    run("export", str(tmp_path / "p"))
    folder = tmp_path / "p"

    def read(name: str) -> list[dict[str, str]]:
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file))

    data = bundled()
    members = read("members")
    assert [m["name"] for m in members] == [m["name"] for m in data["members"]]  # type: ignore[index]
    assert members[0]["year_joined"] == "1992" and members[2]["year_joined"] == ""
    assert [m["newest"] for m in members].count("true") == 1
    assert [(r["aspect"], r["before"], r["after"]) for r in read("security")] == [
        (s["aspect"], s["before"], s["after"])
        for s in data["security"]  # type: ignore[index]
    ]
    benefits = [r["benefit"] for r in read("benefits")]
    assert benefits == data["benefits"]["membership"] + data["benefits"]["economic"]  # type: ignore[index]
    actions = [r["action"] for r in read("roadmap_actions")]
    assert actions == [a for r in data["roadmap"] for a in r["action_items"]]  # type: ignore[index]
    assert json.loads((folder / "bloc.json").read_text(encoding="utf-8")) == data
    with sqlite3.connect(folder / "bloc.sqlite") as connection:
        assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)


def test_export_never_clobbers_a_non_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("export", str(target))
    assert result.code == 2 and "not empty" in result.err and result.out == ""
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"], "no staging folder left"


def test_export_force_replaces_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    assert run("export", str(target), "--force").code == 0
    assert not (target / "old.txt").exists() and (target / "datapackage.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_export_into_an_empty_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run("export", str(tmp_path / "empty")).code == 0


def test_export_onto_a_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    result = run("export", str(path))
    assert result.code == 2 and path.read_text(encoding="utf-8") == "x"


def test_interrupted_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stop the export after the CSV files, while the SQLite copy is being written.
    from bloc_cli import export
    from bloc_cli.loading import load_dataset

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export.database, "build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.export(load_dataset(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_export_of_a_duplicate_area_is_refused_at_load(tmp_path: Path) -> None:
    data = bundled()
    data["roadmap"].append(dict(data["roadmap"][0]))  # type: ignore[attr-defined,index]
    source = tmp_path / "dup.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run("--data", str(source), "export", str(tmp_path / "out"))
    assert result.code == 3 and "$.roadmap[3].area: duplicate area" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.json"]


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
