"""The code stays ruff- and mypy-clean (the same checks CI runs, as part of the suite), and
no module of bloc_cli imports, even inside a function, one that imports it back."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from conftest import REPO

CHECKS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "."],
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],
    "mypy": [sys.executable, "-m", "mypy"],
}


@pytest.mark.process
@pytest.mark.parametrize("name", CHECKS)
def test_linters_pass(name: str) -> None:
    done = subprocess.run(CHECKS[name], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


PACKAGE = "bloc_cli"


def module_names() -> dict[str, Path]:
    """Each module of bloc_cli by its dotted name (a package by its own: `bloc_cli.output`)."""
    names: dict[str, Path] = {}
    for path in sorted((REPO / PACKAGE).rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imported_modules(name: str, path: Path, known: Mapping[str, Path]) -> set[str]:
    """The modules of bloc_cli that module `name` imports anywhere in its code: at the top,
    inside functions (deferred) or under TYPE_CHECKING. `from P import M` names module
    P.M when it is one, else P; a relative import is read from the module's package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                prefixes = (".".join(parts[:end]) for end in range(len(parts), 0, -1))
                first = next((each for each in prefixes if each in known), None)
                found.update([first] if first else [])
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    found.add(f"{base}.{alias.name}")
                elif base in known:
                    found.add(base)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    known = module_names()
    return {name: imported_modules(name, path, known) for name, path in known.items()}


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle (`a -> b -> a`) through each group of modules that import each other
    (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.get(module, ())):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(path_around(module, group, graph))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def path_around(start: str, group: set[str], graph: Mapping[str, set[str]]) -> list[str]:
    """A shortest way from `start` back to itself within `group`."""
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for imported in sorted(graph.get(module, set()) & group):
                if imported == start:
                    return [*paths[module], start]
                if imported not in paths:
                    paths[imported] = [*paths[module], imported]
                    following.append(imported)
        frontier = following
    raise AssertionError(f"no way back to {start} in {sorted(group)}")


def test_no_import_cycle_among_bloc_modules() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles: " + "; ".join(" -> ".join(each) for each in found)


def test_the_import_graph_sees_deferred_and_relative_imports() -> None:
    graph = import_graph()
    # Imported inside a function only (the verify command imports its checks when run).
    assert "bloc_cli.verify" in graph["bloc_cli.cli"]
    # `from bloc_cli.output.cells import escape_controls` inside a function, and a package itself.
    assert "bloc_cli.output.cells" in graph["bloc_cli.options"]
    assert "bloc_cli.output" in graph["bloc_cli.options"]
    # `from bloc_cli import signals` names the module, not the package.
    assert "bloc_cli.signals" in graph["bloc_cli.__main__"]
    # The modules of a package, each its own node: bloc_cli.sql and what it re-exports.
    assert "bloc_cli.sql" in graph["bloc_cli.cli"]
    assert {"bloc_cli.sql.runner", "bloc_cli.sql.listing"} <= graph["bloc_cli.sql"]
    assert {"bloc_cli.sql.fetch", "bloc_cli.sql.seal"} <= graph["bloc_cli.sql.runner"]
    assert "bloc_cli.sql.messages" in graph["bloc_cli.sql.fetch"]


def test_the_cycle_finder_names_each_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d", "a"}, "e": {"f"}, "f": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"], ["e", "f", "e"]]
