"""Subcommands declared by name and built on first use, through Typer's public API only.

Building one Typer command (inspecting its signature, making its Click options) costs
about 0.2 ms; a run of bloc uses one command, so it builds one. This is Click's
lazy-loading pattern (a group overriding `list_commands` and `get_command`); each
command is built by `typer.main.get_command` on an app that holds that command alone.

Every command and the group share what help and errors look like: usage lines name
arguments as the README does (`bloc member [OPTIONS] NAME`), choices read `[a|b]`, and
a parser error knows its command, so that it ends with the help to read.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, TypeVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from bloc_cli import usage
from bloc_cli.errors import UsageError, quoted

Function = TypeVar("Function", bound=Callable[..., Any])
# None: Click's plain help (what a pipe gets); "rich": panels and colour (a terminal).
MarkupMode = Literal["markdown", "rich"] | None


class LazyCommands:
    """The subcommands of an app: declared with `@commands.command(name)`, built when used."""

    def __init__(self, rich_markup_mode: MarkupMode) -> None:
        self._declared: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}
        self._built: dict[str, Any] = {}
        self._rich_markup_mode: MarkupMode = rich_markup_mode

    def command(self, name: str, **settings: Any) -> Callable[[Function], Function]:
        """Declare `name`; `settings` are those of `typer.Typer.command`."""

        def declare(function: Function) -> Function:
            self._declared[name] = (function, settings)
            return function

        return declare

    def names(self) -> list[str]:
        return list(self._declared)

    def function(self, name: str) -> Any:
        """The function declared as `name`."""
        return self._declared[name][0]

    def build(self, name: str, inherited: list[Any]) -> Any:
        """The Click command for `name` (built once), or None if no such command; it takes
        the `inherited` options (the app's own) too."""
        if name not in self._declared:
            return None
        if name not in self._built:
            function, settings = self._declared[name]
            single = typer.Typer(rich_markup_mode=self._rich_markup_mode, add_completion=False)
            single.command(name, cls=BlocCommand, **settings)(function)
            command = typer.main.get_command(single)
            usage.prepare(command, inherited)
            _label_parameters(command)
            self._built[name] = command
        return self._built[name]

    def group(self) -> type[TyperGroup]:
        """A group class (for `typer.Typer(cls=...)`) that serves these commands."""
        commands = self

        class LazyGroup(TyperGroup):
            def list_commands(self, ctx: Any) -> list[str]:
                return commands.names()

            def get_command(self, ctx: Any, cmd_name: str) -> Any:
                # --version is bloc's alone: it takes no command (`bloc --version`).
                inherited = [param for param in self.params if param.name != "version"]
                return commands.build(cmd_name, inherited=inherited)

            def resolve_command(self, ctx: Any, args: list[str]) -> Any:
                name = args[0] if args else ""
                if name and not name.startswith("-") and name not in commands.names():
                    raise UsageError(unknown_command(name, commands.names()), help_for="bloc")
                return super().resolve_command(ctx, args)

            def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
                return _parse_teaching(super().parse_args, ctx, args)

            def make_parser(self, ctx: Any) -> Any:
                return usage.make_parser(self, ctx)

        return LazyGroup


class BlocCommand(TyperCommand):
    """A Typer command whose usage line and parser errors read as the README's."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # Typer writes a required argument `{name}`; bloc writes it as `NAME`, an
        # optional one as `[NAME]` (the metavars are set by _label_parameters).
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.human_readable_name
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse_teaching(super().parse_args, ctx, args)

    def make_parser(self, ctx: Any) -> Any:
        return usage.make_parser(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        usage.format_options(self, ctx, formatter)


def unknown_command(name: str, known: list[str]) -> str:
    """`no command 'NAME'`, with the close names as a did-you-mean."""
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no command {quoted(name)}{hint}"


def choice_names(param: Any) -> list[str]:
    """The values a parameter with choices accepts, as typed; empty if it takes any."""
    choices = getattr(param.type, "choices", None) or ()
    return [str(choice.value) if isinstance(choice, Enum) else str(choice) for choice in choices]


def _label_parameters(command: Any) -> None:
    """Name the values of `command`'s parameters as bloc's help and errors show them.

    Checked with typer 0.28: an argument without a metavar shows as `{name}` in the
    usage line and with a `<str>` or `<path>` type label in rich help (the label is
    `param.type.get_metavar()`, or `<type name>` when that is None; an empty label
    shows nothing); choices show as `<a|b>`. Here an argument is named `NAME`, choices
    read `[a|b]` (the plain help's Click form), and an argument's type label is its
    choices or nothing. tests/test_help_and_errors.py checks every command's help.
    """
    for param in command.params:
        choices = choice_names(param)
        label = f"[{'|'.join(choices)}]" if choices else ""
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = (param.name or "").upper()
            unlabelled = copy.copy(param.type)
            setattr(unlabelled, "get_metavar", lambda param, ctx, label=label: label)  # noqa: B010
            param.type = unlabelled
        elif param.metavar is None and not getattr(param, "is_flag", True):
            param.metavar = label or (param.name or "").upper()


def _parse_teaching(
    parse: Callable[[Any, list[str]], list[str]], ctx: Any, args: list[str]
) -> list[str]:
    """`parse(ctx, args)` (a command's or group's parse_args), its errors in bloc's voice."""
    try:
        return parse(ctx, args)
    except typer.TyperException as error:
        if usage.is_help_request(error):
            raise
        raise usage.reworded(error, ctx) from None
