"""Loading a dataset: the bundled file or `--data`, decoded and validated in one pass;
what is refused, and with which words.

Every expected value is written out by hand: the article's facts as data/bloc.json holds
them, or a small dataset written here.
"""

from __future__ import annotations

import copy
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bloc_cli import loading
from bloc_cli.errors import DataError
from bloc_cli.loading import decode_dataset, load_dataset

from conftest import Endless, made


@pytest.fixture(autouse=True)
def _model_read_afresh() -> Iterator[None]:
    """Each test reads the model's types afresh, as a new bloc process does: the caches
    would otherwise hold what an earlier test (or the process this one was forked from)
    found."""
    for cached in (loading._fields, loading._field_type, loading._item_type):
        cached.cache_clear()
    yield


def small_dataset() -> dict[str, Any]:
    """A valid dataset with every kind of value: null, booleans, lower-case names, prefixes."""
    return made(
        title="t",
        members=[
            {"name": "Niger", "year_joined": 1000, "contributions": None, "newest": False},
            {"name": "Nigeria", "year_joined": 2999, "contributions": ["oil"], "newest": True},
            {"name": "chad", "year_joined": None, "contributions": [], "newest": False},
        ],
        security=[
            {"aspect": "Borders", "before": "same", "after": "same"},
            {"aspect": "Border", "before": None, "after": "new"},
        ],
        roadmap=[
            {"area": "Trade", "action_items": [], "expected_impact": "by 10% over 2 years"},
            {"area": "trade routes", "action_items": ["a"], "expected_impact": None},
        ],
        benefits={"membership": [], "economic": ["x"]},
    )


def encoded(data: object) -> bytes:
    return json.dumps(data).encode()


# --- decoding a dataset ------------------------------------------------------------


def test_valid_dataset_decodes_to_exactly_its_values() -> None:
    data = small_dataset()
    assert decode_dataset(encoded(data), "mine.json") == data


def test_bundled_dataset_is_valid_and_is_what_load_gives_without_a_path() -> None:
    raw = loading.bundled_data_path().read_bytes()
    assert loading.bundled_data_path().name == "bloc.json"
    assert decode_dataset(raw, "bundled") == json.loads(raw) == load_dataset()
    assert load_dataset(None) == json.loads(raw)


def refusal(raw: bytes, name: str = "mine.json") -> str:
    with pytest.raises(DataError) as raised:
        decode_dataset(raw, name)
    assert raised.value.exit_code == 3
    return str(raised.value)


def with_change(path: list[str | int], value: object) -> bytes:
    data = small_dataset()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return encoded(data)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            with_change(["members", 2, "year_joined"], "1992"),
            "mine.json: $.members[2].year_joined: expected a whole number or null, got text",
        ),
        (
            with_change(["members", 0, "newest"], "false"),
            "mine.json: $.members[0].newest: expected true or false, got text",
        ),
        (
            with_change(["members", 1, "newest"], 1),
            "mine.json: $.members[1].newest: expected true or false, got a whole number",
        ),
        (b"[]", "mine.json: $: expected an object, got a list"),
        (b"{}", "mine.json: $: the field 'source' is missing"),
        # Numbers no year can be: msgspec's own words, in bloc's case and without a stop.
        (
            encoded(small_dataset()).replace(b'"year_joined": 1000', b'"year_joined": 1e400'),
            "mine.json: $.members[0].year_joined: number out of range",
        ),
        (
            encoded(small_dataset()).replace(
                b'"year_joined": 1000', b'"year_joined": ' + b"9" * 5000
            ),
            "mine.json: $.members[0].year_joined: integer value out of range",
        ),
    ],
)
def test_wrongly_typed_value_is_refused_with_its_json_path(raw: bytes, message: str) -> None:
    assert refusal(raw) == message


def test_missing_field_is_refused_with_the_path_of_its_object() -> None:
    data = small_dataset()
    del data["members"][1]["newest"]
    assert refusal(encoded(data)) == ("mine.json: $.members[1]: the field 'newest' is missing")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"source": }', "mine.json: line 1:12: JSON is malformed: invalid character"),
        # Columns count characters, not bytes (é is two bytes in UTF-8).
        (b'{"a\xc3\xa9": }', "mine.json: line 1:8: JSON is malformed: invalid character"),
        (b'{\n  "source":\n  }', "mine.json: line 3:3: JSON is malformed: invalid character"),
        (b'{"source": ', "mine.json: line 1:12: JSON ends too early (empty or truncated file)"),
        (b"", "mine.json: line 1:1: JSON ends too early (empty or truncated file)"),
        (b'{"source":\n {"title": "\xff"}}', "mine.json: line 2:13: Invalid UTF-8 encoded string"),
        (b'{"x":' + b"[" * 100_000, "mine.json: JSON is nested too deeply"),
    ],
)
def test_malformed_json_is_refused_with_line_and_column(raw: bytes, message: str) -> None:
    assert refusal(raw) == message


