"""The README's examples are true: each `$ bloc ...` line is run and its output compared."""

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
CONSOLE_BLOCKS = re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
# Terminal captures: a `text` block that starts with `$ bloc ...`, shown as a 100-column
# terminal without colour shows it.
TERMINAL_BLOCKS = re.findall(r"```text\n\$ (bloc [^\n]*)\n(.*?)```", README, flags=re.DOTALL)


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ ` line in a console block."""
    found: list[tuple[str, str]] = []
    for block in CONSOLE_BLOCKS:
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def test_readme_has_an_example_of_every_command() -> None:
    commands = {command.split()[1] for command, _ in examples()}
    assert set(COMMAND_NAMES) <= commands


def test_readme_opens_with_the_install_and_test_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.splitlines() == [
        "pip install . && bloc members",
        "pip install '.[test]' && pytest",
    ]


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example_output_is_what_bloc_prints(
    command: str, expected: str, tmp_path: Path
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
    assert done.stderr == ""
    assert done.stdout == expected


def test_readme_shows_a_terminal_table_of_every_command_that_prints_records() -> None:
    shown = {command.split()[1] for command, _ in TERMINAL_BLOCKS}
    expected = {"members", "member", "security", "roadmap", "benefits", "context", "about"}
    assert expected | {"search"} <= shown


@pytest.mark.parametrize(
    ("command", "expected"), TERMINAL_BLOCKS, ids=[c for c, _ in TERMINAL_BLOCKS]
)
def test_readme_terminal_tables_are_what_a_terminal_shows(command: str, expected: str) -> None:
    result = run_in_terminal(*shlex.split(command)[1:], env={"NO_COLOR": "1"}, columns=100)
    assert result.code == 0, result.err
    screen = "\n".join(line.rstrip() for line in result.out.rstrip("\n").split("\n")) + "\n"
    assert screen == expected
