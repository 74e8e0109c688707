"""`bloc sql --tables`: every table and column a query can name, with its keys."""

from __future__ import annotations

from collections.abc import Iterator

from bloc_cli import database
from bloc_cli.records import Records, Row

TABLE_FIELDS = ("table", "column", "type", "primary_key", "references")


def tables() -> Records:
    """Every table and column: what a query can name."""

    def rows() -> Iterator[Row]:
        for table in database.TABLES:
            references = {
                column: f"{key.table}.{target}"
                for key in table.foreign_keys
                for column, target in zip(key.columns, key.references, strict=True)
            }
            for column in table.columns:
                yield {
                    "table": table.name,
                    "column": column.name,
                    "type": column.sql_type,
                    "primary_key": column.name in table.primary_key,
                    "references": references.get(column.name),
                }

    return Records(
        title="Tables for bloc sql",
        fields=TABLE_FIELDS,
        rows=rows(),
        noun=("column", "columns"),
        not_applicable=frozenset({"references"}),
        typed_fields=frozenset({"table", "column", "references"}),
    )
