"""Queries: from the dataset and a command's filters to Records. No formatting here."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bloc_cli.errors import NotFoundError, UsageError, quoted
from bloc_cli.model import SOURCE_FIELDS, Dataset, Member, headings, named_lists
from bloc_cli.records import Records, Row, Value
from bloc_cli.targets import derived_target

MEMBER_FIELDS = ("name", "year_joined", "contributions", "newest")
SECURITY_FIELDS = ("aspect", "before", "after")
ROADMAP_FIELDS = ("area", "action_items", "expected_impact", "target")
BENEFIT_FIELDS = ("kind", "benefit")
ABOUT_FIELDS = ("section", "count", "command", "heading", "items")
SEARCH_FIELDS = ("section", "record", "field", "value")


class MemberSort(str, enum.Enum):
    NAME = "name"
    YEAR = "year"


class BenefitKind(str, enum.Enum):
    MEMBERSHIP = "membership"
    ECONOMIC = "economic"


def _contains(text: str | None, needle: str) -> bool:
    return text is not None and needle.casefold() in text.casefold()


def _member_row(member: Member) -> Row:
    return _fields(member, MEMBER_FIELDS)


def members(
    dataset: Dataset,
    *,
    contribution: str | None = None,
    since: int | None = None,
    until: int | None = None,
    sort: MemberSort | None = None,
) -> Records:
    def wanted(member: Member) -> bool:
        year = member["year_joined"]
        if contribution is not None and not any(
            _contains(item, contribution) for item in member["contributions"] or ()
        ):
            return False
        if since is not None and (year is None or year < since):
            return False
        return not (until is not None and (year is None or year > until))

    chosen = [member for member in dataset["members"] if wanted(member)]
    if sort is MemberSort.NAME:
        chosen.sort(key=lambda member: member["name"].casefold())
    elif sort is MemberSort.YEAR:
        # Unknown years sort last; ties keep the article's order.
        chosen.sort(key=lambda member: (member["year_joined"] is None, member["year_joined"] or 0))
    return Records(
        title="Members of the bloc",
        fields=MEMBER_FIELDS,
        rows=(_member_row(member) for member in chosen),
        caption=_heading_caption(dataset["source"]["provenance"]["members"]),
    )


def find_member(dataset: Dataset, name: str) -> Member:
    """The member called `name`: case-insensitive, exact or a unique prefix."""
    wanted = name.strip().casefold()
    if not wanted:
        raise UsageError("member: the name is empty")
    by_name = {member["name"].casefold(): member for member in dataset["members"]}
    if wanted in by_name:
        return by_name[wanted]
    prefixed = [member for key, member in by_name.items() if key.startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        names = ", ".join(member["name"] for member in prefixed)
        raise NotFoundError(f"member {quoted(name)} is ambiguous; did you mean one of: {names}?")
    import difflib

    names_by_key = {key: member["name"] for key, member in by_name.items()}
    close = difflib.get_close_matches(wanted, list(names_by_key), n=3, cutoff=0.7)
    hint = f"; did you mean {' or '.join(names_by_key[key] for key in close)}?" if close else ""
    known = ", ".join(member["name"] for member in dataset["members"])
    raise NotFoundError(f"no member named {quoted(name)}{hint} (members: {known})")


def member(dataset: Dataset, name: str) -> Records:
    found = find_member(dataset, name)
    return Records(
        title=found["name"],
        fields=MEMBER_FIELDS,
        rows=[_member_row(found)],
        layout="card",
        caption=_heading_caption(dataset["source"]["provenance"]["members"]),
    )


def security(dataset: Dataset, *, aspect: str | None = None, compare: bool = False) -> Records:
    rows: list[Row] = [
        _fields(item, SECURITY_FIELDS)
        for item in dataset["security"]
        if aspect is None or _contains(item["aspect"], aspect)
    ]
    return Records(
        title="Security: before and after Azerbaijan's inclusion"
        if compare
        else "Security after Azerbaijan's inclusion",
        fields=SECURITY_FIELDS,
        default_fields=SECURITY_FIELDS if compare else ("aspect", "after"),
        rows=rows,
        change_marker=("before", "after"),
        caption=_heading_caption(dataset["source"]["provenance"]["security"]),
    )


def roadmap(dataset: Dataset, *, area: str | None = None) -> Records:
    rows: list[Row] = [
        {
            "area": item["area"],
            "action_items": item["action_items"],
            "expected_impact": item["expected_impact"],
            "target": derived_target(item["expected_impact"]),
        }
        for item in dataset["roadmap"]
        if area is None or _contains(item["area"], area)
    ]
    source = _heading_caption(dataset["source"]["provenance"]["roadmap"])
    return Records(
        title="Roadmap",
        fields=ROADMAP_FIELDS,
        rows=rows,
        caption="Target: derived by bloc from the expected impact (compound annual rate), "
        "not stated by the source." + (f"\n{source}" if source else ""),
    )


def benefits(dataset: Dataset, *, kind: BenefitKind | None = None) -> Records:
    rows: list[Row] = [
        {"kind": each.value, "benefit": text}
        for each in BenefitKind
        if kind is None or kind is each
        for text in named_lists(dataset["benefits"])[each.value]
    ]
    return Records(title="Anticipated benefits", fields=BENEFIT_FIELDS, rows=rows)


def about(dataset: Dataset) -> Records:
    """Every section of the dataset: its size, the command that shows it, where it came from."""
    provenance = headings(dataset["source"]["provenance"])
    benefits = dataset["benefits"]
    tables: list[tuple[str, int, str]] = [
        ("members", len(dataset["members"]), "bloc members"),
        ("security", len(dataset["security"]), "bloc security --compare"),
        ("roadmap", len(dataset["roadmap"]), "bloc roadmap"),
        ("membership_benefits", len(benefits["membership"]), "bloc benefits --kind membership"),
        ("economic_benefits", len(benefits["economic"]), "bloc benefits --kind economic"),
    ]
    rows: list[Row] = [
        {
            "section": section,
            "count": count,
            "command": command,
            "heading": provenance[section],
            "items": None,
        }
        for section, count, command in tables
    ]
    for section, items in named_lists(dataset["context"]).items():
        rows.append(
            {
                "section": section,
                "count": len(items),
                "command": "bloc about",
                "heading": provenance[section],
                "items": items,
            }
        )
    source = dataset["source"]
    reported = source["reported_by"]
    return Records(
        title=f"{source['title']} (reported by {reported or 'an outlet not stated'})",
        fields=ABOUT_FIELDS,
        rows=rows,
        caption="Source details: bloc about --source",
        null_text="-",
    )


def source(dataset: Dataset) -> Records:
    return Records(
        title="Source",
        fields=SOURCE_FIELDS,
        rows=[_fields(dataset["source"], SOURCE_FIELDS)],
        layout="card",
    )


def search(dataset: Dataset, text: str) -> Records:
    """Every string in the dataset that contains `text`, case-insensitively."""
    if not text.strip():
        raise UsageError("search: the search text is empty")
    needle = text.casefold()
    rows = [
        {"section": section, "record": record, "field": field, "value": value}
        for section, record, field, value in _every_value(dataset)
        if needle in value.casefold()
    ]
    if not rows:
        raise NotFoundError(f"no match for {quoted(text)}")
    return Records(
        title=f"Matches for {quoted(text)}", fields=SEARCH_FIELDS, rows=rows, highlight=text
    )


def _every_value(dataset: Dataset) -> Iterator[tuple[str, str, str, str]]:
    """(section, record, field, value) for every searchable value, numbers as text."""
    for member in dataset["members"]:
        name = member["name"]
        yield "members", name, "name", name
        if member["year_joined"] is not None:
            yield "members", name, "year_joined", str(member["year_joined"])
        for item in member["contributions"] or ():
            yield "members", name, "contributions", item
    for aspect in dataset["security"]:
        for field, value in _fields(aspect, SECURITY_FIELDS).items():
            if isinstance(value, str):
                yield "security", aspect["aspect"], field, value
    for area in dataset["roadmap"]:
        yield "roadmap", area["area"], "area", area["area"]
        for item in area["action_items"]:
            yield "roadmap", area["area"], "action_items", item
        if area["expected_impact"] is not None:
            yield "roadmap", area["area"], "expected_impact", area["expected_impact"]
    for kind, items in named_lists(dataset["benefits"]).items():
        for item in items:
            yield "benefits", kind, "benefit", item
    for name, items in named_lists(dataset["context"]).items():
        for item in items:
            yield "context", name, "item", item
    source = dataset["source"]
    for field, value in _fields(source, SOURCE_FIELDS).items():
        if isinstance(value, str):
            yield "source", "source", field, value
    for name, heading in headings(source["provenance"]).items():
        if heading is not None:
            yield "source", "provenance", name, heading


def _fields(record: Mapping[str, Any], names: Sequence[str]) -> dict[str, Value]:
    """The named fields of a dataset record, in that order."""
    return {name: record[name] for name in names}


def _heading_caption(heading: str | None) -> str | None:
    return f"Source section: {heading}" if heading else None
