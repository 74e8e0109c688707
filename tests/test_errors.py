"""Errors in bloc's voice: one exact line on stderr and the documented exit code, pointing at
what was meant (the help to read, the close names); a command line is never half read,
and a bug is one line too (exit 70) unless BLOC_DEBUG asks for its traceback."""

from __future__ import annotations

import pytest

from bloc_cli import errors, process, views
from bloc_cli.records import Records

from conftest import Result, bloc


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # What Typer and Click reject, said in bloc's words.
        pytest.param(
            ("members", "--format", "yaml"),
            "--format: 'yaml' is not one of table, plain, markdown, json, jsonl, csv, tsv "
            "(see 'bloc members -h')",
            marks=pytest.mark.typer_0_28,
        ),
        pytest.param(
            ("members", "--since", "x"),
            "--since: 'x' is not a year (see 'bloc members -h')",
            marks=pytest.mark.typer_0_28,
        ),
        pytest.param(
            ("members", "--sort", "size"),
            "--sort: 'size' is not one of name, year (see 'bloc members -h')",
            marks=pytest.mark.typer_0_28,
        ),
        (("members", "--bogus"), "no option '--bogus' (see 'bloc members -h')"),
        (("member",), "member: give a NAME (see 'bloc member -h')"),
        (
            ("members", "-f"),
            "-f needs a value; choose from table, plain, markdown, json, "
            "jsonl, csv, tsv (see 'bloc members -h')",
        ),
        (
            ("members", "--sort"),
            "--sort needs a value; choose from name, year (see 'bloc members -h')",
        ),
        (
            ("members", "--fields"),
            "--fields needs a value; choose from name, year_joined, contributions, newest, "
            "line, quote (see 'bloc members -h')",
        ),
        (("--data",), "--data needs a value (see 'bloc -h')"),
        (("members", "x"), "unexpected argument 'x' (see 'bloc members -h')"),
        (("members", "x", "y"), "unexpected arguments 'x', 'y' (see 'bloc members -h')"),
        (
            ("completion",),
            "completion: give a SHELL; choose from bash, zsh, fish (see 'bloc completion -h')",
        ),
        pytest.param(
            ("completion", "tcsh"),
            "completion: 'tcsh' is not one of bash, zsh, fish (see 'bloc completion -h')",
            marks=pytest.mark.typer_0_28,
        ),
        (("--show-completion",), "no option '--show-completion' (see 'bloc -h')"),
        (("help", "nosuch"), "no command 'nosuch' (see 'bloc -h')"),
        (
            ("help", "membrs"),
            "no command 'membrs'; did you mean members or member? (see 'bloc -h')",
        ),
        (("nosuch",), "no command 'nosuch' (see 'bloc -h')"),
        (("membrs",), "no command 'membrs'; did you mean members or member? (see 'bloc -h')"),
        (
            ("members", "--fields", "name,bogus"),
            "--fields: unknown field 'bogus'; --fields alone lists the fields "
            "(see 'bloc members -h')",
        ),
        (
            ("members", "--fields", "NAME,name"),
            "--fields: 'name' is named twice (see 'bloc members -h')",
        ),
        (
            ("sql",),
            "sql: give a QUERY, or --tables to see what it can use (see 'bloc sql -h')",
        ),
        (
            ("sql", "select * from memebrs"),
            "sql: no such table: memebrs; did you mean members? "
            "(bloc sql --tables lists the tables) (see 'bloc sql -h')",
        ),
        (
            ("sql", "select m.nme from members m"),
            "sql: no such column: m.nme; did you mean name? "
            "(bloc sql --tables lists the columns) (see 'bloc sql -h')",
        ),
        (
            ("sql", "select * from xyzzy"),
            "sql: no such table: xyzzy (bloc sql --tables lists the tables) (see 'bloc sql -h')",
        ),
        # What was probably meant, named.
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
        pytest.param(
            ("members", "-f", "jsn"),
            "--format: 'jsn' is not one of table, plain, markdown, json, jsonl, csv, tsv; "
            "did you mean json or jsonl? (see 'bloc members -h')",
            marks=pytest.mark.typer_0_28,
        ),
        pytest.param(
            ("benefits", "--kind", "economc"),
            "--kind: 'economc' is not one of membership, economic; did you mean economic? "
            "(see 'bloc benefits -h')",
            marks=pytest.mark.typer_0_28,
        ),
        pytest.param(
            ("context", "--list", "st"),
            "--list: 'st' could mean stated_aims or strategic_recommendations "
            "(see 'bloc context -h')",
            marks=pytest.mark.typer_0_28,
        ),
        pytest.param(
            ("members", "-f", "JS"),
            "--format: 'JS' could mean json or jsonl (see 'bloc members -h')",
            marks=pytest.mark.typer_0_28,
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
        pytest.param(
            ("members", "--until", "abc"),
            "--until: 'abc' is not a year (see 'bloc members -h')",
            marks=pytest.mark.typer_0_28,
        ),
        pytest.param(
            ("sql", "--timeout", "soon", "SELECT 1"),
            "--timeout: 'soon' is not a number of seconds (see 'bloc sql -h')",
            marks=pytest.mark.typer_0_28,
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
def test_usage_errors_are_one_exact_line_pointing_at_what_was_meant(
    args: tuple[str, ...], message: str
) -> None:
    assert bloc(*args) == Result(2, "", f"bloc: error: {message}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--version", "extra"), "no command 'extra' (see 'bloc -h')"),
        (
            ("sql", "SELECT 1", "--tables"),
            "sql: give a QUERY or --tables, not both (see 'bloc sql -h')",
        ),
        (
            ("sql", "--tables", "SELECT name FROM members"),
            "sql: give a QUERY or --tables, not both (see 'bloc sql -h')",
        ),
        # --version takes no command (`bloc --version members` is refused too).
        (
            ("members", "--version"),
            "--version takes no command: run 'bloc --version' (see 'bloc members -h')",
        ),
        (("--version", "members"), "--version takes no command, got 'members' (see 'bloc -h')"),
        # With neither --version nor a command, a command is still asked for.
        (("--data", "gone.json"), "missing command (see 'bloc -h')"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_a_command_line_is_never_half_read(args: tuple[str, ...], message: str) -> None:
    assert bloc(*args) == Result(2, "", f"bloc: error: {message}\n")


@pytest.mark.parametrize(
    "args",
    [("--data", "a", "members", "--data", "b"), ("members", "--data", "a", "--data", "b")],
    ids=" ".join,
)
def test_a_global_option_given_twice_is_a_usage_error(args: tuple[str, ...]) -> None:
    assert bloc(*args) == Result(
        2,
        "",
        "bloc: error: --data is given twice ('a', 'b'); give it once (see 'bloc members -h')\n",
    )


def broken(*args: object, **kwargs: object) -> Records:
    raise RuntimeError("boom")


def test_internal_error_exits_70_with_one_line_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "members", broken)
    assert bloc("members") == Result(
        70,
        "",
        "bloc: error: internal error: RuntimeError('boom') (BLOC_DEBUG=1 shows the traceback)\n",
    )


def test_bloc_debug_shows_the_internal_errors_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "members", broken)
    with pytest.raises(RuntimeError, match="^boom$"):
        bloc("members", env={"BLOC_DEBUG": "1"})


