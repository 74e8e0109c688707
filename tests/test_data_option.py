"""--data and BLOC_DATA: another dataset file, and one clear line when it cannot be loaded."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bloc_cli.errors import DataError
from bloc_cli.loading import load_dataset

from conftest import bundled, run

Writer = Callable[..., str]


def assert_data_error(result: object, *needles: str) -> None:
    assert result.code == 3, result  # type: ignore[attr-defined]
    assert result.out == ""  # type: ignore[attr-defined]
    lines = result.err.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.err  # type: ignore[attr-defined]
    assert "Traceback" not in result.err  # type: ignore[attr-defined]
    for needle in needles:
        assert needle in lines[0]


def test_data_option_reads_another_file(write_data: Writer) -> None:
    data = bundled()
    data["members"] = data["members"][:2]  # type: ignore[index]
    path = write_data(data)
    result = run("--data", path, "members", "--fields", "name")
    assert result.out.splitlines() == ["name", "Kazakhstan", "Uzbekistan"]


def test_bloc_data_environment_variable_reads_another_file(write_data: Writer) -> None:
    data = bundled()
    data["members"] = data["members"][-1:]  # type: ignore[index]
    result = run("members", "--fields", "name", env={"BLOC_DATA": write_data(data)})
    assert result.out.splitlines() == ["name", "Azerbaijan"]


def test_missing_file_exits_3_naming_the_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.json")
    assert_data_error(run("--data", missing, "members"), missing, "no such file")


def test_directory_exits_3(tmp_path: Path) -> None:
    assert_data_error(run("--data", str(tmp_path), "members"), str(tmp_path), "directory")


def test_unreadable_file_exits_3() -> None:
    # Root reads any ordinary file; these /proc files are write-only even for root.
    candidates = ["/proc/sys/vm/drop_caches", "/proc/sys/vm/compact_memory"]
    path = next(p for p in candidates if os.path.exists(p))
    assert_data_error(run("--data", path, "members"), path, "permission denied")


def test_unreadable_file_raises_a_data_error(
    write_data: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who reads any file: simulate the refusal the OS gives others.
    path = write_data(bundled())

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DataError, match="permission denied") as caught:
        load_dataset(path)
    assert caught.value.exit_code == 3
    assert path in str(caught.value)


def test_invalid_json_names_line_and_column(write_data: Writer) -> None:
    path = write_data('{\n  "source": {\n    "title": oops\n')
    assert_data_error(run("--data", path, "members"), path, "line 3:14")


def test_truncated_file_exits_3(write_data: Writer) -> None:
    text = json.dumps(bundled(), indent=2)
    path = write_data(text[: len(text) // 2])
    assert_data_error(run("--data", path, "members"), path, "truncated")


def test_empty_file_exits_3(write_data: Writer) -> None:
    path = write_data("")
    assert_data_error(run("--data", path, "members"), path, "line 1:1")


def test_wrong_type_names_the_json_path(write_data: Writer) -> None:
    data = bundled()
    data["members"][2]["year_joined"] = "1994"  # type: ignore[index]
    path = write_data(data)
    assert_data_error(
        run("--data", path, "members"), path, "$.members[2].year_joined", "Expected `int | null`"
    )


def test_missing_field_names_the_json_path(write_data: Writer) -> None:
    data = bundled()
    del data["security"][1]["after"]  # type: ignore[index]
    assert_data_error(run("--data", write_data(data), "security"), "$.security[1]", "after")


def test_array_instead_of_object_exits_3(write_data: Writer) -> None:
    assert_data_error(run("--data", write_data([1, 2]), "members"), "$", "Expected `object`")


def test_invalid_utf8_exits_3_naming_the_place(write_data: Writer) -> None:
    text = json.dumps(bundled(), indent=2).encode()
    raw = text.replace(b"Euronews.com", b"Euronews\xff.com")
    line = raw[: raw.index(b"\xff")].count(b"\n") + 1
    column = len(raw[: raw.index(b"\xff")].rsplit(b"\n", 1)[1]) + 1
    path = write_data(raw)
    assert_data_error(run("--data", path, "members"), path, "UTF-8", f"line {line}:{column}")


def test_duplicate_member_names_exit_3(write_data: Writer) -> None:
    data = bundled()
    data["members"].append(dict(data["members"][0]))  # type: ignore[attr-defined,index]
    assert_data_error(run("--data", write_data(data), "members"), "$.members[6].name", "duplicate")


def test_bad_data_errors_even_for_the_env_variable(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.json")
    assert_data_error(run("members", env={"BLOC_DATA": missing}), missing)


def test_schema_and_version_do_not_need_the_data(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.json")
    assert run("--data", missing, "schema").code == 0
    assert run("--data", missing, "--version").code == 0


@pytest.mark.parametrize("year", [99999999999999999999, -5, 0, 999, 3000, 2**63])
def test_an_implausible_year_exits_3_naming_its_path(write_data: Writer, year: int) -> None:
    data = bundled()
    data["members"][2]["year_joined"] = year  # type: ignore[index]
    for command in ("members", "sql", "export"):
        args = {"sql": ("sql", "SELECT * FROM members"), "export": ("export", "/nonexistent/x")}
        result = run("--data", write_data(data), *args.get(command, (command,)))
        assert_data_error(result, "$.members[2].year_joined", "from 1000 to 2999")


@pytest.mark.parametrize("year", [1000, 2999])
def test_the_years_at_the_edges_of_the_range_load(write_data: Writer, year: int) -> None:
    data = bundled()
    data["members"][2]["year_joined"] = year  # type: ignore[index]
    result = run("--data", write_data(data), "members", "--fields", "year_joined", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[2] == {"year_joined": year}


def test_the_schema_states_the_year_range() -> None:
    schema = json.loads(run("schema").out)
    choices = schema["$defs"]["Member"]["properties"]["year_joined"]["anyOf"]
    assert {"type": "integer", "minimum": 1000, "maximum": 2999} in choices


@pytest.mark.parametrize("where", ["unknown key", "inside a member"])
def test_json_nested_thousands_deep_exits_3(write_data: Writer, where: str) -> None:
    data = bundled()
    deep = "[" * 5000 + "]" * 5000
    if where == "unknown key":
        data["extra"] = "@@"
    else:
        data["members"][0]["extra"] = "@@"  # type: ignore[index]
    path = write_data(json.dumps(data).replace('"@@"', deep))
    assert_data_error(run("--data", path, "members"), path, "nested too deeply")
    # Tab completion reads the same file: it offers nothing, and does not fail.
    line = f"bloc --data {path} member K"
    completion = run(env={"_BLOC_COMPLETE": "complete_bash", "_BLOC_COMPLETE_LINE": line})
    assert (completion.code, completion.out.strip(), completion.err) == (0, "values", "")


@pytest.mark.parametrize("source", ["/dev/urandom", "/dev/zero"])
def test_an_endless_stream_is_read_up_to_the_cap_then_exit_3(source: str) -> None:
    assert_data_error(run("--data", source, "members"), source, "larger than the 256 MiB")


def test_an_endless_fifo_is_read_up_to_the_cap_then_exit_3(tmp_path: Path) -> None:
    import subprocess

    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        assert_data_error(run("--data", str(fifo), "members"), str(fifo), "256 MiB")
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.parametrize(
    "impact",
    [
        "Boost trade by " + "9" * 5000 + "% over 5 years",
        "Boost trade by 25% over " + "9" * 5000 + " years",
        "Boost trade by 1" + "0" * 400 + ".5% over 5 years",
    ],
    ids=["huge change", "huge period", "overflowing float"],
)
def test_an_absurd_impact_has_no_target_and_never_crashes(write_data: Writer, impact: str) -> None:
    data = bundled()
    data["roadmap"][0]["expected_impact"] = impact  # type: ignore[index]
    path = write_data(data)
    result = run("--data", path, "roadmap", "-f", "json", "--fields", "target")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0] == {"target": None}
    for fmt in ("table", "plain", "csv"):
        assert run("--data", path, "roadmap", "-f", fmt).code == 0


def test_data_after_the_command_beats_bloc_data(write_data: Writer) -> None:
    data = bundled()
    data["members"] = data["members"][:1]  # type: ignore[index]
    result = run(
        "members", "--data", write_data(data), "--fields", "name", env={"BLOC_DATA": "/nope"}
    )
    assert (result.code, result.out, result.err) == (0, "name\nKazakhstan\n", "")


def test_data_dash_reads_the_dataset_piped_in() -> None:
    data = bundled()
    data["members"] = data["members"][1:2]  # type: ignore[index]
    result = run("member", "uz", "--data", "-", "-f", "jsonl", stdin=json.dumps(data))
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out)["name"] == "Uzbekistan"
    assert_data_error(run("--data", "-", "members", stdin="[]"), "<stdin>: $: Expected `object`")
