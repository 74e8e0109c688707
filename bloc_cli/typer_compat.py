"""Every use of Typer's and Click's internals, each with the Typer versions it was checked with.

The rest of bloc uses Typer's public API only (`typer.Typer`, `typer.Option`,
`typer.Argument`, `typer.Context`, `typer.Exit`, `typer.echo`, `typer.TyperException`,
`typer.main.get_command`) and this module. Typer 0.28 builds its commands on a vendored
Click; Typer 0.29 rewrote the parameters (a `type_descriptor` instead of a Click
`type`) and the group (no longer a Click group). Both are handled here, so that a new
Typer release is checked, and fixed, in this one file. tests/test_help_and_errors.py
pins what users see of each use (usage lines, help labels, parser errors).

(bloc_cli/completion.py still reads Typer's completion templates itself.)
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeAlias

import typer
from typer.core import TyperCommand, TyperGroup

# What `typer.Typer(cls=...)` takes: a group class.
GroupClass: TypeAlias = type[TyperGroup]


def lazy_group(
    names: Callable[[], list[str]],
    build: Callable[[str], Any],
    reject: Callable[[str], Exception],
) -> GroupClass:
    """A group class (for `typer.Typer(cls=...)`) whose commands are `names()`, each built
    by `build(name)` when used; an unknown command name raises `reject(name)`.

    Checked with typer 0.28.0 and 0.29.2: `TyperGroup` (in `typer.core`, not Typer's
    documented API) asks `list_commands` and `get_command` for its commands (Click's
    lazy-loading pattern) and calls `resolve_command` and `parse_args` as Click does.
    """

    class LazyGroup(TyperGroup):
        def list_commands(self, ctx: Any) -> list[str]:
            return names()

        def get_command(self, ctx: Any, cmd_name: str) -> Any:
            return build(cmd_name)

        def resolve_command(self, ctx: Any, args: list[str]) -> Any:
            name = args[0] if args else ""
            if name and not name.startswith("-") and name not in names():
                raise reject(name)
            return super().resolve_command(ctx, args)

        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            return _parse_teaching(super().parse_args, ctx, args)

        def get_params(self, ctx: Any) -> list[Any]:
            return _flags_unlabelled(super().get_params(ctx))

    return LazyGroup


class BlocCommand(TyperCommand):
    """A Typer command whose usage line and parser errors read as the README's.

    Checked with typer 0.28.0 and 0.29.2: `TyperCommand` (in `typer.core`) builds its
    usage line from `collect_usage_pieces` and parses in `parse_args`, as Click does;
    a parameter has Click's `param_type_name`, `metavar` and `required`.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # Typer writes a required argument `{name}`; bloc writes it as `NAME`, an
        # optional one as `[NAME]` (the metavars are set by label_parameters).
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse_teaching(super().parse_args, ctx, args)

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_unlabelled(super().get_params(ctx))


def _flags_unlabelled(params: list[Any]) -> list[Any]:
    """`params`, their flags (-h and --version too) shown without a type label.

    Checked with typer 0.29.2: rich help labels a flag `<bool>` (its
    `display_type_rich`), which typer 0.28 does not; Click's `get_params` adds the help
    option to a command's own parameters.
    """
    for param in params:
        if hasattr(param, "type_descriptor") and getattr(param, "is_flag", False):
            param.display_type_rich = lambda ctx: ""
    return params


def choice_names(param: Any) -> list[str]:
    """The values a parameter with choices accepts, as typed; empty if it takes any.

    Checked with typer 0.28.0 (a Click `Choice` in `param.type`, whose `choices` are
    enum members) and 0.29.2 (`param.type_descriptor.choices`; `param.type` is gone).
    """
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        choices = descriptor.choices if descriptor.is_choice else None
    else:
        choices = getattr(param.type, "choices", None)
    return [
        str(choice.value) if isinstance(choice, Enum) else str(choice) for choice in choices or ()
    ]


def label_parameters(command: Any) -> None:
    """Name the values of `command`'s parameters as bloc's help and errors show them.

    Here an argument is named `NAME`, choices read `[a|b]` (the plain help's Click form),
    and an argument's type label is its choices or nothing.

    Checked with typer 0.28.0: an argument without a metavar shows as `{name}` in the
    usage line and with a `<str>` or `<path>` type label in rich help (the label is
    `param.type.get_metavar()`, or `<type name>` when that is None; an empty label shows
    nothing); choices show as `<a|b>`. Checked with typer 0.29.2: the label is
    `param.display_type_rich(ctx)`, and an empty one shows nothing.
    """
    for param in command.params:
        choices = choice_names(param)
        label = f"[{'|'.join(choices)}]" if choices else ""
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = (param.name or "").upper()
            if not hasattr(param, "type_descriptor"):  # typer 0.28
                unlabelled = copy.copy(param.type)
                setattr(unlabelled, "get_metavar", lambda param, ctx, label=label: label)  # noqa: B010
                param.type = unlabelled
        elif param.metavar is None and not getattr(param, "is_flag", True):
            param.metavar = label or (param.name or "").upper()
        if hasattr(param, "type_descriptor") and param.param_type_name == "argument":
            param.display_type_rich = lambda ctx, label=label: label  # typer 0.29


