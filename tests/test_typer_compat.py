"""The command line as Typer and Click read it for bloc (bloc_cli/typer_compat.py and
bloc_cli/lazy_group.py): usage lines, help sections, choices in any case or by a prefix,
each option once, and every parser error in bloc's words, pointing at what was meant.

Each test runs on bloc's app built anew, as every run of bloc builds it at start-up: the
group, its commands and their parameters (a test elsewhere may have built them already in
this process)."""

from __future__ import annotations

import importlib
import io
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from unittest.mock import patch

import pytest

from bloc_cli import cli, process, registry, typer_compat

from conftest import bloc, fake_streams


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _build_app(for_terminal: bool) -> None:
    """Import bloc's registry of commands and its app again, as a run of bloc does at
    start-up: for a terminal (rich help) or a pipe (plain help)."""
    with ExitStack() as stack:
        if for_terminal:
            stack.enter_context(patch.object(sys, "stdout", _Terminal()))
        importlib.reload(registry)
    importlib.reload(cli)
    vars(process)["app"] = cli.app  # what process.main runs


@pytest.fixture(autouse=True)
def fresh_app() -> Iterator[None]:
    """bloc's app built anew for this test (for a pipe), and the one before put back."""
    saved = {module: dict(vars(module)) for module in (registry, cli, process)}
    _build_app(for_terminal=False)
    yield
    for module, names in saved.items():
        vars(module).update(names)


@pytest.fixture
def terminal_app(fresh_app: None) -> None:
    """bloc's app built for a terminal: its help is rich's."""
    _build_app(for_terminal=True)


terminal_help = pytest.mark.usefixtures("terminal_app")


def on_terminal(*args: str, code: int = 0) -> str:
    """What `bloc ARGS` shows on a terminal 100 columns wide (without colour)."""
    result = bloc(*args, env={"COLUMNS": "100"}, streams=fake_streams(is_tty=True, width=100))
    assert (result.code, result.err) == (code, "")
    return result.out


def error(*args: str) -> str:
    """The one line `bloc ARGS` writes on stderr, having written nothing and exited 2."""
    result = bloc(*args)
    assert (result.code, result.out) == (2, ""), result
    assert result.err.startswith("bloc: error: ") and result.err.endswith("\n"), result.err
    return result.err.removeprefix("bloc: error: ").removesuffix("\n")


FORMATS = "table, plain, markdown, json, jsonl, csv, tsv"
# bloc's own checks of choices and numbers run on typer 0.28; typer 0.29 checks them itself
# (typer_compat.prepare), in its own words, and takes a choice in any case but not by prefix.
BLOC_CHECKS = typer_compat.CLICK_TYPES
QUOTED_FORMATS = "'table', 'plain', 'markdown', 'json', 'jsonl', 'csv', 'tsv'"


# Usage lines and help -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("members", "Usage: bloc members [OPTIONS]"),
        ("member", "Usage: bloc member [OPTIONS] NAME"),
        ("sql", "Usage: bloc sql [OPTIONS] [QUERY]"),
        ("help", "Usage: bloc help [OPTIONS] [COMMAND]"),
        ("completion", "Usage: bloc completion [OPTIONS] SHELL"),
        ("export", "Usage: bloc export [OPTIONS] DIR"),
    ],
)
def test_usage_names_arguments_as_the_readme_does(command: str, usage: str) -> None:
    result = bloc(command, "-h")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == usage


def test_help_has_arguments_options_and_global_options_apart() -> None:
    out = bloc("sql", "-h").out
    head, _, rest = out.partition("\nArguments:\n")
    assert head.endswith("Run read-only SQL over the dataset (SQLite, in memory).\n")
    arguments, _, rest = rest.partition("\nOptions:\n")
    assert arguments == "  QUERY  A SELECT statement over the tables that --tables lists.\n"
    options, _, rest = rest.partition("\nGlobal options:\n")
    assert (
        options.splitlines()[0]
        == "  --tables             List the tables and their columns instead."
    )
    assert "--data" not in options and "-h, --help" in options
    assert rest.splitlines()[:4] == [
        "  --data PATH  Read this dataset file (same schema) instead of the bundled",
        "               one; - reads standard input.",
        "  --no-pager   Never page long output on a terminal (BLOC_PAGER=cat does too).",
        "",
    ]


