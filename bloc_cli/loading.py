"""Load the dataset: the bundled file, or a user's file decoded and validated in one pass."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import cast

from bloc_cli.errors import DataError, quoted, shortened
from bloc_cli.model import YEAR_RANGE, Dataset

BUNDLED_NAME = "bloc.json"
# How errors name a dataset read from standard input (`--data -`).
STDIN_NAME = "<stdin>"
_PIPE_EXAMPLE = "bloc --data - ... < FILE"
# A dataset file is read whole before it is decoded; a larger one (or an endless
# stream such as /dev/urandom or a FIFO) is refused. A million members take ~120 MB.
MAX_DATA_BYTES = 256 * 1024 * 1024


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

    # A dataset lives for the whole run, and a large one is millions of objects. The
    # cyclic garbage collector would sweep them again and again while they are decoded
    # and rendered, and collect them once more as Python exits, only for the process to
    # end (measured at a million members: 1.8 s of 8 s, and 2 s of 4.3 s at exit). So it
    # is off while decoding, and the decoded objects are then frozen out of its reach.
    collecting = gc.isenabled()
    gc.disable()
    try:
        dataset = msgspec.json.decode(raw, type=Dataset)
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
    _check_unique_names(dataset, name)
    return dataset


def _describe_validation(message: str) -> str:
    """Put the JSON path first: `$.members[2].year_joined: Expected ...`.

    msgspec gives the path only inside its message ("... - at `$.members[2]`"): this and
    _describe_decode are the one place that reads its wording. Checked with msgspec 0.23;
    tests/test_hardening.py (every level's JSON path) and tests/test_data_option.py
    (line:col) fail if it changes.
    """
    text, sep, path = message.partition(" - at `")
    if sep:
        return f"{path.rstrip('`')}: {text}"
    return f"$: {message}"


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
                f"Expected a year from {first} to {last}, got {shortened(str(year), 40)}"
            )


def _check_unique_names(dataset: Dataset, name: str) -> None:
    """Members, aspects and areas are looked up by name: each name once, in any case."""
    keyed: list[tuple[str, str, list[str]]] = [
        ("members", "name", [member["name"] for member in dataset["members"]]),
        ("security", "aspect", [item["aspect"] for item in dataset["security"]]),
        ("roadmap", "area", [item["area"] for item in dataset["roadmap"]]),
    ]
    for section, field, names in keyed:
        seen: set[str] = set()
        for index, value in enumerate(names):
            if value.casefold() in seen:
                raise DataError(
                    f"{name}: $.{section}[{index}].{field}: duplicate {field} {quoted(value)}"
                )
            seen.add(value.casefold())
