"""Signals end a run at once: exit 130, 143 or 129, one line, bloc's temporary files removed.

The handler exits from wherever the signal lands (an import, a class being created, a
SQLite callback) with os._exit, rather than raising an exception that such places can
swallow or turn into another error. What must not outlive the run is registered here.
"""

import os
import signal
import sys

# SIGINT, SIGTERM and SIGHUP end a run with exit 128 + the signal's number.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_temporary_files: set[str] = set()


def install() -> None:
    for each in STOP_SIGNALS:
        signal.signal(each, _stop)


def remove_on_signal(path: str) -> None:
    """Delete `path` should a signal end the run (a temporary file being written)."""
    _temporary_files.add(path)


def keep_on_signal(path: str) -> None:
    """`path` was moved into place or removed: a signal leaves it alone now."""
    _temporary_files.discard(path)


def _stop(signal_number: int, _frame: object) -> None:
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    for path in list(_temporary_files):
        try:
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
    os._exit(128 + signal_number)
