"""Entry point of the `bloc` console script and of `python -m bloc_cli`.

Signals are caught before anything else is imported, so that Ctrl-C even during
start-up ends the run with its exit code and one line, never a traceback.
"""

import gc
import signal
import sys

from bloc_cli.errors import Interrupted

# SIGINT, SIGTERM and SIGHUP end a run with exit 130, 143 and 129.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _stop(signal_number: int, _frame: object) -> None:
    # Ignore further signals: the Interrupted raised here unwinds through every
    # `finally`, which removes temporary files, and must not itself be cut short.
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    raise Interrupted(signal_number)


def main() -> None:
    """Run bloc; every way out is an exit code and at most one line on stderr."""
    for each in STOP_SIGNALS:
        signal.signal(each, _stop)
    try:
        # A run of bloc lasts a fraction of a second, and most of it is importing Typer.
        # The cyclic garbage collector would sweep those imports several times over and
        # free nothing (measured: ~4 ms a run). So it is off while importing, the imported
        # objects are frozen out of its reach, and it is on again for the command's work.
        gc.disable()
        from bloc_cli import cli

        gc.freeze()
        gc.enable()
        cli.main()
    except Interrupted as stop:
        if sys.stderr is not None:
            print(f"bloc: interrupted by {signal.Signals(stop.args[0]).name}", file=sys.stderr)
        sys.exit(stop.exit_code)


if __name__ == "__main__":
    main()
