"""Every use of Typer's and Click's internals, each with the Typer versions it was checked with.

The rest of bloc uses Typer's public API only (`typer.Typer`, `typer.Option`,
`typer.Argument`, `typer.Context`, `typer.Exit`, `typer.echo`, `typer.TyperException`,
`typer.main.get_command`) and this module. Typer 0.28 builds its commands on a vendored
Click; Typer 0.29 rewrote the parameters (a `type_descriptor` instead of a Click
`type`) and the group (no longer a Click group). Both are handled here, so that a new
Typer release is checked, and fixed, in this one file. tests/test_help.py and
tests/test_errors.py pin what users see of each use (usage lines, help labels, parser
errors).

It also holds the command line as people type it: bloc's own options after any
command, choices in any case or by a unique prefix (typer 0.28; 0.29 keeps its own
choice checks), each option once, and every parser error in bloc's voice, pointing at
what was probably meant.

Shell completion's classes are here too; completion.py uses them.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, TypeAlias

import typer
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
)
from typer._click.exceptions import ClickException as ClickException
from typer._click.parser import _OptionParser

# Shell completion (completion.py): checked with typer 0.28.0 and 0.29.2, these are the
# vendored Click's: a ShellComplete class registered by add_completion_class, and the
# two functions that find the command and the word at the cursor (_resolve_context,
# _resolve_incomplete). tests/test_completion.py presses TAB in bash, zsh and fish.
from typer._click.shell_completion import ShellComplete as ShellComplete
from typer._click.shell_completion import _resolve_context as resolve_context
from typer._click.shell_completion import _resolve_incomplete as resolve_incomplete
from typer._click.shell_completion import add_completion_class as add_completion_class
from typer.core import TyperArgument as TyperArgument
from typer.core import TyperCommand, TyperGroup
from typer.core import TyperOption as TyperOption

__all__ = ["resolve_context", "resolve_incomplete"]  # re-exported for completion.py

from bloc_cli.errors import UsageError, did_you_mean, one_of, quoted

try:  # typer 0.28: Click's parameter types (typer 0.29 has none: a `type_descriptor`)
    from typer._click.types import FloatParamType, IntParamType, ParamType
    from typer._types import TyperChoice

    CLICK_TYPES = True
except ImportError:  # typer 0.29: stand-ins that no parameter's type is
    from typing import Generic, TypeVar

    _T = TypeVar("_T")

    class _Absent(Generic[_T]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

    FloatParamType = IntParamType = ParamType = _Absent  # type: ignore[assignment,misc]
    TyperChoice = _Absent  # type: ignore[assignment,misc]
    CLICK_TYPES = False

# What `typer.Typer(cls=...)` takes: a group class.
GroupClass: TypeAlias = type[TyperGroup]


class _AsTyped:
    """What bloc's group and its commands share (mixed in before Typer's class): bloc's
    parser, errors in bloc's words, and flags shown without a type label.

    Checked with typer 0.28.0 and 0.29.2: Click's `parse_args`, `get_params` and
    `make_parser` of a group and of a command.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        parse: Callable[[Any, list[str]], list[str]] = super().parse_args  # type: ignore[misc]
        return _parse_in_bloc_words(parse, ctx, args)

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_unlabelled(super().get_params(ctx))  # type: ignore[misc]

    def make_parser(self, ctx: Any) -> Any:
        return make_parser(self, ctx)


def lazy_group(
    names: Callable[[], list[str]],
    build: Callable[[str, list[Any]], Any],
    reject: Callable[[str], Exception],
) -> GroupClass:
    """A group class (for `typer.Typer(cls=...)`) whose commands are `names()`, each built
    by `build(name, inherited)` when used (`inherited`: the group's options a command
    takes too, all but --version); an unknown command name raises `reject(name)`.

    Checked with typer 0.28.0 and 0.29.2: `TyperGroup` (in `typer.core`, not Typer's
    documented API) asks `list_commands` and `get_command` for its commands (Click's
    lazy-loading pattern) and calls `resolve_command` and `parse_args` as Click does.
    """

    class LazyGroup(_AsTyped, TyperGroup):
        def list_commands(self, ctx: Any) -> list[str]:
            return names()

        def get_command(self, ctx: Any, cmd_name: str) -> Any:
            # --version is bloc's alone: it takes no command (`bloc --version`).
            return build(cmd_name, [param for param in self.params if param.name != "version"])

        def resolve_command(self, ctx: Any, args: list[str]) -> Any:
            name = args[0] if args else ""
            if name and not name.startswith("-") and name not in names():
                raise reject(name)
            return super().resolve_command(ctx, args)

    return LazyGroup


