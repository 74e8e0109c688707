"""The registry of bloc's subcommands: cli.py declares them on it, and completion reads it.

It sits below both, so that neither imports the other. Whether stdout is a terminal is
decided here once, at start-up, because the commands' help is built for it.
"""

import inspect
import sys
from typing import Any, cast

import typer

from bloc_cli.lazy_group import LazyCommands, MarkupMode
from bloc_cli.records import Records


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (ValueError, OSError):  # a closed or unusual stdout: it is no terminal
        return False


STDOUT_IS_TERMINAL = _stdout_is_terminal()
# Rich help (panels, colour) on a terminal; Click's plain help in a pipe or a file. Plain
# help has no padded lines (no trailing spaces), rewraps nothing a script reads, and does
# not import rich.
HELP_MARKUP: MarkupMode = "rich" if STDOUT_IS_TERMINAL else None

# Subcommands are declared on `commands` (by bloc_cli.cli); the app builds each one only
# when it is used.
commands = LazyCommands(rich_markup_mode=HELP_MARKUP)


def records_of(ctx: typer.Context, params: dict[str, Any]) -> Records:
    """The records the command of `ctx` returns for `params`, unrendered (for completion):
    the function declared for it, without the output options that render its records."""
    command = commands.function(ctx.info_name or "").__wrapped__
    accepted = inspect.signature(command).parameters
    return cast(
        Records, command(ctx, **{name: value for name, value in params.items() if name in accepted})
    )
