"""What the renderers share: a row's values in the order of the fields shown.

It sits below the renderers and the output package that chooses among them, so that no
renderer imports the package that imports it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from bloc_cli.records import Row


def row_values(rows: Iterable[Row], fields: Sequence[str]) -> Iterator[list[object]]:
    """Each row as the list of its values for `fields`, in that order."""
    for row in rows:
        yield [row.get(field) for field in fields]
