"""In-process tests of the command line's wiring: options reach the queries, errors reach
the exit code. Fast (no subprocess); the installed script is tested in test_commands.py
and its siblings.
"""

from __future__ import annotations

import json

import pytest

from bloc_cli import process, views
from bloc_cli.records import Records

from conftest import ARTICLE_SOURCE


def bloc(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run `bloc ARGS` in this process: exit code, stdout, stderr."""
    monkeypatch.setattr(process, "_prepare_streams", lambda: None)  # leave pytest's streams be
    monkeypatch.setattr("sys.argv", ["bloc", *args])
    for name in ("BLOC_DATA", "NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit) as raised:
        process.main()
    out, err = capsys.readouterr()
    code = raised.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_internal_error_exits_70_with_one_line_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BLOC_DEBUG", raising=False)

    def broken(*args: object, **kwargs: object) -> Records:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "members", broken)
    code, out, err = bloc(monkeypatch, capsys, "members")
    assert (code, out) == (70, "")
    assert err == (
        "bloc: error: internal error: RuntimeError('boom') (BLOC_DEBUG=1 shows the traceback)\n"
    )


def test_bloc_debug_shows_the_internal_errors_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BLOC_DEBUG", "1")

    def broken(*args: object, **kwargs: object) -> Records:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "members", broken)
    monkeypatch.setattr(process, "_prepare_streams", lambda: None)
    monkeypatch.setattr("sys.argv", ["bloc", "members"])
    with pytest.raises(RuntimeError, match="^boom$"):
        process.main()


def test_about_source_shows_every_field_of_the_source(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = bloc(monkeypatch, capsys, "about", "--source", "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == ARTICLE_SOURCE  # one record: one object


def test_members_options_reach_the_query(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = bloc(
        monkeypatch, capsys, "members", "--since", "1993", "--sort", "name", "-f", "csv"
    )
    assert (code, err) == (0, "")
    assert out == (
        "name,year_joined,contributions,newest\n"
        "Azerbaijan,2024,Energy; Trade Routes,true\n"
        "Uzbekistan,1993,Textiles; Agriculture,false\n"
    )
