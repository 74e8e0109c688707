"""--data and BLOC_DATA: another dataset file, and one clear line when it cannot be loaded."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bloc_cli import loading
from bloc_cli.errors import DataError
from bloc_cli.loading import load_dataset

from conftest import bloc, bundled

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
    data["members"] = data["members"][:2]
    path = write_data(data)
    result = bloc("--data", path, "members", "--fields", "name")
    assert result.out.splitlines() == ["name", "Kazakhstan", "Uzbekistan"]


def test_bloc_data_environment_variable_reads_another_file(write_data: Writer) -> None:
    data = bundled()
    data["members"] = data["members"][-1:]
    result = bloc("members", "--fields", "name", env={"BLOC_DATA": write_data(data)})
    assert result.out.splitlines() == ["name", "Azerbaijan"]


def test_missing_file_exits_3_naming_the_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.json")
    assert_data_error(bloc("--data", missing, "members"), missing, "no such file")


def test_directory_exits_3(tmp_path: Path) -> None:
    assert_data_error(bloc("--data", str(tmp_path), "members"), str(tmp_path), "directory")


def test_unreadable_file_exits_3() -> None:
    # Root reads any ordinary file; these /proc files are write-only even for root.
    candidates = ["/proc/sys/vm/drop_caches", "/proc/sys/vm/compact_memory"]
    path = next(p for p in candidates if os.path.exists(p))
    assert_data_error(bloc("--data", path, "members"), path, "permission denied")


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
    assert_data_error(bloc("--data", path, "members"), path, "line 3:14")


def test_truncated_file_exits_3(write_data: Writer) -> None:
    text = json.dumps(bundled(), indent=2)
    path = write_data(text[: len(text) // 2])
    assert_data_error(bloc("--data", path, "members"), path, "truncated")


def test_empty_file_exits_3(write_data: Writer) -> None:
    path = write_data("")
    assert_data_error(bloc("--data", path, "members"), path, "line 1:1")


def test_wrong_type_names_the_json_path(write_data: Writer) -> None:
    data = bundled()
    data["members"][2]["year_joined"] = "1994"
    path = write_data(data)
    assert_data_error(
        bloc("--data", path, "members"),
        path,
        "$.members[2].year_joined",
        "expected a whole number or null, got text",
    )


def test_missing_field_names_the_json_path(write_data: Writer) -> None:
    data = bundled()
    del data["security"][1]["after"]
    assert_data_error(bloc("--data", write_data(data), "security"), "$.security[1]", "after")


def test_array_instead_of_object_exits_3(write_data: Writer) -> None:
    assert_data_error(
        bloc("--data", write_data([1, 2]), "members"), "$", "expected an object, got a list"
    )


def test_invalid_utf8_exits_3_naming_the_place(write_data: Writer) -> None:
    text = json.dumps(bundled(), indent=2).encode()
    raw = text.replace(b"Euronews.com", b"Euronews\xff.com")
    line = raw[: raw.index(b"\xff")].count(b"\n") + 1
    column = len(raw[: raw.index(b"\xff")].rsplit(b"\n", 1)[1]) + 1
    path = write_data(raw)
    assert_data_error(bloc("--data", path, "members"), path, "UTF-8", f"line {line}:{column}")


def test_duplicate_member_names_exit_3(write_data: Writer) -> None:
    data = bundled()
    data["members"].append(dict(data["members"][0]))
    assert_data_error(bloc("--data", write_data(data), "members"), "$.members[6].name", "duplicate")


def test_bad_data_errors_even_for_the_env_variable(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.json")
    assert_data_error(bloc("members", env={"BLOC_DATA": missing}), missing)


def test_schema_and_version_do_not_need_the_data(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.json")
    assert bloc("--data", missing, "schema").code == 0
    assert bloc("--data", missing, "--version").code == 0


@pytest.mark.parametrize("year", [99999999999999999999, -5, 0, 999, 3000, 2**63])
def test_an_implausible_year_exits_3_naming_its_path(write_data: Writer, year: int) -> None:
    data = bundled()
    data["members"][2]["year_joined"] = year
    for command in ("members", "sql", "export"):
        args = {"sql": ("sql", "SELECT * FROM members"), "export": ("export", "/nonexistent/x")}
        result = bloc("--data", write_data(data), *args.get(command, (command,)))
        assert_data_error(result, "$.members[2].year_joined", "from 1000 to 2999")


@pytest.mark.parametrize("year", [1000, 2999])
def test_the_years_at_the_edges_of_the_range_load(write_data: Writer, year: int) -> None:
    data = bundled()
    data["members"][2]["year_joined"] = year
    result = bloc("--data", write_data(data), "members", "--fields", "year_joined", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[2] == {"year_joined": year}


def test_the_schema_states_the_year_range() -> None:
    schema = json.loads(bloc("schema").out)
    choices = schema["$defs"]["Member"]["properties"]["year_joined"]["anyOf"]
    assert {"type": "integer", "minimum": 1000, "maximum": 2999} in choices


@pytest.mark.parametrize("where", ["unknown key", "inside a member"])
def test_json_nested_thousands_deep_exits_3(write_data: Writer, where: str) -> None:
    data = bundled()
    # Deeper than any Python's json module reads (3.13's reads 5,000 levels, and then
    # names the unknown key instead, exit 3 too).
    deep = "[" * 100_000 + "]" * 100_000
    if where == "unknown key":
        data["extra"] = "@@"
    else:
        data["members"][0]["extra"] = "@@"
    path = write_data(json.dumps(data).replace('"@@"', deep))
    assert_data_error(bloc("--data", path, "members"), path, "nested too deeply")
    # Tab completion reads the same file: it offers nothing, and does not fail.
    line = f"bloc --data {path} member K"
    completion = bloc(env={"_BLOC_COMPLETE": "complete_bash", "_BLOC_COMPLETE_LINE": line})
    assert (completion.code, completion.out.strip(), completion.err) == (0, "values", "")


@pytest.mark.parametrize(
    "source",
    [
        # Reading 256 MiB of random bytes takes seconds: kept out of the fast layer, where
        # /dev/zero shows the same cap.
        pytest.param("/dev/urandom", marks=pytest.mark.process),
        "/dev/zero",
    ],
)
def test_an_endless_stream_is_read_up_to_the_cap_then_exit_3(source: str) -> None:
    assert_data_error(bloc("--data", source, "members"), source, "larger than the 256 MiB")


@pytest.mark.process  # `yes` writes into the fifo from a process of its own
def test_an_endless_fifo_is_read_up_to_the_cap_then_exit_3(tmp_path: Path) -> None:
    import subprocess

    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        assert_data_error(bloc("--data", str(fifo), "members"), str(fifo), "256 MiB")
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
    data["roadmap"][0]["expected_impact"] = impact
    path = write_data(data)
    result = bloc("--data", path, "roadmap", "-f", "json", "--fields", "target")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0] == {"target": None}
    for fmt in ("table", "plain", "csv"):
        assert bloc("--data", path, "roadmap", "-f", fmt).code == 0


def test_data_after_the_command_beats_bloc_data(write_data: Writer) -> None:
    data = bundled()
    data["members"] = data["members"][:1]
    result = bloc(
        "members", "--data", write_data(data), "--fields", "name", env={"BLOC_DATA": "/nope"}
    )
    assert (result.code, result.out, result.err) == (0, "name\nKazakhstan\n", "")


def test_data_dash_reads_the_dataset_piped_in() -> None:
    data = bundled()
    data["members"] = data["members"][1:2]
    result = bloc("member", "uz", "--data", "-", "-f", "jsonl", stdin=json.dumps(data))
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out)["name"] == "Uzbekistan"
    assert_data_error(
        bloc("--data", "-", "members", stdin="[]"), "<stdin>: $: expected an object, got a list"
    )


def with_change(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """The bundled dataset with `change` applied to it."""
    data: dict[str, Any] = bundled()
    change(data)
    return data


def _data_text(change: Callable[[dict[str, Any]], object]) -> str:
    """The bundled dataset with `change` applied to it, as JSON text."""
    return json.dumps(with_change(change), ensure_ascii=False)


UNKNOWN_FIELDS = {
    "a context list": (lambda data: data["context"].update(weather=["sunny"]), "$.context"),
    "a member field": (lambda data: data["members"][1].update(capital="Tashkent"), "$.members[1]"),
    "a top-level key": (lambda data: data.update(notes="extra"), "$"),
    "a source field": (lambda data: data["source"].update(author=None), "$.source"),
    "a provenance section": (
        lambda data: data["source"]["provenance"].update(weather=None),
        "$.source.provenance",
    ),
    "an aspect field": (lambda data: data["security"][3].update(note=""), "$.security[3]"),
    "an area field": (lambda data: data["roadmap"][0].update(owner=[]), "$.roadmap[0]"),
    "a benefits list": (lambda data: data["benefits"].update(social=[]), "$.benefits"),
}


@pytest.mark.parametrize("case", sorted(UNKNOWN_FIELDS))
def test_an_unknown_field_exits_3_naming_its_path_and_the_known_ones(
    write_data: Writer, case: str
) -> None:
    change, path = UNKNOWN_FIELDS[case]
    data = with_change(change)
    result = bloc("--data", write_data(data), "members")
    assert_data_error(result, f"{path}: unknown field ")
    assert "the fields are: " in result.err


def test_an_unknown_field_holding_a_number_of_5000_digits_exits_3(write_data: Writer) -> None:
    text = _data_text(lambda data: data["members"][0].update(size="@@"))
    path = write_data(text.replace('"@@"', "9" * 5000))
    assert_data_error(bloc("--data", path, "members"), "$.members[0]: unknown field 'size'")


def test_an_unknown_context_list_is_named_with_the_lists_bloc_knows(write_data: Writer) -> None:
    data = with_change(lambda data: data["context"].update(weather=["sunny"]))
    result = bloc("--data", write_data(data), "context", "--list", "stated_aims")
    assert_data_error(
        result, "$.context: unknown field 'weather'", "stated_aims", "security_threats"
    )


KAZAKHSTAN = '"name": "Kazakhstan"'


def _text_with(old: str, new: str) -> str:
    """The bundled dataset as JSON text, `old` replaced by `new` (once)."""
    text = json.dumps(bundled(), ensure_ascii=False)
    assert old in text
    return text.replace(old, new, 1)


# Keys written twice, as raw text: what is replaced, by what, and the object and key named.
DUPLICATE_KEYS = {
    "a member's name": (
        '"name": "Kazakhstan"',
        '"name": "X", "name": "Kazakhstan"',
        "$.members[0]",
        "name",
    ),
    "a top-level key": ('"members": [', '"members": [], "members": [', "$", "members"),
    "a context list": (
        '"stated_aims": [',
        '"stated_aims": ["hidden"], "stated_aims": [',
        "$.context",
        "stated_aims",
    ),
    "a provenance heading": (
        '"provenance": {',
        '"provenance": {"members": null, ',
        "$.source.provenance",
        "members",
    ),
}


@pytest.mark.parametrize("case", sorted(DUPLICATE_KEYS))
def test_a_key_written_twice_exits_3_naming_the_key_and_its_object(
    write_data: Writer, case: str
) -> None:
    old, new, path, key = DUPLICATE_KEYS[case]
    text = json.dumps(bundled())
    assert old in text
    result = bloc("--data", write_data(text.replace(old, new, 1)), "members")
    assert_data_error(result, f"{path}: the key '{key}' is written twice")


# bloc counts colons to see that no key was lost, so a colon in a member's strings,
# written as it is or escaped, must neither hide a lost key nor refuse a good file.
COLONS = {
    "no colon": "Kazakhstan",
    "a colon": "Kaz:akh:stan",
    "escaped colons": "Kaz\\u003aakh\\u003Astan",
}


@pytest.mark.parametrize("colons", sorted(COLONS))
def test_strings_holding_colons_load_but_hide_no_key_written_twice(
    write_data: Writer, colons: str
) -> None:
    name = COLONS[colons]
    text = _text_with(KAZAKHSTAN, f'"name": "{name}"')
    result = bloc("--data", write_data(text), "members", "--fields", "name", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0] == {"name": json.loads(f'"{name}"')}
    twice = _text_with(KAZAKHSTAN, f'"name": "{name}", "name": "{name}!"')
    result = bloc("--data", write_data(twice), "members")
    assert_data_error(result, "$.members[0]: the key 'name' is written twice")


def test_a_file_starting_with_a_utf8_byte_order_mark_loads(write_data: Writer) -> None:
    path = write_data(b"\xef\xbb\xbf" + json.dumps(bundled()).encode())
    result = bloc("--data", path, "members", "--fields", "name")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == ["name", "Kazakhstan"]


def test_a_byte_order_mark_is_not_counted_in_the_column_of_an_error(write_data: Writer) -> None:
    path = write_data(b'\xef\xbb\xbf{"source": oops}')
    assert_data_error(bloc("--data", path, "members"), "line 1:12: JSON is malformed")


BLANK_NAMES = {
    "an empty member name": ("members", 0, "name", ""),
    "a member name of spaces": ("members", 5, "name", "   "),
    "a member name of tabs and an ideographic space": ("members", 2, "name", "\t\u3000\n"),
    "an empty aspect": ("security", 1, "aspect", ""),
    "an area of spaces": ("roadmap", 2, "area", " "),
}


@pytest.mark.parametrize("case", sorted(BLANK_NAMES))
def test_an_empty_or_blank_name_exits_3_naming_its_path(write_data: Writer, case: str) -> None:
    section, index, field, value = BLANK_NAMES[case]
    data = bundled()
    data[section][index][field] = value
    result = bloc("--data", write_data(data), "members")
    assert_data_error(result, f"$.{section}[{index}].{field}: empty or only whitespace")


def test_the_schema_declares_its_dialect_its_id_and_what_it_cannot_say() -> None:
    schema = json.loads(bloc("schema").out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:bloc-cli:schema:dataset"
    description = schema["description"]
    for rule in ("case-insensitively", "key written twice", "1992.0", "surrogate", "256 MiB"):
        assert rule in description
    for name, definition in schema["$defs"].items():
        assert definition["additionalProperties"] is False, name


# Dataset files, and whether bloc and a JSON Schema validator should accept them: both,
# neither, or only the validator (the exceptions that the schema's description names).
SCHEMA_CASES: dict[str, tuple[str, str]] = {
    "the bundled dataset": (_data_text(lambda data: None), "both accept"),
    "no article text": (_data_text(lambda data: data["source"].pop("text")), "both accept"),
    "no members": (_data_text(lambda data: data.update(members=[])), "both accept"),
    "the last year allowed": (
        _data_text(lambda data: data["members"][0].update(year_joined=2999)),
        "both accept",
    ),
    "contributions not stated": (
        _data_text(lambda data: data["members"][0].update(contributions=None)),
        "both accept",
    ),
    "a heading not stated": (
        _data_text(lambda data: data["source"]["provenance"].update(members=None)),
        "both accept",
    ),
    "a name with an escaped colon": (_text_with(KAZAKHSTAN, '"name": "A\\u003aB"'), "both accept"),
    "a name in another script": (_text_with(KAZAKHSTAN, '"name": "カザフスタン"'), "both accept"),
    "an unknown top-level key": (_data_text(lambda data: data.update(notes=[])), "both reject"),
    "an unknown context list": (
        _data_text(lambda data: data["context"].update(weather=["sunny"])),
        "both reject",
    ),
    "an unknown member field": (
        _data_text(lambda data: data["members"][0].update(capital="Astana")),
        "both reject",
    ),
    "an unknown provenance section": (
        _data_text(lambda data: data["source"]["provenance"].update(weather="Weather")),
        "both reject",
    ),
    "a year before 1000": (
        _data_text(lambda data: data["members"][0].update(year_joined=999)),
        "both reject",
    ),
    "a year after 2999": (
        _data_text(lambda data: data["members"][0].update(year_joined=3000)),
        "both reject",
    ),
    "a year as a string": (
        _data_text(lambda data: data["members"][0].update(year_joined="1992")),
        "both reject",
    ),
    "a member without newest": (
        _data_text(lambda data: data["members"][0].pop("newest")),
        "both reject",
    ),
    "newest as a number": (
        _data_text(lambda data: data["members"][0].update(newest=1)),
        "both reject",
    ),
    "an empty member name": (_text_with(KAZAKHSTAN, '"name": ""'), "both reject"),
    "a blank aspect": (
        _data_text(lambda data: data["security"][0].update(aspect=" \t")),
        "both reject",
    ),
    "a null contribution": (
        _data_text(lambda data: data["members"][0].update(contributions=[None])),
        "both reject",
    ),
    "a heading as a number": (
        _data_text(lambda data: data["source"]["provenance"].update(members=1)),
        "both reject",
    ),
    "an array at the top": ("[]", "both reject"),
    "two names differing in case": (
        _data_text(lambda data: data["members"][1].update(name="KAZAKHSTAN")),
        "only the validator accepts",
    ),
    "a key written twice": (
        _text_with(KAZAKHSTAN, f'"name": "Elsewhere", {KAZAKHSTAN}'),
        "only the validator accepts",
    ),
    "a year with a fraction": (
        _text_with('"year_joined": 1992', '"year_joined": 1992.0'),
        "only the validator accepts",
    ),
    "an unpaired surrogate": (
        _text_with(KAZAKHSTAN, '"name": "Kaz\\ud800"'),
        "only the validator accepts",
    ),
}


@pytest.fixture(scope="module")
def schema_validator() -> Any:
    """A validator for what `bloc schema` prints, of the draft its `$schema` names."""
    import jsonschema  # type: ignore[import-untyped]

    schema = json.loads(bloc("schema").out)
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_bloc_and_a_json_schema_validator_agree_but_where_the_schema_says(
    write_data: Writer,
) -> None:
    import jsonschema

    schema = json.loads(bloc("schema").out)
    validator_class = jsonschema.validators.validator_for(schema, default=None)
    assert validator_class is jsonschema.Draft202012Validator  # what "$schema" names
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    outcomes = {
        (True, True): "both accept",
        (False, False): "both reject",
        (True, False): "only the validator accepts",
        (False, True): "only bloc accepts",
    }
    found = {}
    for case, (text, _expected) in SCHEMA_CASES.items():
        result = bloc("--data", write_data(text), "members")
        assert result.code in (0, 3), (case, result.err)
        found[case] = outcomes[validator.is_valid(json.loads(text)), result.code == 0]
    assert found == {case: expected for case, (_text, expected) in SCHEMA_CASES.items()}


def test_data_dash_reads_the_dataset_from_stdin() -> None:
    data = bundled()
    data["members"] = data["members"][-1:]
    result = bloc("members", "--data", "-", "--fields", "name", stdin=json.dumps(data))
    assert (result.code, result.out, result.err) == (0, "name\nAzerbaijan\n", "")


def test_data_dash_is_validated_and_named_stdin() -> None:
    result = bloc("--data", "-", "members", stdin='{"members": [')
    assert (result.code, result.out, result.err) == (
        3,
        "",
        "bloc: error: <stdin>: line 1:14: JSON ends too early (empty or truncated file)\n",
    )


def test_data_dash_has_the_same_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_DATA_BYTES", 1024 * 1024)
    result = bloc("members", "--data", "-", stdin=b" " * (1024 * 1024 + 1))
    assert (result.code, result.out, result.err) == (
        3,
        "",
        "bloc: error: <stdin>: larger than the 1 MiB a dataset may be\n",
    )


class TerminalInput(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_data_dash_from_a_terminal_says_to_pipe_a_dataset_in() -> None:
    result = bloc("members", "--data", "-", stdin=TerminalInput(b""))
    assert (result.code, result.out, result.err) == (
        3,
        "",
        "bloc: error: <stdin>: is a terminal; pipe a dataset in (bloc --data - ... < FILE)\n",
    )
