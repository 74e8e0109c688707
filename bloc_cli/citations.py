"""Where the article states each fact: the line, and the sentences of it that hold a record.

A value is found where it stands in the article's text verbatim, case and punctuation
exact, as a whole phrase: `terrorism` is not found inside `counterterrorism`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from bloc_cli.errors import DataError
from bloc_cli.model import Dataset
from bloc_cli.records import CITATION_FIELDS, Records, Row

VERIFY_FIELDS = ("section", "record", "field", "value", "line")
# Sentences end in . ! or ? followed by a space; a table row or a bullet is one quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=4096)
def _phrase(value: str) -> re.Pattern[str]:
    """`value` as a whole phrase: not preceded or followed by a letter or digit."""
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


def _holds(text: str, value: str) -> bool:
    return _phrase(value).search(text) is not None


class Article:
    """The article's text, line by line (line 1 is the first)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def line_of(self, value: str) -> int | None:
        """The first line that states `value`, or None."""
        return next(
            (number for number, line in enumerate(self.lines, 1) if _holds(line, value)), None
        )

    def cite(self, values: Sequence[str]) -> tuple[int | None, str | None]:
        """The line holding the most of `values` (the first on a tie) and its quote: the
        smallest run of whole sentences of that line that holds every value found there."""
        best, best_count = None, 0
        for number, line in enumerate(self.lines, 1):
            count = sum(_holds(line, value) for value in values)
            if count > best_count:
                best, best_count = number, count
        if best is None:
            return None, None
        line = self.lines[best - 1]
        return best, _quote(line, [value for value in values if _holds(line, value)])


def _quote(line: str, values: Sequence[str]) -> str:
    if line.startswith(("|", "- ")):
        return line
    starts = [0, *(match.end() for match in _SENTENCE_END.finditer(line))]
    ends = [*starts[1:], len(line)]
    for length in range(1, len(starts) + 1):
        for first in range(len(starts) - length + 1):
            run = line[starts[first] : ends[first + length - 1]].rstrip()
            if all(_holds(run, value) for value in values):
                return run
    return line


def article_of(dataset: Dataset) -> Article | None:
    text = dataset["source"].get("text")
    return Article(text) if text else None


def stated_values(row: Row, fields: Iterable[str]) -> list[str]:
    """The values of `fields` in `row` as the article would state them: text, numbers as
    digits, list items one by one; null and booleans (derived) are not stated."""
    values: list[str] = []
    for field in fields:
        value = row.get(field)
        if isinstance(value, list):
            values.extend(str(item) for item in value)
        elif isinstance(value, str | int) and not isinstance(value, bool):
            values.append(str(value))
    return values


def cited(records: Records, article: Article | None) -> Records:
    """`records` with `line` and `quote` filled in on every row (null where not found)."""

    def rows() -> Iterator[Row]:
        for row in records.rows:
            line, quote = (
                article.cite(stated_values(row, records.stated_fields))
                if article is not None
                else (None, None)
            )
            yield {**row, CITATION_FIELDS[0]: line, CITATION_FIELDS[1]: quote}

    return records._replace(rows=rows())


def verify(dataset: Dataset, *, every: bool = False) -> Records:
    """Every stated value of the dataset looked up in its text: the missing ones (or, with
    `every`, all of them with their line), and a summary; exit 1 if any is missing."""
    from bloc_cli.views import every_value

    article = article_of(dataset)
    if article is None:
        raise DataError("the dataset has no source.text: there is no article to verify against")
    checked = [
        {"section": section, "record": record, "field": field, "value": value, "line": line}
        for section, record, field, value in every_value(dataset)
        for line in [article.line_of(value)]
    ]
    missing = [row for row in checked if row["line"] is None]
    found = len(checked) - len(missing)
    return Records(
        title="Values checked against the article" if every else "Values not in the article",
        fields=VERIFY_FIELDS,
        default_fields=VERIFY_FIELDS if every else VERIFY_FIELDS[:-1],
        rows=checked if every else missing,
        noun=("value", "values"),
        summary=f"{found} of {len(checked)} values found in the article",
        exit_code=1 if missing else 0,
        empty_message="",  # the summary says it
        word_fields=frozenset({"section", "field"}),
    )