def test_help_shows_choices_and_value_names_and_flags_plainly() -> None:
    out = bloc("members", "-h").out
    assert "  --sort [name|year]       Sort by name or year (unknown years last).\n" in out
    assert "  --since YEAR             Only members that joined in or after YEAR.\n" in out
    assert "  -c, --contribution TEXT  Only members with a contribution" in out
    assert "  -f, --format FORMAT      Output format: table," in out
    assert "  --fields A,B,C           Comma-separated fields" in out
    assert "  --no-header              Leave out the header row (csv, tsv, plain).\n" in out
    assert "Arguments:" not in out  # no argument: no section
    assert "BOOLEAN" not in out and "<bool>" not in out


def test_an_argument_shows_as_its_name_with_its_help() -> None:
    out = bloc("completion", "-h").out
    if BLOC_CHECKS:
        assert (
            "Arguments:\n  SHELL  The shell to complete in: bash, zsh or fish.  [required]\n" in out
        )
    else:  # typer 0.29 shows an argument's choices in plain help too
        assert (
            "Arguments:\n  SHELL [bash|zsh|fish]  The shell to complete in: bash, zsh or fish.\n"
            "                         [required]\n"
        ) in out
    out = bloc("member", "-h").out
    assert "  NAME  Member name: any case, or a unique prefix such as 'kaz'.  [required]\n" in out


def test_bloc_alone_prints_its_help_and_asks_for_a_command() -> None:
    result = bloc()
    assert (result.code, result.err) == (2, "")
    assert result.out.startswith("Usage: bloc [OPTIONS] COMMAND [ARGS]...\n\n  Query the facts")
    assert result.out == bloc("-h").out  # ending in a newline, before the prompt


def test_help_of_a_command_is_its_dash_h() -> None:
    for command in ("member", "sql", "completion"):
        result = bloc("help", command)
        assert (result.code, result.err) == (0, "")
        assert result.out == bloc(command, "-h").out
    assert bloc("help").out == bloc("-h").out


@terminal_help
def test_terminal_help_labels_an_argument_by_its_choices_only() -> None:
    out = on_terminal("completion", "-h")
    assert "│ *    SHELL      [bash|zsh|fish]  The shell to complete in: bash, zsh or fish." in out
    out = on_terminal("sql", "-h")
    assert "│   QUERY        A SELECT statement over the tables that --tables lists." in out
    assert "<str>" not in out and "TEXT" not in out.split("Options")[0]


@terminal_help
def test_terminal_help_shows_value_names_and_no_label_beside_a_flag() -> None:
    lines = on_terminal("members", "-h").splitlines()
    row = {line.split()[1]: line for line in lines if line.startswith("│ --")}
    assert row["--sort"].split()[2:4] == ["[name|year]", "Sort"]
    assert row["--since"].split()[2:4] == ["YEAR", "Only"]
    assert row["--format"].split()[2:5] == ["-f", "FORMAT", "Output"]
    assert row["--no-header"].split()[2:4] == ["Leave", "out"]  # no type between
    assert row["--cite"].split()[2:4] == ["Add", "each"]
    assert row["--help"].split()[2:5] == ["-h", "Show", "this"]


@terminal_help
def test_terminal_help_keeps_bloc_s_own_options_in_a_panel_of_their_own() -> None:
    out = on_terminal("members", "-h")
    panels = [line.split()[1] for line in out.splitlines() if line.startswith("╭─")]
    assert panels == ["Options", "Global"]
    assert "│ --data            PATH  Read this dataset file" in out.split("Global options")[1]


@terminal_help
def test_bloc_alone_on_a_terminal_shows_the_help_once() -> None:
    out = on_terminal(code=2)
    assert out.count("Usage: bloc [OPTIONS] COMMAND [ARGS]...") == 1


# Choices and numbers --------------------------------------------------------------------------


def test_a_choice_is_taken_in_any_case() -> None:
    assert bloc("members", "-f", "JSON", "--fields", "name").out.startswith(
        '[\n  {"name": "Kazakhstan"},'
    )


def test_a_choice_is_taken_by_a_unique_prefix() -> None:
    if not BLOC_CHECKS:  # typer 0.29 wants the whole name
        assert error("members", "--sort", "n") == (
            "--sort: value error, 'n' is not one of 'name', 'year' (see 'bloc members -h')"
        )
        return
    assert bloc("benefits", "--kind", "eco", "-f", "tsv", "--no-header").out.startswith(
        "economic\t"
    )
    assert bloc("benefits", "--kind", "MEMB", "-f", "tsv", "--no-header").out.startswith(
        "membership\t"
    )
    by_name = bloc("members", "--sort", "n", "--fields", "name", "--no-header").out
    assert by_name.splitlines()[:2] == ["Azerbaijan", "Kazakhstan"]


