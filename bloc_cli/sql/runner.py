"""The query on a worker thread, so that the main thread can always stop on time: at the
deadline or on a signal it interrupts SQLite and returns at once, even while a single SQL
function (a quadratic `trim(X, Y)` or `instr`) is still busy. Writing the result counts
against the same time limit (limit_output); waiting for the reader of the output does not.
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable

from bloc_cli.errors import UsageError
from bloc_cli.model import Dataset
from bloc_cli.records import Records
from bloc_cli.sql.fetch import fetch
from bloc_cli.sql.seal import sealed_database

DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 86_400.0  # a day: far beyond any query on this dataset
_WATCH_INTERVAL = 0.05  # seconds between two looks at the time while the result is written


def check_time_limit(time_limit: float) -> None:
    """A time limit is a finite number of seconds above 0 (and at most a day)."""
    if not (math.isfinite(time_limit) and 0 < time_limit <= MAX_TIME_LIMIT):
        raise UsageError(
            f"--timeout: {time_limit:g} is not a number of seconds above 0 and at most "
            f"{MAX_TIME_LIMIT:g}"
        )


class _Run:
    """One query on a worker thread; the main thread waits for it and may stop it."""

    def __init__(self, dataset: Dataset, sql: str) -> None:
        self.dataset = dataset
        self.sql = sql
        self.ready = threading.Event()  # the database is built and sealed
        self.done = threading.Event()
        self.stopping = threading.Event()
        self.connection: sqlite3.Connection | None = None
        self.outcome: Records | BaseException | None = None

    def work(self) -> None:
        try:
            self.connection = sealed_database(self.dataset, self.stopping)
            self.ready.set()
            self.outcome = fetch(self.connection, self.sql)
        except BaseException as error:  # handed to the main thread
            self.outcome = error
        finally:
            self.ready.set()
            self.done.set()

    def stop(self) -> None:
        """Interrupt SQLite; the progress handler also sees `stopping`, should the
        interrupt come before the statement starts."""
        self.stopping.set()
        if self.connection is not None and not self.done.is_set():
            self.connection.interrupt()

    def result(self) -> Records:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        assert self.outcome is not None
        return self.outcome


def query(dataset: Dataset, sql: str, time_limit: float = DEFAULT_TIME_LIMIT) -> Records:
    """The rows `sql` selects; any SQLite error is a usage error (exit 2).

    A signal's handler (bloc_cli.signals) runs on this, the main thread, while it
    waits, and ends the run at once; the worker thread is a daemon, so a SQLite
    function still busy with a huge argument never delays the exit.
    """
    check_time_limit(time_limit)
    if not sql.strip():
        raise UsageError("sql: the query is empty")
    run = _Run(dataset, sql)
    worker = threading.Thread(target=run.work, name="bloc-sql", daemon=True)
    worker.start()
    try:
        run.ready.wait()  # building the database: bounded by the dataset's size
        if not run.done.wait(time_limit):
            raise UsageError(f"sql: query stopped after the {time_limit:g} s time limit")
    finally:
        run.stop()
    return run.result()


def limit_output(started: float, time_limit: float) -> Callable[[], None]:
    """Hold the time limit until the result is written: the run ends (exit 2, one line)
    `time_limit` seconds after `started` (time.monotonic()). Time that stdout cannot take
    more (a pager or a slow pipe not reading, a paused terminal) does not count: that is
    the reader's time, not bloc's work. Returns the function to call once the last byte
    is written."""
    written = threading.Event()

    def watch() -> None:
        deadline = started + time_limit
        before = time.monotonic()
        while not written.wait(_WATCH_INTERVAL):
            now = time.monotonic()
            if _waiting_for_reader():
                deadline += now - before
            elif now >= deadline:
                _stop_writing(time_limit)
            before = now

    threading.Thread(target=watch, name="bloc-sql-output", daemon=True).start()
    return written.set


def _waiting_for_reader() -> bool:
    """Whether stdout (a pipe, a terminal) is full: a write to it would wait."""
    import select

    try:
        _, writable, _ = select.select([], [1], [], 0)
    except (OSError, ValueError):  # a closed stdout, or a system without select on it
        return False
    return not writable


def _stop_writing(time_limit: float) -> None:
    """End the run from the watching thread: the main thread may be anywhere."""
    # os.write, as in bloc_cli.signals: the main thread may be writing to sys.stderr.
    if sys.stderr is not None:
        message = (
            f"bloc: error: sql: stopped after the {time_limit:g} s time limit while writing "
            "the result (the output is incomplete); select fewer rows, or use -f csv\n"
        )
        try:
            os.write(2, message.encode())
        except OSError:
            pass
    os._exit(UsageError.exit_code)
