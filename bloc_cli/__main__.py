"""Entry point of the `bloc` console script and of `python -m bloc_cli`."""

from bloc_cli import signals

# First of all, so that Ctrl-C even during start-up ends the run cleanly (exit 130).
signals.install()

import gc  # noqa: E402
import os  # noqa: E402

# Imported before the app, so that saying "out of memory" needs no memory to import it.
from bloc_cli.errors import ExitStatus, out_of_memory  # noqa: E402


def main() -> None:
    """Run bloc (process.main turns every error into an exit code and one stderr line)."""
    # A run of bloc lasts a fraction of a second, and most of it is importing Typer.
    # The cyclic garbage collector would sweep those imports several times over and
    # free nothing (measured: ~4 ms a run). So it is off while importing, the imported
    # objects are frozen out of its reach, and it is on again for the command's work.
    gc.disable()
    try:
        from bloc_cli import process
    except (MemoryError, ImportError, SystemError) as error:
        if not out_of_memory(error):
            raise
        # Too little memory even to start: what process.main would say.
        os.write(2, b"bloc: error: out of memory\n")
        raise SystemExit(ExitStatus.OUT_OF_MEMORY) from None
    gc.freeze()
    gc.enable()
    process.main()


if __name__ == "__main__":
    main()