def test_a_prefix_of_several_choices_names_them() -> None:
    assert error("members", "-f", "js") == (
        "--format: 'js' could mean json or jsonl (see 'bloc members -h')"
        if BLOC_CHECKS
        else f"--format: value error, 'js' is not one of {QUOTED_FORMATS} (see 'bloc members -h')"
    )


def test_a_choice_that_is_none_lists_them_and_the_close_ones() -> None:
    if not BLOC_CHECKS:
        assert error("benefits", "--kind", "eco") == (
            "--kind: value error, 'eco' is not one of 'membership', 'economic' "
            "(see 'bloc benefits -h')"
        )
        assert error("members", "-f", "") == (
            f"--format: value error, '' is not one of {QUOTED_FORMATS} (see 'bloc members -h')"
        )
        return
    assert error("members", "-f", "jsn") == (
        f"--format: 'jsn' is not one of {FORMATS}; did you mean json or jsonl? "
        "(see 'bloc members -h')"
    )
    assert error("benefits", "--kind", "x") == (
        "--kind: 'x' is not one of membership, economic (see 'bloc benefits -h')"
    )
    assert error("members", "-f", "") == (
        f"--format: '' is not one of {FORMATS} (see 'bloc members -h')"
    )


def test_a_choice_given_to_an_argument_is_named_by_its_command() -> None:
    assert error("completion", "tcsh") == (
        "completion: 'tcsh' is not one of bash, zsh, fish (see 'bloc completion -h')"
        if BLOC_CHECKS
        else "completion: value error, 'tcsh' is not one of 'bash', 'zsh', 'fish' "
        "(see 'bloc completion -h')"
    )


def test_a_number_that_is_none_says_what_it_should_be() -> None:
    if BLOC_CHECKS:
        assert error("members", "--since", "abc") == (
            "--since: 'abc' is not a year (see 'bloc members -h')"
        )
        assert error("members", "--until", "1.5") == (
            "--until: '1.5' is not a year (see 'bloc members -h')"
        )
        assert error("sql", "SELECT 1", "--timeout", "x") == (
            "--timeout: 'x' is not a number of seconds (see 'bloc sql -h')"
        )
    else:
        assert error("members", "--until", "1.5") == (
            "--until: input should be a valid integer, unable to parse string as an integer "
            "(see 'bloc members -h')"
        )
        assert error("sql", "SELECT 1", "--timeout", "x") == (
            "--timeout: input should be a valid number, unable to parse string as a number "
            "(see 'bloc sql -h')"
        )
    out = bloc("members", "--since", "2000", "--fields", "name", "--no-header").out
    assert out == "Azerbaijan\n"  # joined 2024; the others in 1992 and 1993, or unknown


# Each option once, no argument left over ------------------------------------------------------


def test_an_option_given_twice_is_refused() -> None:
    assert error("members", "--since", "1992", "--since", "1993") == (
        "--since is given twice ('1992', '1993'); give it once (see 'bloc members -h')"
    )
    assert error("members", "--since", "1", "--since", "2", "--since", "3") == (
        "--since is given 3 times ('1', '2', '3'); give it once (see 'bloc members -h')"
    )
    assert error("members", "-f", "json", "--format", "csv", "-f", "tsv") == (
        "-f is given 3 times ('json', 'csv', 'tsv'); give it once (see 'bloc members -h')"
    )
    assert error("members", "-f", "json", "--format", "csv") == (
        "--format is given twice ('json', 'csv'); give it once (see 'bloc members -h')"
    )


def test_a_global_option_after_the_command_is_bloc_s_own() -> None:
    from conftest import BUNDLED

    assert bloc("members", "--data", str(BUNDLED), "--fields", "name").out.splitlines()[1] == (
        "Kazakhstan"
    )
    assert error("--data", "a", "members", "--data", "b") == (
        "--data is given twice ('a', 'b'); give it once (see 'bloc members -h')"
    )
    assert error("members", "--data", "a", "--data", "b") == (
        "--data is given twice ('a', 'b'); give it once (see 'bloc members -h')"
    )


