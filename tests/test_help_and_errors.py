"""Help and error wording, pinned: a Typer or Click upgrade that rewords them fails here."""

from __future__ import annotations

import re

import pytest

from conftest import COMMAND_NAMES, run, run_in_terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Every command a person can ask help for: the dataset's and bloc's own.
ALL_COMMANDS = [*COMMAND_NAMES, "help", "completion"]


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("members", "--format", "yaml"),
            "--format: 'yaml' is not one of table, plain, markdown, json, jsonl, csv, tsv "
            "(see 'bloc members -h')",
        ),
        (
            ("members", "--since", "x"),
            "--since: 'x' is not a year (see 'bloc members -h')",
        ),
        (
            ("members", "--sort", "size"),
            "--sort: 'size' is not one of name, year (see 'bloc members -h')",
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
        (
            ("completion", "tcsh"),
            "completion: 'tcsh' is not one of bash, zsh, fish (see 'bloc completion -h')",
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
    ],
    ids=" ".join,
)
def test_usage_errors_are_one_exact_line(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"bloc: error: {message}\n"


@pytest.mark.process
def test_terminal_help_shows_the_global_options_in_a_panel_of_their_own() -> None:
    out = ANSI.sub("", run_in_terminal("members", "-h").out)
    options, _, inherited = out.partition("╭─ Global options")
    panel = inherited.split("╰")[0]
    # --version is bloc's alone (`bloc --version`), not an option of a command.
    assert "--data" in panel and "--no-pager" in panel and "--version" not in out
    assert "--data" not in options


@pytest.mark.process
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
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_a_command_line_is_never_half_read(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"bloc: error: {message}\n"


@pytest.mark.process
def test_version_is_printed_alone_and_refused_beside_a_command() -> None:
    for args in (("--version",), ("--data", "gone.json", "--version")):
        result = run(*args)
        assert (result.code, result.err) == (0, "")
        assert re.fullmatch(r"bloc \d+\.\d+\.\d+\n", result.out)
    refused = run("--version", "members")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == "bloc: error: --version takes no command, got 'members' (see 'bloc -h')\n"
    # And with neither --version nor a command, a command is still asked for.
    nothing = run("--data", "gone.json")
    assert (nothing.code, nothing.out) == (2, "")
    assert nothing.err == "bloc: error: missing command (see 'bloc -h')\n"


@pytest.mark.process
def test_top_level_help_lists_every_command_and_the_global_options() -> None:
    result = run("--help")
    assert result.code == 0
    assert result.out.startswith("Usage: bloc [OPTIONS] COMMAND [ARGS]...\n")
    for name in ALL_COMMANDS:
        assert re.search(rf"^  {name} +\S", result.out, flags=re.MULTILINE), name
    for option in ("--data PATH", "--version", "-h, --help"):
        assert option in result.out
    # `bloc completion SHELL` replaces Typer's --install-completion and --show-completion.
    assert "--install-completion" not in result.out and "--show-completion" not in result.out


USAGE = {
    "members": "bloc members [OPTIONS]",
    "member": "bloc member [OPTIONS] NAME",
    "security": "bloc security [OPTIONS]",
    "roadmap": "bloc roadmap [OPTIONS]",
    "benefits": "bloc benefits [OPTIONS]",
    "about": "bloc about [OPTIONS]",
    "search": "bloc search [OPTIONS] TEXT",
    "sql": "bloc sql [OPTIONS] [QUERY]",
    "export": "bloc export [OPTIONS] DIR",
    "schema": "bloc schema [OPTIONS]",
    "help": "bloc help [OPTIONS] [COMMAND]",
    "completion": "bloc completion [OPTIONS] SHELL",
}


@pytest.mark.process
@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_usage_line_names_arguments_as_the_readme_does(name: str) -> None:
    usage = USAGE.get(name, f"bloc {name} [OPTIONS]")  # a command without arguments
    assert run(name, "-h").out.startswith(f"Usage: {usage}\n\n")
    terminal = ANSI.sub("", run_in_terminal(name, "-h").out)
    assert f" Usage: {usage} " in terminal


# Typer's own labels for a value: `{name}`, `<str>`, `<path>`, `<a|b>`.
TYPE_LABEL = re.compile(r"\{\w+\}|<\w+(\|\w+)*>")


@pytest.mark.process
@pytest.mark.parametrize("name", ["--help", *ALL_COMMANDS])
def test_help_has_no_type_labels_and_shows_choices_one_way(name: str) -> None:
    args = (name,) if name.startswith("-") else (name, "-h")
    for out in (run(*args).out, ANSI.sub("", run_in_terminal(*args).out)):
        assert not TYPE_LABEL.search(out), TYPE_LABEL.search(out)
    choices = {"members": "--sort [name|year]", "benefits": "--kind [membership|economic]"}
    if name in choices:
        assert choices[name] in run(name, "-h").out


@pytest.mark.process
@pytest.mark.parametrize("name", ["--help", *ALL_COMMANDS])
def test_piped_help_has_no_trailing_spaces_and_compact_examples(name: str) -> None:
    args = (name,) if name.startswith("-") else (name, "-h")
    out = run(*args).out
    assert "\x1b" not in out
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
    # The examples close the help: a heading, then one line per example.
    head, _, examples = out.partition("\n  Examples:\n")
    assert examples, out
    lines = examples.splitlines()
    assert lines and all(line.startswith("    $ bloc ") for line in lines), lines


@pytest.mark.process
def test_terminal_help_keeps_its_panels_and_compact_examples() -> None:
    out = ANSI.sub("", run_in_terminal("members", "-h").out)
    assert "╭─ Options" in out and "--sort" in out and "[name|year]" in out
    examples = out.split(" Examples")[1].strip().splitlines()
    assert [line.strip() for line in examples] == [
        "$ bloc members",
        "$ bloc members -c energy --sort year",
        "$ bloc members --since 1993 -f json",
        "$ bloc members | cut -f1",
    ]
    narrow = ANSI.sub("", run_in_terminal("members", "-h", columns=60).out)
    assert max(map(len, narrow.splitlines())) <= 60
    assert "[name|year]" in narrow and "FORMAT" in narrow


@pytest.mark.process
@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_command_help_shows_options_plainly_and_examples(name: str) -> None:
    result = run(name, "-h")
    assert result.code == 0
    assert f"Usage: bloc {name} [OPTIONS]" in result.out
    assert "Examples" in result.out and f"$ bloc {name}" in result.out
    # Flags take no value: no `<bool>` or `BOOLEAN` beside them (typer 0.29 added one).
    assert "<bool>" not in result.out and "BOOLEAN" not in result.out
    # A command has its own options only: completion belongs to `bloc completion`.
    assert "--install-completion" not in result.out


CITING = {"members", "member", "security", "roadmap", "benefits", "context", "search"}


@pytest.mark.process
def test_output_options_appear_on_every_record_command() -> None:
    for name in COMMAND_NAMES:
        out = run(name, "-h").out
        has_output = name not in ("schema", "article")
        for option in ("--format", "--fields", "--no-header"):
            assert (option in out) is has_output, (name, option)
        # --cite only where the records are facts the article states.
        assert ("--cite" in out) is (name in CITING), name


@pytest.mark.process
def test_help_command_prints_the_same_help_as_the_help_option() -> None:
    assert run("help") == run("--help")
    assert run("help", "members") == run("members", "-h")
    assert run("help", "member").out.startswith("Usage: bloc member [OPTIONS] NAME\n")
    assert run("help").code == 0
    terminal = run_in_terminal("help", "members")
    assert ANSI.sub("", terminal.out) == ANSI.sub("", run_in_terminal("members", "-h").out)


@pytest.mark.process
def test_fields_match_in_any_case_like_formats() -> None:
    result = run("members", "--fields", "NAME,Year_Joined", "-f", "CSV")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[:2] == ["name,year_joined", "Kazakhstan,1992"]
    # A query's columns that differ only in case are named exactly.
    assert run("sql", "SELECT 1 AS a, 2 AS A, 3 AS b", "--fields", "B,A").out == "b\tA\n3\t2\n"
    assert run("sql", "SELECT 1 AS a, 2 AS A", "--fields", "a").out == "a\n1\n"
