"""Exit codes, and domain errors that each carry the exit code the CLI turns them into."""

import enum
from collections.abc import Sequence


class ExitStatus(enum.IntEnum):
    """Every exit code bloc ends with, named once (as httpie/status.py does)."""

    SUCCESS = 0
    # Nothing found (a name not in the dataset, a search without a match, a check of
    # `bloc verify` that fails): 1, as grep's "no match".
    NOT_FOUND = 1
    USAGE = 2  # the command line asks for something that cannot be
    DATA = 3  # the dataset could not be loaded
    INTERNAL = 70  # a bug in bloc: EX_SOFTWARE in sysexits.h
    # Python could not get the memory it asked for (MemoryError), under `ulimit -v` or on
    # a full machine: EX_OSERR in sysexits.h, the system refused a resource. Not 70 (a
    # bug in bloc), not 75 (EX_TEMPFAIL: the same run would fail again under the same limit).
    OUT_OF_MEMORY = 71
    IO = 74  # output could not be written: EX_IOERR in sysexits.h
    # A signal ended the run: 128 + the signal's number, as a shell reports it.
    SIGHUP = 129
    SIGINT = 130
    SIGTERM = 143


class BlocError(Exception):
    """Base for every error a user can cause; never shown as a traceback."""

    exit_code = ExitStatus.NOT_FOUND


class NotFoundError(BlocError):
    """The thing asked for is not in the dataset (exit 1)."""

    exit_code = ExitStatus.NOT_FOUND


class NoMatchError(NotFoundError):
    """A search found nothing: not an error, but exit 1 as grep's (said without "error")."""


class UsageError(BlocError):
    """The command line asks for something that cannot be (exit 2).

    `help_for` names the command whose help to read (`bloc members`); the CLI fills it
    in for errors raised while a command runs.
    """

    exit_code = ExitStatus.USAGE

    def __init__(self, message: str, *, help_for: str | None = None) -> None:
        super().__init__(message)
        self.help_for = help_for


class DataError(BlocError):
    """The dataset could not be loaded (exit 3)."""

    exit_code = ExitStatus.DATA


class OutputError(BlocError):
    """Output could not be written: a full disk, a closed stdout, an unwritable folder (74)."""

    exit_code = ExitStatus.IO


def out_of_memory(error: BaseException) -> bool:
    """Whether `error` says the system refused memory: a MemoryError; a C extension that
    could not be mapped while importing (`failed to map segment from shared object` under
    `ulimit -v`); or CPython's own SystemError when a refused allocation lost its
    exception (`error return without exception set`, seen while importing at 16 MB)."""
    return (
        isinstance(error, MemoryError)
        or (isinstance(error, ImportError) and "failed to map segment" in str(error))
        or (isinstance(error, SystemError) and "without exception set" in str(error))
    )


def shortened(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in … when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shortened_middle(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters by leaving out its middle (`…`), so that
    its end (where a message says what help to read) stays."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    return text[: limit - tail - 1] + "…" + text[-tail:]


def quoted(value: str, limit: int = 60) -> str:
    """`value` quoted for an error message, shortened so a huge argument stays one short line."""
    return repr(shortened(value, limit))


def one_of(names: Sequence[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def did_you_mean(typed: str, known: Sequence[str]) -> str:
    """`; did you mean a or b?` naming those of `known` close to `typed` (in any case), or
    nothing. Only an error calls it: difflib is imported then."""
    import difflib

    by_key: dict[str, list[str]] = {}  # `ab` and `AB` are both close to `Ab`
    for name in known:
        by_key.setdefault(name.casefold(), []).append(name)
    close = difflib.get_close_matches(typed.casefold(), list(by_key), n=3, cutoff=0.6)
    names = [name for key in close for name in by_key[key]]
    return f"; did you mean {one_of(names)}?" if names else ""
