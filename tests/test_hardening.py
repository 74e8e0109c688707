"""Whatever a user feeds it, bloc answers with the documented exit code and no traceback."""

from __future__ import annotations

import copy
import csv
import io
import json
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BLOC, RECORD_COMMANDS, Result, bloc, bundled, run, run_in_terminal, run_shell
from formats import parse

Writer = Callable[..., str]
FORMATS = ["table", "plain", "markdown", "json", "jsonl", "csv", "tsv"]


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.err
    assert "Exception" not in result.err


# 1. Exit codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("members",), 0),
        (("members", "--since", "3000"), 0),
        (("security", "--aspect", "nothing like it"), 0),
        (("roadmap", "--area", "nothing like it"), 0),
        (("member", "kaz"), 0),
        (("member", "atlantis"), 1),
        (("member", "k"), 1),
        (("search", "energy"), 0),
        (("search", "atlantis"), 1),
        (("schema",), 0),
        (("nosuchcommand",), 2),
        (("members", "--nosuchoption"), 2),
        (("members", "-f", "yaml"), 2),
        (("members", "--fields", "name,bogus"), 2),
        (("members", "--fields", ","), 2),
        (("members", "--fields", "name,name"), 2),
        (("security", "--fields", "aspect,after,aspect"), 2),
        (("members", "--sort", "size"), 2),
        (("members", "--since", "abc"), 2),
        (("benefits", "--kind", "social"), 2),
        (("member",), 2),
        (("search",), 2),
        (("search", ""), 2),
        (("member", ""), 2),
        (("--data", "/nonexistent/bloc.json", "members"), 3),
    ],
)
def test_exit_codes(args: tuple[str, ...], code: int) -> None:
    result = bloc(*args)
    assert result.code == code, result.err
    no_traceback(result)
    if code != 0:
        assert result.out == "", "nothing on stdout when there is no result"
        assert result.err.strip(), "a message on stderr"


# 2. Early-closing readers -------------------------------------------------------------------


@pytest.mark.process
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", RECORD_COMMANDS, ids=" ".join)
def test_head_1_is_quiet_for_every_command_and_format(command: tuple[str, ...], fmt: str) -> None:
    done = run_shell(f"bloc {shlex.join(command)} -f {fmt} | head -1")
    assert done.err == ""
    assert done.out.count("\n") == 1


@pytest.mark.process
@pytest.mark.parametrize(
    "pipeline",
    ["bloc schema", "bloc --help", "bloc members -h", "bloc sql --tables", "bloc export {dir}/out"],
)
def test_head_1_is_quiet_for_help_schema_and_export(pipeline: str, tmp_path: Path) -> None:
    done = run_shell(pipeline.format(dir=tmp_path) + " | head -1")
    assert done.err == ""
    assert done.out.count("\n") == 1


@pytest.fixture(scope="module")
def ten_thousand_members(tmp_path_factory: pytest.TempPathFactory) -> str:
    data = bundled()
    data["members"] = [
        {
            "name": f"Member {i}",
            "year_joined": 2000 + i % 25,
            "contributions": ["Energy"],
            "newest": False,
        }
        for i in range(10_000)
    ]
    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain"])
def test_pipe_closing_mid_stream_is_quiet(ten_thousand_members: str, fmt: str) -> None:
    done = run_shell(f"bloc --data '{ten_thousand_members}' members -f {fmt} | head -1")
    assert done.err == ""
    assert done.out.count("\n") == 1


# 3. Locales ---------------------------------------------------------------------------------
# Processes: Python chooses the standard streams' encoding from these when it starts.

LOCALES = [
    {"LANG": "C", "LC_ALL": "C"},
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "latin-1"},
    {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
]


@pytest.mark.process
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "env", LOCALES, ids=lambda env: " ".join(f"{k}={v}" for k, v in env.items())
)
def test_non_utf8_locales_degrade_without_crashing(env: dict[str, str], fmt: str) -> None:
    # benefits holds a right single quotation mark (Azerbaijan’s), outside ASCII and latin-1.
    result = run("benefits", "-f", fmt, env=env)
    assert result.code == 0, result.err
    assert result.err == ""
    assert "Azerbaijan" in result.out


@pytest.mark.process
@pytest.mark.parametrize("env", LOCALES[1:3], ids=["ascii", "latin-1"])
def test_json_stays_lossless_on_a_narrow_encoding(env: dict[str, str]) -> None:
    result = run("benefits", "-f", "json", env=env)
    assert result.out.isascii()
    assert json.loads(result.out)[0]["benefit"].startswith(
        "Enhanced energy partnerships leveraging Azerbaijan’s"
    )


