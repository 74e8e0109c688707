"""`bloc export DIR`: the dataset as a Frictionless Data Package, plus SQLite and JSON copies."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from bloc_cli import __version__, database
from bloc_cli.errors import UsageError
from bloc_cli.model import Dataset
from bloc_cli.output.cells import flat
from bloc_cli.records import Records

PACKAGE_FILE = "datapackage.json"
SQLITE_FILE = "bloc.sqlite"
JSON_FILE = "bloc.json"
EXPORT_FIELDS = ("file", "rows", "bytes")


def export(dataset: Dataset, target: Path, *, force: bool = False) -> Records:
    """Write the package into `target`, all or nothing; never over a non-empty folder
    unless `force`. The files are written to a temporary folder beside it, then moved."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"export: {target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError(f"export: {target} is not empty (--force replaces its content)")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"export: {parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as error:
        raise UsageError(f"export: cannot write in {parent}: {error.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the export is an ordinary folder
    try:
        written = _write_package(dataset, staging)
        _replace(target, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Records(
        title=f"Exported to {target}",
        fields=EXPORT_FIELDS,
        rows=[
            {"file": str(target / name), "rows": rows, "bytes": (target / name).stat().st_size}
            for name, rows in written
        ],
    )


def _write_package(dataset: Dataset, folder: Path) -> list[tuple[str, int | None]]:
    written: list[tuple[str, int | None]] = []
    for table in database.TABLES:
        name = f"{table.name}.csv"
        with open(folder / name, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\r\n")
            writer.writerow(database.column_names(table))
            count = 0
            for row in table.rows(dataset):
                writer.writerow([flat(value) for value in row])
                count += 1
        written.append((name, count))
    descriptor = _descriptor(dataset)
    (folder / PACKAGE_FILE).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    database.build(dataset, str(folder / SQLITE_FILE)).close()
    (folder / JSON_FILE).write_text(
        json.dumps(dataset, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [(PACKAGE_FILE, None), *written, (SQLITE_FILE, None), (JSON_FILE, None)]


def _descriptor(dataset: Dataset) -> dict[str, object]:
    source = dataset["source"]
    origin: dict[str, str] = {"title": source["title"]}
    if source["page_url"]:
        origin["path"] = source["page_url"]
    return {
        "name": "bloc",
        "title": source["title"],
        "description": "Facts of one news article"
        + (f", as reported by {source['reported_by']}" if source["reported_by"] else "")
        + f". Exported by bloc {__version__}; {SQLITE_FILE} and {JSON_FILE} hold the same data.",
        "sources": [origin],
        "resources": [
            {
                "name": table.name,
                "description": table.description,
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(table),
            }
            for table in database.TABLES
        ],
    }


def _schema(table: database.Table) -> dict[str, object]:
    schema: dict[str, object] = {
        "fields": [
            {
                "name": column.name,
                "type": column.frictionless_type,
                **({"constraints": {"required": True}} if column.required else {}),
            }
            for column in table.columns
        ],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.columns),
                "reference": {"resource": key.table, "fields": list(key.references)},
            }
            for key in table.foreign_keys
        ]
    return schema


def _replace(target: Path, staging: Path) -> None:
    """Move `staging` into place as `target`; an old `target` goes only once that worked."""
    if not target.exists():
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=staging.parent))
    os.replace(target, old / target.name)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old / target.name, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
