"""`bloc export DIR`: the dataset as a Frictionless Data Package, plus SQLite and JSON copies."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import stat
import tempfile
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

Writer = Callable[[int], int | None]  # fills the file open as a descriptor; its rows, if a table


def export(dataset: Dataset, folder: str, *, force: bool = False) -> Records:
    """Write the package into `folder`, made if missing, and touch nothing else in it.

    The folder is opened once; every file is then made, written and moved relative to that
    descriptor, never reopened by name, so that another process that can write in the
    folder cannot make bloc write through a symbolic link it puts there. Each file is
    written under a temporary name in `folder` (readable by its owner only until placed),
    then moved into place: over a file of the same name only with `force`, which keeps that
    file's mode and, where allowed, its owner. datapackage.json is moved last, so a folder
    that has it has the whole package. On any failure or signal the temporary files are
    removed; the files already moved into place stay, each complete.
    """
    if not folder:
        raise UsageError("export: the folder name is empty")
    target = Path(folder)
    writers = _writers(dataset)
    temporary: dict[str, str] = {}  # name -> the name of its temporary file in `target`
    files: dict[str, int] = {}  # name -> its temporary file, open for writing
    placed: list[str] = []
    written: dict[str, tuple[int | None, int]] = {}  # name -> rows, bytes
    where, made, directory = target, False, -1  # what an OS error is about; `target` new?
    try:
        made = _make_folder(target)
        if made:
            signals.remove_on_signal(target)
        directory = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        for name in writers:  # before anything is written: what would stop a move
            where = target / name
            if not force and os.path.lexists(where):
                raise _exists_error(where)
            if os.path.islink(where):  # bloc writes files, never links: this one is yours
                raise UsageError(
                    f"export: {where} is a symbolic link; --force replaces only files "
                    "(remove the link to export here)"
                )
            if os.path.isdir(where) and not os.path.islink(where):
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a file bloc wrote")
        for name, write in writers.items():
            where = target / name
            files[name] = _create(directory, target, name, temporary)
            written[name] = _fill(files[name], write)
        new_mode = _new_file_mode()
        for name in writers:  # in order: datapackage.json last
            where = target / name
            try:
                _place(directory, temporary[name], name, files[name], force=force, mode=new_mode)
            except FileExistsError:  # even if it appeared after the look above
                raise _exists_error(where) from None
            signals.keep_on_signal(target / temporary[name])
            signals.keep_on_signal(target)
            placed.append(name)
    except OSError as error:
        raise OutputError(f"export: {where}: {error.strerror or error}") from None
    finally:
        for descriptor in files.values():
            os.close(descriptor)
        for name, temporary_name in temporary.items():
            if name not in placed:
                with suppress(OSError):
                    os.unlink(temporary_name, dir_fd=directory)
                signals.keep_on_signal(target / temporary_name)
        if directory != -1:
            os.close(directory)
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


def _exists_error(path: Path) -> UsageError:
    return UsageError(f"export: {path} exists (--force replaces the files bloc writes)")


def _replaced() -> OSError:
    return OSError("replaced by another process while bloc wrote it")


def _create(directory: int, folder: Path, name: str, temporary: dict[str, str]) -> int:
    """A new file .bloc-tmp-RANDOM-NAME in `directory` (the folder `folder` open), open for
    writing, readable and writable by its owner only. It is listed in `temporary`, and for
    removal on a signal, before it exists: a signal that comes as it is made cannot leave it
    behind (as with tempfile.mkstemp, which returns its name after)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    while True:
        temporary[name] = f"{TEMPORARY_PREFIX}{os.urandom(8).hex()}-{name}"
        signals.remove_on_signal(folder / temporary[name])
        try:
            return os.open(temporary[name], flags, 0o600, dir_fd=directory)
        except FileExistsError:  # another run's: not ours to remove
            signals.keep_on_signal(folder / temporary[name])
            del temporary[name]


def _fill(descriptor: int, write: Writer) -> tuple[int | None, int]:
    """Fill the new file open as `descriptor` and flush it to disk: rows, bytes."""
    rows = write(descriptor)
    os.fsync(descriptor)
    return rows, os.fstat(descriptor).st_size


def _new_file_mode() -> int:
    """The mode a new file gets from the umask (which can only be read by setting it)."""
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask


