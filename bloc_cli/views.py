"""Queries: from the dataset and a command's filters to Records. No formatting here."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from bloc_cli.errors import NoMatchError, NotFoundError, UsageError, quoted
from bloc_cli.model import SOURCE_FIELDS, Dataset, Member, headings, named_lists
from bloc_cli.records import CITATION_FIELDS, DERIVED_MARK, Records, Row, Value
from bloc_cli.targets import derived_target

MEMBER_FIELDS = ("name", "year_joined", "contributions", "newest")
MEMBER_STATED = ("name", "year_joined", "contributions")  # newest is derived
SECURITY_FIELDS = ("aspect", "before", "after")
ROADMAP_FIELDS = ("area", "action_items", "expected_impact", "target")
BENEFIT_FIELDS = ("kind", "benefit")
CONTEXT_FIELDS = ("list", "item")
ABOUT_FIELDS = ("section", "count", "command", "heading")
SEARCH_FIELDS = ("section", "record", "field", "value")


# Sections whose records are named in the article (a member, an aspect, an area), unlike
# the lists of benefits and context, which bloc names itself.
_NAMED_SECTIONS = ("members", "security", "roadmap")


class MemberSort(str, enum.Enum):
    NAME = "name"
    YEAR = "year"


class BenefitKind(str, enum.Enum):
    MEMBERSHIP = "membership"
    ECONOMIC = "economic"


class ContextList(str, enum.Enum):
    """The context lists, named as in the dataset (and in `bloc sql`'s context table)."""

    STATED_AIMS = "stated_aims"
    SHARED_CHALLENGES = "shared_challenges"
    SECURITY_THREATS = "security_threats"
    JOINT_VENTURE_SECTORS = "joint_venture_sectors"
    STRATEGIC_RECOMMENDATIONS = "strategic_recommendations"


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

    filtered = contribution is not None or since is not None or until is not None
    chosen = [member for member in dataset["members"] if not filtered or wanted(member)]
    if sort is MemberSort.NAME:
        chosen.sort(key=lambda member: member["name"].casefold())
    elif sort is MemberSort.YEAR:
        # Unknown years sort last; ties keep the article's order.
        chosen.sort(key=lambda member: (member["year_joined"] is None, member["year_joined"] or 0))
    return Records(
        title="Members of the bloc",
        fields=(*MEMBER_FIELDS, *CITATION_FIELDS),
        default_fields=MEMBER_FIELDS,
        stated_fields=MEMBER_STATED,
        cites="members",
        # The members' own records, not copies (a Row is a read-only Mapping): at a
        # million members, a copy of each took 0.4 s, a sixth of the run.
        rows=cast("list[Row]", chosen),
        noun=("member", "members"),
        total=len(dataset["members"]),
        source_line=_source_line(dataset, ["members"]),
        empty_message=_no_match(
            "members", ("--contribution", contribution), ("--since", since), ("--until", until)
        ),
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
    """One member as a card, with the lines of the article that name it."""
    found = find_member(dataset, name)
    text = dataset["source"].get("text")
    if text:
        from bloc_cli.citations import Article, mentions

        lines: list[int] | None = mentions(Article(text), found["name"])
    else:
        lines = None
    return Records(
        title=found["name"],
        fields=(*MEMBER_FIELDS, "mentions", *CITATION_FIELDS),
        default_fields=(*MEMBER_FIELDS, "mentions"),
        stated_fields=MEMBER_STATED,
        cites="members",
        rows=[{**_member_row(found), "mentions": lines}],
        layout="card",
        single=True,
        noun=("member", "members"),
        source_line=_source_line(dataset, ["members"]),
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
        fields=(*SECURITY_FIELDS, *CITATION_FIELDS),
        default_fields=SECURITY_FIELDS if compare else ("aspect", "after"),
        stated_fields=SECURITY_FIELDS,
        cites="security",
        rows=rows,
        noun=("aspect", "aspects"),
        total=len(dataset["security"]),
        source_line=_source_line(dataset, ["security"]),
        empty_message=_no_match("aspects", ("--aspect", aspect)),
        change_marker=("before", "after"),
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
    return Records(
        title="Roadmap",
        fields=(*ROADMAP_FIELDS, *CITATION_FIELDS),
        default_fields=ROADMAP_FIELDS,
        stated_fields=("area", "action_items", "expected_impact"),
        cites="roadmap",
        rows=rows,
        noun=("priority area", "priority areas"),
        total=len(dataset["roadmap"]),
        source_line=_source_line(dataset, ["roadmap"]),
        derived=frozenset({"target"}),
        note=f"{DERIVED_MARK} Target: derived by bloc from the expected impact "
        "(compound annual rate), not stated by the source.",
        empty_message=_no_match("priority areas", ("--area", area)),
        not_applicable=frozenset({"target"}),
    )


def benefits(dataset: Dataset, *, kind: BenefitKind | None = None) -> Records:
    kinds = [each for each in BenefitKind if kind is None or kind is each]
    lists = named_lists(dataset["benefits"])
    return Records(
        title="Anticipated benefits",
        fields=(*BENEFIT_FIELDS, *CITATION_FIELDS),
        default_fields=BENEFIT_FIELDS,
        stated_fields=("benefit",),
        cites="benefits",
        rows=[
            {"kind": each.value, "benefit": text} for each in kinds for text in lists[each.value]
        ],
        noun=("benefit", "benefits"),
        total=sum(len(items) for items in lists.values()),
        source_line=_source_line(dataset, [f"{each.value}_benefits" for each in kinds]),
    )


def context(dataset: Dataset, *, name: ContextList | None = None) -> Records:
    """The context lists (stated aims, challenges, threats, sectors, recommendations)."""
    chosen = [each for each in ContextList if name is None or name is each]
    lists = named_lists(dataset["context"])
    return Records(
        title="Context",
        fields=(*CONTEXT_FIELDS, *CITATION_FIELDS),
        default_fields=CONTEXT_FIELDS,
        stated_fields=("item",),
        cites="context",
        rows=[{"list": each.value, "item": item} for each in chosen for item in lists[each.value]],
        noun=("item", "items"),
        total=sum(len(items) for items in lists.values()),
        source_line=_source_line(dataset, [each.value for each in chosen]),
        word_fields=frozenset({"list"}),
    )


def about(dataset: Dataset) -> Records:
    """An overview: each section, its size, the command that shows it, its article heading."""
    provenance = headings(dataset["source"]["provenance"])
    benefits = named_lists(dataset["benefits"])
    sections: list[tuple[str, int, str]] = [
        ("members", len(dataset["members"]), "bloc members"),
        ("security", len(dataset["security"]), "bloc security --compare"),
        ("roadmap", len(dataset["roadmap"]), "bloc roadmap"),
        *(
            (
                f"{kind.value}_benefits",
                len(benefits[kind.value]),
                f"bloc benefits --kind {kind.value}",
            )
            for kind in BenefitKind
        ),
        *(
            (name, len(items), f"bloc context --list {name}")
            for name, items in named_lists(dataset["context"]).items()
        ),
    ]
    source = dataset["source"]
    reported = source["reported_by"]
    return Records(
        title=f"{source['title']} (reported by {reported or 'an outlet not stated'})",
        fields=ABOUT_FIELDS,
        default_fields=("section", "count", "command"),
        rows=[
            {"section": section, "count": count, "command": command, "heading": provenance[section]}
            for section, count, command in sections
        ],
        noun=("section", "sections"),
        note="The source itself: bloc about --source. Article headings: --fields section,heading",
        not_applicable=frozenset({"heading"}),
        word_fields=frozenset({"section"}),
        typed_fields=frozenset({"command"}),
    )


def source(dataset: Dataset) -> Records:
    return Records(
        title="Source",
        fields=SOURCE_FIELDS,
        rows=[_fields(dataset["source"], SOURCE_FIELDS)],
        layout="card",
        single=True,
    )


def search(dataset: Dataset, text: str) -> Records:
    """Every string in the dataset, and every line of the article, that contains `text`,
    in any case; a typed ' or " also matches the typeset ’ ‘ or “ ”."""
    if not text.strip():
        raise UsageError("search: the search text is empty")
    needle = folded(text)
    rows: list[Row] = [
        {"section": section, "record": record, "field": field, "value": value}
        for section, record, field, value in every_value(dataset)
        if needle in folded(value)
    ]
    article = dataset["source"].get("text") or ""
    rows.extend(
        {"section": "article", "record": f"line {number}", "field": "text", "value": line}
        for number, line in enumerate(article.split("\n"), 1)
        if needle in folded(line)
    )
    if not rows:
        raise NoMatchError(f"no match for {quoted(text)}")
    return Records(
        title=f"Matches for {quoted(text)}",
        fields=(*SEARCH_FIELDS, *CITATION_FIELDS),
        default_fields=SEARCH_FIELDS,
        stated_fields=("value",),
        cites="search",
        rows=rows,
        noun=("match", "matches"),
        source_line=_source_line(dataset, [_section_of(row) for row in rows]),
        word_fields=frozenset({"section", "field"}),
        typed_fields=frozenset({"record"}),
        highlight=text,
    )


# Typeset quotes read as the typed ones, so that `Azerbaijan's` finds `Azerbaijan’s`.
_TYPED_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def folded(text: str) -> str:
    """`text` as search compares it: case folded, typeset quotes as typed ones."""
    return text.translate(_TYPED_QUOTES).casefold()


def every_value(dataset: Dataset) -> Iterator[tuple[str, str, str, str]]:
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


def _source_line(dataset: Dataset, sections: Iterable[str | None]) -> str:
    """What a terminal's "Source:" line says: the outlet, and the article's part that each
    of `sections` (provenance names) comes from: `Euronews.com, section "…"`."""
    source = dataset["source"]
    provenance = headings(source["provenance"])
    parts = [
        "opening paragraph" if provenance[section] is None else f'section "{provenance[section]}"'
        for section in dict.fromkeys(sections)
        if section in provenance
    ]
    outlet = source["reported_by"] or f'"{source["title"]}"'
    return f"{outlet}, {'; '.join(dict.fromkeys(parts))}" if parts else outlet


def _section_of(row: Row) -> str | None:
    """The provenance key of a search match: a list's own name for benefits and context;
    None for the source and the article's own lines."""
    section, record = str(row["section"]), str(row["record"])
    if section == "benefits":
        return f"{record}_benefits"
    if section == "context":
        return record
    return section if section in _NAMED_SECTIONS else None


def _no_match(noun: str, *filters: tuple[str, object]) -> str:
    """`No members match --since 2030.`: what a terminal says for an empty result."""
    given = " ".join(f"{option} {value}" for option, value in filters if value is not None)
    return f"No {noun} match {given}." if given else f"No {noun}."
