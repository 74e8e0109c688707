"""The examples in the README and in docs/ are true: each `$ bloc ...` line is run and its
output compared, and each terminal capture is compared with what a terminal shows."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BASE_ENV, BLOC, COMMAND_NAMES, REPO, run_in_terminal

README = (REPO / "README.md").read_text(encoding="utf-8")
# The pages whose examples are run: the README and the manual. docs/commands.md is the
# help text itself, generated and checked by tests/test_docs.py.
PAGES = {
    path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    if path.name != "commands.md"
}


def examples() -> list[tuple[str, str, str]]:
    """(page, command, expected output) for every `$ ` line in a console block."""
    found: list[tuple[str, str, str]] = []
    for page, text in PAGES.items():
        for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
            for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
                command, _, output = chunk.partition("\n")
                found.append((page, command, output))
    return found


def terminal_captures() -> list[tuple[str, str, str]]:
    """(page, command, screen) for every `text` block that starts with `$ bloc ...`: a
    100-column terminal without colour shows that screen."""
    return [
        (page, command, screen)
        for page, text in PAGES.items()
        for command, screen in re.findall(
            r"```text\n\$ (bloc [^\n]*)\n(.*?)```", text, flags=re.DOTALL
        )
    ]


EXAMPLES = examples()
CAPTURES = terminal_captures()


def test_examples_are_found_on_the_readme_and_the_docs_pages() -> None:
    pages = {page for page, _, _ in EXAMPLES} | {page for page, _, _ in CAPTURES}
    assert {"README.md", "docs/usage.md", "docs/sql.md", "docs/export.md"} <= pages


def test_the_docs_have_an_example_of_every_command() -> None:
    commands = {command.split()[1] for _, command, _ in EXAMPLES}
    assert set(COMMAND_NAMES) <= commands


def test_readme_opens_with_the_install_and_test_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.splitlines() == [
        "pip install . && bloc members",
        "pip install '.[test]' && pytest",
    ]


@pytest.mark.process
@pytest.mark.parametrize(
    ("page", "command", "expected"), EXAMPLES, ids=[f"{p}: {c}" for p, c, _ in EXAMPLES]
)
def test_example_output_is_what_bloc_prints(
    page: str, command: str, expected: str, tmp_path: Path
) -> None:
    env = {**BASE_ENV, "PATH": f"{Path(BLOC).parent}{os.pathsep}{BASE_ENV.get('PATH', '')}"}
    if "| jq" in command and shutil.which("jq") is None:
        # jq is not installed by pip: check the bloc side of the pipe is valid JSON instead.
        command = command.split("| jq")[0]
        done = subprocess.run(
            command, shell=True, capture_output=True, text=True, env=env, cwd=tmp_path
        )
        assert done.returncode == 0 and done.stderr == ""
        json.loads(done.stdout)  # raises unless the output is JSON
        return
    done = subprocess.run(
        command, shell=True, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.stderr == "", f"{page}: {command}"
    assert done.stdout == expected, f"{page}: {command}"


def test_the_docs_show_a_terminal_table_of_every_command_that_prints_records() -> None:
    shown = {command.split()[1] for _, command, _ in CAPTURES}
    expected = {"members", "member", "security", "roadmap", "benefits", "context", "about"}
    assert expected | {"search"} <= shown


@pytest.mark.process
@pytest.mark.parametrize(
    ("page", "command", "expected"), CAPTURES, ids=[f"{p}: {c}" for p, c, _ in CAPTURES]
)
def test_terminal_captures_are_what_a_terminal_shows(
    page: str, command: str, expected: str
) -> None:
    result = run_in_terminal(*shlex.split(command)[1:], env={"NO_COLOR": "1"}, columns=100)
    assert result.code == 0, f"{page}: {result.err}"
    screen = "\n".join(line.rstrip() for line in result.out.rstrip("\n").split("\n")) + "\n"
    assert screen == expected, f"{page}: {command}"
