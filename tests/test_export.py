"""`bloc export DIR`: what it writes, only its own files, atomic, never clobbering, and
what a failure leaves behind.

Most tests run bloc in this process (`bloc(...)`) or call bloc_cli.export directly; those
marked `process` need a child: another process racing bloc in the folder, signals,
concurrent runs, a file-size limit, a mounted disk.
Expected values are the article's facts written out by hand (as data/bloc.json holds them).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import json
import locale
import os
import re
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bloc_cli import __version__, database, export
from bloc_cli.errors import OutputError, UsageError
from bloc_cli.model import Dataset

from conftest import BASE_ENV, BLOC, BUNDLED, TABLE_NAMES, Result, bloc, bundled, run

TITLE = "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics"

OWN_FILES = sorted(
    ["datapackage.json", *(f"{name}.csv" for name in TABLE_NAMES), "bloc.sqlite", "bloc.json"]
)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def temporary_files(folder: Path) -> list[str]:
    return [name for name in names(folder) if name.startswith(".bloc-tmp-")]


def contents(folder: Path) -> dict[str, bytes]:
    """The exported files but the SQLite one (whose bytes are not reproducible)."""
    return {
        name: (folder / name).read_bytes()
        for name in names(folder)
        if name in OWN_FILES and name != "bloc.sqlite"
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a plain export into a new folder writes."""
    folder = tmp_path_factory.mktemp("reference") / "package"
    assert bloc("export", str(folder)).code == 0
    return contents(folder)


def identity(path: Path) -> tuple[int, ...]:
    """What a change to `path` itself would change (not its access time)."""
    status = path.lstat()
    return status.st_ino, status.st_mode, status.st_uid, status.st_size, status.st_mtime_ns


def assert_one_line_error(result: Result, code: int, *words: str) -> None:
    assert result.code == code, result
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith("bloc: error: export: "), result.err
    assert all(word in result.err for word in words), result.err
    assert result.out == ""


@pytest.fixture(scope="module")
def article() -> Dataset:
    dataset: Dataset = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return dataset


