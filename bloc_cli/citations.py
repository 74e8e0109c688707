"""Where the article states each record: its table row, bullet, enumeration item or
sentence, found from the section's provenance (`source.provenance`).

The article is read as a reader reads it: headings, tables (a row of column headings, a
rule, rows of cells), bulleted lists and sentences. Only its words count: a URL, an
image, a link's target and markup are not words. `bloc verify` (verify.py) checks every
record against the place found here; `line` and `quote` cite the same place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from bloc_cli.model import Dataset, Enumeration, Place, named_lists, places
from bloc_cli.records import CITATION_FIELDS, Records, Row

# Markup whose text is not the article's words: an image whole, a link's target (its text
# stays), a bare URL, an HTML tag, emphasis markers.
# Each part stops at the next bracket or space, so that a line of unclosed brackets is
# read in linear time (a caption may hold one level of brackets: `![[Contribution] ...]`).
_IMAGE = re.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\([^()\s]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")
_URL = re.compile(r"\b(?:https?|ftp)://\S+")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_EMPHASIS = re.compile(r"\*\*|__|`")
# Sentences end in . ! or ? followed by white space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A sentence's subject runs from its start (after a connective such as "Additionally,")
# up to its verb; these are the verbs that end one.
_CONNECTIVE = re.compile(r"^[A-Z][a-z]+, ")
_VERB = re.compile(r"\s(?:will|can|could|would|should|shall|may|might|must|is|are|was|were)\s")
_ENUMERATION_SEPARATOR = re.compile(r",\s+(?:and\s+|or\s+)?")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_TABLE_RULE = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")


# A line without these characters has no markup to take out (most lines: the fast path).
_MARKUP_SIGNS = re.compile(r"[\[<*_`]|://")


def words(line: str) -> str:
    """A line's words as a reader reads them: no image, link target, URL, tag or emphasis."""
    if not _MARKUP_SIGNS.search(line):
        return line.strip()
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _URL.sub("", line)
    line = _TAG.sub("", line)
    return _EMPHASIS.sub("", line).strip()


def is_table_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def is_heading(line: str) -> bool:
    """A line that stands alone as a title: words, no sentence end, not a row or bullet."""
    text = line.strip()
    if text.startswith("#"):
        return bool(text.lstrip("#").strip())
    if not text or is_table_row(text) or _BULLET.match(text) or text.startswith("!["):
        return False
    return not text.endswith((".", ":", "!", "?", ";", ",")) and len(text.split()) <= 20


def table_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, as words (`\\|` is a pipe inside a cell)."""
    inner = line.strip().removeprefix("|").removesuffix("|")
    if "\\" not in inner and not _MARKUP_SIGNS.search(inner):  # most rows: the fast path
        return [cell.strip() for cell in inner.split("|")]
    return [words(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", inner)]


def list_items(cell: str) -> list[str]:
    """A cell's comma-separated items."""
    return [item.strip() for item in cell.split(",") if item.strip()]


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part]


def enumeration_items(text: str) -> list[str]:
    """The items of "A, B, and C" (or "A and B")."""
    text = text.strip().rstrip(".!?;:").strip()
    if "," in text:
        return [item.strip() for item in _ENUMERATION_SEPARATOR.split(text) if item.strip()]
    return [item.strip() for item in re.split(r"\s+(?:and|or)\s+", text, maxsplit=1)]


def subject(sentence: str) -> str | None:
    """The words before a sentence's verb, after a connective such as "Additionally,"."""
    verb = _VERB.search(sentence)
    if verb is None:
        return None
    return _CONNECTIVE.sub("", sentence[: verb.start()], count=1).strip() or None


class Spot(NamedTuple):
    """One place in the article: its line, the quote (the row, bullet or sentence as
    written), and what the article says there, field by field or as the item itself."""

    line: int
    quote: str
    says: Mapping[str, str | list[str] | None]


class Table(NamedTuple):
    columns: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells)
    first_line: int


