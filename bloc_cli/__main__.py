"""Entry point of the `bloc` console script and of `python -m bloc_cli`."""

from bloc_cli import signals

# First of all, so that Ctrl-C even during start-up ends the run cleanly (exit 130).
signals.install()

import gc  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402


def main() -> None:
    """Run bloc (cli.main turns every error into an exit code and one stderr line)."""
    # A run of bloc lasts a fraction of a second, and most of it is importing Typer.
    # The cyclic garbage collector would sweep those imports several times over and
    # free nothing (measured: ~4 ms a run). So it is off while importing, the imported
    # objects are frozen out of its reach, and it is on again for the command's work.
    gc.disable()
    from bloc_cli import cli

    gc.freeze()
    gc.enable()
    try:
        cli.main()
    except SystemExit as done:
        _exit_now(done)


def _exit_now(done: SystemExit) -> None:
    """End the process with the run's exit code (never returns), without tearing Python down.

    Tearing down frees every object one by one: for a large --data file, millions of
    them (measured: a second at a million members), only for the process to end. Once
    stdout and stderr are flushed nothing is left to do, so os._exit ends the process.
    Should a flush fail (or the code not be a number), Python's own exit handles it, as
    it did before: it reports the error and exits 120.
    """
    code = 0 if done.code is None else done.code
    if isinstance(code, int):
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except Exception:
            raise done from None
        os._exit(code)
    raise done


if __name__ == "__main__":
    main()
