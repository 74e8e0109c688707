"""Records, what every command produces: the fields `--fields` chooses, the column
headings a person reads, and the BLOBs of `bloc sql`."""

from __future__ import annotations

import pytest

from bloc_cli.errors import UsageError
from bloc_cli.records import Blob, Records, title_of


def records(default_fields: tuple[str, ...] | None = None) -> Records:
    return Records(
        title="T",
        fields=("name", "year_joined", "newest"),
        rows=[],
        default_fields=default_fields,
    )


def test_without_fields_option_every_field_is_shown() -> None:
    assert records().chosen_fields(None) == ["name", "year_joined", "newest"]


def test_without_fields_option_the_default_fields_are_shown() -> None:
    assert records(("newest", "name")).chosen_fields(None) == ["newest", "name"]


def test_fields_option_chooses_fields_in_its_order_ignoring_spaces() -> None:
    assert records(("name",)).chosen_fields(" newest , name ") == ["newest", "name"]


def test_fields_option_matches_a_field_in_any_case() -> None:
    assert records().chosen_fields("NAME,Year_Joined") == ["name", "year_joined"]
    with pytest.raises(UsageError) as raised:
        records().chosen_fields("name,NAME")
    assert str(raised.value) == "--fields: 'name' is named twice"


def test_fields_that_differ_only_in_case_must_be_named_exactly() -> None:
    query = Records(title="T", fields=("ab", "AB", "c"), rows=[])
    assert query.chosen_fields("AB,ab,C") == ["AB", "ab", "c"]
    with pytest.raises(UsageError) as raised:
        query.chosen_fields("Ab")
    assert str(raised.value) == "--fields: unknown field 'Ab'; did you mean ab or AB?"


@pytest.mark.parametrize(
    ("requested", "message"),
    [
        ("name,colour", "--fields: unknown field 'colour'; --fields alone lists the fields"),
        ("name,yaer_joined", "--fields: unknown field 'yaer_joined'; did you mean year_joined?"),
        ("", "--fields needs a value; choose from name, year_joined, newest"),
        (" ", "--fields needs a value; choose from name, year_joined, newest"),
        (" , ", "--fields: ' , ' has an empty field name"),
        (" newest , ,name,", "--fields: ' newest , ,name,' has an empty field name"),
        ("name,", "--fields: 'name,' has an empty field name"),
        ("name,newest,name", "--fields: 'name' is named twice"),
        ("zz,zz", "--fields: unknown field 'zz'; --fields alone lists the fields"),
    ],
)
def test_fields_option_refuses_unknown_empty_and_repeated_fields(
    requested: str, message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        records().chosen_fields(requested)
    assert str(raised.value) == message
    assert raised.value.exit_code == 2


@pytest.mark.parametrize(
    ("field", "heading"),
    [
        ("name", "Name"),
        ("year_joined", "Year joined"),
        ("action_items", "Action items"),
        ("url", "URL"),
        ("url_list", "URL list"),
    ],
)
def test_column_heading_is_the_field_in_words(field: str, heading: str) -> None:
    assert title_of(field) == heading


def test_blob_compares_hashes_and_shows_its_bytes() -> None:
    blob = Blob(b"\x01\x02\xff")
    assert blob == Blob(b"\x01\x02\xff")
    assert blob != Blob(b"\x01\x02")
    assert blob != b"\x01\x02\xff"
    assert hash(blob) == hash(Blob(b"\x01\x02\xff"))
    assert len({blob, Blob(b"\x01\x02\xff"), Blob(b"")}) == 2
    assert repr(blob) == "Blob(b'\\x01\\x02\\xff')"
    assert blob.hex() == "\\x0102ff"
    assert Blob(b"").hex() == "\\x"