@pytest.mark.parametrize(("index", "year"), [(0, 999), (1, 3000), (2, -1992)])
def test_year_outside_1000_to_2999_is_refused(index: int, year: int) -> None:
    raw = with_change(["members", index, "year_joined"], year)
    assert refusal(raw) == (
        f"mine.json: $.members[{index}].year_joined: expected a year from 1000 to 2999, got {year}"
    )


def test_years_1000_and_2999_and_null_are_accepted() -> None:
    decoded = decode_dataset(encoded(small_dataset()), "mine.json")
    assert [member["year_joined"] for member in decoded["members"]] == [1000, 2999, None]


@pytest.mark.parametrize(
    ("section", "field", "index", "name", "message"),
    [
        ("members", "name", 3, "NIGER", "$.members[3].name: duplicate name 'NIGER'"),
        ("members", "name", 3, "Chad", "$.members[3].name: duplicate name 'Chad'"),
        ("security", "aspect", 2, "bOrDeR", "$.security[2].aspect: duplicate aspect 'bOrDeR'"),
        ("roadmap", "area", 2, "TRADE", "$.roadmap[2].area: duplicate area 'TRADE'"),
        ("roadmap", "area", 2, "TRADE ROUTES", "$.roadmap[2].area: duplicate area 'TRADE ROUTES'"),
    ],
)
def test_duplicate_name_differing_only_in_case_is_refused(
    section: str, field: str, index: int, name: str, message: str
) -> None:
    data = small_dataset()
    item = copy.deepcopy(data[section][0])
    item[field] = name
    data[section].append(item)
    assert refusal(encoded(data)) == f"mine.json: {message}"


def test_casefolded_duplicate_is_refused() -> None:
    data = small_dataset()
    data["members"][0]["name"] = "Straße"
    data["members"][1]["name"] = "STRASSE"
    assert refusal(encoded(data)) == "mine.json: $.members[1].name: duplicate name 'STRASSE'"


def test_names_that_only_share_a_prefix_are_not_duplicates() -> None:
    decoded = decode_dataset(encoded(small_dataset()), "mine.json")
    assert [member["name"] for member in decoded["members"]] == ["Niger", "Nigeria", "chad"]
    assert [item["aspect"] for item in decoded["security"]] == ["Borders", "Border"]


# --- loading a file ----------------------------------------------------------------


def load_refusal(path: str | Path) -> str:
    with pytest.raises(DataError) as raised:
        load_dataset(path)
    assert raised.value.exit_code == 3
    return str(raised.value)


def test_dataset_file_is_loaded_and_validated(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(encoded(small_dataset()))
    assert load_dataset(path) == small_dataset()
    assert load_dataset(str(path)) == small_dataset()
    path.write_bytes(b"[]")
    assert load_refusal(path) == f"{path}: $: expected an object, got a list"


def test_empty_dataset_path_is_refused() -> None:
    assert load_refusal("") == "the dataset path is empty (--data or BLOC_DATA)"


def test_missing_dataset_file_is_refused(tmp_path: Path) -> None:
    assert load_refusal(tmp_path / "none.json") == f"{tmp_path / 'none.json'}: no such file"


def test_folder_as_dataset_is_refused(tmp_path: Path) -> None:
    assert load_refusal(tmp_path) == f"{tmp_path}: is a directory, not a file"


def test_unreadable_dataset_path_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    path = file / "below-a-file.json"
    assert load_refusal(path) == f"{path}: cannot read: Not a directory"


def test_dataset_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "MAX_DATA_BYTES", 3 << 20)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * ((3 << 20) + 1))
    assert load_refusal(path) == f"{path}: larger than the 3 MiB a dataset may be"
    # At the limit exactly, the file is read and decoded (and found empty).
    path.write_bytes(b" " * (3 << 20))
    assert load_refusal(path).startswith(f"{path}: line 1:")


def test_unreadable_bundled_dataset_is_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "bloc.json"
    broken.write_text("{", encoding="utf-8")
    monkeypatch.setattr(loading, "bundled_data_path", lambda: broken)
    message = load_refusal_bundled()
    assert message.startswith(f"{broken}: bundled dataset cannot be read: Expecting")
    monkeypatch.setattr(loading, "bundled_data_path", lambda: tmp_path / "gone.json")
    assert load_refusal_bundled().startswith(
        f"{tmp_path / 'gone.json'}: bundled dataset cannot be read: [Errno 2]"
    )


