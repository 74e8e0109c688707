"""Subcommands declared by name and built on first use, through Typer's public API only.

Building one Typer command (inspecting its signature, making its Click options) costs
about 0.2 ms; a run of bloc uses one command, so it builds one. This is Click's
lazy-loading pattern (a group overriding `list_commands` and `get_command`); each
command is built by `typer.main.get_command` on an app that holds that command alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import typer
import typer.main
from typer.core import TyperGroup

from bloc_cli.errors import UsageError, quoted

Function = TypeVar("Function", bound=Callable[..., Any])
MarkupMode = Literal["markdown", "rich"]


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

    def build(self, name: str) -> Any:
        """The Click command for `name` (built once), or None if no such command."""
        if name not in self._declared:
            return None
        if name not in self._built:
            function, settings = self._declared[name]
            single = typer.Typer(rich_markup_mode=self._rich_markup_mode, add_completion=False)
            single.command(name, **settings)(function)
            self._built[name] = typer.main.get_command(single)
        return self._built[name]

    def group(self) -> type[TyperGroup]:
        """A group class (for `typer.Typer(cls=...)`) that serves these commands."""
        commands = self

        class LazyGroup(TyperGroup):
            def list_commands(self, ctx: Any) -> list[str]:
                return commands.names()

            def get_command(self, ctx: Any, cmd_name: str) -> Any:
                return commands.build(cmd_name)

            def resolve_command(self, ctx: Any, args: list[str]) -> Any:
                name = args[0] if args else ""
                if name and not name.startswith("-") and name not in commands.names():
                    raise UsageError(_unknown_command(name, commands.names()), help_for="bloc")
                return super().resolve_command(ctx, args)

        return LazyGroup


def _unknown_command(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no command {quoted(name)}{hint}"
