"""Shell completion: candidates from the dataset in use, passed to the shell as data."""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from typing import Any

import typer

from bloc_cli.errors import BlocError, DataError
from bloc_cli.loading import load_dataset
from bloc_cli.model import Dataset
from bloc_cli.typer_compat import (
    ClickException,
    ShellComplete,
    TyperArgument,
    TyperOption,
    add_completion_class,
    resolve_context,
    resolve_incomplete,
)

PROG_NAME = "bloc"
# The shell runs bloc with COMPLETE_VAR=complete_SHELL and LINE_VAR holding the command
# line up to the cursor, exactly as typed. bloc answers `files` (the shell completes
# file names itself) or `values` followed by the candidates, one a line.
COMPLETE_VAR = "_BLOC_COMPLETE"
LINE_VAR = "_BLOC_COMPLETE_LINE"
# The parameters whose values are paths: the only ones completed with file names.
PATH_PARAMETERS = {"data", "folder", "against"}
# Typer keeps only the candidates that start with the word exactly as typed (case and
# all), so completion asks for them all and leaves the typed word here for the functions
# below that need it (fields, sql).
TYPED = "bloc.completion.typed"


def _typed(ctx: typer.Context) -> str:
    return str(ctx.meta[TYPED])


def _matches(candidate: str, typed: str) -> bool:
    """Whether `candidate` starts with what was typed, in any case."""
    return candidate.casefold().startswith(typed.casefold())


def _dataset(ctx: typer.Context) -> Dataset | None:
    """The dataset the command line names, if it loads (Click has already read BLOC_DATA
    into --data); none for `--data -`."""
    path = next(
        (context.params["data"] for context in _lineage(ctx) if context.params.get("data")), None
    )
    if path == "-":  # stdin is the shell's, not a dataset: complete from no data
        return None
    if path is not None and not os.path.isfile(path):  # a FIFO or a device would block TAB
        return None
    try:
        return load_dataset(path)
    except DataError:
        return None


def _lineage(ctx: typer.Context) -> list[Any]:
    """`ctx` and the contexts of the commands around it, innermost first."""
    contexts: list[Any] = []
    context: Any = ctx
    while context is not None:
        contexts.append(context)
        context = context.parent
    return contexts


# The functions for names return them all; the answer keeps those that match.


