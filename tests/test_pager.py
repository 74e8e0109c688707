"""Output taller than the terminal goes through a pager, as git and gh do; never in a pipe.

A fake pager (a script named by BLOC_PAGER or PAGER) records what it is given, so a test
sees whether bloc paged, and what the pager got.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import bundled, run, run_in_terminal

Writer = Callable[..., str]

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ARTICLE_START = "In a landmark gathering"


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that keeps what it reads (and the LESS it was given) in a file."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "fake-pager"
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS" > "{record}.env"\ncat > "{record}"\n')
    script.chmod(0o755)
    return str(script), record


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "shown", "code"),
    [
        (("article",), ARTICLE_START, 0),
        (("schema",), '"$defs"', 0),
        (("context",), "Security threats", 0),  # a table of 27 lines
        ((), "Query the facts of one news article", 2),  # the help of `bloc` alone
        (("-h",), "Query the facts of one news article", 0),
    ],
    ids=["article", "schema", "long-table", "bloc-alone", "bloc-h"],
)
def test_output_taller_than_the_terminal_goes_through_the_pager(
    pager: tuple[str, Path], args: tuple[str, ...], shown: str, code: int
) -> None:
    command, record = pager
    result = run_in_terminal(*args, env={"BLOC_PAGER": command}, rows=20)
    assert (result.code, result.err) == (code, "")
    assert shown in ANSI.sub("", record.read_text())
    assert shown not in ANSI.sub("", result.out)  # the pager had it, not the screen


@pytest.mark.process
def test_the_pager_keeps_the_colour_and_less_is_told_to_show_it(pager: tuple[str, Path]) -> None:
    command, record = pager
    run_in_terminal("context", env={"BLOC_PAGER": command}, rows=20)
    assert ANSI.search(record.read_text()), "the pager gets the colours"
    assert Path(f"{record}.env").read_text() == "LESS=FRX\n"  # as git: less -R shows them


@pytest.mark.process
def test_a_readers_own_less_options_are_left_alone(pager: tuple[str, Path]) -> None:
    command, record = pager
    run_in_terminal("context", env={"BLOC_PAGER": command, "LESS": "-S"}, rows=20)
    assert Path(f"{record}.env").read_text() == "LESS=-S\n"


@pytest.mark.process
def test_only_output_taller_than_the_terminal_is_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    result = run_in_terminal("members", env={"BLOC_PAGER": command}, rows=20)  # 14 lines
    assert result.code == 0
    assert "Kazakhstan" in result.out
    assert not record.exists()
    result = run_in_terminal("members", env={"BLOC_PAGER": command}, rows=12)
    assert "Kazakhstan" not in result.out
    assert "Kazakhstan" in record.read_text()


@pytest.mark.process
def test_a_pipe_is_never_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    result = run("article", env={"BLOC_PAGER": command, "LINES": "5"})
    assert result.out.startswith(ARTICLE_START)
    assert not record.exists()
    # The same run with stdout on a terminal is paged.
    run_in_terminal("article", env={"BLOC_PAGER": command}, rows=5)
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-pager", "article"), {}),
        (("article",), {"BLOC_PAGER": ""}),  # set but empty, as GIT_PAGER
        (("article",), {"BLOC_PAGER": None, "PAGER": ""}),
        (("article",), {"BLOC_PAGER": "cat", "PAGER": None}),
    ],
    ids=["--no-pager", "BLOC_PAGER=", "PAGER=", "BLOC_PAGER=cat"],
)
def test_paging_turned_off(
    pager: tuple[str, Path], args: tuple[str, ...], env: dict[str, str | None]
) -> None:
    command, record = pager
    # PAGER names the fake pager, so that a run that pages by mistake is seen.
    result = run_in_terminal(*args, env={"BLOC_PAGER": command, "PAGER": command, **env}, rows=20)
    assert (result.code, result.err) == (0, "")
    assert ARTICLE_START in result.out
    assert not record.exists()
    # Without the switch, the same run is paged.
    run_in_terminal("article", env={"BLOC_PAGER": command}, rows=20)
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
def test_pager_is_used_when_bloc_pager_is_unset(pager: tuple[str, Path]) -> None:
    command, record = pager
    run_in_terminal("article", env={"BLOC_PAGER": None, "PAGER": command}, rows=20)
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
def test_bloc_pager_comes_before_pager(pager: tuple[str, Path]) -> None:
    command, record = pager
    result = run_in_terminal("article", env={"BLOC_PAGER": command, "PAGER": "false"}, rows=20)
    assert result.code == 0
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
def test_a_pager_quit_at_once_ends_bloc_quietly(tmp_path: Path, write_data) -> None:  # type: ignore[no-untyped-def]
    # An article far longer than a pipe holds: bloc is still writing when the pager quits.
    data = bundled()
    source = dict(data["source"])
    source["text"] = source["text"] * 100
    path = write_data({**data, "source": source})
    result = run_in_terminal("--data", path, "article", env={"BLOC_PAGER": "true"}, rows=20)
    assert (result.code, result.err) == (0, "")
    assert ARTICLE_START not in result.out


@pytest.mark.process
def test_a_pager_that_cannot_start_leaves_the_output_on_the_screen(
    pager: tuple[str, Path],
) -> None:
    command, record = pager
    result = run_in_terminal(
        "article", env={"BLOC_PAGER": "/no/such/pager -R", "PAGER": command}, rows=20
    )
    assert (result.code, result.err) == (0, "")
    assert ARTICLE_START in result.out
    assert not record.exists()  # not another pager either
    # A pager that can start gets it.
    run_in_terminal("article", env={"BLOC_PAGER": command}, rows=20)
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
def test_a_pager_that_fails_leaves_the_output_on_the_screen() -> None:
    # A pager that exits with an error has shown nothing: bloc writes the text itself
    # (`q` in less exits 0, and a pager quit that way ends bloc quietly instead).
    result = run_in_terminal("article", env={"BLOC_PAGER": "sh -c 'exit 3'"}, rows=20)
    assert (result.code, result.err) == (0, "")
    assert ARTICLE_START in result.out


@pytest.mark.process
def test_wide_characters_count_two_columns_toward_paging(
    pager: tuple[str, Path], write_data: Writer
) -> None:
    # Twelve names of 62 CJK characters are 124 columns each: 24 rows of a 100x20 screen.
    command, record = pager
    data = bundled()
    template = data["members"][0]
    data["members"] = [
        {**template, "name": chr(0x4E00 + index) * 62, "newest": index == 0} for index in range(12)
    ]
    path = write_data(data)
    run_in_terminal(
        "--data", path, "members", "-f", "plain", "--no-header", "--fields", "name",
        env={"BLOC_PAGER": command}, rows=20, columns=100,
    )  # fmt: skip
    assert record.exists()
