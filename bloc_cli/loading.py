"""Load the dataset: the bundled file, or a user's file decoded and validated in one pass."""

from __future__ import annotations

import codecs
import functools
import os
import re
import sys
import typing
from pathlib import Path
from typing import Any, cast

from bloc_cli.errors import DataError, quoted, shortened
from bloc_cli.model import MAX_DATA_BYTES, NAMED_RECORDS, YEAR_RANGE, Dataset

BUNDLED_NAME = "bloc.json"
# How errors name a dataset read from standard input (`--data -`).
STDIN_NAME = "<stdin>"
_PIPE_EXAMPLE = "bloc --data - ... < FILE"


def bundled_data_path() -> Path:
    """The dataset shipped inside the installed package (the wheel maps data/ there).

    This is the path importlib.resources.files() gives for an installed wheel;
    computing it directly saves the ~5 ms that importing importlib.resources
    adds to every run.
    """
    packaged = Path(__file__).with_name("data") / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    # A source checkout (editable install, or `python -m bloc_cli` in the repo):
    # data/ has not been mapped into the package.
    return Path(__file__).resolve().parent.parent / "data" / BUNDLED_NAME


def load_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """The dataset at `path` (`-`: standard input), validated, or the bundled one; raise
    DataError on any fault."""
    if path is None:
        return load_bundled()
    if not os.fspath(path):
        raise DataError("the dataset path is empty (--data or BLOC_DATA)")
    if os.fspath(path) == "-":
        return decode_dataset(_read_stdin(), STDIN_NAME)
    file = Path(path)
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_DATA_BYTES + 1)
    except FileNotFoundError:
        raise DataError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{file}: is a directory, not a file") from None
    except PermissionError:
        raise DataError(f"{file}: permission denied") from None
    except OSError as error:
        raise DataError(f"{file}: cannot read: {error.strerror or error}") from None
    return decode_dataset(_within_limit(raw, str(file)), str(file))