def load_refusal_bundled() -> str:
    with pytest.raises(DataError) as raised:
        load_dataset()
    return str(raised.value)


def test_installed_package_reads_the_dataset_shipped_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed wheel has bloc_cli/data/bloc.json beside bloc_cli/loading.py.
    (tmp_path / "bloc_cli" / "data").mkdir(parents=True)
    (tmp_path / "bloc_cli" / "data" / "bloc.json").write_bytes(encoded(small_dataset()))
    monkeypatch.setattr(loading, "__file__", str(tmp_path / "bloc_cli" / "loading.py"))
    assert loading.bundled_data_path() == tmp_path / "bloc_cli" / "data" / "bloc.json"
    assert load_dataset() == small_dataset()


def test_source_checkout_reads_the_dataset_in_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bloc_cli").mkdir()
    monkeypatch.setattr(loading, "__file__", str(tmp_path / "bloc_cli" / "loading.py"))
    assert loading.bundled_data_path() == tmp_path / "data" / "bloc.json"


def test_endless_stream_as_dataset_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_DATA_BYTES", 1 << 20)
    assert load_refusal("/dev/zero") == "/dev/zero: larger than the 1 MiB a dataset may be"


def test_dataset_without_read_permission_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert load_refusal(tmp_path / "mine.json") == f"{tmp_path / 'mine.json'}: permission denied"


def test_decoding_a_dataset_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    from bloc_cli.loading import decode_dataset

    raw = (Path(__file__).resolve().parent.parent / "data" / "bloc.json").read_bytes()
    assert gc.isenabled()
    decode_dataset(raw, "bloc.json")
    assert gc.isenabled(), "collection is on again after decoding"
    gc.disable()
    try:
        decode_dataset(raw, "bloc.json")
        assert not gc.isenabled(), "and stays off where the caller had it off"
    finally:
        gc.enable()


# --- unknown and repeated keys (what msgspec drops or lets the last one win) ----------


def with_text(old: bytes, new: bytes) -> bytes:
    raw = encoded(small_dataset())
    assert raw.count(old) == 1
    return raw.replace(old, new)


def with_provenance(place: object) -> bytes:
    data = small_dataset()
    data["source"]["provenance"]["members"] = place
    return encoded(data)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            encoded({**small_dataset(), "extra": 1}),
            "$: unknown field 'extra' (the fields are: source, members, security, roadmap, "
            "benefits, context)",
        ),
        (
            with_text(b'"area": "trade routes"', b'"area": "trade routes", "extra": [1, {}]'),
            "$.roadmap[1]: unknown field 'extra' (the fields are: area, action_items, "
            "expected_impact)",
        ),
        (
            with_text(b'"membership": []', b'"membership": [], "extra": []'),
            "$.benefits: unknown field 'extra' (the fields are: membership, economic)",
        ),
        (
            with_provenance({"heading": None, "colums": {}}),
            "$.source.provenance.members: unknown field 'colums' (the fields are: heading, "
            "lead_in, lead_out, columns, bullets_after, subjects, named_in, newest)",
        ),
        (
            with_provenance({"heading": None, "named_in": {"heading": None, "lead": "x"}}),
            "$.source.provenance.members.named_in: unknown field 'lead' (the fields are: "
            "heading, lead_in, lead_out)",
        ),
        (
            with_text(b'"title": "t"', b'"title": "t", "title": "t"'),
            "$.source: the key 'title' is written twice",
        ),
        (
            with_text(b'"name": "chad"', b'"name": "chad", "name": "chad"'),
            "$.members[2]: the key 'name' is written twice",
        ),
        (
            with_provenance({"heading": None, "columns": {"name": "A"}}).replace(
                b'"name": "A"', b'"name": "A", "name": "B"'
            ),
            "$.source.provenance.members.columns: the key 'name' is written twice",
        ),
    ],
)
def test_unknown_or_repeated_key_is_refused_with_its_json_path(raw: bytes, message: str) -> None:
    assert refusal(raw) == f"mine.json: {message}"


def test_colon_escaped_in_a_string_is_a_colon_and_no_unknown_key() -> None:
    # "\u003a" is a colon the file does not count as one: the keys are read again, and hold.
    raw = with_text(b'"title": "t"', b'"title": "a\\u003ab"')
    assert decode_dataset(raw, "mine.json")["source"]["title"] == "a:b"


# --- standard input (--data -) ----------------------------------------------------------


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


class _Failing(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise OSError(5, "Input/output error")


def stdin_refusal(stdin: object, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(sys, "stdin", stdin)
    return load_refusal("-")


def test_dataset_piped_in_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(encoded(small_dataset()))))
    assert load_dataset("-") == small_dataset()


