"""Signals end a run at once: exit 130, 143 or 129, one line, bloc's temporary files removed.

The handler exits from wherever the signal lands (an import, a class being created, a
SQLite callback) with os._exit, rather than raising an exception that such places can
swallow or turn into another error. What must not outlive the run is registered here.
"""

import os
import signal
import sys

from bloc_cli.errors import ExitStatus

# SIGINT, SIGTERM and SIGHUP end a run with exit 128 + the signal's number (ExitStatus).
_EXIT_STATUS = {
    getattr(signal, name): ExitStatus[name]
    for name in ("SIGINT", "SIGTERM", "SIGHUP")
    if hasattr(signal, name)
}
STOP_SIGNALS = tuple(_EXIT_STATUS)

# Paths to remove should a signal end the run, in the order registered (a dict as an
# ordered set): removed newest first, so files go before the folder made to hold them.
_temporary: dict[str, None] = {}


def install() -> None:
    for each in STOP_SIGNALS:
        signal.signal(each, _stop)


def ignore() -> None:
    """The run's work is done and its output flushed: a signal now (while Python tears
    down) must not turn a finished run into an interrupted one."""
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)


def remove_on_signal(path: str | os.PathLike[str]) -> None:
    """Remove `path` should a signal end the run: a temporary file, or a folder made
    for the run (removed only if it is empty by then)."""
    _temporary.setdefault(os.fspath(path))


def keep_on_signal(path: str | os.PathLike[str]) -> None:
    """`path` was moved into place, removed, or is to stay: a signal leaves it alone now."""
    _temporary.pop(os.fspath(path), None)


def _stop(signal_number: int, _frame: object) -> None:
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    for path in reversed(list(_temporary)):
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                os.rmdir(path)
            else:
                os.unlink(path)
        except OSError:
            pass
    # os.write, not print: the signal may have interrupted a write to sys.stderr.
    # sys.stderr is None when fd 2 was closed at start-up (and may now be another file).
    if sys.stderr is not None:
        name = signal.Signals(signal_number).name
        try:
            os.write(2, f"bloc: interrupted by {name}\n".encode())
        except OSError:
            pass
    os._exit(_EXIT_STATUS[signal_number])