def _read_stdin() -> bytes:
    """The dataset piped in (`--data -`), read as a file is."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # no standard input at all (`bloc --data - members <&-`)
        raise DataError(f"{STDIN_NAME}: cannot read: standard input is closed")
    if stream.isatty():  # nothing piped in: a person would wait for nothing (so would completion)
        raise DataError(
            f"{STDIN_NAME}: is a terminal; pipe a dataset in (bloc --data - ... < FILE)"
        )
    try:
        raw: bytes = stream.read(MAX_DATA_BYTES + 1)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise DataError(f"{STDIN_NAME}: cannot read: {reason}") from None
    return _within_limit(raw, STDIN_NAME)


def _within_limit(raw: bytes, name: str) -> bytes:
    if len(raw) > MAX_DATA_BYTES:
        raise DataError(f"{name}: larger than the {MAX_DATA_BYTES >> 20} MiB a dataset may be")
    return raw


def load_bundled() -> Dataset:
    """The dataset shipped with bloc.

    It is read with the stdlib json module, without msgspec's import cost on every
    run: the test suite validates this very file with `decode_dataset`.
    """
    import json

    file = bundled_data_path()
    try:
        return cast(Dataset, json.loads(file.read_bytes()))
    except (OSError, ValueError) as error:
        raise DataError(f"{file}: bundled dataset cannot be read: {error}") from None


def decode_dataset(raw: bytes, name: str) -> Dataset:
    """Decode and validate `raw` JSON as a Dataset; `name` is how errors refer to it."""
    import gc

    import msgspec

    if raw.startswith(codecs.BOM_UTF8):  # as many editors write it
        raw = raw[len(codecs.BOM_UTF8) :]
    # A dataset lives for the whole run, and a large one is millions of objects. The
    # cyclic garbage collector would sweep them again and again while they are decoded
    # and rendered, and collect them once more as Python exits, only for the process to
    # end (measured at a million members: 1.8 s of 8 s, and 2 s of 4.3 s at exit). So it
    # is off while decoding, and the decoded objects are then frozen out of its reach.
    collecting = gc.isenabled()
    gc.disable()
    try:
        dataset = msgspec.json.decode(raw, type=Dataset)
        if not _kept_every_key(raw, dataset):
            _check_keys(raw, name)
    except msgspec.ValidationError as error:
        raise DataError(f"{name}: {_describe_validation(str(error))}") from None
    except msgspec.DecodeError as error:
        raise DataError(f"{name}: {_describe_decode(raw, str(error))}") from None
    except RecursionError:  # arrays or objects nested thousands deep, even under unknown keys
        raise DataError(f"{name}: JSON is nested too deeply") from None
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    _check_years(dataset, name)
    _check_names(dataset, name)
    return dataset


def _kept_every_key(raw: bytes, dataset: Dataset) -> bool:
    """True when decoding kept every key of `raw`: no unknown field was dropped and no key
    was written twice in one object (where msgspec lets the last one win).

    Counted, not parsed: each key of the file is followed by a colon, and outside keys a
    colon stands only inside a string. The dataset written out again holds every key it
    kept and every colon of its strings, so the two counts are equal when nothing was
    lost. A colon escaped in a string (\\u003a) counts in the second only: then this
    says False and _check_keys looks for real.

    Writing a million members out would cost a third of decoding them, so they are
    first counted as if their strings held no colon (only their keys): when that already
    matches the file, no key was lost either (the count cannot be short).
    """
    if b"\\u003" in raw:  # \u003a or \u003A (a colon), or an escaped digit: rare
        return False
    colons = raw.count(b":")
    members = dataset["members"]
    others = _encoded_colons({**dataset, "members": []})
    if colons == others + sum(map(len, members)):
        return True
    return colons == others + sum(
        _encoded_colons(members[start : start + 10_000]) for start in range(0, len(members), 10_000)
    )


def _encoded_colons(value: object) -> int:
    """The colons in `value` written as JSON."""
    import msgspec

    return msgspec.json.encode(value).count(b":")


class _Object(list[tuple[str, Any]]):
    """A JSON object as written: its (key, value) pairs, in order, repeated keys and all."""


def _check_keys(raw: bytes, name: str) -> None:
    """Raise DataError at the first object that has a key the model does not know, or a
    key written twice. Only called when _kept_every_key doubts, as it reads `raw` again."""
    import json

    # Only keys matter here: numbers stay text (no limit on their digits, no time spent).
    try:
        document = json.loads(raw, object_pairs_hook=_Object, parse_int=str, parse_float=str)
        fault = _key_fault(document, Dataset)
    except RecursionError:  # deeper than msgspec went (json reads deeper on Python 3.13+)
        raise DataError(f"{name}: JSON is nested too deeply") from None
    except ValueError as error:  # msgspec read it; json is not known to differ
        raise DataError(f"{name}: JSON is malformed: {error}") from None
    if fault:
        where, what = fault
        raise DataError(f"{name}: ${where}: {what}")


def _key_fault(value: object, expected: object) -> tuple[str, str] | None:
    """Where in `value` (a JSON path after `$`) its first unknown or repeated key is, and
    what it is; `expected` is the type `value` should have."""
    if isinstance(value, _Object):
        fields = _fields(expected)
        seen: set[str] = set()
        for key, _item in value:
            if key in seen:
                return "", f"the key {quoted(key)} is written twice"
            seen.add(key)
            if fields is not None and key not in fields:
                known = ", ".join(fields)
                return "", f"unknown field {quoted(key)} (the fields are: {known})"
        for key, item in value:
            fault = _inner_fault(item, _field_type(expected, key))
            if fault:
                return f".{key}{fault[0]}", fault[1]
    elif isinstance(value, list):
        item_type = _item_type(expected)
        for index, item in enumerate(value):
            fault = _inner_fault(item, item_type)
            if fault:
                return f"[{index}]{fault[0]}", fault[1]
    return None


def _inner_fault(value: object, expected: object) -> tuple[str, str] | None:
    """_key_fault of a value inside another; a string, number, true, false or null has none."""
    return _key_fault(value, expected) if isinstance(value, list) else None


def _choices(expected: object) -> tuple[object, ...]:
    """The types `expected` may be: its members if it is a union (`X | None`), else itself."""
    return typing.get_args(expected) if _is_union(expected) else (expected,)


def _is_union(expected: object) -> bool:
    import types

    return typing.get_origin(expected) in (typing.Union, types.UnionType)


# These three are cached: typing.get_type_hints takes a while, and there may be a
# million members to look at.
@functools.cache
def _fields(expected: object) -> dict[str, object] | None:
    """The fields of the TypedDict that `expected` is or includes; None for another type."""
    for choice in _choices(expected):
        if typing.is_typeddict(choice):
            return typing.get_type_hints(choice)
    return None


@functools.cache
def _field_type(expected: object, key: str) -> object:
    """The type of the value at `key` of an object of type `expected` (None: not known)."""
    fields = _fields(expected)
    if fields is not None:
        return fields.get(key)
    for choice in _choices(expected):
        if typing.get_origin(choice) is dict:
            return typing.get_args(choice)[1]
    return None


@functools.cache
def _item_type(expected: object) -> object:
    """The type of the items of a list of type `expected`."""
    for choice in _choices(expected):
        if typing.get_origin(choice) is list:
            return typing.get_args(choice)[0]
    return None


def _describe_validation(message: str) -> str:
    """Put the JSON path first, and the fault in bloc's words:
    `$.members[2].year_joined: expected a whole number or null, got text`.

    msgspec gives the path only inside its message ("... - at `$.members[2]`"): this and
    _describe_decode are the one place that reads its wording. Checked with msgspec 0.23;
    tests/test_hardening.py (every level's JSON path) and tests/test_data_option.py
    (line:col) fail if it changes.
    """
    text, sep, path = message.partition(" - at `")
    if sep:
        return f"{path.rstrip('`')}: {_in_words(text)}"
    return f"$: {_in_words(message)}"


# JSON's kinds of value, as msgspec names them, in words.
_KINDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "null": "null",
    "bool": "true or false",
    "array": "a list",
    "object": "an object",
}
_EXPECTED = re.compile(r"Expected `([^`]+)`(?:, got `([^`]+)`)?")
_MISSING = re.compile(r"Object missing required field `([^`]+)`")


def _kinds(names: str) -> str:
    """`int | null` as `a whole number or null`."""
    return " or ".join(_KINDS.get(name.strip(), name.strip()) for name in names.split("|"))


def _in_words(text: str) -> str:
    """msgspec's message in bloc's words: no type names, lower case, no full stop."""
    expected = _EXPECTED.fullmatch(text)
    if expected:
        got = f", got {_kinds(expected[2])}" if expected[2] else ""
        return f"expected {_kinds(expected[1])}{got}"
    missing = _MISSING.fullmatch(text)
    if missing:
        return f"the field {quoted(missing[1])} is missing"
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _describe_decode(raw: bytes, message: str) -> str:
    """Turn msgspec's byte offset into line:col, as editors count them."""
    offset: int | None = None
    match = re.search(r"\s*\(byte (\d+)\)$", message)
    if match:
        offset = int(match.group(1))
        message = message[: match.start()]
    elif "truncated" in message:
        offset = len(raw)
        message = "JSON ends too early (empty or truncated file)"
    elif "UTF-8" in message:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            offset = error.start
    if offset is None:
        return message
    line, col = _line_col(raw, offset)
    return f"line {line}:{col}: {message}"


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col


def _check_years(dataset: Dataset, name: str) -> None:
    """A year outside YEAR_RANGE is a data error, as the schema says (see model.json_schema)."""
    first, last = YEAR_RANGE
    for index, member in enumerate(dataset["members"]):
        year = member["year_joined"]
        if year is not None and not first <= year <= last:
            raise DataError(
                f"{name}: $.members[{index}].year_joined: "
                f"expected a year from {first} to {last}, got {shortened(str(year), 40)}"
            )


def _check_names(dataset: Dataset, name: str) -> None:
    """Members, aspects and areas are looked up by name: each name once, in any case, and
    none empty or blank (whitespace only: what the schema's NAME_PATTERN refuses)."""
    records = cast(dict[str, list[dict[str, str]]], dataset)
    for section, _record, field in NAMED_RECORDS:
        seen: set[str] = set()
        for index, record in enumerate(records[section]):
            value = record[field]
            if not value.strip():
                raise DataError(f"{name}: $.{section}[{index}].{field}: empty or only whitespace")
            if value.casefold() in seen:
                raise DataError(
                    f"{name}: $.{section}[{index}].{field}: duplicate {field} {quoted(value)}"
                )
            seen.add(value.casefold())