@pytest.mark.process
@pytest.mark.parametrize(
    "env", LOCALES, ids=lambda env: " ".join(f"{k}={v}" for k, v in env.items())
)
def test_terminal_table_on_a_non_utf8_terminal_uses_ascii_borders(env: dict[str, str]) -> None:
    result = run_in_terminal("security", "--compare", env=env)
    assert result.code == 0, result.err
    no_traceback(result)
    assert "Expanded Regional Reach" in result.out
    if env.get("PYTHONIOENCODING") == "ascii":
        assert result.out.isascii()
        assert "->" in result.out


# 4. Untrusted values ------------------------------------------------------------------------

HOSTILE = [
    "[bold red]x[/]",
    "[link=https://example.invalid]click[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;aGVsbG8=\x07",
    "over\rwrite",
    "bell\x07 and backspace\x08 and del\x7f and csi\x9b31m",
    "a | pipe",
    "tab\tand\nnewline",
    "back\\slash",
    "\u202eright-to-left override",
    "marks \u200e\u200f\u061c and separators \u2028 \u2029 end",
    "slash before pipe a\\|b",
]


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> str:
    data = copy.deepcopy(bundled())
    data["members"] = [
        {
            "name": f"m{i} {text}",
            "year_joined": None,
            "contributions": [text, "plain"],
            "newest": False,
        }
        for i, text in enumerate(HOSTILE)
    ]
    data["source"]["title"] = HOSTILE[2]
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_hostile_values_never_reach_the_terminal_as_escapes(hostile_data: str, fmt: str) -> None:
    result = run_in_terminal("--data", hostile_data, "members", "-f", fmt, env={"NO_COLOR": "1"})
    assert result.code == 0, result.err
    # With colour off, bloc itself writes no escape: any ESC, CSI, BEL or CR came from the data.
    for byte in ("\x1b", "\x9b", "\x07", "\x08", "\x7f", "\u202e"):
        assert byte not in result.out
    for mark in ("\u200e", "\u200f", "\u061c", "\u2028", "\u2029"):
        assert mark not in result.out
        assert f"\\u{ord(mark):04x}" in result.out, "shown as a visible escape"
    assert "\r" not in result.out.replace("\r\n", "\n")
    assert "[bold red]x[/]" in result.out  # markup shown as text
    assert "\\x1b[31mred" in result.out  # the escape is visible, inert


@pytest.mark.process
def test_hostile_values_in_a_coloured_table_are_inert(hostile_data: str) -> None:
    result = run_in_terminal("--data", hostile_data, "members")
    assert "\x1b]52" not in result.out and "\x1b]8" not in result.out
    assert "\x1b[31mred" not in result.out
    assert "\\x1b]52;c;aGVsbG8=\\x07" in result.out


@pytest.mark.process
def test_hostile_title_is_inert(hostile_data: str) -> None:
    result = run_in_terminal("--data", hostile_data, "about", env={"NO_COLOR": "1"})
    assert "\x1b" not in result.out and "\\x1b[31mred" in result.out


def test_markdown_escapes_pipes_inside_cells(hostile_data: str) -> None:
    result = bloc("--data", hostile_data, "members", "-f", "markdown")
    row = next(line for line in result.out.splitlines() if "a | pipe" in line or "a \\|" in line)
    assert "a \\| pipe" in row
    assert row.count(" | ") == 3  # four cells, three separators


def test_markdown_keeps_a_backslash_before_a_pipe_visible(hostile_data: str) -> None:
    # GitHub reads `\\|` as an escaped pipe and drops the backslash: `a\|b` must be
    # written `a\\\|b` so that a reader sees the backslash and the pipe.
    result = bloc("--data", hostile_data, "members", "-f", "markdown", "--fields", "name")
    assert "| m12 slash before pipe a\\\\\\|b" in result.out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_data_formats_carry_hostile_values_faithfully(hostile_data: str, fmt: str) -> None:
    result = bloc("--data", hostile_data, "members", "-f", fmt, "--fields", "name,contributions")
    assert result.code == 0, result.err
    rows = parse(fmt, result.out)
    names = [row["name"] for row in rows]
    assert names == [f"m{i} {text}" for i, text in enumerate(HOSTILE)]
    if fmt == "tsv":
        # Rows as line-based tools see them: split at \n only (str.splitlines would also
        # split at U+2028, which a value may hold and cut, awk and mlr do not break at).
        lines = result.out.removesuffix("\n").split("\n")
        assert len(lines) == len(HOSTILE) + 1, "a tab or newline never breaks a row"


def test_csv_quotes_values_with_newlines(hostile_data: str) -> None:
    result = bloc("--data", hostile_data, "members", "-f", "csv", "--fields", "name")
    assert '"m8 tab\tand\nnewline"' in result.out
    assert [row[0] for row in csv.reader(io.StringIO(result.out))][9] == "m8 tab\tand\nnewline"


