"""A Typer group whose subcommands are built on first use, not all at start-up.

Building one Typer command (inspecting its signature, making its Click options)
costs about 0.2 ms; a run of bloc uses one command, so it builds one. This is
Click's documented "lazily loading subcommands" pattern, fed by Typer's own builder.
"""

from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
import typer.main
from typer.core import MarkupMode, TyperGroup


class _LazyCommands(MutableMapping[str, Any]):
    """The commands declared on a Typer app, by name, each built on first access."""

    def __init__(self, declared: typer.Typer, rich_markup_mode: MarkupMode) -> None:
        self._declared = {str(info.name): info for info in declared.registered_commands}
        self._built: dict[str, Any] = {}
        self._rich_markup_mode = rich_markup_mode

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = typer.main.get_command_from_info(
                self._declared[name],
                pretty_exceptions_short=True,
                rich_markup_mode=self._rich_markup_mode,
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._declared[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._declared)

    def __len__(self) -> int:
        return len(self._declared)


def lazy_group(declared: typer.Typer, *, rich_markup_mode: MarkupMode) -> type[TyperGroup]:
    """A group class (for `typer.Typer(cls=...)`) serving the commands of `declared`.

    The commands must be declared with explicit names: `@declared.command("name")`.
    """

    class LazyGroup(TyperGroup):
        def __init__(self, **settings: Any) -> None:
            super().__init__(**settings)
            self.commands = _LazyCommands(declared, rich_markup_mode)

    return LazyGroup