def test_bloc_debug_leaves_a_users_error_one_line() -> None:
    assert bloc("member", "atlantis", env={"BLOC_DEBUG": "1"}) == Result(
        1,
        "",
        "bloc: error: no member named 'atlantis' (members: Kazakhstan, Uzbekistan, "
        "Turkmenistan, Kyrgyzstan, Tajikistan, Azerbaijan)\n",
    )


# The pieces of every message ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "said"),
    [(["a"], "a"), (["a", "b"], "a or b"), (["a", "b", "c"], "a, b or c"), ([], "")],
)
def test_choices_are_named_as_a_sentence_would(names: list[str], said: str) -> None:
    assert errors.one_of(names) == said


def test_close_names_are_suggested_in_any_case_and_far_ones_not() -> None:
    assert errors.did_you_mean("membrs", ["members", "member", "security"]) == (
        "; did you mean members or member?"
    )
    # Names that differ only in case are both close to what was typed.
    assert errors.did_you_mean("ab", ["AB", "Ab", "xyz"]) == "; did you mean AB or Ab?"
    assert errors.did_you_mean("SECURITY", ["security"]) == "; did you mean security?"
    assert errors.did_you_mean("zzz", ["members", "security"]) == ""
    # At most three close names, the closest first (difflib: equals last to first).
    assert errors.did_you_mean("aaaa", ["aaab", "aaac", "aaad", "aaae", "aaaa"]) == (
        "; did you mean aaaa, aaae or aaad?"
    )