class Article:
    """The article's text, line by line (line 1 is the first; a `\\r` before `\\n` is no
    part of a line), with its headings and the sections under them."""

    def __init__(self, text: str) -> None:
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self.headings = {
            number: words(line.lstrip("#"))
            for number, line in enumerate(self.lines, 1)
            if is_heading(line)
        }

    def heading_above(self, number: int) -> str | None:
        """The heading the line is under; None in the opening paragraph."""
        above = [line for line in self.headings if line < number]
        return self.headings[max(above)] if above else None

    def region(self, heading: str | None) -> range | None:
        """The lines under `heading` (up to the next heading); None if it is no heading.
        The opening paragraph (before the first heading) is the region of None."""
        starts = sorted(self.headings)
        if heading is None:
            return range(1, (starts[0] if starts else len(self.lines) + 1))
        for index, number in enumerate(starts):
            if self.headings[number] == heading:
                end = starts[index + 1] if index + 1 < len(starts) else len(self.lines) + 1
                return range(number + 1, end)
        return None

    def tables(self, lines: range) -> Iterator[Table]:
        """The tables among `lines`: a header row, a rule, then rows."""
        number = lines.start
        while number < lines.stop:
            if is_table_row(self.lines[number - 1]):
                block = []
                while number < lines.stop and is_table_row(self.lines[number - 1]):
                    block.append(number)
                    number += 1
                if len(block) >= 2:
                    # The rule under the headings (`|---|---|`); a table without one
                    # loses no row to it.
                    ruled = _TABLE_RULE.fullmatch(self.lines[block[1] - 1].strip())
                    first = 2 if ruled else 1
                    rows = [(line, table_cells(self.lines[line - 1])) for line in block[first:]]
                    yield Table(table_cells(self.lines[block[0] - 1]), rows, block[0])
            number += 1

    def bullets_after(self, lines: range, lead_in: str) -> tuple[int, list[int]] | None:
        """The line ending in `lead_in`, and the bullet lines right after it."""
        for number in lines:
            text = words(self.lines[number - 1])
            if _BULLET.match(self.lines[number - 1]):
                continue  # a bullet introduces no list
            if text == lead_in or text.endswith(" " + lead_in):
                bullets: list[int] = []
                while number + len(bullets) + 1 < lines.stop and _BULLET.match(
                    self.lines[number + len(bullets)]
                ):
                    bullets.append(number + len(bullets) + 1)
                return number, bullets
        return None

    def bullet_text(self, number: int) -> str:
        return words(_BULLET.sub("", self.lines[number - 1], count=1))

    def sentences_in(self, lines: range) -> Iterator[tuple[int, str]]:
        """(line, sentence) for the prose lines among `lines`, as words."""
        for number in lines:
            line = self.lines[number - 1]
            if is_table_row(line) or _BULLET.match(line) or number in self.headings:
                continue
            for sentence in sentences(words(line)):
                yield number, sentence

    def enumeration(self, place: Enumeration) -> tuple[int, str, list[str]] | None:
        """(line, sentence, items) of the enumeration that `place` introduces."""
        lines = self.region(place["heading"])
        lead_in = place.get("lead_in")
        if lines is None or not lead_in:
            return None
        phrase = re.compile(rf"(?<!\w){re.escape(lead_in)}(?!\w)")
        for number, sentence in self.sentences_in(lines):
            found = phrase.search(sentence)
            if found is None:
                continue
            rest = sentence[found.end() :]
            lead_out = place.get("lead_out")
            if lead_out:
                end = re.search(rf"(?<!\w){re.escape(lead_out)}(?!\w)", rest)
                if end is None:  # the words that end the enumeration are not there
                    return None
                rest = rest[: end.start()]
            return number, sentence, enumeration_items(rest)
        return None


def article_of(dataset: Dataset) -> Article | None:
    text = dataset["source"].get("text")
    return Article(text) if text else None