def test_stdin_that_is_not_a_dataset_is_refused_by_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"{"))
    assert stdin_refusal(stdin, monkeypatch) == (
        "<stdin>: line 1:2: JSON ends too early (empty or truncated file)"
    )


def test_stdin_closed_a_terminal_or_failing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert stdin_refusal(None, monkeypatch) == "<stdin>: cannot read: standard input is closed"
    assert stdin_refusal(io.TextIOWrapper(_Terminal()), monkeypatch) == (
        "<stdin>: is a terminal; pipe a dataset in (bloc --data - ... < FILE)"
    )
    assert stdin_refusal(io.TextIOWrapper(_Failing()), monkeypatch) == (
        "<stdin>: cannot read: Input/output error"
    )


def test_stdin_larger_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_DATA_BYTES", 3 << 20)
    stdin = io.TextIOWrapper(io.BytesIO(b" " * ((3 << 20) + 1)))
    assert stdin_refusal(stdin, monkeypatch) == "<stdin>: larger than the 3 MiB a dataset may be"


def test_unknown_key_is_found_whatever_numbers_it_holds() -> None:
    # Numbers are read as text when the keys are read again: 5,000 digits are no fault
    # (Python's int() refuses more than 4,300), a number past a float's range neither.
    raw = encoded(small_dataset())[:-1] + b', "extra": [' + b"9" * 5000 + b", 1e400]}"
    assert refusal(raw) == (
        "mine.json: $: unknown field 'extra' (the fields are: source, members, security, "
        "roadmap, benefits, context)"
    )


def test_keys_read_again_report_nesting_and_malformed_json_as_data_errors() -> None:
    # Only reached where msgspec decoded the file and json cannot: a few levels of nesting
    # at the edge of Python's recursion limit, or (not known to happen) JSON only msgspec
    # reads. Asked directly, here.
    with pytest.raises(DataError) as raised:
        loading._check_keys(b"[" * 5000 + b"]" * 5000, "mine.json")
    assert str(raised.value) == "mine.json: JSON is nested too deeply"
    with pytest.raises(DataError) as raised:
        loading._check_keys(b"{", "mine.json")
    assert str(raised.value) == (
        "mine.json: JSON is malformed: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)"
    )


class _Closed(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise ValueError("I/O operation on closed file.")


def test_endless_or_closed_stdin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_DATA_BYTES", 3 << 20)
    endless = io.TextIOWrapper(io.BufferedReader(Endless()))
    assert stdin_refusal(endless, monkeypatch) == "<stdin>: larger than the 3 MiB a dataset may be"
    assert stdin_refusal(io.TextIOWrapper(_Closed()), monkeypatch) == (
        "<stdin>: cannot read: I/O operation on closed file."
    )


def test_unknown_key_is_found_beside_an_escaped_colon_or_an_empty_member_list() -> None:
    # The colons counted cannot vouch for the keys then: they are read again.
    data = small_dataset()
    data["source"]["title"] = "a:b"
    raw = encoded({**data, "extra": 1}).replace(b"a:b", b"a\\u003ab")
    unknown = "mine.json: $: unknown field 'extra' (the fields are: source, members, security, "
    assert refusal(raw) == unknown + "roadmap, benefits, context)"
    raw = encoded({**small_dataset(), "members": [], "extra": 1})
    assert refusal(raw) == unknown + "roadmap, benefits, context)"


@pytest.mark.parametrize("members", [0, 1, 10_000, 10_001, 20_002])
def test_a_dataset_that_kept_every_key_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch, members: int
) -> None:
    # Reading the keys again costs a third of decoding a large file: it happens only when
    # a key may have been lost. Colons in the members' strings make the count go member
    # by member, in blocks of 10,000.
    def read_again(raw: bytes, name: str) -> None:
        raise AssertionError("the keys were read again")

    monkeypatch.setattr(loading, "_check_keys", read_again)
    data = made(
        members=[
            {"name": f"M:{index}", "year_joined": None, "contributions": ["a:b"], "newest": False}
            for index in range(members)
        ]
    )
    dataset = decode_dataset(json.dumps(data).encode(), "many.json")
    assert [member["name"] for member in dataset["members"]] == [f"M:{i}" for i in range(members)]
    lost: dict[str, Any] = {
        "name": "X",
        "year_joined": None,
        "contributions": [],
        "newest": False,
        "extra": 1,
    }
    data["members"].append(lost)  # a key msgspec drops: now they are read again
    with pytest.raises(AssertionError, match="read again"):
        decode_dataset(json.dumps(data).encode(), "many.json")
