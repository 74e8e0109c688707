"""Records: what every command produces and every format renders (fields + rows)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

from bloc_cli.errors import UsageError, quoted


class Blob:
    """A BLOB from `bloc sql`: bytes, written unambiguously by each format (JSON as
    {"$base64": true, "encoded": ...}, text formats as \\x and hex digits)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Blob) and other.data == self.data

    def __hash__(self) -> int:
        return hash(self.data)

    def __repr__(self) -> str:
        return f"Blob({self.data!r})"

    def hex(self) -> str:
        """The text formats' form: \\x and two lowercase hex digits a byte (`\\x0102ff`)."""
        return "\\x" + self.data.hex()


Value = str | int | float | bool | list[str] | dict[str, float] | Blob | None
Row = Mapping[str, Value]
Layout = Literal["rows", "card"]


class Records(NamedTuple):
    """A command's result, before any formatting.

    `fields` are every field a row carries (what `--fields` may name);
    `default_fields` are those shown when `--fields` is not given.
    """

    title: str
    fields: Sequence[str]
    rows: Iterable[Row]
    default_fields: Sequence[str] | None = None
    layout: Layout = "rows"
    # On a terminal, draw a change marker between these two fields (before -> after).
    change_marker: tuple[str, str] | None = None
    caption: str | None = None
    # How a terminal table shows null: "not stated" unless null means "does not apply".
    null_text: str = "not stated"
    # On a terminal, text to highlight in every cell (what `search` looked for).
    highlight: str | None = None

    def chosen_fields(self, requested: str | None) -> list[str]:
        """The fields to show, in order: `--fields a,b` if given, else the defaults.

        A name matches a field in any case (`NAME` is `name`), as `--format JSON` does;
        where fields differ only in case (a query's `a` and `A`) it must match one exactly.
        """
        if requested is None:
            return list(self.default_fields or self.fields)
        named = [name.strip() for name in requested.split(",") if name.strip()]
        folded = [field.casefold() for field in self.fields]
        by_case = {
            key: field
            for key, field in zip(folded, self.fields, strict=True)
            if folded.count(key) == 1
        }
        chosen = [name if name in self.fields else by_case.get(name.casefold()) for name in named]
        unknown = [name for name, field in zip(named, chosen, strict=True) if field is None]
        if unknown or not named:
            what = f"unknown field {quoted(unknown[0])}" if unknown else "no field named"
            raise UsageError(f"--fields: {what}; valid fields: {', '.join(self.fields)}")
        fields = [field for field in chosen if field is not None]
        repeated = next((field for field in fields if fields.count(field) > 1), None)
        if repeated is not None:
            raise UsageError(f"--fields: {quoted(repeated)} is named twice")
        return fields


def title_of(field: str) -> str:
    """Column heading for a field name: `year_joined` -> `Year joined`."""
    return field.replace("_", " ").capitalize()
