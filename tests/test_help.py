"""Help, as a pipe and a terminal show it: `bloc` alone, -h, --help and `bloc help`, with
every command's usage line, options and examples pinned (a Typer or Click upgrade that
rewords them fails here). Plain help runs in this process; rich help needs a terminal."""

from __future__ import annotations

import re
import sys

import pytest

from bloc_cli import cli, registry
from bloc_cli.output import pager

from conftest import COMMAND_NAMES, bloc, run_in_terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Every command a person can ask help for: the dataset's and bloc's own.
ALL_COMMANDS = [*COMMAND_NAMES, "help", "completion"]
TOP_USAGE = "Usage: bloc [OPTIONS] COMMAND [ARGS]...\n"


def test_bloc_alone_prints_the_help_and_exits_2_as_a_command_line_asking_nothing() -> None:
    alone = bloc()
    assert (alone.code, alone.err) == (2, "")
    assert alone.out.startswith(TOP_USAGE)
    assert alone.out == bloc("--help").out


def test_top_level_help_lists_every_command_and_the_global_options() -> None:
    result = bloc("--help")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith(TOP_USAGE)
    for name in ALL_COMMANDS:
        assert re.search(rf"^  {name} +\S", result.out, flags=re.MULTILINE), name
    for option in ("--data PATH", "--version", "-h, --help"):
        assert option in result.out
    # `bloc completion SHELL` replaces Typer's --install-completion and --show-completion.
    assert "--install-completion" not in result.out and "--show-completion" not in result.out


def test_top_level_help_ends_with_its_examples() -> None:
    out = bloc("-h").out
    assert out.endswith(
        "  Examples:\n"
        "    $ bloc members\n"
        "    $ bloc member kaz\n"
        "    $ bloc security --compare\n"
        "    $ bloc members -f json | jq '.[].name'\n"
    )


def test_command_help_lists_the_global_options_apart() -> None:
    result = bloc("members", "-h")
    assert (result.code, result.err) == (0, "")
    out = result.out
    own, _, inherited = out.partition("\nGlobal options:\n")
    assert "--data PATH" in inherited and "--no-pager" in inherited and "--version" not in out
    assert "reads standard input" in inherited
    assert "--data" not in own and "--version" not in own
    assert "--sort [name|year]" in own and "--data" not in inherited.split("Examples")[1]


@pytest.mark.process
def test_terminal_help_shows_the_global_options_in_a_panel_of_their_own() -> None:
    out = ANSI.sub("", run_in_terminal("members", "-h").out)
    options, _, inherited = out.partition("╭─ Global options")
    panel = inherited.split("╰")[0]
    # --version is bloc's alone (`bloc --version`), not an option of a command.
    assert "--data" in panel and "--no-pager" in panel and "--version" not in out
    assert "--data" not in options


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


@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_usage_line_names_arguments_as_the_readme_does(name: str) -> None:
    usage = USAGE.get(name, f"bloc {name} [OPTIONS]")  # a command without arguments
    assert bloc(name, "-h").out.startswith(f"Usage: {usage}\n\n")


@pytest.mark.process
@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_terminal_usage_line_names_arguments_as_the_readme_does(name: str) -> None:
    usage = USAGE.get(name, f"bloc {name} [OPTIONS]")
    terminal = ANSI.sub("", run_in_terminal(name, "-h").out)
    assert f" Usage: {usage} " in terminal


# Typer's own labels for a value: `{name}`, `<str>`, `<path>`, `<a|b>`.
TYPE_LABEL = re.compile(r"\{\w+\}|<\w+(\|\w+)*>")


@pytest.mark.parametrize("name", ["--help", *ALL_COMMANDS])
def test_help_has_no_type_labels_and_shows_choices_one_way(name: str) -> None:
    args = (name,) if name.startswith("-") else (name, "-h")
    out = bloc(*args).out
    assert not TYPE_LABEL.search(out), TYPE_LABEL.search(out)
    choices = {"members": "--sort [name|year]", "benefits": "--kind [membership|economic]"}
    if name in choices:
        assert choices[name] in out


