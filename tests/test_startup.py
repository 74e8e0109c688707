"""Start-up stays lean: heavy modules are imported only by the paths that use them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import BASE_ENV, BLOC, BUNDLED

HEAVY = {"rich", "tabulate", "csv", "difflib", "sqlite3", "msgspec", "pydantic"}
# What these libraries import for themselves is not bloc's choice (typer.core imports
# difflib, tabulate imports csv); what bloc imports, directly or at run time, is.
LIBRARIES = {"typer", "rich", "tabulate", "msgspec"}


def importtime_fields(*args: str) -> list[str]:
    """The module column of `python -X importtime` for a run of `bloc ARGS`, indented by
    depth, each module after its own imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", BLOC, *args],
        capture_output=True,
        text=True,
        env=BASE_ENV,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [
        line.split("|", 2)[2]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    ]


def imported_by_bloc_modules(*args: str) -> set[str]:
    """Every module (full dotted name) a run of `bloc ARGS` imports."""
    return {field.strip() for field in importtime_fields(*args)}


def imported_by_bloc(*args: str) -> set[str]:
    """Top-level names of the modules a run imports, less those that LIBRARIES import.

    Reads `python -X importtime`: each module is printed after its own imports,
    indented by depth, so read backwards every module follows its importer.
    """
    modules: set[str] = set()
    ancestry: list[str] = []
    for field in reversed(importtime_fields(*args)):
        name = field.strip()
        depth = (len(field) - len(field.lstrip()) - 1) // 2
        del ancestry[depth:]
        ancestry.append(name)
        if not any(part.split(".")[0] in LIBRARIES for part in ancestry[:-1]):
            modules.add(name.split(".")[0])
    return modules


@pytest.mark.process
def test_json_output_imports_no_heavy_module() -> None:
    assert imported_by_bloc("members", "-f", "json") & HEAVY == set()


@pytest.mark.process
def test_piped_default_imports_no_heavy_module() -> None:
    assert imported_by_bloc("members") & HEAVY == set()


@pytest.mark.process
@pytest.mark.parametrize(
    ("fmt", "needed"),
    # csv quotes values itself (Python 3.10's csv module cannot write a NUL): no module.
    [("table", {"rich"}), ("plain", {"tabulate"}), ("markdown", {"tabulate"}), ("csv", set())],
)
def test_each_format_imports_only_what_it_uses(fmt: str, needed: set[str]) -> None:
    assert imported_by_bloc("members", "-f", fmt) & HEAVY == needed


@pytest.mark.process
def test_typo_suggestions_import_difflib_only_when_needed() -> None:
    # Typer's own core imports difflib; the check is that bloc's code does not.
    assert "difflib" not in imported_by_bloc("member", "kaz", "-f", "json")
    # A choice by a unique prefix, and an option after the command, need no suggestion.
    args = ("benefits", "--kind", "eco", "-f", "Tsv", "--data", str(BUNDLED))
    assert "difflib" not in imported_by_bloc(*args)


@pytest.mark.process
def test_the_reader_sees_a_module_imported_by_bloc_itself() -> None:
    # Guards the parser above: json is imported by bloc's loader, never by Typer.
    assert "json" in imported_by_bloc("members", "-f", "json")


@pytest.mark.process
def test_citations_are_looked_up_only_when_asked_for() -> None:
    assert "bloc_cli" in imported_by_bloc("members", "-f", "json")
    modules = imported_by_bloc_modules("members", "-f", "json")
    assert "bloc_cli.citations" not in modules
    assert "bloc_cli.citations" in imported_by_bloc_modules("members", "--cite", "-f", "json")


LAZY = ("sqlite3", "bloc_cli.sql", "bloc_cli.export", "bloc_cli.database")


@pytest.mark.process
def test_sql_and_export_do_not_load_at_start_up() -> None:
    probe = f"import sys, bloc_cli.cli; print([m for m in sys.modules if m.startswith({LAZY!r})])"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=BASE_ENV, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr


@pytest.mark.process
def test_the_pager_is_not_even_imported_in_a_pipe() -> None:
    assert "bloc_cli" in imported_by_bloc("article")
    assert "bloc_cli.output.pager" not in imported_by_bloc_modules("article")
    assert "bloc_cli.output.pager" not in imported_by_bloc_modules("--no-pager", "article")