def test_a_word_left_over_is_refused_and_what_was_meant_is_named() -> None:
    assert error("members", "extra") == "unexpected argument 'extra' (see 'bloc members -h')"
    assert error("members", "a", "b") == "unexpected arguments 'a', 'b' (see 'bloc members -h')"
    assert error("member", "kaz", "extra") == "unexpected argument 'extra' (see 'bloc member -h')"
    assert error("security", "compare") == (
        "unexpected argument 'compare'; did you mean --compare? (see 'bloc security -h')"
    )
    assert error("security", "COMPARE") == (
        "unexpected argument 'COMPARE'; did you mean --compare? (see 'bloc security -h')"
    )
    assert error("members", "json") == (
        "unexpected argument 'json'; did you mean -f json? (see 'bloc members -h')"
    )
    assert error("security", "Xcompare") == (  # no option is named that
        "unexpected argument 'Xcompare' (see 'bloc security -h')"
    )
    assert error("members", "name") == (
        "unexpected argument 'name'; did you mean --sort name? (see 'bloc members -h')"
    )


# Parser errors in bloc's words ----------------------------------------------------------------


def test_an_unknown_option_points_at_what_was_meant() -> None:
    assert error("members", "--json") == (
        "no option '--json'; did you mean -f json? (see 'bloc members -h')"
    )
    assert error("security", "--COMPARE") == (
        "no option '--COMPARE'; did you mean --compare? (see 'bloc security -h')"
    )
    assert error("members", "--fiel") == (
        "no option '--fiel'; did you mean --fields, --help or --cite? (see 'bloc members -h')"
    )
    assert error("members", "-x") == "no option '-x' (see 'bloc members -h')"
    assert error("--nosuch") == "no option '--nosuch' (see 'bloc -h')"


def test_an_option_without_its_value_says_so() -> None:
    assert error("members", "-f") == (
        f"-f needs a value; choose from {FORMATS} (see 'bloc members -h')"
    )
    assert error("members", "--format") == (
        f"--format needs a value; choose from {FORMATS} (see 'bloc members -h')"
    )
    assert error("roadmap", "--area") == "--area needs a value (see 'bloc roadmap -h')"
    assert error("--data") == "--data needs a value (see 'bloc -h')"


def test_a_bare_fields_lists_the_fields() -> None:
    listed = "choose from name, year_joined, contributions, newest, line, quote"
    assert (
        error("members", "--fields") == f"--fields needs a value; {listed} (see 'bloc members -h')"
    )
    assert error("members", "--fields", "--no-header") == (
        f"--fields needs a value; {listed} (see 'bloc members -h')"
    )


def test_fields_takes_a_dash_as_its_value_but_not_an_option() -> None:
    # `-` is a value (no option is named `-`); `-f` after a bare --fields is the next option.
    assert error("members", "--fields", "-") == (
        "--fields: unknown field '-'; --fields alone lists the fields (see 'bloc members -h')"
    )
    listed = "choose from name, year_joined, contributions, newest, line, quote"
    assert error("members", "--fields", "-f", "json") == (
        f"--fields needs a value; {listed} (see 'bloc members -h')"
    )


def test_a_flag_takes_no_value() -> None:
    assert error("security", "--compare=yes") == "--compare takes no value (see 'bloc security -h')"
    assert error("members", "--no-header=1") == (
        "--no-header takes no value (see 'bloc members -h')"
    )


def test_a_missing_argument_is_asked_for_by_name() -> None:
    assert error("member") == "member: give a NAME (see 'bloc member -h')"
    assert error("search") == "search: give a TEXT (see 'bloc search -h')"
    assert error("completion") == (
        "completion: give a SHELL; choose from bash, zsh, fish (see 'bloc completion -h')"
    )


def test_version_belongs_to_bloc_alone() -> None:
    assert error("members", "--version") == (
        "--version takes no command: run 'bloc --version' (see 'bloc members -h')"
    )
    assert error("--data", "x") == "missing command (see 'bloc -h')"


def test_an_unknown_command_names_the_close_ones() -> None:
    assert error("membrs") == "no command 'membrs'; did you mean members or member? (see 'bloc -h')"
    assert error("sq") == "no command 'sq'; did you mean sql? (see 'bloc -h')"
    assert error("zzz") == "no command 'zzz' (see 'bloc -h')"
    # After `--`, a word that looks like an option is still read as one, not as a command.
    assert error("--", "-x") == "no option '-x' (see 'bloc -h')"
    assert bloc("--", "members", "--fields", "name").out.splitlines()[1] == "Kazakhstan"
    assert error("help", "membrs") == (
        "no command 'membrs'; did you mean members or member? (see 'bloc -h')"
    )
