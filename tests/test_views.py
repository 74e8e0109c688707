"""In-process tests of the queries (bloc_cli.views): filters, sorting, lookup, search.

Fast (no subprocess): these are the tests mutation testing runs (see docs/development.md).
Expected rows are the article's facts written out by hand (as data/bloc.json holds them),
or a small dataset written here; never bloc's own output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest

from bloc_cli import views
from bloc_cli.errors import NotFoundError, UsageError
from bloc_cli.model import Dataset
from bloc_cli.records import Records, Row
from bloc_cli.views import BenefitKind, ContextList, MemberSort

from conftest import ARTICLE_SOURCE, bloc, fake_streams
from conftest import made as conftest_made

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "bloc.json"
LINES: list[str] = json.loads(BUNDLED.read_text(encoding="utf-8"))["source"]["text"].split("\n")

MEMBERS_HEADING = "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics"
SECURITY_HEADING = (
    "Economic and Security Implications of Azerbaijan’s Inclusion in Central Asian Bloc"
)
ROADMAP_HEADING = (
    "Strategic Recommendations for Enhancing Cooperation Among Central Asian Nations and Azerbaijan"
)

KAZAKHSTAN = {
    "name": "Kazakhstan",
    "year_joined": 1992,
    "contributions": ["Energy", "Manufacturing"],
    "newest": False,
}
UZBEKISTAN = {
    "name": "Uzbekistan",
    "year_joined": 1993,
    "contributions": ["Textiles", "Agriculture"],
    "newest": False,
}
TURKMENISTAN = {"name": "Turkmenistan", "year_joined": None, "contributions": None, "newest": False}
KYRGYZSTAN = {"name": "Kyrgyzstan", "year_joined": None, "contributions": None, "newest": False}
TAJIKISTAN = {"name": "Tajikistan", "year_joined": None, "contributions": None, "newest": False}
AZERBAIJAN = {
    "name": "Azerbaijan",
    "year_joined": 2024,
    "contributions": ["Energy", "Trade Routes"],
    "newest": True,
}
ARTICLE_ORDER = [KAZAKHSTAN, UZBEKISTAN, TURKMENISTAN, KYRGYZSTAN, TAJIKISTAN, AZERBAIJAN]

SECURITY_ROWS = [
    {
        "aspect": "Joint Counterterrorism Operations",
        "before": "Limited Scope",
        "after": "Expanded Regional Reach",
    },
    {
        "aspect": "Intelligence Sharing Efficiency",
        "before": "Moderate",
        "after": "Significantly Improved",
    },
    {
        "aspect": "Border Security Coordination",
        "before": "Fragmented",
        "after": "Centralized & Streamlined",
    },
    {
        "aspect": "Defense Infrastructure Investments",
        "before": "Steady",
        "after": "Increased with New Funding",
    },
]

TRADE = {
    "area": "Trade & Infrastructure",
    "action_items": ["Develop transnational transport hubs", "digitize customs"],
    "expected_impact": "Boost regional trade by 25% over 5 years",
    # 1.25 ** (1 / 5) = 1.045639...
    "target": {"change_pct": 25, "years": 5, "annual_pct": 4.56},
}
ENERGY = {
    "area": "Energy Cooperation",
    "action_items": ["Joint renewable energy projects", "share resources"],
    "expected_impact": "Enhance energy security, reduce dependency",
    "target": None,
}
CULTURE = {
    "area": "Cultural & Educational Exchange",
    "action_items": ["Multilingual platforms", "student mobility programs"],
    "expected_impact": "Strengthen social cohesion and mutual trust",
    "target": None,
}
TARGET_NOTE = (
    "* Target: derived by bloc from the expected impact (compound annual rate), "
    "not stated by the source."
)

MEMBERSHIP_BENEFITS = [
    "Enhanced energy partnerships leveraging Azerbaijan’s rich oil and gas reserves.",
    "Improved transportation corridors facilitating smoother trade flows between East and West.",
    "Strengthened diplomatic ties promoting peace and cooperation in a historically complex "
    "region.",
]
ECONOMIC_BENEFITS = [
    "Expansion of the Trans-Caspian International Transport Route",
    "Increased investments in cross-border energy pipelines",
    "Collaborative development of digital economies and innovation hubs",
    "Promotion of tourism and cultural exchange initiatives",
]


@pytest.fixture(scope="module")
def article() -> Dataset:
    dataset: Dataset = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return dataset


def rows(records: Records) -> list[Row]:
    return list(records.rows)


def shown(records: Records) -> list[Row]:
    """The rows as any format shows them: their fields only (search rows also carry what
    --cite looks up, which is never shown)."""
    return [{field: row[field] for field in records.fields if field in row} for row in records.rows]


def names(records: Records) -> list[str]:
    return [str(row["name"]) for row in records.rows]


def made(**sections: Any) -> Dataset:
    """A small dataset: empty sections unless given."""
    return cast(Dataset, conftest_made(**sections))


def member(name: str, year: int | None = None, newest: bool = False) -> dict[str, Any]:
    return {"name": name, "year_joined": year, "contributions": None, "newest": newest}


# --- members -----------------------------------------------------------------------


def test_members_lists_every_member_in_the_article_order(article: Dataset) -> None:
    records = views.members(article)
    assert rows(records) == ARTICLE_ORDER
    assert records.title == "Members of the bloc"
    assert records.fields == ("name", "year_joined", "contributions", "newest", "line", "quote")
    assert records.default_fields == ("name", "year_joined", "contributions", "newest")
    assert records.stated_fields == ("name", "year_joined", "contributions")  # newest: derived
    assert records.layout == "rows"
    assert records.change_marker is None
    assert records.noun == ("member", "members")
    assert records.total == 6
    assert records.source_line == f'Euronews.com, section "{MEMBERS_HEADING}"'
    assert records.note is None
    assert records.empty_message == "No members."
    assert records.null_text is None
    assert records.not_applicable == frozenset()
    assert records.word_fields == frozenset()
    assert records.highlight is None


@pytest.mark.parametrize(
    ("contribution", "expected"),
    [
        ("energy", [KAZAKHSTAN, AZERBAIJAN]),
        ("ENERGY", [KAZAKHSTAN, AZERBAIJAN]),
        ("routes", [AZERBAIJAN]),
        ("tex", [UZBEKISTAN]),
        ("cotton", []),
    ],
)
def test_contribution_filter_matches_part_of_a_contribution_in_any_case(
    article: Dataset, contribution: str, expected: list[dict[str, Any]]
) -> None:
    assert rows(views.members(article, contribution=contribution)) == expected


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (1993, None, [UZBEKISTAN, AZERBAIJAN]),
        (1992, None, [KAZAKHSTAN, UZBEKISTAN, AZERBAIJAN]),
        (2025, None, []),
        (None, 1993, [KAZAKHSTAN, UZBEKISTAN]),
        (None, 1992, [KAZAKHSTAN]),
        (None, 1991, []),
        (1993, 1993, [UZBEKISTAN]),
        (1993, 2024, [UZBEKISTAN, AZERBAIJAN]),
    ],
)
def test_year_filters_are_inclusive_and_leave_out_unknown_years(
    article: Dataset, since: int | None, until: int | None, expected: list[dict[str, Any]]
) -> None:
    assert rows(views.members(article, since=since, until=until)) == expected


def test_filters_combine(article: Dataset) -> None:
    assert rows(views.members(article, contribution="energy", since=1993)) == [AZERBAIJAN]
    assert rows(views.members(article, contribution="energy", until=2000)) == [KAZAKHSTAN]


def test_sort_by_name_is_alphabetical(article: Dataset) -> None:
    assert names(views.members(article, sort=MemberSort.NAME)) == [
        "Azerbaijan",
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
    ]


def test_sort_by_name_is_case_insensitive() -> None:
    dataset = made(members=[member("bravo"), member("Charlie"), member("alpha"), member("Bob")])
    assert names(views.members(dataset, sort=MemberSort.NAME)) == [
        "alpha",
        "Bob",
        "bravo",
        "Charlie",
    ]


def test_sort_by_year_puts_unknown_years_last_in_article_order(article: Dataset) -> None:
    assert rows(views.members(article, sort=MemberSort.YEAR)) == [
        KAZAKHSTAN,
        UZBEKISTAN,
        AZERBAIJAN,
        TURKMENISTAN,
        KYRGYZSTAN,
        TAJIKISTAN,
    ]


def test_sort_by_year_keeps_ties_in_article_order() -> None:
    dataset = made(
        members=[
            member("e", None),
            member("d", 2000),
            member("c", 1000),
            member("b", 2000),
            member("a", None),
        ]
    )
    assert names(views.members(dataset, sort=MemberSort.YEAR)) == ["c", "d", "b", "e", "a"]


def test_members_without_a_heading_come_from_the_opening_paragraph() -> None:
    # No outlet named: the source is the article's title.
    assert views.members(made()).source_line == '"T", opening paragraph'


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"since": 2030}, "No members match --since 2030."),
        ({"until": 1900}, "No members match --until 1900."),
        ({"contribution": "cotton"}, "No members match --contribution cotton."),
        (
            {"contribution": "x", "since": 1, "until": 2},
            "No members match --contribution x --since 1 --until 2.",
        ),
        ({"sort": MemberSort.NAME}, "No members."),
    ],
)
def test_members_say_which_filters_left_none(filters: dict[str, Any], message: str) -> None:
    records = views.members(made(members=[member("a", 2000)]), **filters)
    assert records.empty_message == message


def test_members_count_every_member_before_the_filter(article: Dataset) -> None:
    records = views.members(article, since=2000)
    assert rows(records) == [AZERBAIJAN]
    assert records.total == 6


# --- member ------------------------------------------------------------------------

PREFIXED = made(
    members=[member("Niger"), member("Nigeria"), member("chad"), member("Mali"), member("Malawi")]
)


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("Niger", "Niger"),
        ("niger", "Niger"),  # exact wins over the longer name it prefixes
        ("NIGER", "Niger"),
        ("  niger\t", "Niger"),
        ("nigeri", "Nigeria"),
        ("Nigeria", "Nigeria"),
        ("CHA", "chad"),  # a lower-case name, found by an upper-case prefix
        ("chad", "chad"),
        ("mali", "Mali"),
        ("mala", "Malawi"),
    ],
)
def test_member_is_found_by_exact_name_or_unique_prefix_in_any_case(asked: str, found: str) -> None:
    assert views.find_member(PREFIXED, asked)["name"] == found


def test_member_prefix_is_case_insensitive(article: Dataset) -> None:
    assert views.find_member(article, "AZER") == AZERBAIJAN
    assert views.find_member(article, "kaz") == KAZAKHSTAN


def test_ambiguous_member_prefix_names_the_candidates() -> None:
    with pytest.raises(NotFoundError) as raised:
        views.find_member(PREFIXED, "MA")
    assert str(raised.value) == "member 'MA' is ambiguous; did you mean one of: Mali, Malawi?"
    assert raised.value.exit_code == 1
    with pytest.raises(NotFoundError) as raised:
        views.find_member(PREFIXED, "nig")
    assert str(raised.value) == "member 'nig' is ambiguous; did you mean one of: Niger, Nigeria?"


def test_unknown_member_suggests_close_names() -> None:
    with pytest.raises(NotFoundError) as raised:
        views.find_member(PREFIXED, "Nigr")
    assert str(raised.value) == (
        "no member named 'Nigr'; did you mean Niger or Nigeria? "
        "(members: Niger, Nigeria, chad, Mali, Malawi)"
    )
    with pytest.raises(NotFoundError) as raised:
        views.find_member(PREFIXED, "chadd")
    assert str(raised.value) == (
        "no member named 'chadd'; did you mean chad? (members: Niger, Nigeria, chad, Mali, Malawi)"
    )


def test_unknown_member_suggests_at_most_three_close_names() -> None:
    dataset = made(members=[member("Nigel"), member("Niger"), member("Niget"), member("Nigeb")])
    with pytest.raises(NotFoundError) as raised:
        views.find_member(dataset, "nigex")
    assert str(raised.value) == (
        "no member named 'nigex'; did you mean Niget or Niger or Nigel? "
        "(members: Nigel, Niger, Niget, Nigeb)"
    )


def test_unknown_member_without_a_close_name_lists_the_members() -> None:
    # "nigxx" shares only "nig" with Niger: not close enough to suggest.
    with pytest.raises(NotFoundError) as raised:
        views.find_member(PREFIXED, "nigxx")
    assert str(raised.value) == (
        "no member named 'nigxx' (members: Niger, Nigeria, chad, Mali, Malawi)"
    )
    with pytest.raises(NotFoundError) as raised:
        views.find_member(PREFIXED, "atlantis")
    assert str(raised.value) == (
        "no member named 'atlantis' (members: Niger, Nigeria, chad, Mali, Malawi)"
    )


@pytest.mark.parametrize("asked", ["", "   ", "\t"])
def test_empty_member_name_is_a_usage_error(asked: str) -> None:
    with pytest.raises(UsageError) as raised:
        views.find_member(PREFIXED, asked)
    assert str(raised.value) == "member: the name is empty"


def test_member_shows_one_member_as_a_card(article: Dataset) -> None:
    records = views.member(article, "azer")
    # The lines whose words name Azerbaijan, read off `bloc article -n` (headings too;
    # "Azerbaijani" on line 1 is another word, and line 1 names Azerbaijan anyway).
    mentions = [1, 2, 3, 4, 5, 12, 13, 14, 19, 26, 27, 35]
    assert rows(records) == [{**AZERBAIJAN, "mentions": mentions}]
    assert records.title == "Azerbaijan"
    assert records.layout == "card"
    assert records.fields == (
        "name",
        "year_joined",
        "contributions",
        "newest",
        "mentions",
        "line",
        "quote",
    )
    assert records.default_fields == ("name", "year_joined", "contributions", "newest", "mentions")
    assert records.stated_fields == ("name", "year_joined", "contributions")
    assert records.noun == ("member", "members")
    assert records.source_line == f'Euronews.com, section "{MEMBERS_HEADING}"'


# --- security ----------------------------------------------------------------------


def test_security_shows_each_aspect_after_inclusion(article: Dataset) -> None:
    records = views.security(article)
    assert rows(records) == SECURITY_ROWS
    assert records.title == "Security after Azerbaijan's inclusion"
    assert records.fields == ("aspect", "before", "after", "line", "quote")
    assert records.default_fields == ("aspect", "after")
    assert records.chosen_fields(None) == ["aspect", "after"]
    assert records.stated_fields == ("aspect", "before", "after")
    assert records.change_marker == ("before", "after")
    assert records.noun == ("aspect", "aspects")
    assert records.total == 4
    assert records.source_line == f'Euronews.com, section "{SECURITY_HEADING}"'
    assert records.empty_message == "No aspects."
    assert views.security(article, aspect="zz").empty_message == "No aspects match --aspect zz."


def test_security_compare_shows_before_and_after(article: Dataset) -> None:
    records = views.security(article, compare=True)
    assert rows(records) == SECURITY_ROWS
    assert records.title == "Security: before and after Azerbaijan's inclusion"
    assert records.chosen_fields(None) == ["aspect", "before", "after"]
    assert records.change_marker == ("before", "after")


@pytest.mark.parametrize(
    ("aspect", "expected"),
    [
        ("SECURITY", [SECURITY_ROWS[2]]),
        ("intel", [SECURITY_ROWS[1]]),
        ("in", SECURITY_ROWS),
        ("moderate", []),  # only the aspect is matched
    ],
)
def test_security_aspect_filter_matches_part_of_the_aspect_in_any_case(
    article: Dataset, aspect: str, expected: list[dict[str, Any]]
) -> None:
    assert rows(views.security(article, aspect=aspect, compare=True)) == expected


# --- roadmap -----------------------------------------------------------------------


def test_roadmap_lists_every_area_with_its_derived_target(article: Dataset) -> None:
    records = views.roadmap(article)
    assert rows(records) == [TRADE, ENERGY, CULTURE]
    assert records.title == "Roadmap"
    assert records.fields == ("area", "action_items", "expected_impact", "target", "line", "quote")
    assert records.default_fields == ("area", "action_items", "expected_impact", "target")
    assert records.stated_fields == ("area", "action_items", "expected_impact")  # not target
    assert records.note == TARGET_NOTE
    assert records.source_line == f'Euronews.com, section "{ROADMAP_HEADING}"'
    assert records.derived == frozenset({"target"})
    assert records.noun == ("priority area", "priority areas")
    assert records.total == 3
    assert records.not_applicable == frozenset({"target"})
    assert records.empty_message == "No priority areas."
    assert views.roadmap(article, area="zz").empty_message == ("No priority areas match --area zz.")


@pytest.mark.parametrize(
    ("area", "expected"),
    [("ENERGY", [ENERGY]), ("&", [TRADE, CULTURE]), ("exchange", [CULTURE]), ("zz", [])],
)
def test_roadmap_area_filter_matches_part_of_the_area_in_any_case(
    article: Dataset, area: str, expected: list[dict[str, Any]]
) -> None:
    assert rows(views.roadmap(article, area=area)) == expected


def test_roadmap_without_a_heading_has_only_the_target_note() -> None:
    dataset = made(
        roadmap=[{"area": "a", "action_items": [], "expected_impact": "by 10% over 1 year"}]
    )
    records = views.roadmap(dataset)
    assert rows(records) == [
        {
            "area": "a",
            "action_items": [],
            "expected_impact": "by 10% over 1 year",
            "target": {"change_pct": 10, "years": 1, "annual_pct": 10.0},
        }
    ]
    assert records.note == TARGET_NOTE
    assert records.source_line == '"T", opening paragraph'


# --- benefits ----------------------------------------------------------------------


def test_benefits_lists_membership_then_economic(article: Dataset) -> None:
    records = views.benefits(article)
    assert rows(records) == [
        *({"kind": "membership", "benefit": text} for text in MEMBERSHIP_BENEFITS),
        *({"kind": "economic", "benefit": text} for text in ECONOMIC_BENEFITS),
    ]
    assert records.title == "Anticipated benefits"
    assert records.fields == ("kind", "benefit", "line", "quote")
    assert records.default_fields == ("kind", "benefit")
    assert records.stated_fields == ("benefit",)
    assert records.noun == ("benefit", "benefits")
    assert records.total == 7
    # membership benefits are under the members heading, economic under the security one
    assert records.source_line == (
        f'Euronews.com, section "{MEMBERS_HEADING}"; section "{SECURITY_HEADING}"'
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (BenefitKind.MEMBERSHIP, [("membership", text) for text in MEMBERSHIP_BENEFITS]),
        (BenefitKind.ECONOMIC, [("economic", text) for text in ECONOMIC_BENEFITS]),
    ],
)
def test_benefits_of_one_kind(
    article: Dataset, kind: BenefitKind, expected: list[tuple[str, str]]
) -> None:
    records = views.benefits(article, kind=kind)
    assert rows(records) == [{"kind": each, "benefit": text} for each, text in expected]
    assert records.total == 7
    heading = MEMBERS_HEADING if kind is BenefitKind.MEMBERSHIP else SECURITY_HEADING
    assert records.source_line == f'Euronews.com, section "{heading}"'


def test_benefits_under_one_heading_name_it_once() -> None:
    dataset = made(benefits={"membership": ["m"], "economic": ["e"]})
    dataset["source"]["provenance"]["membership_benefits"] = "H"
    dataset["source"]["provenance"]["economic_benefits"] = "H"
    assert views.benefits(dataset).source_line == '"T", section "H"'
    dataset["source"]["provenance"]["membership_benefits"] = None
    assert views.benefits(dataset).source_line == '"T", opening paragraph; section "H"'
    assert views.benefits(dataset, kind=BenefitKind.MEMBERSHIP).source_line == (
        '"T", opening paragraph'
    )


# --- about and source --------------------------------------------------------------


def test_about_counts_every_section_and_names_its_heading(article: Dataset) -> None:
    records = views.about(article)
    counted = {str(row["section"]): (row["count"], row["heading"]) for row in records.rows}
    assert counted == {
        "members": (6, MEMBERS_HEADING),
        "security": (4, SECURITY_HEADING),
        "roadmap": (3, ROADMAP_HEADING),
        "membership_benefits": (3, MEMBERS_HEADING),
        "economic_benefits": (4, SECURITY_HEADING),
        "stated_aims": (3, None),
        "shared_challenges": (3, MEMBERS_HEADING),
        "security_threats": (3, SECURITY_HEADING),
        "joint_venture_sectors": (3, SECURITY_HEADING),
        "strategic_recommendations": (4, ROADMAP_HEADING),
    }


def test_about_shows_a_missing_heading_as_not_applying(article: Dataset) -> None:
    records = views.about(article)
    assert records.not_applicable == frozenset({"heading"})
    assert records.null_text is None
    assert records.word_fields == frozenset({"section"})


def test_about_is_an_overview_with_the_command_of_each_section(article: Dataset) -> None:
    records = views.about(article)
    assert records.fields == ("section", "count", "command", "heading")
    assert records.default_fields == ("section", "count", "command")
    assert records.noun == ("section", "sections")
    assert records.note == (
        "The source itself: bloc about --source. Article headings: --fields section,heading"
    )
    assert [(row["section"], row["command"]) for row in records.rows] == [
        ("members", "bloc members"),
        ("security", "bloc security --compare"),
        ("roadmap", "bloc roadmap"),
        ("membership_benefits", "bloc benefits --kind membership"),
        ("economic_benefits", "bloc benefits --kind economic"),
        ("stated_aims", "bloc context --list stated_aims"),
        ("shared_challenges", "bloc context --list shared_challenges"),
        ("security_threats", "bloc context --list security_threats"),
        ("joint_venture_sectors", "bloc context --list joint_venture_sectors"),
        ("strategic_recommendations", "bloc context --list strategic_recommendations"),
    ]


def test_about_says_when_the_outlet_is_not_stated() -> None:
    assert views.about(made()).title == "T (reported by an outlet not stated)"


# --- context -----------------------------------------------------------------------

STATED_AIMS = [
    "strengthening economic ties",
    "enhancing security cooperation",
    "fostering cultural exchange across the broader Eurasian landscape",
]
SECURITY_THREATS = ["drug trafficking", "terrorism", "cyber threats"]


def test_context_lists_every_item_one_per_row(article: Dataset) -> None:
    records = views.context(article)
    found = rows(records)
    assert len(found) == 16
    assert found[:3] == [{"list": "stated_aims", "item": text} for text in STATED_AIMS]
    assert found[6:9] == [{"list": "security_threats", "item": text} for text in SECURITY_THREATS]
    assert found[-1] == {
        "list": "strategic_recommendations",
        "item": "A clear roadmap with measurable milestones",
    }
    assert [row["list"] for row in found] == [
        *["stated_aims"] * 3,
        *["shared_challenges"] * 3,
        *["security_threats"] * 3,
        *["joint_venture_sectors"] * 3,
        *["strategic_recommendations"] * 4,
    ]
    assert records.title == "Context"
    assert records.fields == ("list", "item", "line", "quote")
    assert records.default_fields == ("list", "item")
    assert records.stated_fields == ("item",)
    assert records.noun == ("item", "items")
    assert records.total == 16
    assert records.word_fields == frozenset({"list"})
    # stated_aims is from the opening paragraph; the others' headings, each once, in order
    assert records.source_line == (
        f'Euronews.com, opening paragraph; section "{MEMBERS_HEADING}"; '
        f'section "{SECURITY_HEADING}"; section "{ROADMAP_HEADING}"'
    )


def test_context_of_one_list(article: Dataset) -> None:
    records = views.context(article, name=ContextList.SECURITY_THREATS)
    assert rows(records) == [
        {"list": "security_threats", "item": text} for text in SECURITY_THREATS
    ]
    assert records.total == 16
    assert records.source_line == f'Euronews.com, section "{SECURITY_HEADING}"'
    assert views.context(article, name=ContextList.STATED_AIMS).source_line == (
        "Euronews.com, opening paragraph"
    )


def test_context_lists_are_named_as_in_the_dataset() -> None:
    assert [each.value for each in ContextList] == [
        "stated_aims",
        "shared_challenges",
        "security_threats",
        "joint_venture_sectors",
        "strategic_recommendations",
    ]


def test_about_names_the_article_and_its_outlet(article: Dataset) -> None:
    title = views.about(article).title
    assert "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics" in title
    assert "Euronews.com" in title


def test_about_source_shows_every_field_of_the_source(article: Dataset) -> None:
    records = views.source(article)
    assert rows(records) == [ARTICLE_SOURCE]
    assert records.fields == ("title", "reported_by", "page_url", "image_caption", "image_url")
    assert records.layout == "card"


# --- search ------------------------------------------------------------------------

EVERYWHERE = made(
    source={
        "title": "needle title",
        "reported_by": "Needle outlet",
        "page_url": None,
        "image_caption": "caption NEEDLE",
        "image_url": "hay",
        "provenance": {
            "members": "needle members heading",
            "security": None,
            "roadmap": "hay",
            "membership_benefits": None,
            "economic_benefits": None,
            "stated_aims": None,
            "shared_challenges": None,
            "security_threats": None,
            "joint_venture_sectors": "needle sectors heading",
            "strategic_recommendations": None,
        },
    },
    members=[
        {
            "name": "needleland",
            "year_joined": 1992,
            "contributions": ["Needles", "hay"],
            "newest": False,
        },
        {"name": "hay", "year_joined": None, "contributions": None, "newest": True},
        {"name": "Other", "year_joined": 2000, "contributions": ["a needle"], "newest": False},
    ],
    security=[
        {"aspect": "needle aspect", "before": "hay", "after": None},
        {"aspect": "hay", "before": "needle before", "after": "needle after"},
    ],
    roadmap=[
        {"area": "Needle area", "action_items": ["hay"], "expected_impact": None},
        {"area": "hay", "action_items": ["x", "needle action"], "expected_impact": "needle up"},
    ],
    benefits={"membership": ["hay", "needle m"], "economic": ["needle e"]},
    context={
        "stated_aims": ["needle aim"],
        "shared_challenges": ["hay"],
        "security_threats": [],
        "joint_venture_sectors": ["hay", "needle sector"],
        "strategic_recommendations": ["needle rec"],
    },
)


def test_search_covers_every_section_and_field_in_dataset_order() -> None:
    records = views.search(EVERYWHERE, "NeEdLe")
    assert shown(records) == [
        {"section": "members", "record": "needleland", "field": "name", "value": "needleland"},
        {"section": "members", "record": "needleland", "field": "contributions",
         "value": "Needles"},
        {"section": "members", "record": "Other", "field": "contributions", "value": "a needle"},
        {"section": "security", "record": "needle aspect", "field": "aspect",
         "value": "needle aspect"},
        {"section": "security", "record": "hay", "field": "before", "value": "needle before"},
        {"section": "security", "record": "hay", "field": "after", "value": "needle after"},
        {"section": "roadmap", "record": "Needle area", "field": "area", "value": "Needle area"},
        {"section": "roadmap", "record": "hay", "field": "action_items",
         "value": "needle action"},
        {"section": "roadmap", "record": "hay", "field": "expected_impact",
         "value": "needle up"},
        {"section": "benefits", "record": "membership", "field": "benefit", "value": "needle m"},
        {"section": "benefits", "record": "economic", "field": "benefit", "value": "needle e"},
        {"section": "context", "record": "stated_aims", "field": "item", "value": "needle aim"},
        {"section": "context", "record": "joint_venture_sectors", "field": "item",
         "value": "needle sector"},
        {"section": "context", "record": "strategic_recommendations", "field": "item",
         "value": "needle rec"},
        {"section": "source", "record": "source", "field": "title", "value": "needle title"},
        {"section": "source", "record": "source", "field": "reported_by",
         "value": "Needle outlet"},
        {"section": "source", "record": "source", "field": "image_caption",
         "value": "caption NEEDLE"},
        {"section": "source", "record": "provenance", "field": "members",
         "value": "needle members heading"},
        {"section": "source", "record": "provenance", "field": "joint_venture_sectors",
         "value": "needle sectors heading"},
    ]  # fmt: skip
    assert records.title == "Matches for 'NeEdLe'"
    assert records.fields == ("section", "record", "field", "value", "line", "quote")
    assert records.default_fields == ("section", "record", "field", "value")
    assert records.stated_fields == ("value",)
    assert records.cites == "search"
    assert records.noun == ("match", "matches")
    assert records.word_fields == frozenset({"section", "field"})
    assert records.highlight == "NeEdLe"
    # The parts of the article the sections matched come from, each once, in order:
    # members, security (the opening paragraph: no heading), roadmap ("hay"), the lists,
    # joint_venture_sectors; the source's own fields come from no part.
    assert records.source_line == (
        'Needle outlet, section "needle members heading"; opening paragraph; section "hay"; '
        'section "needle sectors heading"'
    )


def test_search_finds_a_year_as_text() -> None:
    assert shown(views.search(EVERYWHERE, "199")) == [
        {"section": "members", "record": "needleland", "field": "year_joined", "value": "1992"}
    ]


def test_search_finds_every_value_that_holds_the_text() -> None:
    found = shown(views.search(EVERYWHERE, "hay"))
    assert [(row["section"], row["record"], row["field"]) for row in found] == [
        ("members", "needleland", "contributions"),
        ("members", "hay", "name"),
        ("security", "needle aspect", "before"),
        ("security", "hay", "aspect"),
        ("roadmap", "Needle area", "action_items"),
        ("roadmap", "hay", "area"),
        ("benefits", "membership", "benefit"),
        ("context", "shared_challenges", "item"),
        ("context", "joint_venture_sectors", "item"),
        ("source", "source", "image_url"),
        ("source", "provenance", "roadmap"),
    ]


def test_search_in_the_article(article: Dataset) -> None:
    assert shown(views.search(article, "TERROR")) == [
        {
            "section": "security",
            "record": "Joint Counterterrorism Operations",
            "field": "aspect",
            "value": "Joint Counterterrorism Operations",
        },
        {"section": "context", "record": "shared_challenges", "field": "item",
         "value": "counterterrorism"},
        {"section": "context", "record": "security_threats", "field": "item",
         "value": "terrorism"},
        # The article's own lines: 3 (counterterrorism), 19 (terrorism) and the table row
        # of line 22.
        {"section": "article", "record": "line 3", "field": "text", "value": LINES[2]},
        {"section": "article", "record": "line 19", "field": "text", "value": LINES[18]},
        {"section": "article", "record": "line 22", "field": "text", "value": LINES[21]},
    ]  # fmt: skip


def test_search_without_a_match_is_not_found() -> None:
    with pytest.raises(NotFoundError) as raised:
        views.search(EVERYWHERE, "zebra")
    assert str(raised.value) == "no match for 'zebra'"


@pytest.mark.parametrize("text", ["", " ", "\t\n"])
def test_empty_search_text_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        views.search(EVERYWHERE, text)
    assert str(raised.value) == "search: the search text is empty"


def test_source_is_a_card_titled_source(article: Dataset) -> None:
    assert views.source(article).title == "Source"


def test_search_names_the_heading_of_each_benefit_list_it_matched() -> None:
    dataset = made(benefits={"membership": ["needle m"], "economic": ["needle e"]})
    dataset["source"]["provenance"]["economic_benefits"] = "Economic heading"
    assert views.search(dataset, "needle").source_line == (
        '"T", opening paragraph; section "Economic heading"'
    )
    dataset["source"]["provenance"]["membership_benefits"] = "Membership heading"
    assert views.search(dataset, "needle").source_line == (
        '"T", section "Membership heading"; section "Economic heading"'
    )


def test_without_the_article_text_a_member_has_no_mentions_and_search_no_lines() -> None:
    dataset = made(
        members=[{"name": "Xx", "year_joined": None, "contributions": None, "newest": False}]
    )
    assert "text" not in dataset["source"]
    assert rows(views.member(dataset, "xx"))[0]["mentions"] is None  # not [] nor ""
    # Only the member's name matches "x": no line of an article there is not.
    assert [row["record"] for row in rows(views.search(dataset, "x"))] == ["Xx"]


def test_search_on_a_narrow_terminal_keeps_each_record_name_whole_as_cards() -> None:
    # "Joint Counterterrorism Operations" is typed to look a record up: never wrapped, so
    # at 60 columns the matches are cards, each field on a line of its own.
    shown = bloc("search", "scope", streams=fake_streams(is_tty=True, width=60)).out
    assert shown.splitlines()[:5] == [
        "Matches for 'scope'",
        "Section  Security",
        "Record   Joint Counterterrorism Operations",
        "Field    Before",
        "Value    Limited Scope",
    ]


def test_about_on_a_narrow_terminal_keeps_each_command_whole_as_cards() -> None:
    # "bloc context --list strategic_recommendations" is typed as it stands: at 60 columns
    # no table fits it beside its section and count, so each section is a card.
    shown = bloc("about", streams=fake_streams(is_tty=True, width=60)).out.splitlines()
    assert shown[2:5] == ["Section  Members", "Count    6", "Command  bloc members"]
    assert shown[-6:-3] == [
        "Section  Strategic recommendations",
        "Count    4",
        "Command  bloc context --list strategic_recommendations",
    ]


def test_search_of_the_source_and_the_article_alone_names_only_the_outlet() -> None:
    # "Euronews" is the outlet, and the article names it in lines 1 and 35: no section's
    # records match, so the source line names no section.
    shown = bloc(
        "search", "Euronews", "--fields", "section,record",
        streams=fake_streams(is_tty=True, width=60),
    ).out.splitlines()  # fmt: skip
    assert shown[4:] == [
        "│ Source  │ source  │",
        "│ Article │ line 1  │",
        "│ Article │ line 35 │",
        "╰─────────┴─────────╯",
        "3 matches",
        "Source: Euronews.com",
    ]
