"""Records: what every command produces and every format renders (fields + rows)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

from bloc_cli.errors import ExitStatus, UsageError, did_you_mean, quoted


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


# The mark after a derived value in the formats a person reads (table, plain, markdown).
DERIVED_MARK = "*"

# Where the article states a record: its line and the sentences that hold its values.
CITATION_FIELDS = ("line", "quote")

Value = str | int | float | bool | list[str] | list[int] | dict[str, float] | Blob | None
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
    # The rows are one record a command shows (`bloc member`): JSON writes it as one
    # object, not an array of one, as `gh ... view --json` does.
    single: bool = False
    # What one row is, singular and plural, for a terminal's count line ("3 of 6 members").
    noun: tuple[str, str] = ("row", "rows")
    # How many rows there were before a filter; None when the rows are all there is.
    total: int | None = None
    # What a terminal's "Source:" line says: the outlet and the part of the article the
    # rows were taken from (`Euronews.com, section "…"`).
    source_line: str | None = None
    # A line a terminal reader needs besides the rows (what bloc derived, where to go next).
    note: str | None = None
    # What a terminal says when there is no row (on stderr; pipes get an empty result):
    # by default "No <rows>."; "" says nothing (the summary says it).
    empty_message: str | None = None
    # On a terminal, draw a change marker between these two fields (before -> after).
    change_marker: tuple[str, str] | None = None
    # How a terminal shows null: "not stated" (the article is silent), "–" for the fields
    # where null means "does not apply"; `null_text` overrides both (SQL's NULL).
    not_applicable: frozenset[str] = frozenset()
    null_text: str | None = None
    # Fields whose values are names of fields or sections, shown as words on a terminal.
    word_fields: frozenset[str] = frozenset()
    # Fields whose values a person types (a command, a table or column name, a record's
    # name): a terminal never wraps them; records that cannot fit so are shown as cards.
    typed_fields: frozenset[str] = frozenset()
    # Headings as the field names are written (an SQL query's columns), not as words.
    literal_headings: bool = False
    # On a terminal, text to highlight in every cell (what `search` looked for).
    highlight: str | None = None
    # The fields whose values the article states (what `line` and `quote` are found by);
    # records that have them can show CITATION_FIELDS, which `fields` then lists.
    stated_fields: tuple[str, ...] = ()
    # Which records these are, for finding each one's place in the article (members,
    # security, roadmap, benefits, context, search); None: they have no place there.
    cites: str | None = None
    # How a terminal shows a quote: a table row with its column headings
    # (`Country: Kazakhstan · Year Joined: 1992`); data formats keep the verbatim line.
    quote_labels: Mapping[str, str] = {}
    # Fields whose values bloc derived (never stated by the article): every person's format
    # marks them with DERIVED_MARK, and the note, which starts with the mark, says so.
    derived: frozenset[str] = frozenset()
    # A line for stderr after the rows (`bloc verify`'s count), and the exit code to end with.
    summary: str | None = None
    exit_code: int = ExitStatus.SUCCESS

    def heading(self, field: str) -> str:
        """How a person's format heads the column of `field`."""
        return field if self.literal_headings else title_of(field)

    def chosen_fields(self, requested: str | None) -> list[str]:
        """The fields to show, in order: `--fields a,b` if given, else the defaults.

        A name matches a field in any case (`NAME` is `name`), as `--format JSON` does;
        where fields differ only in case (a query's `a` and `A`) it must match one exactly.
        """
        if requested is None:
            return list(self.default_fields or self.fields)
        if not requested.strip():  # a bare --fields asks what there is, as gh's --json does
            raise UsageError(f"--fields needs a value; choose from {', '.join(self.fields)}")
        named = [name.strip() for name in requested.split(",")]
        if "" in named:
            raise UsageError(f"--fields: {quoted(requested)} has an empty field name")
        folded = [field.casefold() for field in self.fields]
        by_case = {
            key: field
            for key, field in zip(folded, self.fields, strict=True)
            if folded.count(key) == 1
        }
        chosen = [name if name in self.fields else by_case.get(name.casefold()) for name in named]
        unknown = [name for name, field in zip(named, chosen, strict=True) if field is None]
        if unknown:
            hint = did_you_mean(unknown[0], self.fields) or "; --fields alone lists the fields"
            raise UsageError(f"--fields: unknown field {quoted(unknown[0])}{hint}")
        fields = [field for field in chosen if field is not None]
        repeated = next((field for field in fields if fields.count(field) > 1), None)
        if repeated is not None:
            raise UsageError(f"--fields: {quoted(repeated)} is named twice")
        return fields


# Headings that read better than the field's name as words.
_HEADINGS = {"mentions": "Mentioned on lines"}


def title_of(field: str) -> str:
    """Column heading for a field name: `year_joined` -> `Year joined`, `page_url` -> `Page URL`."""
    if field in _HEADINGS:
        return _HEADINGS[field]
    words = field.replace("_", " ").capitalize().split(" ")
    # casefold: capitalize() has already made a leading `url` into `Url`.
    return " ".join("URL" if word.casefold() == "url" else word for word in words)