@pytest.fixture(autouse=True)
def flushes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Export's fsync calls in this process, recorded rather than made: they are slow on a
    busy disk, and the tests look at the files through the same kernel."""
    calls: list[int] = []

    def record(descriptor: int) -> None:
        os.fstat(descriptor)  # an open file, as fsync needs
        calls.append(descriptor)

    monkeypatch.setattr(os, "fsync", record)
    return calls


# what it writes -------------------------------------------------------------------------------


EXPORTED = [
    ("datapackage.json", None),
    ("members.csv", 6),
    ("member_contributions.csv", 6),
    ("security.csv", 4),
    ("roadmap.csv", 3),
    ("roadmap_actions.csv", 6),
    ("benefits.csv", 7),
    ("context.csv", 16),
    ("source.csv", 1),
    ("provenance.csv", 10),
    ("bloc.sqlite", None),
    ("bloc.json", None),
]


def test_export_writes_every_file_and_lists_rows_and_bytes(
    article: Dataset, tmp_path: Path, flushes: list[int]
) -> None:
    target = tmp_path / "out"
    records = export.export(article, str(target))
    assert len(flushes) == len(EXPORTED)  # each file is flushed to disk
    assert records.title == f"Exported to {target}"
    assert records.fields == ("file", "rows", "bytes")
    assert list(records.rows) == [
        {"file": str(target / name), "rows": rows, "bytes": (target / name).stat().st_size}
        for name, rows in EXPORTED
    ]
    assert sorted(os.listdir(target)) == sorted(name for name, _ in EXPORTED)


def test_export_lists_its_files_and_the_rows_of_each(article: Dataset, tmp_path: Path) -> None:
    records = export.export(article, str(tmp_path))
    assert records.noun == ("file", "files")
    assert records.not_applicable == frozenset({"rows"})


def test_exported_csv_holds_the_article_facts(article: Dataset, tmp_path: Path) -> None:
    export.export(article, str(tmp_path))
    assert (tmp_path / "members.csv").read_bytes() == (
        b"name,year_joined,newest,position\r\n"
        b"Kazakhstan,1992,false,1\r\n"
        b"Uzbekistan,1993,false,2\r\n"
        b"Turkmenistan,,false,3\r\n"
        b"Kyrgyzstan,,false,4\r\n"
        b"Tajikistan,,false,5\r\n"
        b"Azerbaijan,2024,true,6\r\n"
    )
    with open(tmp_path / "security.csv", encoding="utf-8", newline="") as file:
        assert list(csv.reader(file))[3] == [
            "Border Security Coordination",
            "Fragmented",
            "Centralized & Streamlined",
            "3",
        ]
    with open(tmp_path / "roadmap.csv", encoding="utf-8", newline="") as file:
        assert [(row[0], row[-1]) for row in csv.reader(file)] == [
            ("area", "position"),
            ("Trade & Infrastructure", "1"),
            ("Energy Cooperation", "2"),
            ("Cultural & Educational Exchange", "3"),
        ]
    assert json.loads((tmp_path / "bloc.json").read_text(encoding="utf-8")) == article
    assert "’" in (tmp_path / "bloc.json").read_text(encoding="utf-8")  # not \u2019
    with sqlite3.connect(tmp_path / "bloc.sqlite") as connection:
        assert connection.execute("SELECT name FROM members WHERE newest").fetchall() == [
            ("Azerbaijan",)
        ]


def test_export_csvs_read_back_as_the_dataset(tmp_path: Path) -> None:
    bloc("export", str(tmp_path / "p"))
    folder = tmp_path / "p"

    def read(name: str) -> list[dict[str, str]]:
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file))

    data = bundled()
    members = read("members")
    assert [m["name"] for m in members] == [m["name"] for m in data["members"]]
    assert members[0]["year_joined"] == "1992" and members[2]["year_joined"] == ""
    assert [m["newest"] for m in members].count("true") == 1
    assert [(r["aspect"], r["before"], r["after"]) for r in read("security")] == [
        (s["aspect"], s["before"], s["after"]) for s in data["security"]
    ]
    benefits = [r["benefit"] for r in read("benefits")]
    assert benefits == data["benefits"]["membership"] + data["benefits"]["economic"]
    actions = [r["action"] for r in read("roadmap_actions")]
    assert actions == [a for r in data["roadmap"] for a in r["action_items"]]
    assert json.loads((folder / "bloc.json").read_text(encoding="utf-8")) == data
    with sqlite3.connect(folder / "bloc.sqlite") as connection:
        assert connection.execute("SELECT count(*) FROM members").fetchone() == (6,)


def test_exported_data_package_describes_every_table(article: Dataset, tmp_path: Path) -> None:
    export.export(article, str(tmp_path))
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "bloc"
    assert package["title"] == TITLE
    assert package["description"] == (
        f"Facts of one news article, as reported by Euronews.com. Exported by bloc "
        f"{__version__}; bloc.sqlite and bloc.json hold the same data."
    )
    assert package["sources"] == [{"title": TITLE}]  # the article has no page_url
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert list(resources) == [name.removesuffix(".csv") for name, _ in EXPORTED[1:10]]
    assert resources["members"] == {
        "name": "members",
        "description": "The member states",
        "path": "members.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                {"name": "name", "type": "string", "constraints": {"required": True}},
                {"name": "year_joined", "type": "integer"},
                {"name": "newest", "type": "boolean", "constraints": {"required": True}},
                {"name": "position", "type": "integer", "constraints": {"required": True}},
            ],
            "primaryKey": ["name"],
        },
    }
    assert resources["roadmap_actions"]["schema"]["foreignKeys"] == [
        {"fields": ["area"], "reference": {"resource": "roadmap", "fields": ["area"]}}
    ]
    assert resources["roadmap_actions"]["schema"]["primaryKey"] == ["area", "position"]


def test_data_package_names_the_page_and_leaves_out_an_unknown_outlet(
    article: Dataset, tmp_path: Path
) -> None:
    dataset = json.loads(json.dumps(article))
    dataset["source"]["page_url"] = "https://example.org/a"
    dataset["source"]["reported_by"] = None
    export.export(dataset, str(tmp_path))
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["sources"] == [{"title": TITLE, "path": "https://example.org/a"}]
    assert package["description"] == (
        f"Facts of one news article. Exported by bloc {__version__}; "
        "bloc.sqlite and bloc.json hold the same data."
    )


def test_export_writes_a_valid_data_package(tmp_path: Path) -> None:
    import frictionless

    target = tmp_path / "package"
    result = bloc("export", str(target), "-f", "json")
    assert result.code == 0, result.err
    listed = [Path(row["file"]).name for row in json.loads(result.out)]
    assert sorted(listed) == OWN_FILES and listed[0] == "datapackage.json"
    assert names(target) == OWN_FILES
    report = frictionless.validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    contributions = next(r for r in descriptor["resources"] if r["name"] == "member_contributions")
    assert contributions["schema"]["foreignKeys"] == [
        {"fields": ["member"], "reference": {"resource": "members", "fields": ["name"]}}
    ]
    assert descriptor["sources"][0]["title"].startswith("Central Asia Embraces Azerbaijan")


def test_exported_json_is_indented_by_two_spaces(article: Dataset, tmp_path: Path) -> None:
    export.export(article, str(tmp_path))
    text = (tmp_path / "bloc.json").read_text(encoding="utf-8")
    assert text.startswith(f'{{\n  "source": {{\n    "title": "{TITLE}",\n')
    assert text.endswith("\n  }\n}\n")
    package = (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    assert package.startswith('{\n  "name": "bloc",\n  "title": ')


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """Python's locale encoding is ASCII, as under LC_ALL=C PYTHONUTF8=0: what open()
    writes without an encoding (unless Python's UTF-8 mode is on)."""
    saved = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def test_exported_files_are_utf_8_whatever_the_locale(
    article: Dataset, tmp_path: Path, ascii_locale: None
) -> None:
    assert sys.flags.utf8_mode or codecs.lookup(locale.getpreferredencoding(False)).name == "ascii"
    export.export(article, str(tmp_path))
    benefits = (tmp_path / "benefits.csv").read_bytes().decode("utf-8")
    assert "leveraging Azerbaijan’s rich oil and gas reserves.\r\n" in benefits
    caption = "[Contribution] Central Asia, on threshold of a new era – The Korea Herald"
    assert caption in (tmp_path / "source.csv").read_bytes().decode("utf-8")
    assert json.loads((tmp_path / "bloc.json").read_bytes().decode("utf-8")) == article
    assert f'"image_caption": "{caption}"'.encode() in (tmp_path / "bloc.json").read_bytes()


def test_exported_files_get_the_mode_the_umask_gives(article: Dataset, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        export.export(article, str(tmp_path / "out"))
    finally:
        os.umask(old)
    modes = {name: (tmp_path / "out" / name).stat().st_mode & 0o777 for name, _ in EXPORTED}
    assert modes == {name: 0o644 for name, _ in EXPORTED}


def test_files_are_readable_by_their_owner_only_until_placed(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []

    def record(descriptor: int) -> None:  # fsync: the file is written, not yet placed
        modes.append(os.fstat(descriptor).st_mode & 0o777)

    monkeypatch.setattr(os, "fsync", record)
    old = os.umask(0)
    try:
        export.export(article, str(tmp_path / "out"))
    finally:
        os.umask(old)
    assert modes == [0o600] * len(EXPORTED)
    assert {(tmp_path / "out" / name).stat().st_mode & 0o777 for name, _ in EXPORTED} == {0o666}


def test_new_files_and_folder_get_the_umask_mode(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert bloc("export", str(tmp_path / "p")).code == 0
    assert (tmp_path / "p").stat().st_mode & 0o777 == 0o777 & ~umask
    for name in OWN_FILES:
        assert (tmp_path / "p" / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


def test_export_of_a_duplicate_area_is_refused_at_load(tmp_path: Path) -> None:
    data = bundled()
    data["roadmap"].append(dict(data["roadmap"][0]))
    source = tmp_path / "dup.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = bloc("--data", str(source), "export", str(tmp_path / "out"))
    assert result.code == 3 and "$.roadmap[3].area: duplicate area" in result.err
    assert names(tmp_path) == ["dup.json"]


# an existing folder: only bloc's own files, replaced only with --force ------------------------


def test_export_leaves_other_files_alone_and_no_temporary_file(
    article: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    export.export(article, str(tmp_path))
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".bloc-tmp-")]


@pytest.mark.parametrize("force", [False, True])
def test_other_files_mode_and_identity_of_an_existing_folder_are_kept(
    tmp_path: Path, force: bool, reference: dict[str, bytes]
) -> None:
    target = tmp_path / "mine"
    target.mkdir(mode=0o700)
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "sub").mkdir()
    (target / "sub" / "members.csv").write_text("not bloc's", encoding="utf-8")
    inode, mode, owner = target.stat().st_ino, target.stat().st_mode, target.stat().st_uid
    result = bloc("export", str(target), *(["--force"] if force else []))
    assert result.code == 0, result.err
    assert (target.stat().st_ino, target.stat().st_mode, target.stat().st_uid) == (
        inode,
        mode,
        owner,
    )
    assert mode & 0o777 == 0o700
    assert names(target) == sorted([*OWN_FILES, "notes.txt", "sub"])
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (target / "sub" / "members.csv").read_text(encoding="utf-8") == "not bloc's"
    assert contents(target) == reference
    assert names(tmp_path) == ["mine"]


def test_export_through_a_link_to_a_folder_uses_that_folder(
    article: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    export.export(article, str(tmp_path / "link"))
    assert (tmp_path / "real" / "datapackage.json").is_file()


def test_a_symlink_to_a_folder_is_followed_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    assert bloc("export", str(tmp_path / "link")).code == 0
    assert (tmp_path / "link").is_symlink() and os.readlink(tmp_path / "link") == "real"
    assert names(tmp_path / "real") == OWN_FILES
    assert names(tmp_path) == ["link", "real"]


def test_export_dot_from_inside_the_folder_leaves_no_other_folder(tmp_path: Path) -> None:
    target = tmp_path / "here"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = bloc("export", ".", "--fields", "file", "-f", "csv", cwd=target)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:3] == ["datapackage.json", "members.csv"]
    assert names(target) == sorted([*OWN_FILES, "notes.txt"])
    assert names(tmp_path) == ["here"]
    assert bloc("export", ".", "--force", cwd=target).code == 0
    assert names(target) == sorted([*OWN_FILES, "notes.txt"])
    assert names(tmp_path) == ["here"]


def test_export_refuses_to_replace_a_file_without_force(article: Dataset, tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("mine")
    with pytest.raises(UsageError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == (
        f"export: {tmp_path / 'members.csv'} exists (--force replaces the files bloc writes)"
    )
    assert os.listdir(tmp_path) == ["members.csv"]
    assert (tmp_path / "members.csv").read_text() == "mine"


def test_an_existing_own_file_is_a_usage_error_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "roadmap.csv").write_text("mine", encoding="utf-8")
    result = bloc("export", str(target))
    assert_one_line_error(result, 2, str(target / "roadmap.csv"), "--force")
    assert names(target) == ["roadmap.csv"]
    assert (target / "roadmap.csv").read_text(encoding="utf-8") == "mine"


def test_a_second_export_without_force_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "p"
    assert bloc("export", str(target)).code == 0
    before = {name: (target / name).stat() for name in OWN_FILES}
    assert bloc("export", str(target)).code == 2
    after = {name: (target / name).stat() for name in OWN_FILES}
    assert after == before


def test_export_with_force_replaces_its_files(article: Dataset, tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("mine")
    export.export(article, str(tmp_path), force=True)
    assert (tmp_path / "members.csv").read_text(encoding="utf-8").startswith("name,year_joined")
    export.export(article, str(tmp_path), force=True)
    assert len(os.listdir(tmp_path)) == len(EXPORTED)


def test_force_replaces_only_bloc_s_own_files(tmp_path: Path, reference: dict[str, bytes]) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "members.csv").write_text("old", encoding="utf-8")
    assert bloc("export", str(target), "--force").code == 0
    assert names(target) == sorted([*OWN_FILES, "notes.txt"])
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert contents(target) == reference


def test_force_keeps_the_mode_and_owner_of_a_file_it_replaces(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    target = tmp_path / "private"
    assert bloc("export", str(target)).code == 0
    (target / "members.csv").write_text("old\n", encoding="utf-8")
    (target / "members.csv").chmod(0o600)
    os.link(target / "members.csv", tmp_path / "hard-link.csv")
    (target / "bloc.json").chmod(0o640)
    if os.geteuid() == 0:  # only root may give a file to another user: bloc keeps that too
        os.chown(target / "bloc.json", 1, 1)
    before = {name: (target / name).stat() for name in OWN_FILES}
    assert bloc("export", str(target), "--force").code == 0
    assert contents(target) == reference
    assert (tmp_path / "hard-link.csv").read_text(encoding="utf-8") == "old\n"
    for name in OWN_FILES:
        now = (target / name).stat()
        assert (now.st_mode, now.st_uid, now.st_gid) == (
            before[name].st_mode,
            before[name].st_uid,
            before[name].st_gid,
        ), name
        # Unlike cp, a new file takes the name: a hard link to the old one keeps the old data.
        assert now.st_ino != before[name].st_ino


def test_export_with_force_never_replaces_a_folder(article: Dataset, tmp_path: Path) -> None:
    (tmp_path / "members.csv").mkdir()
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path), force=True)
    assert str(raised.value) == (
        f"export: {tmp_path / 'members.csv'}: is a folder, not a file bloc wrote"
    )
    assert raised.value.exit_code == 74
    assert os.listdir(tmp_path) == ["members.csv"]  # nothing written before the refusal


def test_force_stops_before_writing_when_a_name_is_a_folder(tmp_path: Path) -> None:
    # A folder where bloc.json goes cannot be replaced: found before any file is moved, so
    # the old members.csv is still the user's.
    target = tmp_path / "out"
    target.mkdir()
    (target / "bloc.json").mkdir()
    (target / "members.csv").write_text("old\n", encoding="utf-8")
    result = bloc("export", str(target), "--force")
    assert_one_line_error(result, 74, "bloc.json", "is a folder")
    assert (target / "members.csv").read_text(encoding="utf-8") == "old\n"
    assert names(target) == ["bloc.json", "members.csv"]


def test_export_with_force_leaves_a_link_to_a_folder_and_the_folder(
    article: Dataset, tmp_path: Path
) -> None:
    # A link is never bloc's to replace: it is refused before anything is written.
    target, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    target.mkdir()
    elsewhere.mkdir()
    (target / "members.csv").symlink_to(elsewhere)
    with pytest.raises(UsageError) as raised:
        export.export(article, str(target), force=True)
    assert str(raised.value) == (
        f"export: {target / 'members.csv'} is a symbolic link; --force replaces only files "
        "(remove the link to export here)"
    )
    assert (target / "members.csv").is_symlink()
    assert os.listdir(elsewhere) == [] and os.listdir(target) == ["members.csv"]


def test_force_never_replaces_a_symbolic_link_it_did_not_write(tmp_path: Path) -> None:
    # The spec: --force replaces bloc's own files only; a link at one of its names is
    # the user's (a hostile review saw it replaced by a file).
    target = tmp_path / "precious.csv"
    target.write_text("keep\n")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "members.csv").symlink_to(target)
    result = bloc("export", str(folder), "--force")
    assert result.code == 2 and "is a symbolic link" in result.err
    assert (folder / "members.csv").is_symlink()
    assert target.read_text() == "keep\n"
    assert sorted(path.name for path in folder.iterdir()) == ["members.csv"]


# others in the folder: files that appear, links swapped in, no hard links ---------------------


@pytest.mark.parametrize("links", [True, False])
def test_export_never_replaces_a_file_that_appears_while_it_writes(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    def no_links(source: object, target: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "links not supported")

    if not links:
        monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "members.csv").write_text("mine")
    # As if the file appeared after export looked for it.
    monkeypatch.setattr(os.path, "lexists", lambda path: False)
    with pytest.raises(UsageError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == (
        f"export: {tmp_path / 'members.csv'} exists (--force replaces the files bloc writes)"
    )
    assert os.listdir(tmp_path) == ["members.csv"]
    assert (tmp_path / "members.csv").read_text() == "mine"


def test_export_steps_around_another_runs_temporary_file(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bloc_cli import signals

    draws = iter([b"\x00" * 8, *(bytes([n]) * 8 for n in range(1, 40))])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    theirs = tmp_path / f".bloc-tmp-{'00' * 8}-members.csv"
    theirs.write_text("another run's")
    export.export(article, str(tmp_path))
    assert theirs.read_text() == "another run's"
    assert sorted(os.listdir(tmp_path)) == sorted([theirs.name, *(n for n, _ in EXPORTED)])
    assert signals._temporary == {}


def test_temporary_files_are_named_after_their_file_with_16_random_hex_digits(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real_open = os.open

    def recording(path: str, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).startswith(".bloc-tmp-"):
            made.append(str(path))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", recording)
    export.export(article, str(tmp_path))
    pattern = re.compile(r"\.bloc-tmp-[0-9a-f]{16}-(.+)")
    assert sorted(pattern.fullmatch(name)[1] for name in made) == sorted(  # type: ignore[index]
        name for name, _ in EXPORTED
    )
    assert len(set(made)) == len(made)


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP])
def test_export_without_hard_links_still_writes_every_file(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def no_links(source: object, target: object, **kwargs: object) -> None:
        raise OSError(code, "links not supported")

    monkeypatch.setattr(os, "link", no_links)
    export.export(article, str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == sorted(name for name, _ in EXPORTED)
    assert (tmp_path / "source.csv").read_text(encoding="utf-8").startswith("title,")


def test_export_stops_on_another_link_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(source: object, target: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", broken)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == f"export: {tmp_path / 'members.csv'}: Input/output error"
    assert os.listdir(tmp_path) == []


def test_without_hard_links_the_reserved_name_is_private_until_replaced(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name is reserved by an empty file only its owner may open, whatever the umask;
    # the complete file then replaces it.
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    reserved: dict[str, tuple[int, int]] = {}
    real_replace = os.replace

    def replace(source: str, target: str, **kwargs: Any) -> None:
        found = os.stat(target, dir_fd=kwargs["dst_dir_fd"], follow_symlinks=False)
        reserved[target] = (found.st_mode & 0o777, found.st_size)
        real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", replace)
    old = os.umask(0)
    try:
        export.export(article, str(tmp_path / "out"))
    finally:
        os.umask(old)
    assert reserved == {name: (0o600, 0) for name, _ in EXPORTED}
    modes = {name: (tmp_path / "out" / name).stat().st_mode & 0o777 for name, _ in EXPORTED}
    assert modes == {name: 0o666 for name, _ in EXPORTED}


def test_force_takes_no_mode_from_a_link_that_appears_after_the_look(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A link at members.csv that the look before writing missed (it appeared since): it
    # is replaced, never followed, and its target's mode is not the new file's.
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("theirs\n", encoding="utf-8")
    elsewhere.chmod(0o600)
    target = tmp_path / "out"
    target.mkdir()
    (target / "members.csv").symlink_to(elsewhere)
    monkeypatch.setattr(os.path, "islink", lambda path: False)
    old = os.umask(0o022)
    try:
        export.export(article, str(target), force=True)
    finally:
        os.umask(old)
    placed = target / "members.csv"
    assert not placed.is_symlink()
    assert placed.stat().st_mode & 0o777 == 0o644
    assert placed.read_text(encoding="utf-8").startswith("name,year_joined,newest,position")
    assert elsewhere.read_text(encoding="utf-8") == "theirs\n"
    assert elsewhere.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("group", [True, False], ids=["in the group", "not in the group"])
def test_force_keeps_the_group_where_it_may_not_keep_the_owner(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: bool
) -> None:
    # As for a user who is not root: the owner cannot be given away; the group can be
    # kept if the user is in it, and the export goes on if not.
    export.export(article, str(tmp_path))
    old = (tmp_path / "members.csv").stat()
    calls: list[tuple[int, int]] = []

    def fchown(descriptor: int, uid: int, gid: int) -> None:
        os.fstat(descriptor)  # an open file
        calls.append((uid, gid))
        if uid != -1 or not group:
            raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", fchown)
    records = export.export(article, str(tmp_path), force=True)
    assert len(list(records.rows)) == len(EXPORTED)
    assert calls == [(old.st_uid, old.st_gid), (-1, old.st_gid)] * len(EXPORTED)


@pytest.mark.parametrize("replaced", [True, False], ids=["replaced", "removed"])
def test_force_after_the_move_keeps_a_file_another_run_put_there(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replaced: bool
) -> None:
    # Another forced export replaces members.csv with its own (a regular file: it stays,
    # and this run succeeds), or something removes it (this run says so).
    real_replace = os.replace
    target = tmp_path / "out"
    export.export(article, str(target))

    def replace(source: str, final: str, **kwargs: Any) -> None:
        real_replace(source, final, **kwargs)
        if final != "members.csv":
            return
        folder = kwargs["dst_dir_fd"]
        if replaced:
            theirs = os.open("theirs", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
            os.write(theirs, b"another run's\n")
            os.close(theirs)
            real_replace("theirs", final, src_dir_fd=folder, dst_dir_fd=folder)
        else:
            os.unlink(final, dir_fd=folder)

    monkeypatch.setattr(os, "replace", replace)
    if replaced:
        export.export(article, str(target), force=True)
        assert (target / "members.csv").read_text(encoding="utf-8") == "another run's\n"
        assert names(target) == OWN_FILES
        return
    with pytest.raises(OutputError) as raised:
        export.export(article, str(target), force=True)
    assert str(raised.value) == (
        f"export: {target / 'members.csv'}: replaced by another process while bloc wrote it"
    )
    assert names(target) == [name for name in OWN_FILES if name != "members.csv"]


class Staged:
    """A rare condition staged in this process by replacing os functions; `calls` names
    the ones bloc went through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.calls: set[str] = set()

    def no_look(self) -> None:
        """As if the file appeared between bloc's look at the folder and its move."""

        def lexists(path: object) -> bool:
            self.calls.add("lexists")
            return False

        self.monkeypatch.setattr(os.path, "lexists", lexists)

    def no_links(self) -> None:
        """A file system without hard links."""

        def link(*args: object, **kwargs: object) -> None:
            self.calls.add("link")
            raise PermissionError(errno.EPERM, "Operation not permitted")

        self.monkeypatch.setattr(os, "link", link)

    def swap_at_the_move(self, outside: Path) -> None:
        """Another process swaps the temporary file for a link to `outside` between bloc's
        last look at it and the move."""

        def swapping(move: Any) -> Any:
            def swapped(source: str, target: str, *args: object, **kwargs: Any) -> object:
                if os.path.basename(source).startswith(".bloc-tmp-"):
                    self.calls.add("swap")
                    os.unlink(source, dir_fd=kwargs.get("src_dir_fd"))
                    os.symlink(outside, source, dir_fd=kwargs.get("src_dir_fd"))
                return move(source, target, *args, **kwargs)

            return swapped

        self.monkeypatch.setattr(os, "link", swapping(os.link))
        self.monkeypatch.setattr(os, "replace", swapping(os.replace))

    def swap_for_a_link_to_itself(self, second: str | None = None) -> None:
        """Another process gives the temporary file a second name (`second`, else a name
        beside it), and swaps the first for a symbolic link to it, just before the move:
        the link leads to the very file bloc wrote, but it is a link."""
        real_link, real_replace = os.link, os.replace

        def swapping(move: Any) -> Any:
            def swapped(source: str, target: str, *args: object, **kwargs: Any) -> object:
                folder = kwargs.get("src_dir_fd")
                if source.startswith(".bloc-tmp-") and target == "members.csv":
                    self.calls.add("swap")
                    name = second or f"second-{source}"
                    real_link(source, name, src_dir_fd=folder, dst_dir_fd=folder)
                    os.unlink(source, dir_fd=folder)
                    os.symlink(name, source, dir_fd=folder)
                return move(source, target, *args, **kwargs)

            return swapped

        self.monkeypatch.setattr(os, "link", swapping(real_link))
        self.monkeypatch.setattr(os, "replace", swapping(real_replace))


def test_a_file_made_after_the_check_is_still_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "members.csv").write_text("mine", encoding="utf-8")
    staged = Staged(monkeypatch)
    staged.no_look()
    result = bloc("export", str(target))
    assert_one_line_error(result, 2, f"{target / 'members.csv'} exists")
    assert staged.calls == {"lexists"}
    assert names(target) == ["members.csv"]
    assert (target / "members.csv").read_text(encoding="utf-8") == "mine"


def test_without_hard_links_the_name_is_reserved_then_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: dict[str, bytes]
) -> None:
    target = tmp_path / "fat"
    target.mkdir()
    (target / "source.csv").write_text("mine", encoding="utf-8")
    staged = Staged(monkeypatch)
    staged.no_look()
    staged.no_links()
    result = bloc("export", str(target))
    assert_one_line_error(result, 2, f"{target / 'source.csv'} exists")
    assert staged.calls == {"lexists", "link"}
    assert (target / "source.csv").read_text(encoding="utf-8") == "mine"
    # The files before source.csv were moved into place: each is complete, the package not.
    placed = [f"{name}.csv" for name in TABLE_NAMES[: TABLE_NAMES.index("source")]]
    assert names(target) == sorted([*placed, "source.csv"])
    assert {name: (target / name).read_bytes() for name in placed} == {
        name: reference[name] for name in placed
    }
    for path in target.iterdir():
        path.unlink()
    monkeypatch.undo()
    staged = Staged(monkeypatch)
    staged.no_links()
    result = bloc("export", str(target))
    assert result.code == 0, result.err
    assert staged.calls == {"link"}
    assert names(target) == OWN_FILES and contents(target) == reference


@pytest.mark.parametrize("force", [False, True], ids=["new folder", "--force"])
def test_a_link_swapped_in_at_the_move_is_not_left_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's\n", encoding="utf-8")
    target = tmp_path / "out"
    if force:
        assert bloc("export", str(target)).code == 0
    staged = Staged(monkeypatch)
    staged.swap_at_the_move(outside)
    result = bloc("export", str(target), *(["--force"] * force))
    assert staged.calls == {"swap"}
    assert (result.code, result.out) == (74, ""), result.err
    assert result.err == (
        f"bloc: error: export: {target / 'members.csv'}: "
        "replaced by another process while bloc wrote it\n"
    )
    assert outside.read_text(encoding="utf-8") == "someone else's\n"
    if not force:  # nothing was placed: the folder it made is removed again
        assert not target.exists()
        return
    # No name in DIR is a link, nor the very file outside (a hard link to it).
    for path in target.iterdir():
        assert not path.is_symlink() and not path.samefile(outside), path.name


@pytest.mark.parametrize("force", [False, True], ids=["new folder", "--force"])
@pytest.mark.parametrize("elsewhere", [False, True], ids=["beside it", "in the working folder"])
def test_a_link_to_the_very_file_written_is_not_left_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool, elsewhere: bool
) -> None:
    # The second name may be members.csv in the working folder: what matters is the
    # name in DIR.
    target = tmp_path / "out"
    if force:
        assert bloc("export", str(target)).code == 0
    working = tmp_path / "working"
    working.mkdir()
    monkeypatch.chdir(working)
    staged = Staged(monkeypatch)
    staged.swap_for_a_link_to_itself(str(working / "members.csv") if elsewhere else None)
    result = bloc("export", str(target), *(["--force"] * force))
    assert staged.calls == {"swap"}
    assert (result.code, result.out) == (74, ""), result.err
    assert result.err == (
        f"bloc: error: export: {target / 'members.csv'}: "
        "replaced by another process while bloc wrote it\n"
    )
    if not force and elsewhere:  # nothing placed, nothing of another's in it: removed
        assert not target.exists()
        return
    assert [path.name for path in target.iterdir() if path.is_symlink()] == []


class TemporarySwapper(threading.Thread):
    """Another process that can write in `folder`: it replaces each of bloc's temporary
    files there with a symbolic link to a file of the same name in `outside`."""

    def __init__(self, folder: Path, outside: Path) -> None:
        super().__init__(daemon=True)
        self.folder, self.outside = folder, outside
        self.swapped = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                found = os.listdir(self.folder)
            except FileNotFoundError:
                continue
            for name in found:
                path = self.folder / name
                if not name.startswith(".bloc-tmp-") or path.is_symlink():
                    continue
                link = self.folder / f".swap-{name}"
                with contextlib.suppress(OSError):
                    link.symlink_to(self.outside / name.split("-", 3)[-1])
                    os.rename(link, path)
                    self.swapped += 1

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.swapped


@pytest.mark.process
@pytest.mark.parametrize("force", [False, True], ids=["new folder", "--force"])
def test_temporary_files_swapped_for_links_never_write_or_place_a_link(
    tmp_path: Path, reference: dict[str, bytes], force: bool
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in OWN_FILES:
        (outside / name).write_text(f"someone else's {name}\n", encoding="utf-8")
    before = contents(outside)
    swaps = 0
    for attempt in range(5):
        target = tmp_path / f"out{attempt}"
        if force:
            assert run("export", str(target)).code == 0
        swapper = TemporarySwapper(target, outside)
        swapper.start()
        result = run("export", str(target), *(["--force"] if force else []))
        swaps += swapper.stop()
        assert contents(outside) == before, "a file outside DIR was written"
        assert [name for name in OWN_FILES if (target / name).is_symlink()] == []
        if result.code == 0:
            assert result.err == ""
            assert [name for name in names(target) if name in OWN_FILES] == OWN_FILES
            assert contents(target) == reference
        else:
            assert_one_line_error(result, 74, "replaced by another process")
    assert swaps > 0, "the race was never run"


# failures: one line, exit 2 or 74, nothing half-written ---------------------------------------


def test_export_of_an_empty_folder_name_is_a_usage_error(article: Dataset) -> None:
    with pytest.raises(UsageError) as raised:
        export.export(article, "")
    assert str(raised.value) == "export: the folder name is empty"


def test_an_empty_folder_name_is_a_usage_error_not_this_folder(tmp_path: Path) -> None:
    result = bloc("export", "", cwd=tmp_path)
    assert_one_line_error(result, 2, "folder name is empty")
    assert names(tmp_path) == []


def test_export_into_a_file_or_a_missing_parent_is_an_output_error(
    article: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "file"))
    assert str(raised.value) == f"export: {tmp_path / 'file'}: not a folder"
    assert raised.value.exit_code == 74
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "no" / "out"))
    assert str(raised.value) == (
        f"export: {tmp_path / 'no' / 'out'}: No such file or directory"
        " (the folder it goes in must exist)"
    )
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "dangling"))
    assert str(raised.value) == f"export: {tmp_path / 'dangling'}: a symbolic link to nothing"


@pytest.mark.parametrize(
    ("make", "target", "reason"),
    [
        (lambda base: None, "missing/out", "No such file or directory"),
        (lambda base: (base / "file").write_text("x"), "file", "not a folder"),
        (lambda base: (base / "dangling").symlink_to("nowhere"), "dangling", "to nothing"),
        (lambda base: (base / "loop").symlink_to("loop"), "loop", "symbolic links"),
        (lambda base: None, "n" * 300, "File name too long"),
    ],
    ids=["parent missing", "a file", "dangling symlink", "symlink loop", "name too long"],
)
def test_an_unusable_folder_exits_74_and_changes_nothing(
    tmp_path: Path, make: object, target: str, reason: str
) -> None:
    make(tmp_path)  # type: ignore[operator]
    before = {name: identity(tmp_path / name) for name in names(tmp_path)}
    result = bloc("export", str(tmp_path / target))
    assert_one_line_error(result, 74, reason)
    assert {name: identity(tmp_path / name) for name in names(tmp_path)} == before


def test_a_folder_swapped_for_a_file_once_made_is_an_output_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process puts a file where the folder was, between making it and opening it.
    target = tmp_path / "out"

    def make_then_swap(folder: Path) -> bool:
        folder.write_text("theirs", encoding="utf-8")
        return False

    monkeypatch.setattr(export, "_make_folder", make_then_swap)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(target))
    assert str(raised.value) == f"export: {target}: Not a directory"
    assert target.read_text(encoding="utf-8") == "theirs"


@pytest.mark.parametrize("folder", ["out", "."])
def test_a_deleted_working_folder_exits_74(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = bloc("export", folder)
    assert_one_line_error(result, 74, "No such file or directory")
    assert names(tmp_path) == []


def test_failed_export_removes_the_folder_it_made(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path / "out"))
    assert str(raised.value).endswith(": No space left on device")
    assert str(raised.value).startswith(f"export: {tmp_path / 'out'}/")
    assert os.listdir(tmp_path) == []


def test_failed_export_into_an_existing_folder_keeps_it_and_leaves_no_temporary_file(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fail_third(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail_third)
    with pytest.raises(OutputError):
        export.export(article, str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_export_that_cannot_create_its_files_is_an_output_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def full(path: str, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if ".bloc-tmp-" in str(path) and "security" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == f"export: {tmp_path / 'security.csv'}: No space left on device"
    assert os.listdir(tmp_path) == []


def test_failed_export_keeps_a_new_folder_another_run_has_written_into(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"

    def full_disk(descriptor: int) -> None:
        (target / "theirs.txt").write_text("x")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError):
        export.export(article, str(target))
    assert os.listdir(target) == ["theirs.txt"]


def test_the_sqlite_file_is_built_in_a_private_temporary_folder_then_removed(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    built: list[tuple[Path, str, str, int]] = []
    real_build = database.build

    def build(dataset: Dataset, path: str = ":memory:") -> sqlite3.Connection:
        folder = Path(path).parent
        built.append((folder.parent, folder.name[:5], Path(path).name, folder.stat().st_mode))
        return real_build(dataset, path)

    monkeypatch.setattr(database, "build", build)
    export.export(article, str(tmp_path / "out"))
    assert built == [(temporary, "bloc-", "bloc.sqlite", stat.S_IFDIR | 0o700)]
    assert os.listdir(temporary) == []
    assert (tmp_path / "out" / "bloc.sqlite").stat().st_size > 0


def test_a_private_folder_that_cannot_be_removed_does_not_fail_the_export(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    real_unlink = os.unlink

    def unlink(path: str, *args: Any, **kwargs: Any) -> None:
        if str(path).startswith(str(temporary)):
            raise PermissionError(errno.EACCES, "Permission denied")
        real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    records = export.export(article, str(tmp_path / "out"))
    assert len(list(records.rows)) == len(EXPORTED)
    assert names(tmp_path / "out") == OWN_FILES
    (left,) = temporary.iterdir()  # the copy SQLite built stays, with its folder
    assert os.listdir(left) == ["bloc.sqlite"]


def test_failed_sqlite_write_is_an_output_error(
    article: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bloc_cli import database

    def failing(dataset: Dataset, path: str = ":memory:") -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(database, "build", failing)
    with pytest.raises(OutputError) as raised:
        export.export(article, str(tmp_path))
    assert str(raised.value) == f"export: {tmp_path / 'bloc.sqlite'}: disk I/O error"
    assert os.listdir(tmp_path) == []


def run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `bloc ARGS` allowed to write files of at most `limit` bytes (then EFBIG)."""

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [BLOC, *args],
        capture_output=True,
        text=True,
        env=BASE_ENV,
        preexec_fn=limit_file_size,
        timeout=60,
    )


@pytest.mark.process
@pytest.mark.parametrize(
    ("limit", "failing", "reason"),
    [(0, "members.csv", "File too large"), (20_000, "bloc.sqlite", "disk I/O error")],
)
def test_a_failed_write_exits_74_and_keeps_the_previous_export(
    tmp_path: Path, limit: int, failing: str, reason: str
) -> None:
    target = tmp_path / "p"
    assert run("export", str(target)).code == 0
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    before = {name: (target / name).read_bytes() for name in names(target)}
    done = run_limited(limit, "export", str(target), "--force")
    assert done.returncode == 74 and done.stdout == ""
    assert done.stderr == f"bloc: error: export: {target / failing}: {reason}\n"
    assert {name: (target / name).read_bytes() for name in names(target)} == before


@pytest.mark.process
def test_a_failed_write_into_a_new_folder_leaves_nothing(tmp_path: Path) -> None:
    done = run_limited(0, "export", str(tmp_path / "new"))
    assert done.returncode == 74 and "File too large" in done.stderr
    assert names(tmp_path) == []


@pytest.mark.process
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_full_or_read_only_disk_exits_74(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)])
    if mount.returncode != 0:
        pytest.skip("this container may not mount a tmpfs")
    try:
        result = run("export", str(disk / "out"))
        assert_one_line_error(result, 74, "bloc.sqlite", "No space left on device")
        assert names(disk) == []
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = run("export", str(disk / "out"))
        assert_one_line_error(result, 74, str(disk / "out"), "Read-only file system")
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# signals and concurrent runs ------------------------------------------------------------------


def test_export_registers_nothing_for_a_signal_once_done(article: Dataset, tmp_path: Path) -> None:
    from bloc_cli import signals

    export.export(article, str(tmp_path / "out"))
    assert signals._temporary == {}
    with pytest.raises(UsageError):
        export.export(article, str(tmp_path / "out"))
    assert signals._temporary == {}


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> str:
    """200,000 members: an export that takes long enough to be stopped halfway."""
    data = bundled()
    data["members"] = [
        {"name": f"Member {i}", "year_joined": 1992, "contributions": ["trade"], "newest": i == 0}
        for i in range(200_000)
    ]
    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.process
@pytest.mark.parametrize(
    ("signal_number", "code", "existing"),
    [(signal.SIGTERM, 143, True), (signal.SIGINT, 130, False), (signal.SIGHUP, 129, True)],
)
def test_a_signal_mid_export_leaves_no_temporary_file(
    tmp_path: Path, big_data: str, signal_number: int, code: int, existing: bool
) -> None:
    target = tmp_path / "out"
    if existing:
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
    process = subprocess.Popen(
        [BLOC, "--data", big_data, "export", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=BASE_ENV,
    )
    deadline = time.monotonic() + 30
    while not (target.is_dir() and temporary_files(target)):
        assert process.poll() is None and time.monotonic() < deadline, "no temporary file seen"
        time.sleep(0.005)
    process.send_signal(signal_number)
    out, err = process.communicate(timeout=30)
    assert process.returncode == code
    assert err.decode().splitlines() == [
        f"bloc: interrupted by {signal.Signals(signal_number).name}"
    ]
    assert out == b""
    if existing:  # the files were still being written: none was moved into place
        assert names(target) == ["notes.txt"]
    else:  # the folder it made is removed again, being empty
        assert names(tmp_path) == []


@pytest.mark.process
def test_a_signal_while_the_sqlite_file_is_built_leaves_nothing_in_tmpdir(
    tmp_path: Path, big_data: str
) -> None:
    # bloc.sqlite is built in a private folder under TMPDIR, then copied into DIR.
    private = tmp_path / "tmp"
    private.mkdir()
    target = tmp_path / "out"
    process = subprocess.Popen(
        [BLOC, "--data", big_data, "export", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**BASE_ENV, "TMPDIR": str(private)},
    )
    deadline = time.monotonic() + 30
    while not any(private.glob("bloc-*/bloc.sqlite")):
        assert process.poll() is None and time.monotonic() < deadline, "no SQLite file seen"
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (143, b"", b"bloc: interrupted by SIGTERM\n")
    assert names(private) == []
    assert names(tmp_path) == ["tmp"]


def at_once(*args: str, count: int = 10) -> list[tuple[int, str]]:
    """Start `count` runs of `bloc ARGS` together: their exit codes and stderr."""
    processes = [
        subprocess.Popen(
            [BLOC, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=BASE_ENV
        )
        for _ in range(count)
    ]
    return [(process.wait(timeout=60), process.communicate()[1].decode()) for process in processes]


@pytest.mark.process
def test_ten_concurrent_exports_into_one_new_folder(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    import frictionless

    target = tmp_path / "shared"
    results = at_once("export", str(target))
    codes = [code for code, _ in results]
    assert set(codes) <= {0, 2} and 0 in codes, results
    for code, err in results:  # the others name a file that another run wrote first
        assert err == "" if code == 0 else len(err.splitlines()) == 1 and " exists " in err
    assert names(target) == OWN_FILES
    assert contents(target) == reference
    assert frictionless.validate(str(target / "datapackage.json")).valid
    assert names(tmp_path) == ["shared"]


@pytest.mark.process
def test_ten_concurrent_forced_exports_all_succeed(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    target = tmp_path / "shared"
    assert at_once("export", str(target), "--force") == [(0, "")] * 10
    assert names(target) == OWN_FILES
    assert contents(target) == reference
