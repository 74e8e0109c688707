"""Property tests: for any valid dataset, every data format reads back as the dataset's values."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bloc_cli import views
from bloc_cli.errors import DataError
from bloc_cli.loading import decode_dataset
from bloc_cli.model import Dataset, named_lists
from bloc_cli.output import Format
from bloc_cli.output.streams import Streams
from bloc_cli.records import Records

from conftest import PROVENANCE_SECTIONS, bloc
from formats import flat, parse

# Any Unicode text but lone surrogates (which UTF-8, and so a JSON file, cannot carry).
text = st.text(st.characters(codec="utf-8"), max_size=20)
maybe_text = st.none() | text
text_list = st.lists(text, max_size=3)
# Any year the schema accepts (model.YEAR_RANGE, 1000 to 2999: see test_data_option.py).
year = st.none() | st.integers(min_value=1000, max_value=2999)
# Names that break careless lookups: lower-case, one a prefix of another, case variants;
# never empty or blank, which bloc refuses (tests/test_data_option.py).
name = st.sampled_from(["Niger", "Nigeria", "niger", "chad", "CHAD", "Mali", "mali"]) | text.filter(
    str.strip
)
# An impact bloc derives a target from ("by 25% over 5 years"), including 0 years (none).
percent = st.integers(min_value=0, max_value=999_999_999).map(str) | st.decimals(
    min_value=0, max_value=999, places=2
).map(str)
quantitative_impact = st.builds(
    "{} by {}% over {} {}".format,
    text,
    percent,
    st.integers(min_value=0, max_value=50),
    st.sampled_from(["years", "year", "YEARS"]),
)
impact = st.none() | text | quantitative_impact


@st.composite
def raw_datasets(draw: st.DrawFn) -> dict[str, Any]:
    """A valid dataset file's content, before bloc decodes it."""
    names = draw(st.lists(name, max_size=6, unique_by=str.casefold))
    members = [
        {
            "name": name,
            "year_joined": draw(year),
            "contributions": draw(st.none() | text_list),
            "newest": draw(st.booleans()),
        }
        for name in names
    ]
    data = {
        "source": {
            "title": draw(text),
            "reported_by": draw(maybe_text),
            "page_url": draw(maybe_text),
            "image_caption": draw(maybe_text),
            "image_url": draw(maybe_text),
            "provenance": {section: draw(maybe_text) for section in PROVENANCE_SECTIONS},
        },
        "members": members,
        "security": draw(
            st.lists(
                st.fixed_dictionaries({"aspect": name, "before": maybe_text, "after": maybe_text}),
                max_size=4,
                unique_by=lambda item: str(item["aspect"]).casefold(),
            )
        ),
        "roadmap": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"area": name, "action_items": text_list, "expected_impact": impact}
                ),
                max_size=3,
                unique_by=lambda item: str(item["area"]).casefold(),
            )
        ),
        "benefits": {"membership": draw(text_list), "economic": draw(text_list)},
        "context": {section: draw(text_list) for section in PROVENANCE_SECTIONS[5:]},
    }
    return data


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    # Every generated dataset is one bloc accepts from --data.
    return decode_dataset(json.dumps(draw(raw_datasets())).encode(), "generated")


KEYS = {"members": "name", "security": "aspect", "roadmap": "area"}


@settings(max_examples=150, deadline=None)
@given(data=raw_datasets(), section=st.sampled_from(sorted(KEYS)), choice=st.data())
def test_names_differing_only_in_case_are_refused_at_load(
    data: dict[str, Any], section: str, choice: st.DataObject
) -> None:
    items = data[section]
    assume(items)
    key = KEYS[section]
    original = choice.draw(st.sampled_from(items))
    variant = choice.draw(
        st.sampled_from([original[key], original[key].upper(), original[key].lower()])
    )
    assume(variant.casefold() == original[key].casefold())
    items.append({**original, key: variant})
    with pytest.raises(DataError) as raised:
        decode_dataset(json.dumps(data).encode(), "generated")
    assert str(raised.value) == (
        f"generated: $.{section}[{len(items) - 1}].{key}: duplicate {key} {variant!r}"
    )


