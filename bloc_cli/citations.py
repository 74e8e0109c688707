"""Where the article states each fact: the line, and the sentences of it that hold a record.

A value is found where it stands in the article's text verbatim, case and punctuation
exact, as a whole phrase: `terrorism` is not found inside `counterterrorism`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
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


class Article:
    """The article's text, line by line (line 1 is the first; a `\r` before `\n` is no
    part of a line)."""

    def __init__(self, text: str) -> None:
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self._lines_of: dict[str, tuple[int, ...]] = {}

    def lines_of(self, value: str) -> tuple[int, ...]:
        """The lines that state `value` (none for a blank value: it states nothing)."""
        if value not in self._lines_of:
            phrase = _phrase(value)
            self._lines_of[value] = (
                tuple(n for n, line in enumerate(self.lines, 1) if phrase.search(line))
                if value.strip()
                else ()
            )
        return self._lines_of[value]

    def line_of(self, value: str) -> int | None:
        """The first line that states `value`, or None."""
        return next(iter(self.lines_of(value)), None)

    def line_citing(self, values: Sequence[str]) -> int | None:
        """The line holding the most of `values`, the first on a tie; None if none does."""
        counts = Counter(number for value in set(values) for number in self.lines_of(value))
        if not counts:
            return None
        most = max(counts.values())
        return min(number for number, count in counts.items() if count == most)

    def quote(self, number: int, values: Sequence[str]) -> str:
        """The smallest run of whole sentences of line `number` that holds every one of
        `values` stated there, the first of the smallest (a table row or a bullet is whole)."""
        line = self.lines[number - 1]
        if line.startswith(("|", "- ")):
            return line
        starts = [0, *(match.end() for match in _SENTENCE_END.finditer(line))]

        def sentence(offset: int) -> int:
            return bisect_right(starts, offset) - 1

        # For each value stated on this line, the runs of sentences (first, last) where it
        # stands: a value may itself run across a sentence's end ("Alpha. Beta").
        spans = [
            [
                (sentence(match.start()), sentence(match.end() - 1))
                for match in phrase.finditer(line)
            ]
            for value in set(values)
            if number in self.lines_of(value)
            for phrase in [_phrase(value)]
        ]
        if not spans:
            return line
        # The shortest window of sentences holding one whole span of every value: for each
        # first sentence, the last is the farthest of each value's nearest span's end.
        best: tuple[int, int] | None = None
        for first in sorted({start for found in spans for start, _ in found}):
            ends = [
                min((end for start, end in found if start >= first), default=None)
                for found in spans
            ]
            if None in ends:
                break
            last = max(end for end in ends if end is not None)
            if best is None or last - first < best[1] - best[0]:
                best = (first, last)
        assert best is not None
        end = starts[best[1] + 1] if best[1] + 1 < len(starts) else len(line)
        return line[starts[best[0]] : end].rstrip()

    def cite(self, values: Sequence[str]) -> tuple[int | None, str | None]:
        """The line citing `values` and its quote; (None, None) where no line states one."""
        number = self.line_citing(values)
        return (None, None) if number is None else (number, self.quote(number, values))


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


def cited(records: Records, article: Article | None, *, quote: bool = True) -> Records:
    """`records` with `line` (and `quote`, unless not asked for) on every row: null where
    the article states none of the row's values, or there is no article."""

    def rows() -> Iterator[Row]:
        for row in records.rows:
            values = stated_values(row, records.stated_fields)
            number = article.line_citing(values) if article is not None else None
            line_quote = (
                article.quote(number, values) if quote and article and number is not None else None
            )
            yield {**row, CITATION_FIELDS[0]: number, CITATION_FIELDS[1]: line_quote}

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
