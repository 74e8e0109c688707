"""`bloc verify`: every record checked as a whole in its own place in the article.

A table record must be the row whose first cell is its key, each field the cell of its
column (a list field: the cell's comma-separated items, all and only those); a list item
must be a whole bullet of its list, an item of its enumeration, or the subject of a
sentence of its section; every row, bullet and enumeration item of a covered section
must be in the dataset, once; each section's heading must be the heading above its place.
The places come from `source.provenance` (see citations.py).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bloc_cli.citations import (
    TABLE_KEYS,
    TABLE_SECTIONS,
    Article,
    article_of,
    list_items,
    subject,
    table_of,
    words,
)
from bloc_cli.errors import DataError, ExitStatus, UsageError, quoted
from bloc_cli.model import MAX_DATA_BYTES, Dataset, Enumeration, Place, named_lists, places
from bloc_cli.records import Records, Value

HOLDS, FAILS, NOT_CHECKED = "holds", "fails", "not checked"
# An image in the article's text: `![caption](url)` (a caption may hold brackets).
_IMAGE_PARTS = re.compile(r"!\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(([^()\s]*)\)")
# The fields of each table's records that the article states (`newest` is checked apart).
STATED = {
    "members": ("name", "year_joined", "contributions"),
    "security": ("aspect", "before", "after"),
    "roadmap": ("area", "action_items", "expected_impact"),
}


VERIFY_FIELDS = ("section", "record", "field", "value", "line", "result", "detail")
# One check of one value (or of a section's provenance) and how it came out: a row of
# VERIFY_FIELDS.
Check = dict[str, Value]


def check(
    section: str,
    record: str,
    field: str | None,
    value: object,
    line: int | None,
    result: str,
    detail: str,
) -> Check:
    return {
        "section": section,
        "record": record,
        "field": field,
        "value": value,  # type: ignore[dict-item]  # a dataset value: str, int, list, bool
        "line": line,
        "result": result,
        # What the article says instead, or why a check could not run; a check that holds
        # needs no words (its line says where), which also keeps `--all` cheap to write.
        "detail": None if result == HOLDS else detail,
    }


class _Checker:
    def __init__(self, dataset: Dataset, article: Article) -> None:
        self.dataset = dataset
        self.article = article
        self.provenance = places(dataset["source"]["provenance"])
        self.hints = 0  # "closest:" hints given so far (see HINTS)
        # (line, item) -> the list that took it: no two lists take the same item.
        self.taken: dict[tuple[int, str], str] = {}

    def all(self) -> Iterator[Check]:
        for section in TABLE_SECTIONS:
            yield from self.table(section)
        yield from self.newest()
        for kind, items in named_lists(self.dataset["benefits"]).items():
            yield from self.named_list(f"{kind}_benefits", ("benefits", kind, "benefit"), items)
        for name, items in named_lists(self.dataset["context"]).items():
            yield from self.named_list(name, ("context", name, "item"), items)
        yield from self.source()

    def _under(self, heading: str | None) -> str:
        return "the opening paragraph" if heading is None else f"the heading {quoted(heading)}"

    def _heading_fault(self, section: str, place: Place | Enumeration) -> Check | None:
        heading = place["heading"]
        if heading is not None and self.article.region(heading) is None:
            return check(
                section, "provenance", "heading", heading, None, FAILS,
                "is not a heading of the article",
            )  # fmt: skip
        return None

    # -- tables ----------------------------------------------------------------------

    def table(self, section: str) -> Iterator[Check]:
        place = self.provenance.get(section)
        records: list[dict[str, Any]] = list(self.dataset[section])  # type: ignore[literal-required]
        key_field = TABLE_KEYS[section]
        if not isinstance(place, dict) or "columns" not in place:
            for record in records:
                yield check(
                    section, str(record[key_field]), None, None, None, NOT_CHECKED,
                    "the provenance names no table columns (an older dataset)",
                )  # fmt: skip
            return
        fault = self._heading_fault(section, place) or self._columns_fault(section, place)
        if fault:
            yield fault
            return
        table = table_of(self.article, place)
        if table is None:
            yield self._table_missing(section, place)
            return
        columns = place["columns"]
        if not table.columns or columns[key_field].casefold() != table.columns[0].casefold():
            yield check(
                section, "provenance", "columns", columns[key_field], table.first_line, FAILS,
                f"{key_field}, the key, must be the table's first column",
            )  # fmt: skip
            return
        rows: dict[str, tuple[int, list[str]]] = {}
        for line, cells in table.rows:
            if cells and cells[0] in rows:
                yield check(
                    section, cells[0], key_field, cells[0], line, FAILS,
                    f"the article's table has a second row for {quoted(cells[0])} "
                    f"(lines {rows[cells[0]][0]} and {line})",
                )  # fmt: skip
            elif cells:
                rows[cells[0]] = (line, cells)
        index = {column.casefold(): number for number, column in enumerate(table.columns)}
        where = {
            field: (index[heading.casefold()], quoted(heading))
            for field, heading in columns.items()
            if heading.casefold() in index
        }
        span = f"lines {table.rows[0][0]}–{table.rows[-1][0]}" if table.rows else "no rows"
        named = self._named_in(place)
        if section == "members" and named is None:
            yield check(
                section, "provenance", "named_in", None, None, NOT_CHECKED,
                "the provenance names no enumeration of the members (named_in): the members "
                "the table does not list, and whether any is missing, are not checked",
            )  # fmt: skip
        keys = set()
        for record in records:
            key = str(record[key_field])
            keys.add(key)
            if key in rows:
                yield from self._table_record(section, record, rows[key], where)
            elif named is not None and key in named[1]:
                yield from self._named_record(section, record, named[0])
            else:
                also = f" nor names it in the sentence of line {named[0]}" if named else ""
                yield check(
                    section, key, key_field, key, None, FAILS,
                    f"the article has no row for {quoted(key)} in its table ({span}){also}",
                )  # fmt: skip
        for line, cells in table.rows:
            if cells and cells[0] not in keys:
                yield check(
                    section, cells[0], key_field, None, line, FAILS,
                    f"the article's row for {quoted(cells[0])} (line {line}) is not in the dataset",
                )  # fmt: skip
        for item in named[1] if named else ():
            if item not in keys:
                yield check(
                    section, item, key_field, None, named[0] if named else None, FAILS,
                    f"the article names {quoted(item)} (line {named[0] if named else '?'}); "
                    "the dataset has no such record",
                )  # fmt: skip

    def _columns_fault(self, section: str, place: Place) -> Check | None:
        """A column heading that does not name its field (`before` from "After Inclusion"):
        each word of a field's name must be in its heading, the key's aside."""
        for field, heading in place["columns"].items():
            if field == TABLE_KEYS[section]:
                continue
            named = heading.casefold().replace("_", " ").split()
            if field not in STATED[section] or not all(word in named for word in field.split("_")):
                return check(
                    section, "provenance", "columns", heading, None, FAILS,
                    f"the column {quoted(heading)} does not name the field {field}",
                )  # fmt: skip
        if TABLE_KEYS[section] not in place["columns"]:
            return check(
                section, "provenance", "columns", None, None, FAILS,
                f"the provenance names no column for the key, {TABLE_KEYS[section]}",
            )  # fmt: skip
        return None

    def _table_missing(self, section: str, place: Place) -> Check:
        wanted = {heading.casefold() for heading in place["columns"].values()}
        whole = range(1, len(self.article.lines) + 1)
        elsewhere = next(
            (
                table
                for table in self.article.tables(whole)
                if wanted <= {column.casefold() for column in table.columns}
            ),
            None,
        )
        hint = ""
        if elsewhere is not None:
            above = self.article.heading_above(elsewhere.first_line)
            hint = f"; that table is under {self._under(above)} (line {elsewhere.first_line})"
        return check(
            section, "provenance", "heading", place["heading"], None, FAILS,
            f"no table with the columns {', '.join(place['columns'].values())} under "
            f"{self._under(place['heading'])}{hint}",
        )  # fmt: skip

    def _table_record(
        self,
        section: str,
        record: dict[str, Any],
        found: tuple[int, list[str]],
        columns: dict[str, tuple[int, str]],
    ) -> Iterator[Check]:
        """The record against its row: each field against the cell of its column
        (`columns`: field -> the column's index and its heading, quoted)."""
        line, cells = found
        key = str(record[TABLE_KEYS[section]])
        for field in STATED[section]:
            value = record.get(field)
            if field not in columns:
                yield check(
                    section, key, field, value, line, NOT_CHECKED,
                    f"the provenance names no column for {field}",
                )  # fmt: skip
                continue
            index, heading = columns[field]
            cell = cells[index] if index < len(cells) else ""
            if isinstance(value, list):
                holds = list_items(cell) == value
            else:
                holds = ("" if value is None else str(value)) == cell
            if holds:
                yield check(section, key, field, value, line, HOLDS, "")
                continue
            if isinstance(value, list):
                says = ", ".join(quoted(item) for item in list_items(cell)) or "nothing"
            else:
                says = quoted(cell) if cell else "nothing"
            yield check(
                section, key, field, value, line, FAILS,
                f"the article's row for {quoted(key)} (line {line}) says {says} in {heading}",
            )  # fmt: skip

    def _named_in(self, place: Place) -> tuple[int, list[str]] | None:
        named = place.get("named_in")
        if named is None or _lead_in_fault(named) is not None:
            return None
        found = self.article.enumeration(named)
        return None if found is None else (found[0], found[2])

    def _named_record(self, section: str, record: dict[str, Any], line: int) -> Iterator[Check]:
        key_field = TABLE_KEYS[section]
        key = str(record[key_field])
        yield check(section, key, key_field, key, line, HOLDS, f"named in line {line}")
        for field in STATED[section]:
            value = record.get(field)
            if field != key_field and value is not None:
                yield check(
                    section, key, field, value, line, FAILS,
                    f"the article names {quoted(key)} only in a sentence (line {line}), "
                    f"which states no {field}",
                )  # fmt: skip

    # -- newest ----------------------------------------------------------------------

    def newest(self) -> Iterator[Check]:
        place = self.provenance.get("members")
        phrase = place.get("newest") if isinstance(place, dict) else None
        members = self.dataset["members"]
        if not phrase:
            for member in members:
                yield check(
                    "members", member["name"], "newest", member["newest"], None, NOT_CHECKED,
                    "the provenance names no words for the newest member",
                )  # fmt: skip
            return
        if "newest" not in phrase.casefold().split():
            yield check(
                "members", "provenance", "newest", phrase, None, FAILS,
                "the words for the newest member must say 'newest'",
            )  # fmt: skip
            return
        # Where the words stand, and what comes before them: the newest member's name.
        before = [
            (number, line[: line.index(phrase)].rstrip())
            for number, line in enumerate(map(words, self.article.lines), 1)
            if phrase in line
        ]
        if not before:
            yield check(
                "members", "provenance", "newest", phrase, None, FAILS,
                "the article does not use these words",
            )  # fmt: skip
            return
        for member in members:
            said = f"{member['name']} {phrase}"
            line = next(
                (number for number, text in before if _ends_with_name(text, member["name"])), None
            )
            holds = member["newest"] == (line is not None)
            if line is not None:
                detail = f"the article says {quoted(said)} (line {line})"
            else:
                detail = "not called the newest" if holds else f"no line says {quoted(said)}"
            yield check(
                "members", member["name"], "newest", member["newest"], line, _result(holds),
                detail,
            )  # fmt: skip

    # -- lists -----------------------------------------------------------------------

    def named_list(
        self, section: str, shown: tuple[str, str, str], items: Sequence[str]
    ) -> Iterator[Check]:
        place = self.provenance.get(section)
        forms = ("bullets_after", "lead_in", "subjects")
        if not isinstance(place, dict) or not any(place.get(form) for form in forms):
            for item in items:
                yield check(
                    *shown, item, None, NOT_CHECKED,
                    "the provenance names no bullets, enumeration or subjects "
                    "(an older dataset)",
                )  # fmt: skip
            return
        fault = self._heading_fault(section, place)
        if fault:
            yield fault
            return
        if "bullets_after" in place:
            yield from self._bullets(shown, place, items)
        elif "lead_in" in place:
            yield from self._enumeration(shown, place, items)
        else:
            yield from self._subjects(shown, place, items)

    def _compare(
        self,
        shown: tuple[str, str, str],
        items: Sequence[str],
        said: dict[str, int],
        where: str,
        *,
        complete: bool,
    ) -> Iterator[Check]:
        counts = Counter(items)
        for item in items:
            line = said.get(item)
            if line is None:
                hint = ""
                if self.hints < HINTS and len(said) <= HINTED_LIST:
                    self.hints += 1
                    hint = _closest(item, said)
                yield check(*shown, item, None, FAILS, f"is not {where}{hint}")
            elif counts[item] > 1:
                yield check(*shown, item, line, FAILS, f"is listed {counts[item]} times")
            elif self.taken.setdefault((line, item), shown[1]) != shown[1]:
                yield check(
                    *shown, item, line, FAILS,
                    f"is {where}, which {self.taken[line, item]} takes already",
                )  # fmt: skip
            else:
                yield check(*shown, item, line, HOLDS, where)
        if complete:
            for item, line in said.items():
                if item not in counts:
                    yield check(
                        *shown, None, line, FAILS,
                        f"the article's {quoted(item)} (line {line}) is not in the dataset",
                    )  # fmt: skip

    def _bullets(
        self, shown: tuple[str, str, str], place: Place, items: Sequence[str]
    ) -> Iterator[Check]:
        lines = self.article.region(place["heading"]) or range(0)
        found = self.article.bullets_after(lines, place["bullets_after"])
        if found is None or not found[1]:
            yield check(
                _section(shown), "provenance", "bullets_after", place["bullets_after"], None, FAILS,
                f"no bulleted list follows these words under {self._under(place['heading'])}",
            )  # fmt: skip
            return
        said = {self.article.bullet_text(line): line for line in found[1]}
        where = f"a whole bullet of the list after line {found[0]}"
        yield from self._compare(shown, items, said, where, complete=True)

    def _enumeration(
        self, shown: tuple[str, str, str], place: Place, items: Sequence[str]
    ) -> Iterator[Check]:
        fault = _lead_in_fault(place)
        if fault is not None:
            yield check(
                _section(shown), "provenance", "lead_in", place["lead_in"], None, FAILS, fault
            )
            return
        found = self.article.enumeration(place)
        if found is None:
            yield check(
                _section(shown), "provenance", "lead_in", place["lead_in"], None, FAILS,
                f"no sentence under {self._under(place['heading'])} has these words"
                + (f" followed by {quoted(place['lead_out'])}" if place.get("lead_out") else ""),
            )  # fmt: skip
            return
        line, _, enumerated = found
        where = f"an item of the enumeration after {quoted(place['lead_in'])} (line {line})"
        said = dict.fromkeys(enumerated, line)
        yield from self._compare(shown, items, said, where, complete=True)

    def _subjects(
        self, shown: tuple[str, str, str], place: Place, items: Sequence[str]
    ) -> Iterator[Check]:
        if not items:
            yield check(
                *shown, None, None, FAILS,
                "a list of sentence subjects cannot be checked for what is missing, so it "
                "may not be empty",
            )  # fmt: skip
            return
        said: dict[str, int] = {}
        for line, sentence in self.article.sentences_in(
            self.article.region(place["heading"]) or range(0)
        ):
            found = subject(sentence)
            if found:
                said.setdefault(found, line)
        where = f"the subject of a sentence under {self._under(place['heading'])}"
        yield from self._compare(shown, items, said, where, complete=False)

    def source(self) -> Iterator[Check]:
        """The source's own fields: the title is a heading, the outlet is named in the
        article's words, the image caption and URL are those of an image in the text."""
        source = self.dataset["source"]
        title = source["title"]
        line = next((n for n, heading in self.article.headings.items() if heading == title), None)
        detail = "a heading of the article" if line else "is no heading of the article"
        yield check("source", "source", "title", title, line, _result(line is not None), detail)
        outlet = source["reported_by"]
        if outlet is not None:
            phrase = re.compile(rf"(?<!\w){re.escape(outlet)}(?!\w)")
            lines = (
                n for n, text in enumerate(self.article.lines, 1) if phrase.search(words(text))
            )
            line = next(lines, None)
            detail = "named in the article" if line else "the article's words never name it"
            yield check(
                "source", "source", "reported_by", outlet, line, _result(line is not None), detail
            )  # fmt: skip
        images = [
            (number, found)
            for number, text in enumerate(self.article.lines, 1)
            for found in _IMAGE_PARTS.finditer(text)
        ]
        for field, part in (("image_caption", 1), ("image_url", 2)):
            value = source[field]  # type: ignore[literal-required]
            if value is None:
                continue
            line = next((n for n, found in images if found[part] == value), None)
            detail = "the article's image" if line else "no image of the article has it"
            yield check("source", "source", field, value, line, _result(line is not None), detail)


def _ends_with_name(text: str, name: str) -> bool:
    """Whether `text` ends with `name` as a whole word."""
    return text.endswith(name) and not text[: len(text) - len(name)][-1:].isalnum()


def _result(holds: bool) -> str:
    return HOLDS if holds else FAILS


# Hints name the closest item for the first failures only, in lists of at most this many
# items: difflib compares pairs, so more would cost the product of the two.
HINTS, HINTED_LIST = 20, 500


def _section(shown: tuple[str, str, str]) -> str:
    """The provenance name of a list shown as (section, list, field)."""
    return f"{shown[1]}_benefits" if shown[0] == "benefits" else shown[1]


def _closest(item: str, said: dict[str, int]) -> str:
    """ "; closest: line 5 '…'" for the article's item most like `item`, if one is."""
    import difflib

    close = difflib.get_close_matches(item, list(said), n=1, cutoff=0.5)
    return f"; closest: line {said[close[0]]} {quoted(close[0], 80)}" if close else ""


def _lead_in_fault(place: Enumeration) -> str | None:
    """Why `lead_in` cannot introduce an enumeration: it must end in a word, not inside
    one already begun (`such as energy security,` or `Kyrgyzstan, and`)."""
    lead_in = place.get("lead_in", "").rstrip()
    last = lead_in.split()[-1].casefold() if lead_in.split() else ""
    if lead_in.endswith((",", ";", ":")) or last in ("and", "or"):
        return "must end before the enumeration begins, not inside it"
    return None


def compare_text(text: str, against: str) -> Check:
    """The dataset's text against the article file it came from: the first line that
    differs fails (line ends, and blank lines at the end, are no difference)."""
    try:
        with Path(against).open("rb") as file:
            raw = file.read(MAX_DATA_BYTES + 1)  # an endless stream (/dev/zero) stops here
        if len(raw) > MAX_DATA_BYTES:
            raise UsageError(
                f"--against: {quoted(against)}: larger than the {MAX_DATA_BYTES >> 20} MiB "
                "an article may be"
            )
        other = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"--against: {quoted(against)}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"--against: {quoted(against)}: is a directory") from None
    except OSError as error:
        raise UsageError(f"--against: {quoted(against)}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--against: {quoted(against)}: not UTF-8 text") from None
    name = os.path.basename(against)

    def lines_of(content: str) -> list[str]:
        return content.replace("\r\n", "\n").rstrip("\n").split("\n")

    ours, theirs = lines_of(text), lines_of(other)
    for number, (mine, file_line) in enumerate(zip(ours, theirs, strict=False), 1):
        if mine != file_line:
            return check(
                "source", "text", "text", mine, number, FAILS,
                f"{name} line {number} says {quoted(file_line, 120)}",
            )  # fmt: skip
    if len(ours) != len(theirs):
        number = min(len(ours), len(theirs)) + 1
        longer = "the dataset's text" if len(ours) > len(theirs) else name
        return check(
            "source", "text", "text", None, number, FAILS,
            f"{longer} goes on after line {number - 1}",
        )  # fmt: skip
    return check("source", "text", "text", None, None, HOLDS, f"the same text as {name}")


def verify(dataset: Dataset, *, all_checks: bool = False, against: str | None = None) -> Records:
    """The checks that fail or could not run (every check with `all_checks`), a summary, and
    exit 1 if any fails or could not run; DataError (exit 3) without a text."""
    article = article_of(dataset)
    if article is None:
        raise DataError("the dataset has no source.text: there is no article to verify against")
    import gc

    # Hundreds of thousands of rows for a large dataset, all kept to the end of the run:
    # no collection needs to sweep them while they are made or after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        checks = list(_Checker(dataset, article).all())
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    if against is not None:
        checks.insert(0, compare_text(dataset["source"].get("text") or "", against))
    failing = [row for row in checks if row["result"] in (FAILS, NOT_CHECKED)]
    return Records(
        title="Checks against the article" if all_checks else "Checks that fail",
        fields=VERIFY_FIELDS,
        default_fields=(
            ("section", "record", "field", "value", "line", "result", "detail")
            if all_checks
            else ("section", "record", "field", "value", "detail")
        ),
        rows=checks if all_checks else failing,
        noun=("check", "checks") if all_checks else ("failing check", "failing checks"),
        summary=_summary(dataset, checks, failing),
        exit_code=ExitStatus.NOT_FOUND if failing else ExitStatus.SUCCESS,
        empty_message="",  # the summary says it
        word_fields=frozenset({"section", "field"}),
        not_applicable=frozenset({"field", "value", "line", "detail"}),
    )


def _summary(dataset: Dataset, checks: list[Check], failing: list[Check]) -> str:
    records = (
        len(dataset["members"])
        + len(dataset["security"])
        + len(dataset["roadmap"])
        + sum(len(items) for items in named_lists(dataset["benefits"]).values())
        + sum(len(items) for items in named_lists(dataset["context"]).values())
    )
    if not failing:
        return (
            f"verify: all {len(checks)} checks hold: {records} records in their places, "
            "nothing missing, every heading right"
        )
    failed = sum(1 for row in failing if row["result"] == FAILS)
    unchecked = len(failing) - failed
    said = [f"{failed} of {len(checks)} checks fail"] if failed else []
    if unchecked:
        said.append(f"{unchecked} of {len(checks)} could not run")
    return "verify: " + ", ".join(said)