# The three tables: their section, the field holding each record's key, the records.
TABLE_SECTIONS = ("members", "security", "roadmap")
TABLE_KEYS = {"members": "name", "security": "aspect", "roadmap": "area"}


def table_of(article: Article, place: Place) -> Table | None:
    """The table under the place's heading whose columns are the place's columns, with
    the key field's column first."""
    lines = article.region(place["heading"])
    columns = place.get("columns")
    if lines is None or not columns:
        return None
    wanted = {heading.casefold() for heading in columns.values()}
    for table in article.tables(lines):
        if wanted <= {column.casefold() for column in table.columns}:
            return table
    return None


class Places:
    """Every record's place in the article, found once (a dict lookup per record)."""

    def __init__(self, dataset: Dataset, article: Article) -> None:
        self.article = article
        self.provenance = places(dataset["source"]["provenance"])
        self._spots: dict[tuple[str, str], Spot] = {}
        for section in TABLE_SECTIONS:
            self._index_table(section)
        members = self.provenance.get("members")
        if isinstance(members, dict) and "named_in" in members:
            self._index_enumeration("members", members["named_in"])
        benefits = (f"{kind}_benefits" for kind in named_lists(dataset["benefits"]))
        for section in (*benefits, *named_lists(dataset["context"])):
            place = self.provenance.get(section)
            if not isinstance(place, dict):
                continue
            if "bullets_after" in place:
                self._index_bullets(section, place)
            elif "lead_in" in place:
                self._index_enumeration(section, place)
            elif place.get("subjects"):
                self._index_subjects(section, place)

    def spot(self, section: str, key: str) -> Spot | None:
        """Where the article states the record `key` of `section` (None: nowhere)."""
        return self._spots.get((section, key))

    def _add(self, section: str, key: str, spot: Spot) -> None:
        self._spots.setdefault((section, key), spot)

    def _index_table(self, section: str) -> None:
        place = self.provenance.get(section)
        if not isinstance(place, dict):
            return
        table = table_of(self.article, place)
        if table is None:
            return
        columns = {heading.casefold(): field for field, heading in place["columns"].items()}
        for number, cells in table.rows:
            says: dict[str, str | list[str] | None] = {}
            for column, cell in zip(table.columns, cells, strict=False):
                field = columns.get(column.casefold())
                if field is not None:
                    says[field] = cell
            if cells:
                self._add(section, cells[0], Spot(number, self.article.lines[number - 1], says))

    def _index_bullets(self, section: str, place: Place) -> None:
        lines = self.article.region(place["heading"])
        found = self.article.bullets_after(lines, place["bullets_after"]) if lines else None
        for number in found[1] if found else ():
            text = self.article.bullet_text(number)
            quote = self.article.lines[number - 1]
            self._add(section, text, Spot(number, quote, {list_field(section): text}))

    def _index_enumeration(self, section: str, place: Enumeration) -> None:
        found = self.article.enumeration(place)
        if found is not None:
            number, sentence, items = found
            for item in items:
                self._add(section, item, Spot(number, sentence, {list_field(section): item}))

    def _index_subjects(self, section: str, place: Place) -> None:
        lines = self.article.region(place["heading"])
        for number, sentence in self.article.sentences_in(lines or range(0)):
            said = subject(sentence)
            if said:
                self._add(section, said, Spot(number, sentence, {list_field(section): said}))


def list_field(section: str) -> str:
    """The field a list section's records state: a member's name (the members' prose
    enumeration), a benefit, or a context item."""
    if section == "members":
        return "name"
    return "benefit" if section.endswith("_benefits") else "item"


def table_row_labels(article: Article) -> dict[str, str]:
    """Each table row of the article as a person reads it, each cell after its column
    heading: `Country: Kazakhstan · Year Joined: 1992 · Main Contributions: Energy, ...`."""
    labels: dict[str, str] = {}
    for table in article.tables(range(1, len(article.lines) + 1)):
        for number, cells in table.rows:
            labels[article.lines[number - 1]] = " · ".join(
                f"{column}: {cell}"
                for column, cell in zip(table.columns, cells, strict=False)
                if column
            )
    return labels