class BlocCommand(_AsTyped, TyperCommand):
    """A Typer command whose usage line and parser errors read as the README's.

    Checked with typer 0.28.0 and 0.29.2: `TyperCommand` (in `typer.core`) builds its
    usage line from `collect_usage_pieces` and parses in `parse_args`, as Click does;
    a parameter has Click's `param_type_name`, `metavar` and `required`.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # Typer writes a required argument `{name}`; bloc writes it as `NAME`, an
        # optional one as `[NAME]` (the metavars are set by label_parameters).
        pieces = [str(self.options_metavar)]  # `[OPTIONS]`, as Typer sets it
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        format_options(self, ctx, formatter)


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
                param.metavar = param.name.upper()
            if hasattr(param, "type_descriptor"):  # typer 0.29
                param.display_type_rich = lambda ctx, label=label: label
            else:  # typer 0.28
                unlabelled = copy.copy(param.type)
                setattr(unlabelled, "get_metavar", lambda param, ctx, label=label: label)  # noqa: B010
                param.type = unlabelled
        elif param.metavar is None and choices:  # an option with choices (a flag has none)
            param.metavar = label


def _parse_in_bloc_words(
    parse: Callable[[Any, list[str]], list[str]], ctx: Any, args: list[str]
) -> list[str]:
    """`parse(ctx, args)` (a command's or group's parse_args), its errors in bloc's voice."""
    try:
        return parse(ctx, args)
    except typer.TyperException as error:
        if is_help(error):
            raise
        raise reworded(error, ctx) from None


def parser_error(error: typer.TyperException) -> tuple[str, str | None, int]:
    """The message, the command whose help to read, and the exit code of a parser error
    not reworded as it was raised (such as `bloc --data FILE` without a command).

    Checked with typer 0.28.0 and 0.29.2: Typer exports TyperException but not the Click
    exception classes its parser raises, whose `exit_code` is read here.
    """
    usage_error = reworded(error, None)
    return str(usage_error), usage_error.help_for, int(error.exit_code)


def is_help(error: typer.TyperException) -> bool:
    """Whether the error is Click's "no arguments, so here is the help" (its message is the
    plain help, or empty when rich has printed it).

    Checked with typer 0.28.0 and 0.29.2: the class, NoArgsIsHelpError, is not exported,
    so its name is read.
    """
    return type(error).__name__ == "NoArgsIsHelpError"


def help_message(error: typer.TyperException) -> str:
    """The plain help a NoArgsIsHelpError carries, ending in a newline as -h prints it
    (empty when rich has printed it).

    Checked with typer 0.28.0 and 0.29.2: Click's `format_message` (without the newline)."""
    message = str(error.format_message())
    return message and message + "\n"


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


# --- the command line as people type it ----------------------------------------------

# The help section (and rich panel) of the options every command takes from bloc itself.
GLOBAL_OPTIONS = "Global options"
# Options whose value may be left out: a bare `--fields` is given the empty list, which
# the command answers by listing its fields, as gh's bare `--json` does.
_BARE_VALUES = {"fields": ""}
# What a number option's value is, by its metavar, for "'abc' is not a year" (every
# number option names its value: a new one without a noun here fails as it is built).
_NUMBER_NOUNS = {"YEAR": "a year", "SECONDS": "a number of seconds"}


def _error(ctx: Any, message: str) -> UsageError:
    return UsageError(message, help_for=ctx.command_path if ctx is not None else None)


def _where(param: Any, ctx: Any) -> str:
    """How an error names a parameter: an option by its long name, an argument by its
    command (`completion: 'tcsh' is not one of ...`)."""
    if param is not None and param.param_type_name == "option":
        return str(max(param.opts, key=len))
    return str(ctx.info_name) if ctx is not None else "bloc"


