"""The command line as people type it: bloc's own options after any command, choices in
any case or by a unique prefix, each option once, and every parser error in bloc's voice,
pointing at what was probably meant.

Checked with typer 0.28 (its vendored Click): the parser class, the choice and number
types and the attributes of Click's exceptions are read here, and only here.
tests/test_help_and_errors.py pins the wording.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
)
from typer._click.parser import _OptionParser
from typer._click.types import FloatParamType, IntParamType, ParamType
from typer._types import TyperChoice

from bloc_cli.errors import UsageError, did_you_mean, one_of, quoted

# The help section (and rich panel) of the options every command takes from bloc itself.
GLOBAL_OPTIONS = "Global options"
# Options whose value may be left out: a bare `--fields` is given the empty list, which
# the command answers by listing its fields, as gh's bare `--json` does.
_BARE_VALUES = {"fields": ""}
# What a number option's value is, by its metavar, for "'abc' is not a year".
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

    def __init__(self, cast: Callable[[str], object], noun: str) -> None:
        self.name = cast.__name__
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
        if isinstance(param.type, TyperChoice):
            param.type = Choices(param.type.choices, case_sensitive=False)
        elif isinstance(param.type, IntParamType):
            param.type = Number(int, _NUMBER_NOUNS.get(param.metavar, "a whole number"))
        elif isinstance(param.type, FloatParamType):
            param.type = Number(float, _NUMBER_NOUNS.get(param.metavar, "a number"))
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
        if isinstance(param.type, TyperChoice) and word in map(str, param.type.choices):
            return f"; did you mean {min(param.opts, key=len)} {word}?"
    return ""


def is_help_request(error: Exception) -> bool:
    """Whether the error is Click's "no arguments, so here is the help"."""
    return isinstance(error, NoArgsIsHelpError)


def reworded(error: Any, ctx: Any) -> UsageError:
    """A Click parser error as bloc says it: `no option '--json'; did you mean -f json?`."""
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
        param = error.param
        name = param.human_readable_name
        return _error(ctx, f"{_where(None, ctx)}: give a {name}{_choices(param)}")
    if isinstance(error, BadParameter) and error.param is not None:
        return _error(ctx, f"{_where(error.param, ctx)}: {_plain(error.message)}")
    return _error(ctx, _plain(error.format_message()))


def _choices_of(option: str, ctx: Any) -> str:
    if ctx is None:
        return ""
    for param in ctx.command.get_params(ctx):
        if option in param.opts:
            return _choices(param)
    return ""


def _choices(param: Any) -> str:
    if not isinstance(param.type, TyperChoice):
        return ""
    return f"; choose from {', '.join(map(str, param.type.choices))}"


def _plain(message: str) -> str:
    """Click's sentence as bloc's words: lowercase first, no closing full stop."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]