def test_a_value_in_a_message_is_quoted_and_shortened() -> None:
    assert errors.quoted("kaz") == "'kaz'"
    assert errors.quoted("x" * 60) == repr("x" * 60)
    assert errors.quoted("x" * 61) == repr("x" * 59 + "…")
    assert errors.quoted("abcdef", limit=4) == "'abc…'"


def test_shortening_keeps_what_fits_and_marks_a_cut() -> None:
    assert errors.shortened("abcd", 4) == "abcd"
    assert errors.shortened("abcde", 4) == "abc…"
    assert errors.shortened("", 1) == ""


def test_a_long_message_loses_its_middle_and_keeps_the_help_to_read() -> None:
    assert errors.shortened_middle("abcdefgh", 8) == "abcdefgh"
    # 400 characters at most: 299 of the start, the mark, the last 100.
    message = "s" * 300 + "m" * 500 + " (see 'bloc members -h')"
    short = errors.shortened_middle(message, 400)
    assert short == "s" * 299 + "…" + "m" * 76 + " (see 'bloc members -h')"
    assert len(short) == 400
    assert errors.shortened_middle("abcdefghij", 9) == "abcdef…ij"


def test_a_huge_command_line_is_one_short_line_ending_with_the_help() -> None:
    typed = [f"arg{number}" for number in range(100)]
    message = (
        "unexpected arguments "
        + ", ".join(f"'{word}'" for word in typed)
        + " (see 'bloc members -h')"
    )
    result = bloc("members", *typed)
    assert (result.code, result.out) == (2, "")
    # 400 characters: the first 299, the mark, the last 100 (from 'arg91' on).
    assert result.err == f"bloc: error: {message[:299]}…{message[-100:]}\n"
    assert result.err.endswith(
        "…g91', 'arg92', 'arg93', 'arg94', 'arg95', 'arg96', 'arg97', "
        "'arg98', 'arg99' (see 'bloc members -h')\n"
    )


@pytest.mark.parametrize(
    ("error", "refused"),
    [
        (MemoryError(), True),
        (ImportError("/x.so: failed to map segment from shared object"), True),
        (SystemError("<built-in> returned NULL: error return without exception set"), True),
        (ImportError("No module named 'x'"), False),
        (SystemError("failed to map segment"), False),
        (RuntimeError("error return without exception set"), False),
        (OSError("failed to map segment"), False),
    ],
    ids=repr,
)
def test_only_a_refused_allocation_is_called_out_of_memory(
    error: BaseException, refused: bool
) -> None:
    assert errors.out_of_memory(error) is refused


def test_each_kind_of_error_has_its_documented_exit_code() -> None:
    # README's exit codes: 1 not found, 2 usage, 3 data, 74 output.
    assert errors.NotFoundError("x").exit_code == 1
    assert errors.NoMatchError("x").exit_code == 1
    assert errors.UsageError("x").exit_code == 2
    assert errors.UsageError("x").help_for is None
    assert errors.UsageError("x", help_for="bloc sql").help_for == "bloc sql"
    assert errors.DataError("x").exit_code == 3
    assert errors.OutputError("x").exit_code == 74


def refusing_memory(*args: object, **kwargs: object) -> Records:
    raise MemoryError


def not_mapped(*args: object, **kwargs: object) -> Records:
    raise ImportError("/lib/_x.so: failed to map segment from shared object")


@pytest.mark.parametrize("fails", [refusing_memory, not_mapped], ids=["MemoryError", "mmap"])
def test_memory_refused_while_running_is_one_line_and_exit_71(
    monkeypatch: pytest.MonkeyPatch, fails: object
) -> None:
    monkeypatch.setattr(views, "members", fails)
    assert bloc("members") == Result(71, "", "bloc: error: out of memory\n")
    # BLOC_DEBUG shows a bug's traceback; a refused allocation is no bug.
    assert bloc("members", env={"BLOC_DEBUG": "1"}) == Result(
        71, "", "bloc: error: out of memory\n"
    )


def test_a_data_error_and_a_search_without_a_match_are_one_line_each() -> None:
    assert bloc("--data", "/nonexistent/x.json", "members") == Result(
        3, "", "bloc: error: /nonexistent/x.json: no such file\n"
    )
    # Not an error: said without "bloc: error:", as grep says nothing.
    assert bloc("search", "atlantis") == Result(1, "", "no match for 'atlantis'\n")


def test_a_message_names_the_help_to_read_only_when_there_is_one() -> None:
    assert process._with_help("no command 'x'", "bloc") == "no command 'x' (see 'bloc -h')"
    assert process._with_help("no command 'x'", None) == "no command 'x'"
