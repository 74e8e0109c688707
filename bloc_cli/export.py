"""`bloc export DIR`: the dataset as a Frictionless Data Package, plus SQLite and JSON copies."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from bloc_cli import __version__, database, signals
from bloc_cli.errors import OutputError, UsageError
from bloc_cli.model import Dataset
from bloc_cli.output.delimited import csv_lines
from bloc_cli.records import Records

PACKAGE_FILE = "datapackage.json"
SQLITE_FILE = "bloc.sqlite"
JSON_FILE = "bloc.json"
EXPORT_FIELDS = ("file", "rows", "bytes")
# Every file is first written as .bloc-tmp-RANDOM-NAME in DIR: only a killed run leaves one.
TEMPORARY_PREFIX = ".bloc-tmp-"
# No hard links on this file system (FAT, some network and FUSE file systems).
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP}

Writer = Callable[[str], int | None]  # fills the file at a path; returns its rows, if a table


def export(dataset: Dataset, folder: str, *, force: bool = False) -> Records:
    """Write the package into `folder`, made if missing, and touch nothing else in it.

    Each file is written under a temporary name in `target`, then moved into place: over a
    file of the same name only with `force`. datapackage.json is moved last, so a folder that
    has it has the whole package. On any failure or signal the temporary files are removed;
    the files already moved into place stay, each complete.
    """
    if not folder:
        raise UsageError("export: the folder name is empty")
    target = Path(folder)
    writers = _writers(dataset)
    temporary: dict[str, Path] = {}  # name -> its temporary file in `target`
    placed: list[str] = []
    written: dict[str, tuple[int | None, int]] = {}  # name -> rows, bytes
    where, made = target, False  # what an OS error is about; whether `target` is new
    try:
        made = _make_folder(target)
        if made:
            signals.remove_on_signal(target)
        for name in writers:  # before anything is written: what would stop a move
            where = target / name
            if not force and os.path.lexists(where):
                raise _taken(where)
            if os.path.isdir(where) and not os.path.islink(where):
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a file bloc wrote")
        for name, write in writers.items():
            where = target / name
            written[name] = _fill(_create(target, name, temporary), temporary[name], write)
        for name in writers:  # in order: datapackage.json last
            where = target / name
            _place(temporary[name], where, force=force)
            signals.keep_on_signal(temporary[name])
            signals.keep_on_signal(target)
            placed.append(name)
    except OSError as error:
        raise OutputError(f"export: {where}: {error.strerror or error}") from None
    finally:
        for name, path in temporary.items():
            if name not in placed:
                with suppress(OSError):
                    os.unlink(path)
                signals.keep_on_signal(path)
        if made and not placed:  # rmdir fails if a concurrent export has used it meanwhile
            with suppress(OSError):
                target.rmdir()
        signals.keep_on_signal(target)
    listed = [PACKAGE_FILE, *(name for name in writers if name != PACKAGE_FILE)]
    return Records(
        title=f"Exported to {target}",
        fields=EXPORT_FIELDS,
        rows=[
            {"file": str(target / name), "rows": written[name][0], "bytes": written[name][1]}
            for name in listed
        ],
        noun=("file", "files"),
        not_applicable=frozenset({"rows"}),
    )


def _make_folder(target: Path) -> bool:
    """Make `target` (its parent must exist); True if made here, False if a folder is there
    already, or a symbolic link to one: either is used as it is."""
    try:
        target.mkdir()
        return True
    except FileNotFoundError:
        raise FileNotFoundError(
            errno.ENOENT, "No such file or directory (the folder it goes in must exist)"
        ) from None
    except FileExistsError:
        try:
            mode = target.stat().st_mode  # follows a symbolic link
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, "a symbolic link to nothing") from None
        if not stat.S_ISDIR(mode):
            raise NotADirectoryError(errno.ENOTDIR, "not a folder") from None
        return False


def _taken(path: Path) -> UsageError:
    return UsageError(f"export: {path} exists (--force replaces the files bloc writes)")


def _create(folder: Path, name: str, temporary: dict[str, Path]) -> int:
    """A new file .bloc-tmp-RANDOM-NAME in `folder`, open for writing, with the mode the
    umask gives. It is listed in `temporary`, and for removal on a signal, before it exists:
    a signal that comes as it is made cannot leave it behind (as with tempfile.mkstemp,
    which returns its name after)."""
    while True:
        temporary[name] = folder / f"{TEMPORARY_PREFIX}{os.urandom(8).hex()}-{name}"
        signals.remove_on_signal(temporary[name])
        try:
            return os.open(temporary[name], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # another run's: not ours to remove
            signals.keep_on_signal(temporary[name])
            del temporary[name]


def _fill(descriptor: int, path: Path, write: Writer) -> tuple[int | None, int]:
    """Fill the new file at `path` (open as `descriptor`) and flush it to disk: rows, bytes."""
    try:
        rows = write(str(path))
        os.fsync(descriptor)
        return rows, os.fstat(descriptor).st_size
    finally:
        os.close(descriptor)


def _place(temporary: Path, final: Path, *, force: bool) -> None:
    """Move `temporary` to `final` atomically; without `force`, only if `final` is not there."""
    if force:
        os.replace(temporary, final)
        return
    try:
        os.link(temporary, final)  # fails if `final` exists, even if it appeared a moment ago
    except FileExistsError:
        raise _taken(final) from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        # Without hard links, creating `final` exclusively reserves the name, then the
        # complete file replaces the empty one.
        try:
            os.close(os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            raise _taken(final) from None
        os.replace(temporary, final)
        return
    os.unlink(temporary)


def _writers(dataset: Dataset) -> dict[str, Writer]:
    """How to write each file of the package, datapackage.json last."""
    writers: dict[str, Writer] = {
        f"{table.name}.csv": _csv_writer(dataset, table) for table in database.TABLES
    }
    writers[SQLITE_FILE] = lambda path: _write_sqlite(dataset, path)
    writers[JSON_FILE] = _json_writer(dataset)
    writers[PACKAGE_FILE] = _json_writer(_descriptor(dataset))
    return writers


def _write_sqlite(dataset: Dataset, path: str) -> None:
    try:
        database.build(dataset, path).close()
    except sqlite3.Error as error:  # SQLite reports a failed write (a full disk) its own way
        raise OSError(errno.EIO, str(error)) from None


def _csv_writer(dataset: Dataset, table: database.Table) -> Writer:
    def write(path: str) -> int:
        rows = list(table.rows(dataset))
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.writelines(csv_lines([database.column_names(table), *rows], line_end="\r\n"))
        return len(rows)

    return write


def _json_writer(value: object) -> Writer:
    def write(path: str) -> None:
        with open(path, "w", encoding="utf-8") as file:
            file.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")

    return write


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
