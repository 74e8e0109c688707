"""Entry point for `python -m bloc_cli`."""

from bloc_cli.cli import main

main()
