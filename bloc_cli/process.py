"""The process: set up the standard streams, run the app, turn every error into an exit
code and one line on stderr."""

import errno
import io
import os
import sys
from typing import NoReturn

import typer

from bloc_cli import signals, typer_compat
from bloc_cli.cli import app
from bloc_cli.errors import (
    BlocError,
    ExitStatus,
    NoMatchError,
    UsageError,
    out_of_memory,
    shortened_middle,
)
from bloc_cli.output.streams import bound_screen_size, whole_writes, write_line
from bloc_cli.registry import STDOUT_IS_TERMINAL


def main() -> None:
    """Run the app and turn every error into an exit code and one stderr line."""
    _prepare_streams()
    if os.environ.get("_BLOC_COMPLETE"):  # a shell asks for candidates
        from bloc_cli.completion import answer_shells

        answer_shells()
    memory_refused = False
    try:
        code = _run()
        sys.stdout.flush()  # a full disk shows here, not in an ignored error at exit
        signals.ignore()
    except MemoryError:  # told below, once the frames that held the memory are freed
        memory_refused = True
    except UsageError as error:
        _fail(_with_help(str(error), error.help_for), error.exit_code)
    except NoMatchError as error:
        write_line(str(error), sys.stderr)
        sys.exit(error.exit_code)
    except BlocError as error:
        _fail(str(error), error.exit_code)
    except typer.TyperException as error:  # what Typer's parser rejects: exit 2
        message, help_for, exit_code = typer_compat.parser_error(error)
        _fail(_with_help(message, help_for), exit_code)
    except OSError as error:  # writing to stdout failed: a full disk, a closed stdout
        _discard_stdout()
        _fail(f"cannot write output: {error.strerror or error}", ExitStatus.IO)
    except Exception as error:  # a bug: still no traceback unless asked for
        if out_of_memory(error):  # a C extension that could not be mapped in memory
            memory_refused = True
        elif os.environ.get("BLOC_DEBUG"):
            raise
        else:
            message = f"internal error: {error!r} (BLOC_DEBUG=1 shows the traceback)"
            _fail(message, ExitStatus.INTERNAL)
    if memory_refused:
        _fail("out of memory", ExitStatus.OUT_OF_MEMORY)
    sys.exit(code)


def _run() -> int:
    """Run the app: its exit code. `bloc` alone prints the help (as rich already has on a
    terminal) and is exit 2, as a command line that asks for nothing is."""
    if not STDOUT_IS_TERMINAL:  # in a pipe nothing is paged
        return _run_app()
    from bloc_cli.output.pager import paged

    with paged():  # output taller than the terminal goes through a pager
        return _run_app()


def _run_app() -> int:
    try:
        code = app(prog_name="bloc", standalone_mode=False)
    except typer.TyperException as error:
        if not typer_compat.is_help(error):
            raise
        sys.stdout.write(typer_compat.help_message(error))  # "" if rich has printed it
        return ExitStatus.USAGE
    return code if isinstance(code, int) else ExitStatus.SUCCESS


def _with_help(message: str, help_for: str | None) -> str:
    return f"{message} (see '{help_for} -h')" if help_for else message


def _fail(message: str, exit_code: int) -> NoReturn:
    from bloc_cli.output.cells import escape_controls

    # Messages quote arguments, file names and values from a data file: they are made inert
    # like table cells, and cut in the middle so that a huge argument stays one readable
    # line that still ends with the help to read.
    write_line(f"bloc: error: {escape_controls(shortened_middle(message, 400))}", sys.stderr)
    sys.exit(exit_code)


def _discard_stdout() -> None:
    """Drop output not yet written, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class _ClosedStdout(io.TextIOBase):
    """Stands for a stdout that was closed (`bloc members >&-`): every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "stdout is closed")


def _prepare_streams() -> None:
    import signal

    # A reader that stops early (`bloc members | head -1`) ends us quietly, like any Unix tool.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A file that reaches `ulimit -f` makes the write fail (EFBIG, exit 74) rather than
    # SIGXFSZ killing bloc with a core dump. (Python ignores it at start-up; not relied on.)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Every byte written, or an error: never a short write that goes unnoticed.
    sys.stdout = _ClosedStdout() if sys.stdout is None else whole_writes(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = whole_writes(sys.stderr)
    # A stream that cannot encode a character degrades it instead of crashing.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    # Settings that Typer, Click and rich read as integers: a malformed value is
    # ignored (the completion word index, which Click requires, becomes 0), and a screen
    # size is held to what bloc draws for.
    bound_screen_size(os.environ, sys.stdout)
    value = os.environ.get("COMP_CWORD", "0").strip()
    if not (value.isascii() and value.isdigit()):  # "²".isdigit(), but int("²") fails
        os.environ["COMP_CWORD"] = "0"