def expected_target(impact: str | None) -> dict[str, float] | None:
    """The compound annual rate of a "by P% over N years" impact, worked out here."""
    import re

    match = re.search(r"\bby (\d+(?:\.\d+)?)% over (\d+) years?\b", impact or "", re.I)
    if match is None or int(match.group(2)) == 0 or len(match.group(1).split(".")[0]) > 9:
        return None
    change, years = float(match.group(1)), int(match.group(2))
    return {
        "change_pct": int(change) if change == int(change) else change,
        "years": years,
        "annual_pct": round(((1 + change / 100) ** (1 / years) - 1) * 100, 2),
    }


@settings(max_examples=150, deadline=None)
@given(dataset=datasets())
def test_roadmap_target_is_the_compound_annual_rate_of_the_impact(dataset: Dataset) -> None:
    rows = list(views.roadmap(dataset).rows)
    assert [row["target"] for row in rows] == [
        expected_target(area["expected_impact"]) for area in dataset["roadmap"]
    ]


@settings(max_examples=150, deadline=None)
@given(dataset=datasets(), choice=st.data())
def test_every_member_is_found_by_its_exact_name_in_any_case(
    dataset: Dataset, choice: st.DataObject
) -> None:
    members = [member for member in dataset["members"] if member["name"].strip()]
    assume(members)
    wanted = choice.draw(st.sampled_from(members))
    asked = choice.draw(st.sampled_from([wanted["name"], wanted["name"].upper()]))
    assume(asked.strip().casefold() == wanted["name"].casefold())
    assert views.find_member(dataset, asked) == wanted


VIEWS: list[Callable[[Dataset], Records]] = [
    views.members,
    lambda dataset: views.security(dataset, compare=True),
    views.roadmap,
    views.benefits,
    views.about,
    views.source,
]
DATA_FORMATS = [Format.JSON, Format.JSONL, Format.CSV, Format.TSV]
TERMINALS = [
    Streams(stdout=io.StringIO(), stderr=None, is_tty=False, color=False, unicode=True, width=80),
    Streams(stdout=io.StringIO(), stderr=None, is_tty=True, color=True, unicode=False, width=30),
]


def render(records: Records, fmt: Format, terminal: Streams = TERMINALS[0]) -> str:
    fields = records.chosen_fields(None)
    return "".join(fmt.renderer()(records, fields, True, terminal))


def expected_rows(records: Records, fmt: Format) -> list[dict[str, Any]]:
    fields = records.chosen_fields(None)
    rows = [{field: row[field] for field in fields} for row in records.rows]
    if fmt in (Format.CSV, Format.TSV):
        return [{key: flat(value) for key, value in row.items()} for row in rows]
    return rows


@settings(max_examples=150, deadline=None)
@given(dataset=datasets())
def test_every_data_format_round_trips_any_dataset(dataset: Dataset) -> None:
    for view in VIEWS:
        for fmt in DATA_FORMATS:
            output = render(view(dataset), fmt)
            if fmt is Format.TSV:
                assert output.count("\n") == len(list(view(dataset).rows)) + 1
            assert parse(fmt.value, output) == expected_rows(view(dataset), fmt)


@settings(max_examples=100, deadline=None)
@given(dataset=datasets())
def test_text_formats_never_raise_and_never_carry_an_escape(dataset: Dataset) -> None:
    for view in VIEWS:
        for fmt in (Format.TABLE, Format.PLAIN, Format.MARKDOWN):
            for terminal in TERMINALS:
                output = render(view(dataset), fmt, terminal)
                if not terminal.color:
                    assert "\x1b" not in output


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dataset=datasets())
def test_the_command_line_round_trips_any_dataset_file(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(dataset), encoding="utf-8")
    for fmt in DATA_FORMATS:
        result = bloc("--data", str(path), "members", "-f", fmt.value)
        assert result.code == 0, result.err
        assert parse(fmt.value, result.out) == expected_rows(views.members(dataset), fmt)
    assert bloc("--data", str(path), "members", "-f", "table").code == 0


@settings(max_examples=60, deadline=None)
@given(dataset=datasets())
def test_sql_holds_any_dataset(dataset: Dataset) -> None:
    from bloc_cli import sql

    counts = sql.query(
        dataset,
        "SELECT (SELECT count(*) FROM members) AS m, "
        "(SELECT count(*) FROM benefits) AS b, (SELECT count(*) FROM context) AS c",
    )
    (row,) = counts.rows
    benefits = dataset["benefits"]
    assert row == {
        "m": len(dataset["members"]),
        "b": len(benefits["membership"]) + len(benefits["economic"]),
        "c": sum(len(items) for items in named_lists(dataset["context"]).values()),
    }
