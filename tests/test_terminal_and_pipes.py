"""Real pipes and a real (pseudo-)terminal: what a person and a script each see."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import BASE_ENV, BLOC, COMMAND_NAMES, MEMBER_NAMES, run, run_in_terminal, run_shell

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.process
def test_head_closing_the_pipe_early_is_quiet() -> None:
    done = run_shell("bloc members | head -1")
    assert done.out == "name\tyear_joined\tcontributions\tnewest\n"
    assert done.err == ""


@pytest.mark.process
def test_cut_sees_clean_fields() -> None:
    assert run_shell("bloc members | cut -f1").out.split() == ["name", *MEMBER_NAMES]


@pytest.mark.process
def test_members_on_a_terminal_is_a_rich_table() -> None:
    result = run_in_terminal("members")
    assert result.code == 0, result.err
    text = ANSI.sub("", result.out)
    assert "Members of the bloc" in text
    assert "╭" in text and "│" in text
    assert "Kazakhstan" in text and "Energy" in text
    assert "not stated" in text  # Turkmenistan's year
    assert ANSI.search(result.out), "colour on a terminal"


@pytest.mark.process
def test_security_compare_on_a_terminal_marks_each_change() -> None:
    result = run_in_terminal("security", "--compare")
    text = ANSI.sub("", result.out)
    assert result.code == 0, result.err
    for before, after in [("Limited Scope", "Expanded Regional Reach"), ("Steady", "Increased")]:
        line = next(line for line in text.splitlines() if before in line)
        assert line.index(before) < line.index("→") < line.index(after)
    assert re.search(r"\x1b\[[0-9;]*m→", result.out), "the arrow is coloured"


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
def test_no_color_option() -> None:
    result = run_in_terminal("members", "--no-color")
    assert "Kazakhstan" in result.out and "\x1b[" not in result.out


@pytest.mark.process
def test_piped_table_has_no_colour_unless_forced() -> None:
    assert "\x1b[" not in run("members", "-f", "table").out
    assert "\x1b[" in run("members", "-f", "table", env={"FORCE_COLOR": "1"}).out


@pytest.mark.process
def test_narrow_terminal_wraps_instead_of_failing() -> None:
    result = run_in_terminal("roadmap", columns=40)
    assert result.code == 0, result.err
    lines = ANSI.sub("", result.out).splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "Trade &" in result.out


@pytest.mark.process
def test_terminal_default_but_explicit_format_wins() -> None:
    result = run_in_terminal("members", "-f", "csv")
    assert result.out.splitlines()[0] == "name,year_joined,contributions,newest"


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


@pytest.mark.process
def test_help_lists_every_command_with_examples() -> None:
    result = run("--help")
    assert result.code == 0
    for command in COMMAND_NAMES:
        assert command in result.out
        sub = run(command, "-h")
        assert sub.code == 0
        assert "Examples" in sub.out and f"$ bloc {command}" in sub.out


@pytest.mark.process
def test_version() -> None:
    result = run("--version")
    assert result.code == 0 and re.fullmatch(r"bloc \d+\.\d+\.\d+\n", result.out)


@pytest.mark.process
def test_unknown_command_is_a_usage_error() -> None:
    result = run("membrs")
    assert result.code == 2 and result.out == ""


@pytest.mark.process
def test_search_on_a_terminal_highlights_each_match_in_any_case() -> None:
    result = run_in_terminal("search", "TRADE")
    assert result.code == 0, result.err
    assert re.search(r"\x1b\[[0-9;]*mTrade\x1b\[0m Routes", result.out)
    assert re.search(r"\x1b\[[0-9;]*mtrade\x1b\[0m", result.out)  # "regional trade"
