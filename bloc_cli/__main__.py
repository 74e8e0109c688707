"""Entry point of the `bloc` console script and of `python -m bloc_cli`."""

import gc

# A run of bloc lasts a fraction of a second, and most of it is importing Typer.
# The cyclic garbage collector would sweep those imports several times over and free
# nothing (measured: ~4 ms a run). So it is off while importing, the imported objects
# are frozen out of its reach, and it is on again for the command's own work.
gc.disable()
from bloc_cli.cli import main  # noqa: E402

gc.freeze()
gc.enable()

if __name__ == "__main__":
    main()