@pytest.mark.process
@pytest.mark.parametrize("name", ["--help", *ALL_COMMANDS])
def test_terminal_help_has_no_type_labels(name: str) -> None:
    args = (name,) if name.startswith("-") else (name, "-h")
    out = ANSI.sub("", run_in_terminal(*args).out)
    assert not TYPE_LABEL.search(out), TYPE_LABEL.search(out)


@pytest.mark.parametrize("name", ["--help", *ALL_COMMANDS])
def test_piped_help_has_no_trailing_spaces_and_compact_examples(name: str) -> None:
    args = (name,) if name.startswith("-") else (name, "-h")
    out = bloc(*args).out
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


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_command_help_shows_options_plainly_and_examples(name: str) -> None:
    result = bloc(name, "-h")
    assert (result.code, result.err) == (0, "")
    assert f"Usage: bloc {name} [OPTIONS]" in result.out
    assert "Examples" in result.out and f"$ bloc {name}" in result.out
    # Flags take no value: no `<bool>` or `BOOLEAN` beside them (typer 0.29 added one).
    assert "<bool>" not in result.out and "BOOLEAN" not in result.out
    # A command has its own options only: completion belongs to `bloc completion`.
    assert "--install-completion" not in result.out


CITING = {"members", "member", "security", "roadmap", "benefits", "context", "search"}


def test_output_options_appear_on_every_record_command() -> None:
    for name in COMMAND_NAMES:
        out = bloc(name, "-h").out
        has_output = name not in ("schema", "article")
        for option in ("--format", "--fields", "--no-header"):
            assert (option in out) is has_output, (name, option)
        # --cite only where the records are facts the article states.
        assert ("--cite" in out) is (name in CITING), name


def test_help_command_prints_the_same_help_as_the_help_option() -> None:
    assert bloc("help") == bloc("--help")
    assert bloc("help", "members") == bloc("members", "-h")
    assert bloc("help", "member").out.startswith("Usage: bloc member [OPTIONS] NAME\n")
    assert bloc("help").code == 0


@pytest.mark.process
def test_help_command_on_a_terminal_prints_the_same_help_as_the_help_option() -> None:
    terminal = run_in_terminal("help", "members")
    assert ANSI.sub("", terminal.out) == ANSI.sub("", run_in_terminal("members", "-h").out)


# The help is built for where it goes: decided once, at start-up ----------------------------


def test_examples_close_plain_help_unwrapped_and_rich_help_in_bold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Click rewraps a paragraph unless it opens with \b; rich reads [bold] as markup.
    assert cli._examples("bloc a", "bloc b -f json") == (
        "\b\nExamples:\n  $ bloc a\n  $ bloc b -f json"
    )
    monkeypatch.setattr(cli, "HELP_MARKUP", "rich")
    assert cli._examples("bloc a", "bloc b -f json") == (
        "[bold]Examples[/bold]\n$ bloc a\n$ bloc b -f json"
    )


class Stdout:
    def __init__(self, answer: bool | type[Exception]) -> None:
        self.answer = answer

    def isatty(self) -> bool:
        if isinstance(self.answer, bool):
            return self.answer
        raise self.answer("closed")


@pytest.mark.parametrize(
    ("stdout", "terminal"),
    [
        (Stdout(True), True),
        (Stdout(False), False),
        (None, False),  # `bloc >&-`
        (Stdout(ValueError), False),  # a closed file
        (Stdout(OSError), False),
    ],
    ids=["a terminal", "a pipe", "closed", "a closed file", "an unusual stream"],
)
def test_stdout_is_a_terminal_only_when_it_says_so(
    monkeypatch: pytest.MonkeyPatch, stdout: Stdout | None, terminal: bool
) -> None:
    monkeypatch.setattr(sys, "stdout", stdout)
    assert registry._stdout_is_terminal() is terminal


@pytest.mark.parametrize(
    ("on_a_terminal", "asked", "turned_off"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_no_pager_turns_the_pager_off_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, on_a_terminal: bool, asked: bool, turned_off: bool
) -> None:
    monkeypatch.setattr(cli, "STDOUT_IS_TERMINAL", on_a_terminal)
    monkeypatch.setattr(pager, "_turned_off", False)
    cli._no_pager(asked)
    assert pager._turned_off is turned_off
