"""The dataset as relational tables: one per section, child tables for lists.

One description serves `bloc sql` (an in-memory SQLite database) and `bloc export`
(CSV files, a Frictionless Data Package and the same database on disk).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from bloc_cli.model import SOURCE_FIELDS, Benefits, Context, Dataset, headings, named_lists


class Column(NamedTuple):
    name: str
    sql_type: str = "TEXT"  # or INTEGER, or BOOLEAN (stored as 0 or 1, read back as a bool)
    frictionless_type: str = "string"  # or integer, or boolean
    required: bool = False


# A row's place in the article (1-based): what `ORDER BY position` restores.
_POSITION = Column("position", "INTEGER", "integer", True)


class ForeignKey(NamedTuple):
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


class Table(NamedTuple):
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Dataset], Iterator[tuple[object, ...]]]
    foreign_keys: tuple[ForeignKey, ...] = ()


def _members(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for position, member in enumerate(dataset["members"], start=1):
        yield member["name"], member["year_joined"], member["newest"], position


def _member_contributions(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for member in dataset["members"]:
        for position, item in enumerate(member["contributions"] or (), start=1):
            yield member["name"], position, item


def _security(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for position, aspect in enumerate(dataset["security"], start=1):
        yield aspect["aspect"], aspect["before"], aspect["after"], position


def _roadmap(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for position, area in enumerate(dataset["roadmap"], start=1):
        yield area["area"], area["expected_impact"], position


def _roadmap_actions(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for area in dataset["roadmap"]:
        for position, item in enumerate(area["action_items"], start=1):
            yield area["area"], position, item


def _named_list_rows(section: Benefits | Context) -> Iterator[tuple[object, ...]]:
    """Rows (list name, position, item) of a section made of named lists."""
    for name, items in named_lists(section).items():
        for position, item in enumerate(items, start=1):
            yield name, position, item


def _benefits(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    return _named_list_rows(dataset["benefits"])


def _context(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    return _named_list_rows(dataset["context"])


def _source(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    source = dataset["source"]
    yield tuple(source[field] for field in SOURCE_FIELDS)  # type: ignore[literal-required]


def _provenance(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    yield from headings(dataset["source"]["provenance"]).items()


TABLES: tuple[Table, ...] = (
    Table(
        "members",
        "The member states",
        (
            Column("name", required=True),
            Column("year_joined", "INTEGER", "integer"),
            Column("newest", "BOOLEAN", "boolean", True),
            _POSITION,
        ),
        ("name",),
        _members,
    ),
    Table(
        "member_contributions",
        "Each member's main contributions, in the article's order",
        (Column("member", required=True), _POSITION, Column("contribution", required=True)),
        ("member", "position"),
        _member_contributions,
        (ForeignKey(("member",), "members", ("name",)),),
    ),
    Table(
        "security",
        "Security aspects before and after Azerbaijan's inclusion",
        (Column("aspect", required=True), Column("before"), Column("after"), _POSITION),
        ("aspect",),
        _security,
    ),
    Table(
        "roadmap",
        "Roadmap priority areas and their expected impact",
        (Column("area", required=True), Column("expected_impact"), _POSITION),
        ("area",),
        _roadmap,
    ),
    Table(
        "roadmap_actions",
        "Action items of each priority area",
        (Column("area", required=True), _POSITION, Column("action", required=True)),
        ("area", "position"),
        _roadmap_actions,
        (ForeignKey(("area",), "roadmap", ("area",)),),
    ),
    Table(
        "benefits",
        "Anticipated benefits, by kind (membership or economic)",
        (Column("kind", required=True), _POSITION, Column("benefit", required=True)),
        ("kind", "position"),
        _benefits,
    ),
    Table(
        "context",
        "Stated aims, shared challenges, security threats, sectors, recommendations",
        (Column("list", required=True), _POSITION, Column("item", required=True)),
        ("list", "position"),
        _context,
    ),
    Table(
        "source",
        "The source article",
        tuple(Column(field, required=field == "title") for field in SOURCE_FIELDS),
        ("title",),
        _source,
    ),
    Table(
        "provenance",
        "The article heading each section was taken from",
        (Column("section", required=True), Column("heading")),
        ("section",),
        _provenance,
    ),
)


def create_schema(connection: sqlite3.Connection) -> None:
    for table in TABLES:
        columns = [
            f"{column.name} {column.sql_type}" + (" NOT NULL" if column.required else "")
            for column in table.columns
        ]
        columns.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
        for key in table.foreign_keys:
            columns.append(
                f"FOREIGN KEY ({', '.join(key.columns)}) "
                f"REFERENCES {key.table} ({', '.join(key.references)})"
            )
        connection.execute(f"CREATE TABLE {table.name} ({', '.join(columns)})")


def fill(connection: sqlite3.Connection, dataset: Dataset) -> None:
    for table in TABLES:
        marks = ", ".join("?" for _ in table.columns)
        connection.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows(dataset))


def build(dataset: Dataset, path: str = ":memory:") -> sqlite3.Connection:
    """A database holding the dataset, at `path` (in memory by default), made in one
    transaction. A file gets no journal beside it: it is new, and dropped if the build fails.

    A column declared BOOLEAN reads back as False or True (SQLite stores 0 or 1); a
    computed value has no declared type and reads back as SQLite gives it."""
    sqlite3.register_converter("BOOLEAN", _boolean)
    connection = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = MEMORY")
    with connection:
        connection.execute("BEGIN")  # else each CREATE TABLE commits on its own
        create_schema(connection)
        fill(connection, dataset)
    return connection


def _boolean(stored: bytes) -> bool:
    return int(stored) != 0


def column_names(table: Table) -> Sequence[str]:
    return [column.name for column in table.columns]