def _place(
    directory: int, temporary: str, final: str, descriptor: int, *, force: bool, mode: int
) -> None:
    """Move the file `temporary` (open as `descriptor`) to `final`, both in `directory`,
    atomically; without `force`, only if `final` is not there (FileExistsError). With
    `force`, a file that `final` replaces passes on its mode and, as far as bloc may set
    them, its owner and group.

    Another process that can write in the folder may swap `temporary` for something else:
    that is an OSError before the move, and should it happen just before the move, what
    was placed is removed again. After the move `final` is the file written, or a regular
    file that replaced it since (a concurrent `--force` export), never a link or a device.
    """
    if force:
        mode = _keep_mode_and_owner(directory, final, descriptor, mode)
    os.fchmod(descriptor, mode)
    if not _is_written(directory, temporary, descriptor):
        raise _replaced()
    if force:
        os.replace(temporary, final, src_dir_fd=directory, dst_dir_fd=directory)
    else:
        _link(directory, temporary, final)
    if not _is_written(directory, final, descriptor) and not _is_file(directory, final):
        with suppress(OSError):
            os.unlink(final, dir_fd=directory)
        raise _replaced()


def _link(directory: int, temporary: str, final: str) -> None:
    """Give the file `temporary` the name `final` if that name is free, then drop `temporary`."""
    try:
        # FileExistsError if `final` exists, even if it appeared a moment ago.
        os.link(temporary, final, src_dir_fd=directory, dst_dir_fd=directory, follow_symlinks=False)
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        # Without hard links, creating `final` exclusively reserves the name, then the
        # complete file replaces the empty one.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        os.close(os.open(final, flags, 0o600, dir_fd=directory))
        os.replace(temporary, final, src_dir_fd=directory, dst_dir_fd=directory)
        return
    os.unlink(temporary, dir_fd=directory)


def _keep_mode_and_owner(directory: int, final: str, descriptor: int, mode: int) -> int:
    """Give the file open as `descriptor` the owner and group of the file `final` it is to
    replace, as far as bloc may (root may; anyone may keep a group they belong to): the
    mode to give it, `final`'s permissions (`mode` if `final` is not a file)."""
    try:
        old = os.stat(final, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return mode
    if not stat.S_ISREG(old.st_mode):
        return mode
    try:
        os.fchown(descriptor, old.st_uid, old.st_gid)
    except PermissionError:
        with suppress(PermissionError):
            os.fchown(descriptor, -1, old.st_gid)
    return stat.S_IMODE(old.st_mode) & 0o777


def _is_written(directory: int, name: str, descriptor: int) -> bool:
    """Whether `name` in `directory` is the very file open as `descriptor`."""
    try:
        found = os.stat(name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return False
    written = os.fstat(descriptor)
    return (found.st_dev, found.st_ino) == (written.st_dev, written.st_ino)


def _is_file(directory: int, name: str) -> bool:
    """Whether `name` in `directory` is a regular file (not a link to one)."""
    try:
        return stat.S_ISREG(os.stat(name, dir_fd=directory, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def _writers(dataset: Dataset) -> dict[str, Writer]:
    """How to write each file of the package, datapackage.json last."""
    writers: dict[str, Writer] = {
        f"{table.name}.csv": _csv_writer(dataset, table) for table in database.TABLES
    }
    writers[SQLITE_FILE] = lambda descriptor: _write_sqlite(dataset, descriptor)
    writers[JSON_FILE] = _json_writer(dataset)
    writers[PACKAGE_FILE] = _json_writer(_descriptor(dataset))
    return writers


def _write_sqlite(dataset: Dataset, descriptor: int) -> None:
    """SQLite writes its file by name: it is built in a private folder (mode 700, in the
    system's temporary folder) where no one else can put a link, then copied in."""
    private = tempfile.mkdtemp(prefix="bloc-")
    built = os.path.join(private, SQLITE_FILE)
    signals.remove_on_signal(private)
    signals.remove_on_signal(built)
    try:
        try:
            database.build(dataset, built).close()
        except sqlite3.Error as error:  # SQLite reports a failed write (a full disk) its own way
            raise OSError(errno.EIO, str(error)) from None
        with open(built, "rb") as source, open(descriptor, "wb", closefd=False) as copy:
            shutil.copyfileobj(source, copy)
    finally:
        with suppress(OSError):
            os.unlink(built)
        with suppress(OSError):
            os.rmdir(private)
        signals.keep_on_signal(built)
        signals.keep_on_signal(private)


def _csv_writer(dataset: Dataset, table: database.Table) -> Writer:
    def write(descriptor: int) -> int:
        rows = list(table.rows(dataset))
        with open(descriptor, "w", encoding="utf-8", newline="", closefd=False) as file:
            file.writelines(csv_lines([database.column_names(table), *rows], line_end="\r\n"))
        return len(rows)

    return write


def _json_writer(value: object) -> Writer:
    def write(descriptor: int) -> None:
        with open(descriptor, "w", encoding="utf-8", closefd=False) as file:
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
