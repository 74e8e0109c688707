"""Help and error wording, pinned: a Typer or Click upgrade that rewords them fails here."""

from __future__ import annotations

import re

import pytest

from conftest import COMMAND_NAMES, run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("members", "--format", "yaml"),
            "Invalid value for '--format' / '-f': 'yaml' is not one of 'table', 'plain', "
            "'markdown', 'json', 'jsonl', 'csv', 'tsv'. (see 'bloc members -h')",
        ),
        (
            ("members", "--since", "x"),
            "Invalid value for '--since': 'x' is not a valid int. (see 'bloc members -h')",
        ),
        (
            ("members", "--sort", "size"),
            "Invalid value for '--sort': 'size' is not one of 'name', 'year'. "
            "(see 'bloc members -h')",
        ),
        (("members", "--bogus"), "No such option: --bogus (see 'bloc members -h')"),
        (("member",), "Missing argument 'name'. (see 'bloc member -h')"),
        (("nosuch",), "no command 'nosuch' (see 'bloc -h')"),
        (("membrs",), "no command 'membrs'; did you mean members or member? (see 'bloc -h')"),
        (
            ("members", "--fields", "name,bogus"),
            "--fields: unknown field 'bogus'; valid fields: name, year_joined, contributions, "
            "newest, line, quote (see 'bloc members -h')",
        ),
        (
            ("sql",),
            "sql: give a QUERY, or --tables to see what it can use (see 'bloc sql -h')",
        ),
    ],
    ids=" ".join,
)
def test_usage_errors_are_one_exact_line(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"bloc: error: {message}\n"


def test_top_level_help_lists_every_command_and_the_global_options() -> None:
    result = run("--help")
    assert result.code == 0
    assert "Usage: bloc [OPTIONS] COMMAND [ARGS]..." in result.out
    for name in COMMAND_NAMES:
        assert re.search(rf"│ {name} +\S", result.out), name
    for option in ("--data", "--version", "--install-completion", "--help"):
        assert option in result.out


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_command_help_shows_options_plainly_and_examples(name: str) -> None:
    result = run(name, "-h")
    assert result.code == 0
    assert f"Usage: bloc {name} [OPTIONS]" in result.out
    assert "Examples" in result.out and f"$ bloc {name}" in result.out
    # Flags take no value: no `<bool>` or `BOOLEAN` beside them (typer 0.29 added one).
    assert "<bool>" not in result.out and "BOOLEAN" not in result.out
    # A command has its own options only: completion belongs to `bloc` itself.
    assert "--install-completion" not in result.out


def test_output_options_appear_on_every_record_command() -> None:
    for name in COMMAND_NAMES:
        out = run(name, "-h").out
        has_output = name != "schema"
        for option in ("--format", "--fields", "--no-header", "--no-color"):
            assert (option in out) is has_output, (name, option)