def mentions(article: Article, name: str) -> list[int]:
    """The lines whose words name `name` (as a whole word: `Azerbaijan’s` names Azerbaijan,
    `Azerbaijani` does not)."""
    if not name.strip():
        return []
    phrase = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return [
        number
        for number, line in enumerate(article.lines, 1)
        if name in line and phrase.search(words(line))
    ]


def unstated(spot: Spot, row: Row, fields: Sequence[str]) -> list[str]:
    """The values of `row` that its place does not say: each stated field compared with
    its cell (a list with the cell's items); a list item or a matched line says itself."""
    search = "field" in row and "value" in row  # a search match: one value of a record
    pairs = [(str(row["field"]), row["value"])] if search else [(f, row.get(f)) for f in fields]
    missing: list[str] = []
    for field, value in pairs:
        if value is None or value == []:
            continue
        said = spot.says.get(field)
        if not isinstance(said, str):  # the place says nothing of this field
            if spot.says:
                missing.extend(map(str, value) if isinstance(value, list) else [str(value)])
            continue
        if isinstance(value, list):
            items = list_items(said)
            missing.extend(str(item) for item in value if str(item) not in items)
        elif str(value) != said and not (search and str(value) in list_items(said)):
            missing.append(str(value))
    return missing


def record_place(kind: str, row: Mapping[str, object]) -> tuple[str, str] | None:
    """(section, key) of a row of the records of `kind` (what cited() looks up)."""
    if kind in TABLE_KEYS:
        return kind, str(row[TABLE_KEYS[kind]])
    if kind == "benefits":
        return f"{row['kind']}_benefits", str(row["benefit"])
    if kind == "context":
        return str(row["list"]), str(row["item"])
    if kind == "search":
        section, record, value = str(row["section"]), str(row["record"]), str(row["value"])
        if section in TABLE_KEYS:
            return section, record
        if section == "benefits":
            return f"{record}_benefits", value
        if section == "context":
            return record, value
    return None


def cited(
    records: Records,
    dataset: Dataset,
    warnings: list[str],
    *,
    quote: bool = True,
    labelled: bool = False,
) -> Records:
    """`records` with `line` (and `quote`, unless not asked for) on every row: the place
    where the article states the record (null where it states it nowhere, or there is no
    text). A record whose values do not all stand in its quote adds a line to `warnings`.
    `labelled`: for a terminal, each table row's label too (see table_row_labels)."""
    import gc

    article = article_of(dataset)
    found = Places(dataset, article) if article is not None else None
    gc.freeze()  # the index lives as long as the run: no collection need sweep it again
    kind = records.cites or ""

    def rows() -> Iterator[Row]:
        for row in records.rows:
            spot = _spot(found, kind, row)
            place = record_place(kind, row)
            name = f"{place[0]} {place[1]}" if place else kind
            if spot is None:
                if found is not None and place is not None:
                    warnings.append(f"{name}: the article states it nowhere")
                yield {**row, CITATION_FIELDS[0]: None, CITATION_FIELDS[1]: None}
                continue
            missing = unstated(spot, row, records.stated_fields)
            if missing:
                said = ", ".join(repr(value) for value in missing)
                warnings.append(f"{name}: line {spot.line} does not say {said}")
            yield {
                **row,
                CITATION_FIELDS[0]: spot.line,
                CITATION_FIELDS[1]: spot.quote if quote else None,
            }

    labels = table_row_labels(article) if article is not None and quote and labelled else {}
    return records._replace(rows=rows(), quote_labels=labels)


def _spot(found: Places | None, kind: str, row: Row) -> Spot | None:
    if found is None:
        return None
    if kind == "search" and row.get("section") == "article":
        number = int(str(row["record"]).removeprefix("line "))
        return Spot(number, found.article.lines[number - 1], {})
    place = record_place(kind, row)
    return found.spot(*place) if place else None