def test_error_messages_are_inert_too(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b[2Jname.json"
    result = bloc("--data", str(name), "members")
    assert result.code == 3 and "\x1b" not in result.err and "\\x1b[2J" in result.err


# 5. Colour ----------------------------------------------------------------------------------


def test_no_color_wins_over_force_color() -> None:
    result = bloc("members", "-f", "table", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in result.out


def test_piped_output_has_no_colour() -> None:
    for fmt in FORMATS:
        assert "\x1b" not in bloc("security", "--compare", "-f", fmt).out


# 6. Bad arguments ---------------------------------------------------------------------------

LONG = "x" * 100_000  # Linux caps one argument at 128 KiB; a 1 MB argument cannot be passed


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (("members", "--since", "99999999999999999999"), {0}),
        (("members", "--until", "-99999999999999999999"), {0}),
        (("members", "-c", ""), {0}),
        (("members", "-c", LONG), {0}),
        (("member", LONG), {1}),
        (("search", LONG), {1}),
        (("members", "--fields", LONG), {2}),
        (("security", "--aspect", LONG), {0}),
        (("members", "-f", LONG), {2}),
        (("members", "--since", ""), {2}),
        (("member", "é" * 1000), {1}),
        (("search", "\u202e"), {1}),
        (("--data", "", "members"), {3}),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_bad_arguments_fail_cleanly(args: tuple[str, ...], codes: set[int]) -> None:
    result = bloc(*args)
    assert result.code in codes, result.err
    no_traceback(result)
    assert len(result.err) < 5_000, "an error message does not echo a huge argument in full"


@pytest.mark.process  # what the system refuses to put in a process's argv
def test_nul_bytes_cannot_reach_bloc_through_argv() -> None:
    with pytest.raises(ValueError, match="null byte"):
        subprocess.run([BLOC, "member", "kaz\x00"], check=False)


# 7. Bad datasets ----------------------------------------------------------------------------


def wrong_types() -> list[tuple[str, object]]:
    """(JSON path, a copy of the bundled data with a wrong type at that path)."""
    cases: list[tuple[str, object]] = []
    paths: list[tuple[str, list[object]]] = [
        ("$.source", ["source"]),
        ("$.source.title", ["source", "title"]),
        ("$.source.provenance", ["source", "provenance"]),
        ("$.source.provenance.members.columns", ["source", "provenance", "members", "columns"]),
        ("$.members", ["members"]),
        ("$.members[0]", ["members", 0]),
        ("$.members[0].name", ["members", 0, "name"]),
        ("$.members[3].year_joined", ["members", 3, "year_joined"]),
        ("$.members[1].contributions", ["members", 1, "contributions"]),
        ("$.members[1].contributions[0]", ["members", 1, "contributions", 0]),
        ("$.members[5].newest", ["members", 5, "newest"]),
        ("$.security[2].before", ["security", 2, "before"]),
        ("$.roadmap[0].action_items", ["roadmap", 0, "action_items"]),
        ("$.benefits.economic", ["benefits", "economic"]),
        ("$.context.security_threats[1]", ["context", "security_threats", 1]),
    ]
    for path, keys in paths:
        data = copy.deepcopy(bundled())
        target: object = data
        for key in keys[:-1]:
            target = target[key]  # type: ignore[index]
        current = target[keys[-1]]  # type: ignore[index]
        target[keys[-1]] = "wrong type" if isinstance(current, dict) else {"wrong": "type"}  # type: ignore[index]
        cases.append((path, data))
    return cases


@pytest.mark.parametrize(("path", "data"), wrong_types(), ids=[p for p, _ in wrong_types()])
def test_wrong_type_at_every_level_names_the_path(
    path: str, data: object, write_data: Writer
) -> None:
    result = bloc("--data", write_data(data), "members")
    assert result.code == 3
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert f": {path}: expected " in result.err


def test_a_50_mb_file_is_read_and_its_fault_found(tmp_path: Path) -> None:
    data = bundled()
    filler = "x" * 5_000
    data["members"] = [
        {"name": f"m{i}", "year_joined": None, "contributions": [filler], "newest": False}
        for i in range(10_000)
    ]
    data["members"][-1]["year_joined"] = "late"
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    result = bloc("--data", str(path), "members")
    assert result.code == 3
    assert "$.members[9999].year_joined" in result.err
    assert len(result.err.splitlines()) == 1


def test_bad_data_writes_nothing_anywhere(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    workdir = tmp_path / "work"
    workdir.mkdir()
    result = bloc("--data", str(bad), "members", cwd=workdir)
    assert (result.code, result.out) == (3, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "work"]
    assert list(workdir.iterdir()) == []