def _parse_teaching(
    parse: Callable[[Any, list[str]], list[str]], ctx: Any, args: list[str]
) -> list[str]:
    """`parse(ctx, args)` (a command's or group's parse_args), its errors taught."""
    try:
        return parse(ctx, args)
    except typer.TyperException as error:
        _teach(error, ctx)
        raise


def _teach(error: typer.TyperException, ctx: Any) -> None:
    """Give a parser error the context it lacks, and list the values an option with
    choices accepts when it was given none.

    Checked with typer 0.28.0 (its vendored Click) and 0.29.2: the parser raises "Option
    '-f' requires an argument." without a context (so no command to name in the help
    hint) and with the option in `option_name`; `ctx` and `message` are the Click
    UsageError's own attributes, `opts` a parameter's option names.
    """
    if getattr(error, "ctx", ctx) is None:
        error.ctx = ctx  # type: ignore[attr-defined]
    option = getattr(error, "option_name", None)
    if option is None or not error.message.endswith("requires an argument."):
        return
    for param in ctx.command.get_params(ctx):
        if option in param.opts and choice_names(param):
            # As Typer words a missing argument with choices (one line here).
            error.message += f" Choose from: {', '.join(choice_names(param))}"


def parser_error(error: typer.TyperException) -> tuple[str, str | None, int]:
    """The message, the command whose help to read, and the exit code of a parser error.

    Checked with typer 0.28.0 and 0.29.2: Typer exports TyperException but not the Click
    exception classes its parser raises, whose attributes (format_message, ctx,
    exit_code) are read here. Typer 0.29.2 checks values through pydantic, whose
    "Value error, " prefix is dropped so that both versions word a bad value alike.
    """
    context = getattr(error, "ctx", None)
    help_for = context.command_path if context is not None else None
    # Typer lists the choices of a missing argument on lines of their own: one line here.
    message = re.sub(
        r",?\n\s*",
        lambda match: ", " if "," in match[0] else " ",
        _worded_as_click(error).replace("Value error, ", ""),
    )
    return message.strip(), help_for, int(getattr(error, "exit_code", 2))


def _worded_as_click(error: typer.TyperException) -> str:
    """The error's message, a number that does not parse worded as Click words it.

    Checked with typer 0.29.2: the error's cause is pydantic's ValidationError, whose
    `errors()` give the `type` ("int_parsing"), the `input` and the `msg` it printed.
    """
    message = error.format_message()
    errors = getattr(error.__cause__, "errors", None)
    for problem in errors() if callable(errors) else ():
        if problem.get("type") == "int_parsing":
            message = message.replace(problem["msg"], f"{problem['input']!r} is not a valid int.")
    return message


def is_help(error: typer.TyperException) -> bool:
    """Whether the error is Click's "no arguments, so here is the help" (its message is the
    plain help, or empty when rich has printed it).

    Checked with typer 0.28.0 and 0.29.2: the class, NoArgsIsHelpError, is not exported,
    so its name is read.
    """
    return type(error).__name__ == "NoArgsIsHelpError"


def help_message(error: typer.TyperException) -> str:
    """The plain help a NoArgsIsHelpError carries (empty when rich has printed it).

    Checked with typer 0.28.0 and 0.29.2: Click's `format_message`."""
    return str(error.format_message())


def help_of(command: Any, root: Any) -> tuple[str, bool | None]:
    """The help of `command` (a built subcommand, or None for bloc itself) as -h shows it,
    and whether to colour it.

    Checked with typer 0.28.0 and 0.29.2: a command's Click `make_context` (parsing
    nothing, resiliently) and a context's `get_help` and `color`.
    """
    shown = (
        root
        if command is None
        else command.make_context(command.name, [], parent=root, resilient_parsing=True)
    )
    return shown.get_help(), shown.color


def with_parameters(function: Callable[..., Any], parameters: list[inspect.Parameter]) -> None:
    """Show Typer `function` with these parameters (its own, then the shared options).

    Checked with typer 0.28.0 and 0.29.2: Typer reads a command's parameters from
    `inspect.signature` (which honours `__signature__`) and their types from
    `__annotations__`.
    """
    signature = inspect.signature(function)
    function.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=None
    )
    function.__annotations__ = {
        **{parameter.name: parameter.annotation for parameter in parameters},
        "return": None,
    }
