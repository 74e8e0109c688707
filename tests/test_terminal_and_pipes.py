"""What a person at a terminal and a script in a pipe each see: tables and colour on a
terminal, clean fields in a pipe. A terminal is stood in for in this process
(`fake_streams`); a real pseudo-terminal shows what bloc finds out about it for itself
(NO_COLOR, TERM, its size)."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import (
    BASE_ENV,
    BLOC,
    COMMAND_NAMES,
    MEMBER_NAMES,
    bloc,
    fake_streams,
    run,
    run_in_terminal,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(*args: str, width: int = 120, color: bool = True) -> str:
    """What `bloc ARGS` shows on a terminal of `width` columns, in colour or not."""
    result = bloc(*args, streams=fake_streams(is_tty=True, color=color, width=width))
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def test_cut_sees_clean_fields() -> None:
    # What `bloc members | cut -f1` prints: tab-separated fields, a header first.
    out = bloc("members").out
    assert [line.split("\t")[0] for line in out.splitlines()] == ["name", *MEMBER_NAMES]


def test_members_on_a_terminal_is_a_rich_table() -> None:
    out = on_terminal("members")
    text = ANSI.sub("", out)
    assert "Members of the bloc" in text
    assert "╭" in text and "│" in text
    assert "Kazakhstan" in text and "Energy" in text
    assert "not stated" in text  # Turkmenistan's year
    assert ANSI.search(out), "colour on a terminal"


def test_security_compare_on_a_terminal_marks_each_change() -> None:
    out = on_terminal("security", "--compare")
    text = ANSI.sub("", out)
    for before, after in [("Limited Scope", "Expanded Regional Reach"), ("Steady", "Increased")]:
        line = next(line for line in text.splitlines() if before in line)
        assert line.index(before) < line.index("→") < line.index(after)
    assert re.search(r"\x1b\[[0-9;]*m→", out), "the arrow is coloured"


def test_no_color_option() -> None:
    out = on_terminal("members", "--no-color")
    assert "Kazakhstan" in out and "\x1b[" not in out


def test_piped_table_has_no_colour_unless_forced() -> None:
    assert "\x1b[" not in bloc("members", "-f", "table").out
    assert "\x1b[" in bloc("members", "-f", "table", env={"FORCE_COLOR": "1"}).out


def test_narrow_terminal_wraps_instead_of_failing() -> None:
    out = on_terminal("roadmap", width=40)
    lines = ANSI.sub("", out).splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "Trade &" in out


def test_terminal_default_but_explicit_format_wins() -> None:
    out = on_terminal("members", "-f", "csv")
    assert out.splitlines()[0] == "name,year_joined,contributions,newest"


def test_search_on_a_terminal_highlights_each_match_in_any_case() -> None:
    out = on_terminal("search", "TRADE")
    assert re.search(r"\x1b\[[0-9;]*mTrade\x1b\[0m Routes", out)
    assert re.search(r"\x1b\[[0-9;]*mtrade\x1b\[0m", out)  # "regional trade"


def test_help_lists_every_command_with_examples() -> None:
    result = bloc("--help")
    assert result.code == 0
    for command in COMMAND_NAMES:
        assert command in result.out
        sub = bloc(command, "-h")
        assert sub.code == 0
        assert "Examples" in sub.out and f"$ bloc {command}" in sub.out


def test_version() -> None:
    result = bloc("--version")
    assert result.code == 0 and re.fullmatch(r"bloc \d+\.\d+\.\d+\n", result.out)


def test_unknown_command_is_a_usage_error() -> None:
    result = bloc("membrs")
    assert result.code == 2 and result.out == ""


# A real terminal: what bloc finds out about it for itself ------------------------------------


@pytest.mark.process
def test_a_real_terminal_gets_a_coloured_table() -> None:
    result = run_in_terminal("members")
    assert result.code == 0, result.err
    assert "╭" in result.out and "Kazakhstan" in result.out
    assert ANSI.search(result.out), "colour on a terminal"


@pytest.mark.process
@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"NO_COLOR": "0"}, {"TERM": "dumb"}],
    ids=["NO_COLOR=1", "NO_COLOR=0", "TERM=dumb"],
)
def test_no_colour_when_asked(env: dict[str, str]) -> None:
    result = run_in_terminal("security", "--compare", env=env)
    assert result.code == 0
    assert "Expanded Regional Reach" in result.out
    assert "\x1b[" not in result.out


@pytest.mark.process
def test_empty_no_color_keeps_colour() -> None:
    # no-color.org: only a NO_COLOR that is present *and not empty* turns colour off.
    result = run_in_terminal("security", "--compare", env={"NO_COLOR": ""})
    assert re.search(r"\x1b\[[0-9;]*m→", result.out), "the arrow is still coloured"


@pytest.mark.process
def test_a_narrow_real_terminal_is_measured() -> None:
    result = run_in_terminal("roadmap", columns=40)
    assert result.code == 0, result.err
    assert max(len(line) for line in ANSI.sub("", result.out).splitlines()) <= 40


@pytest.mark.process
def test_python_dash_m_works_like_bloc() -> None:
    python = BLOC[: -len("bloc")] + "python"
    done = subprocess.run(
        [python, "-m", "bloc_cli", "members", "--fields", "name"],
        capture_output=True,
        text=True,
        env=BASE_ENV,
        timeout=60,
    )
    assert done.stdout == run("members", "--fields", "name").out