class Choices(TyperChoice[Any]):
    """A choice typed in any case, or as the start of exactly one choice (`--kind eco`)."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        by_name = {str(choice): choice for choice in self.choices}
        typed = str(value).casefold()
        found = [name for name in by_name if name.casefold() == typed]
        if not found and typed:
            found = [name for name in by_name if name.casefold().startswith(typed)]
        if len(found) == 1:
            return by_name[found[0]]
        where = _where(param, ctx)
        if found:
            raise _error(ctx, f"{where}: {quoted(str(value))} could mean {one_of(found)}")
        names = list(by_name)
        raise _error(
            ctx,
            f"{where}: {quoted(str(value))} is not one of {', '.join(names)}"
            + did_you_mean(str(value), names),
        )


class Number(ParamType):
    """A whole number or a number, named in errors as what it is ("is not a year")."""

    name = "number"

    def __init__(self, cast: Callable[[str], object], noun: str) -> None:
        self.cast = cast
        self.noun = noun

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.cast(value)
        except ValueError:
            message = f"{_where(param, ctx)}: {quoted(value)} is not {self.noun}"
            raise _error(ctx, message) from None


def prepare(command: Any, inherited: Sequence[Any]) -> None:
    """Give `command` bloc's types for choices and numbers, and copies of the `inherited`
    options (bloc's own) in a help section of their own."""
    for param in command.params:
        if not CLICK_TYPES:  # typer 0.29 checks choices and numbers itself
            break
        if isinstance(param.type, TyperChoice):
            param.type = Choices(param.type.choices)  # its convert() ignores case itself
        elif isinstance(param.type, IntParamType):
            param.type = Number(int, _NUMBER_NOUNS[param.metavar])
        elif isinstance(param.type, FloatParamType):
            param.type = Number(float, _NUMBER_NOUNS[param.metavar])
    command.params.extend(_inherit(option) for option in inherited)


def _inherit(option: Any) -> Any:
    """A copy of bloc's own `option` for a command: given after the command, it sets bloc's
    value (`bloc members --data FILE` is `bloc --data FILE members`)."""
    inherited = copy.copy(option)
    inherited.envvar = None  # bloc's own option reads the environment
    inherited.expose_value = False
    inherited.rich_help_panel = GLOBAL_OPTIONS
    if not option.is_eager:  # --version acts at once, wherever it is
        inherited.callback = _set_in_root
    return inherited


def _set_in_root(ctx: Any, param: Any, value: Any) -> Any:
    if value is None:  # not given after the command
        return None
    root = ctx.find_root()
    source = root.get_parameter_source(param.name)
    if source is not None and source.name == "COMMANDLINE":
        raise _error(ctx, _repeated(param.opts[0], [root.params[param.name], value]))
    root.params[param.name] = value
    return value


def _repeated(option: str, values: Sequence[str]) -> str:
    times = "twice" if len(values) == 2 else f"{len(values)} times"
    return f"{option} is given {times} ({', '.join(map(quoted, values))}); give it once"


def format_options(command: Any, ctx: Any, formatter: Any) -> None:
    """The plain help's sections, as Typer writes them, with bloc's own options in a section
    of their own (rich help has them in a panel of their own by their `rich_help_panel`)."""
    sections: dict[str, list[tuple[str, str]]] = {
        "Arguments": [],
        "Options": [],
        GLOBAL_OPTIONS: [],
    }
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            sections["Arguments"].append(record)
        elif getattr(param, "rich_help_panel", None) == GLOBAL_OPTIONS:
            sections[GLOBAL_OPTIONS].append(record)
        else:
            sections["Options"].append(record)
    for title, records in sections.items():
        if records:
            with formatter.section(title):
                formatter.write_dl(records)


class Parser(_OptionParser):
    """Click's parser, with a value that may be left out (a bare `--fields`), each option
    that takes a value given at most once, and no argument left over."""

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.given: dict[str, list[tuple[str, str]]] = {}

    def _get_value_from_state(self, option_name: str, option: Any, state: Any) -> Any:
        name = option.obj.name
        next_arg = state.rargs[0] if state.rargs else None
        value: Any
        if name in _BARE_VALUES and (next_arg is None or _looks_like_option(next_arg)):
            value = _BARE_VALUES[name]
        else:
            value = super()._get_value_from_state(option_name, option, state)
        if not option.obj.multiple:
            self.given.setdefault(name, []).append((option_name, value))
        return value

    def parse_args(self, args: list[str]) -> Any:
        opts, leftover, order = super().parse_args(args)
        ctx = self.ctx
        if ctx is None or ctx.resilient_parsing:
            return opts, leftover, order
        for given in self.given.values():
            if len(given) > 1:
                raise _error(ctx, _repeated(given[-1][0], [value for _, value in given]))
        if leftover and not ctx.allow_extra_args:
            noun = "argument" if len(leftover) == 1 else "arguments"
            words = ", ".join(map(quoted, leftover))
            raise _error(ctx, f"unexpected {noun} {words}{_meant_option(leftover[0], ctx)}")
        return opts, leftover, order


def _looks_like_option(arg: str) -> bool:
    return arg.startswith("-") and len(arg) > 1


def make_parser(command: Any, ctx: Any) -> Parser:
    """The parser of `command` (as Click's Command.make_parser builds it)."""
    parser = Parser(ctx)
    for param in command.get_params(ctx):
        param.add_to_parser(parser, ctx)
    return parser


def _meant_option(typed: str, ctx: Any) -> str:
    """`; did you mean --compare?` for `compare`, `; did you mean -f json?` for `--json`:
    the option whose name, or the option with a choice, `typed` is (in any case)."""
    word = typed.lstrip("-").casefold()
    options = [param for param in ctx.command.get_params(ctx) if param.param_type_name == "option"]
    for param in options:
        for name in param.opts:
            if name.startswith("--") and name[2:].casefold() == word:
                return f"; did you mean {name}?"
    for param in options:
        if word in choice_names(param):
            return f"; did you mean {min(param.opts, key=len)} {word}?"
    return ""


def reworded(error: Any, ctx: Any) -> UsageError:
    """A Click parser error as bloc says it: `no option '--json'; did you mean -f json?`.

    Checked with typer 0.28.0 and 0.29.2: the exception classes of Typer's vendored
    Click, and their `ctx`, `option_name`, `possibilities`, `message` and `param`.
    """
    ctx = getattr(error, "ctx", None) or ctx
    if isinstance(error, NoSuchOption) and error.option_name == "--version":
        return _error(ctx, "--version takes no command: run 'bloc --version'")
    if isinstance(error, NoSuchOption):
        hint = _meant_option(error.option_name, ctx) if ctx is not None else ""
        if not hint and error.possibilities:
            hint = f"; did you mean {one_of(list(error.possibilities))}?"  # best first
        return _error(ctx, f"no option {quoted(error.option_name)}{hint}")
    if isinstance(error, BadOptionUsage):
        option = error.option_name
        if "requires" not in error.message:
            return _error(ctx, f"{option} takes no value")
        return _error(ctx, f"{option} needs a value{_choices_of(option, ctx)}")
    if isinstance(error, MissingParameter) and error.param is not None:
        # Only an argument is ever missing (bloc has no required option); typer 0.29's
        # arguments have no `human_readable_name`, which is the metavar on 0.28.
        param = error.param
        return _error(ctx, f"{_where(None, ctx)}: give a {param.metavar}{_choices(param)}")
    if isinstance(error, BadParameter) and error.param is not None:
        return _error(ctx, f"{_where(error.param, ctx)}: {_plain(error.message)}")
    return _error(ctx, _plain(error.format_message()))


def _choices_of(option: str, ctx: Any) -> str:
    """`; choose from ...` for `option` of the command being parsed (the parser gives it)."""
    (param,) = [param for param in ctx.command.get_params(ctx) if option in param.opts]
    return _choices(param)


def _choices(param: Any) -> str:
    choices = choice_names(param)
    return f"; choose from {', '.join(choices)}" if choices else ""


def _plain(message: str) -> str:
    """Click's sentence as bloc's words: lowercase first, no closing full stop."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]