def member_names(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return [member["name"] for member in dataset["members"]] if dataset else []


def aspects(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return [item["aspect"] for item in dataset["security"]] if dataset else []


def areas(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return [item["area"] for item in dataset["roadmap"]] if dataset else []


def _typeable(names: Sequence[str]) -> list[str]:
    """The names a shell may offer: one with a control character (an escape sequence from a
    hostile --data file, a newline that would split it in two, a tab) could neither be
    listed safely nor passed one a line; an empty one is no word to insert."""
    from bloc_cli.output.cells import escape_controls

    return [name for name in names if name and escape_controls(name) == name]


def fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The field being typed after the last comma, with the fields before it kept."""
    valid = _offered_fields(ctx)
    done, _, current = _typed(ctx).rpartition(",")
    spelled = {field.casefold(): field for field in valid}  # `NAME,` becomes `name,`
    chosen = [spelled.get(field.casefold(), field) for field in done.split(",")] if done else []
    head = "".join(f"{field}," for field in chosen)
    return [head + field for field in valid if _matches(field, current) and field not in chosen]


def _offered_fields(ctx: typer.Context) -> Sequence[str]:
    """The fields of the records the command itself returns for what is typed so far
    (so `about --source` and a `sql` query offer their own); none if it cannot run yet."""
    if ctx.command.name == "export":  # it writes files: its fields are known without that
        from bloc_cli.export import EXPORT_FIELDS

        return EXPORT_FIELDS
    params = dict(ctx.params)  # what is typed so far, arguments too
    if any(param.required and params.get(param.name or "") is None for param in ctx.command.params):
        return ()
    if "timeout" in params:  # a query run to complete a field name must not keep the shell
        params["timeout"] = min(params["timeout"], 1.0)
    from bloc_cli.registry import records_of

    try:
        return records_of(ctx, params).fields
    except BlocError:
        return ()


def sql_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """Table and column names for the word being typed at the end of a query."""
    from bloc_cli import database

    head, space, word = _typed(ctx).rpartition(" ")
    names = sorted(
        {table.name for table in database.TABLES}
        | {column.name for table in database.TABLES for column in table.columns}
    )
    return [head + space + name for name in names if _matches(name, word)]


def command_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """The subcommands of bloc (for `bloc help COMMAND`)."""
    from bloc_cli.registry import commands

    return commands.names()


# What bloc answers a shell ---------------------------------------------------------------


def words(line: str) -> tuple[list[str], str]:
    """The words of a command line as the shell will pass them to bloc, quotes removed and
    nothing expanded, and the quote left open at the end ('' if none). The last word is
    the one at the cursor ('' after a space), an open quote taken as typed so far."""
    end = "\0"  # no environment variable holds a NUL: it marks where the line ended
    lexer = shlex.shlex(line + end, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    found: list[str] = []
    quote = ""
    try:
        for word in lexer:
            found.append(word)
    except ValueError:  # "No closing quotation": the word so far
        found.append(lexer.token)
        quote = str(getattr(lexer, "state", ""))  # the quote left open
    found[-1] = found[-1].replace(end, "")
    return found, quote


class _Answer(ShellComplete):
    """The answer to every shell: a kind line, then the candidates one a line.

    The kind is `files` (a path: the shell completes file names itself), or `values`
    followed, if the word at the cursor opens a quote that is not closed, by a space and
    that quote (bash inserts a candidate there as the quote needs it)."""

    # Abstract in Click's ShellComplete; neither is called: source() and complete() are
    # bloc's own.
    def source_vars(self) -> dict[str, Any]:
        raise NotImplementedError

    def format_completion(self, item: Any) -> str:
        raise NotImplementedError

    def source(self) -> str:
        return script(self.name)

    # Whether the shell's word at the cursor starts after the `=` of `--option=value`
    # (bash splits the word there; zsh and fish replace the whole `--option=value`).
    splits_at_equals = False

    def get_completion_args(self) -> tuple[list[str], str]:
        typed, _ = words(os.environ.get(LINE_VAR, ""))
        return typed[1:-1], typed[-1] if len(typed) > 1 else ""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        _, quote = words(os.environ.get(LINE_VAR, ""))
        try:
            ctx = resolve_context(self.cli, self.ctx_args, self.prog_name, args)
        except (BlocError, ClickException):  # no such command: nothing to offer
            return "values"
        target, typed = resolve_incomplete(ctx, args, incomplete)
        if isinstance(target, TyperOption | TyperArgument) and target.name in PATH_PARAMETERS:
            return "files"
        ctx.meta[TYPED] = typed
        # An option name is asked for as typed; anything else with no word at all. The
        # context is closed after, as a run closes it: a query run to learn its fields
        # leaves a watch on its time limit (sql.limit_output) that only that stops.
        try:
            items = target.shell_complete(ctx, typed if typed.startswith("-") else "")
        finally:
            ctx.close()
        offered = _typeable([str(item.value) for item in items])
        helps = {str(item.value): item.help or "" for item in items}
        head = "" if self.splits_at_equals else incomplete[: len(incomplete) - len(typed)]
        lines = [
            self.format(head + value, helps[value]) for value in offered if _matches(value, typed)
        ]
        return "\n".join([f"values {quote}".rstrip(), *lines])

    def format(self, value: str, help: str) -> str:
        return value


class _Bash(_Answer):
    name = "bash"
    splits_at_equals = True


class _Zsh(_Answer):
    name = "zsh"


class _Fish(_Answer):
    name = "fish"

    def format(self, value: str, help: str) -> str:
        """A candidate and, after a tab, its description (fish shows it beside)."""
        from bloc_cli.output.cells import escape_controls

        description = escape_controls(" ".join(help.split()))
        return f"{value}\t{description}" if description else value


def answer_shells() -> None:
    """Register bloc's answers under the shells' names, where Typer's dispatch of
    COMPLETE_VAR=complete_SHELL finds them (bloc has no --install-completion, so Typer
    registers none of its own)."""
    for answer in (_Bash, _Zsh, _Fish):
        add_completion_class(answer, answer.name)


def script(shell: str) -> str:
    """The completion script for `shell` (bash, zsh or fish)."""
    return SCRIPTS[shell]


BASH = r"""# bash completion for bloc. Load it with: source <(bloc completion bash)
# bloc prints its candidates one a line; each is inserted quoted, never evaluated.
_bloc_completion() {
    local -a lines
    local candidate quoted
    mapfile -t lines < <(
        _BLOC_COMPLETE=complete_bash _BLOC_COMPLETE_LINE=${COMP_LINE:0:COMP_POINT} \
            bloc 2>/dev/null
    )
    COMPREPLY=()
    if [[ ${lines[0]-} == files ]]; then
        compopt -o default  # a path: bash's own file name completion
        return 0
    fi
    for candidate in "${lines[@]:1}"; do
        case ${lines[0]} in
        "values '")  # inside '...': only ' itself needs quoting, as '\''
            quoted=${candidate//\'/\'\\\'\'} ;;
        'values "')  # inside "...": \ " $ and ` need a backslash
            # bash expands ! inside "..." (history) and keeps a backslash before it:
            # a value with ! is offered outside quotes, where it is escaped, only.
            [[ $candidate == *'!'* ]] && continue
            quoted=${candidate//\\/\\\\}
            quoted=${quoted//\"/\\\"}
            quoted=${quoted//\$/\\\$}
            quoted=${quoted//\`/\\\`} ;;
        *)  # a word that needs quoting is single-quoted whole, as 'a&b'
            printf -v quoted '%q' "$candidate"
            [[ $quoted == "$candidate" ]] || quoted="'${candidate//\'/\'\\\'\'}'" ;;
        esac
        COMPREPLY+=("$quoted")
    done
}
complete -F _bloc_completion bloc
"""

ZSH = r"""#compdef bloc
# zsh completion for bloc: as a file _bloc on $fpath, or sourced after compinit.
# bloc prints its candidates one a line; compadd inserts each quoted, never evaluated.
_bloc() {
    local -a lines
    local typed="${(j: :)${(@)words[1,CURRENT-1]}} ${compstate[quote]}${PREFIX}"
    lines=("${(@f)$(_BLOC_COMPLETE=complete_zsh _BLOC_COMPLETE_LINE=$typed bloc 2>/dev/null)}")
    local -a values=("${(@)lines[2,-1]}")
    if [[ $lines[1] == files ]]; then
        _files
    elif [[ -n $compstate[quote] ]]; then
        # -U: bloc has matched the word in any case; zsh quotes each for the open quote.
        compadd -U -- "${(@)values}"
    else
        # -Q: inserted as quoted here, 'a&b' whole (listed as a&b).
        compadd -Q -U -d values -- "${(@q-)values}"
    fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _bloc "$@"
else
    compdef _bloc bloc
fi
"""

FISH = r"""# fish completion for bloc: bloc completion fish > ~/.config/fish/completions/bloc.fish
# bloc prints its candidates one a line; fish escapes each as it inserts it.
function __bloc_complete
    set -l typed (commandline -cp)  # a list if the line has several: "$typed" is one word
    set -l lines (env _BLOC_COMPLETE=complete_fish _BLOC_COMPLETE_LINE="$typed" bloc 2>/dev/null)
    if test "$lines[1]" = files
        __fish_complete_path (commandline -ct)
    else if set -q lines[2]
        printf '%s\n' $lines[2..-1]
    end
end
complete --command bloc --no-files --arguments '(__bloc_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}
