"""Subcommands declared by name and built on first use.

Building one Typer command (inspecting its signature, making its Click options) costs
about 0.2 ms; a run of bloc uses one command, so it builds one. This is Click's
lazy-loading pattern (a group overriding `list_commands` and `get_command`); each
command is built by `typer.main.get_command` on an app that holds that command alone.
The group and command classes, and every other use of Typer's internals, are in
bloc_cli/typer_compat.py.

Every command and the group share what help and errors look like: usage lines name
arguments as the README does (`bloc member [OPTIONS] NAME`), choices read `[a|b]`, and
a parser error knows its command, so that it ends with the help to read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import typer
import typer.main

from bloc_cli import typer_compat
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
            single.command(name, cls=typer_compat.BlocCommand, **settings)(function)
            command = typer.main.get_command(single)
            typer_compat.prepare(command, inherited)
            typer_compat.label_parameters(command)
            self._built[name] = command
        return self._built[name]

    def group(self) -> typer_compat.GroupClass:
        """A group class (for `typer.Typer(cls=...)`) that serves these commands."""
        return typer_compat.lazy_group(self.names, self.build, self._unknown)

    def _unknown(self, name: str) -> UsageError:
        return UsageError(unknown_command(name, self.names()), help_for="bloc")


def unknown_command(name: str, known: list[str]) -> str:
    """`no command 'NAME'`, with the close names as a did-you-mean."""
    import difflib

    close = difflib.get_close_matches(name, known)  # at most 3, as close as 0.6
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no command {quoted(name)}{hint}"
