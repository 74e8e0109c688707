"""The SQL time limit reaches the query (in-process, through a helper of its own)."""

from __future__ import annotations

import pytest

from bloc_cli import process, sql
from bloc_cli.records import Records


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


@pytest.mark.parametrize(("option", "limit"), [([], 10.0), (["--timeout", "0.5"], 0.5)])
def test_sql_timeout_reaches_the_query(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    option: list[str],
    limit: float,
) -> None:
    asked: list[float] = []
    real_query = sql.query

    def query(dataset: object, text: str, time_limit: float = 99.0) -> Records:
        asked.append(time_limit)
        return real_query(dataset, text, time_limit)  # type: ignore[arg-type]

    monkeypatch.setattr(sql, "query", query)
    code, out, err = bloc(monkeypatch, capsys, "sql", *option, "SELECT 1992 AS year, '007' AS c")
    assert (code, out, err) == (0, "year\tc\n1992\t007\n", "")
    assert asked == [limit]
