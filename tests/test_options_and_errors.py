"""Options and errors as people type them (in-process): bloc's own options after any
command, choices in any case or by a unique prefix, each option once, and every error in
bloc's voice pointing at what was meant."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from test_cli_in_process import bloc

from bloc_cli import loading

from conftest import bundled

Writer = Callable[..., str]
Bloc = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Bloc:
    """`bloc ARGS` in this process: exit code, stdout, stderr."""

    def run_bloc(*args: str) -> tuple[int, str, str]:
        return bloc(monkeypatch, capsys, *args)

    return run_bloc


def two_members(write_data: Writer) -> str:
    data = bundled()
    data["members"] = data["members"][:2]
    return write_data(data)


@pytest.mark.process
def test_data_works_after_the_command(run: Bloc, write_data: Writer) -> None:
    path = two_members(write_data)
    expected = (0, "name\nKazakhstan\nUzbekistan\n", "")
    assert run("members", "--data", path, "--fields", "name") == expected
    assert run("members", "--fields", "name", f"--data={path}") == expected
    assert run("--data", path, "members", "--fields", "name") == expected


@pytest.mark.process
def test_version_after_a_command_points_at_bloc_version(run: Bloc) -> None:
    # --version takes no command (`bloc --version members` is refused too).
    assert run("members", "--version") == (
        2,
        "",
        "bloc: error: --version takes no command: run 'bloc --version' (see 'bloc members -h')\n",
    )


@pytest.mark.process
def test_a_global_option_given_twice_is_a_usage_error(run: Bloc) -> None:
    for args in (
        ("--data", "a", "members", "--data", "b"),
        ("members", "--data", "a", "--data", "b"),
    ):
        assert run(*args) == (
            2,
            "",
            "bloc: error: --data is given twice ('a', 'b'); give it once (see 'bloc members -h')\n",
        )


@pytest.mark.process
def test_command_help_lists_the_global_options_apart(run: Bloc) -> None:
    code, out, err = run("members", "-h")
    own, _, inherited = out.partition("\nGlobal options:\n")
    assert (code, err) == (0, "")
    assert "--data PATH" in inherited and "--no-pager" in inherited and "--version" not in out
    assert "reads standard input" in inherited
    assert "--data" not in own and "--version" not in own
    assert "--sort [name|year]" in own and "--data" not in inherited.split("Examples")[1]


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], None]:
    def feed(data: bytes) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))

    return feed


@pytest.mark.process
def test_data_dash_reads_the_dataset_from_stdin(run: Bloc, stdin: Callable[[bytes], None]) -> None:
    data = bundled()
    data["members"] = data["members"][-1:]
    stdin(json.dumps(data).encode())
    assert run("members", "--data", "-", "--fields", "name") == (0, "name\nAzerbaijan\n", "")


@pytest.mark.process
def test_data_dash_is_validated_and_named_stdin(run: Bloc, stdin: Callable[[bytes], None]) -> None:
    stdin(b'{"members": [')
    assert run("--data", "-", "members") == (
        3,
        "",
        "bloc: error: <stdin>: line 1:14: JSON ends too early (empty or truncated file)\n",
    )


@pytest.mark.process
def test_data_dash_has_the_same_size_limit(
    run: Bloc, stdin: Callable[[bytes], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "MAX_DATA_BYTES", 1024 * 1024)
    stdin(b" " * (1024 * 1024 + 1))
    assert run("members", "--data", "-") == (
        3,
        "",
        "bloc: error: <stdin>: larger than the 1 MiB a dataset may be\n",
    )


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("members", "--json"),
            "no option '--json'; did you mean -f json? (see 'bloc members -h')",
        ),
        (("members", "--CSV"), "no option '--CSV'; did you mean -f csv? (see 'bloc members -h')"),
        (
            ("security", "compare"),
            "unexpected argument 'compare'; did you mean --compare? (see 'bloc security -h')",
        ),
        (
            ("members", "year"),
            "unexpected argument 'year'; did you mean --sort year? (see 'bloc members -h')",
        ),
        (
            ("members", "--sice", "1"),
            "no option '--sice'; did you mean --since or --cite? (see 'bloc members -h')",
        ),
        (
            ("members", "--fields", "nmae"),
            "--fields: unknown field 'nmae'; did you mean name? (see 'bloc members -h')",
        ),
        (
            ("members", "--fields", "name,zzz"),
            "--fields: unknown field 'zzz'; --fields alone lists the fields "
            "(see 'bloc members -h')",
        ),
        (
            ("members", "--fields"),
            "--fields needs a value; choose from name, year_joined, contributions, newest, "
            "line, quote (see 'bloc members -h')",
        ),
        (
            ("members", "--fields", "-f", "json"),
            "--fields needs a value; choose from name, year_joined, contributions, newest, "
            "line, quote (see 'bloc members -h')",
        ),
        (
            ("sql", "SELECT 1 AS a, 2 AS b", "--fields"),
            "--fields needs a value; choose from a, b (see 'bloc sql -h')",
        ),
        (
            ("members", "--fields", "name,"),
            "--fields: 'name,' has an empty field name (see 'bloc members -h')",
        ),
        (
            ("members", "--fields", "name,,newest"),
            "--fields: 'name,,newest' has an empty field name (see 'bloc members -h')",
        ),
        (
            ("members", "-f", "jsn"),
            "--format: 'jsn' is not one of table, plain, markdown, json, jsonl, csv, tsv; "
            "did you mean json or jsonl? (see 'bloc members -h')",
        ),
        (
            ("benefits", "--kind", "economc"),
            "--kind: 'economc' is not one of membership, economic; did you mean economic? "
            "(see 'bloc benefits -h')",
        ),
        (
            ("context", "--list", "st"),
            "--list: 'st' could mean stated_aims or strategic_recommendations "
            "(see 'bloc context -h')",
        ),
        (
            ("members", "-f", "JS"),
            "--format: 'JS' could mean json or jsonl (see 'bloc members -h')",
        ),
        (
            ("context", "--list", "a", "--list", "b"),
            "--list is given twice ('a', 'b'); give it once (see 'bloc context -h')",
        ),
        (
            ("members", "-f", "json", "--format", "csv"),
            "--format is given twice ('json', 'csv'); give it once (see 'bloc members -h')",
        ),
        (
            ("members", "--fields", "name", "--fields", "newest", "--fields", "name"),
            "--fields is given 3 times ('name', 'newest', 'name'); give it once "
            "(see 'bloc members -h')",
        ),
        (("members", "--until", "abc"), "--until: 'abc' is not a year (see 'bloc members -h')"),
        (
            ("sql", "--timeout", "soon", "SELECT 1"),
            "--timeout: 'soon' is not a number of seconds (see 'bloc sql -h')",
        ),
        (("security", "--compare=yes"), "--compare takes no value (see 'bloc security -h')"),
        (("--data", "x.json"), "missing command (see 'bloc -h')"),
        (
            ("article", "--lines", "-"),
            "--lines: '-' is not A-B, A-, -B or A (line numbers) (see 'bloc article -h')",
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_errors_are_bloc_voice_and_point_at_what_was_meant(
    run: Bloc, args: tuple[str, ...], message: str
) -> None:
    assert run(*args) == (2, "", f"bloc: error: {message}\n")


@pytest.mark.process
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (("benefits", "--kind", "eco"), ("benefits", "--kind", "economic")),
        (("benefits", "--kind", "MEMB"), ("benefits", "--kind", "membership")),
        (("members", "--sort", "Y"), ("members", "--sort", "year")),
        (("context", "--list", "SEC"), ("context", "--list", "security_threats")),
        (("members", "-f", "Mark"), ("members", "-f", "markdown")),
        (("completion", "ba"), ("completion", "bash")),
    ],
    ids=lambda args: " ".join(args),
)
def test_choices_take_any_case_and_a_unique_prefix(
    run: Bloc, typed: tuple[str, ...], meant: tuple[str, ...]
) -> None:
    expected = run(*meant)
    assert expected[0] == 0 and expected[1]
    assert run(*typed) == expected


@pytest.mark.process
def test_since_after_until_is_a_usage_error_but_the_same_year_is_not(run: Bloc) -> None:
    assert run("members", "--since", "2000", "--until", "1990") == (
        2,
        "",
        "bloc: error: --since 2000 is after --until 1990: no year is both "
        "(see 'bloc members -h')\n",
    )
    assert run("members", "--since", "1993", "--until", "1993", "--fields", "name") == (
        0,
        "name\nUzbekistan\n",
        "",
    )


def article_lines() -> list[str]:
    text: str = bundled()["source"]["text"]
    return text.removesuffix("\n").split("\n")


@pytest.mark.process
def test_article_lines_open_at_the_end(run: Bloc) -> None:
    lines = article_lines()
    start = len(lines) - 2
    assert run("article", "--lines", f"{start}-") == (0, "\n".join(lines[start - 1 :]) + "\n", "")


@pytest.mark.process
def test_article_lines_open_at_the_start(run: Bloc) -> None:
    lines = article_lines()
    assert run("article", "--lines", "-3") == (0, "\n".join(lines[:3]) + "\n", "")
    assert run("article", "--lines=-3", "-n") == (
        0,
        "".join(f"{number:6d}\t{line}\n" for number, line in enumerate(lines[:3], start=1)),
        "",
    )


@pytest.mark.process
def test_member_json_is_one_object_and_jsonl_one_line(run: Bloc) -> None:
    code, out, err = run("member", "kaz", "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "name": "Kazakhstan",
        "year_joined": 1992,
        "contributions": ["Energy", "Manufacturing"],
        "newest": False,
        "mentions": [1, 10],  # line 1 names it among the leaders; line 10 is its row
    }
    code, out, err = run("member", "kaz", "-f", "jsonl", "--fields", "name")
    assert (code, out, err) == (0, '{"name": "Kazakhstan"}\n', "")
    # A list of one stays a list.
    code, out, err = run("members", "--since", "2024", "-f", "json", "--fields", "name")
    assert (code, out, err) == (0, '[\n  {"name": "Azerbaijan"}\n]\n', "")


class TerminalInput(io.BytesIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.process
def test_data_dash_from_a_terminal_says_to_pipe_a_dataset_in(
    run: Bloc, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(TerminalInput(b"")))
    assert run("members", "--data", "-") == (
        3,
        "",
        "bloc: error: <stdin>: is a terminal; pipe a dataset in (bloc --data - ... < FILE)\n",
    )
