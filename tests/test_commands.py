"""Each command answers with the article's facts (checked through its JSON output)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import ARTICLE_SOURCE, MEMBER_NAMES, Result, bloc, bundled

Writer = Callable[..., str]


def rows(*args: str) -> list[dict[str, Any]]:
    result = bloc(*args, "-f", "json")
    assert result.code == 0, result.err
    assert result.err == ""
    data: list[dict[str, Any]] = json.loads(result.out)
    return data


def one_record(*args: str) -> dict[str, Any]:
    """The one JSON object a command that shows one record prints."""
    result = bloc(*args, "-f", "json")
    assert (result.code, result.err) == (0, "")
    data: dict[str, Any] = json.loads(result.out)
    assert isinstance(data, dict)
    return data


def names(*args: str) -> list[str]:
    return [row["name"] for row in rows("members", *args)]


def test_members_lists_all_six_in_the_articles_order() -> None:
    assert names() == MEMBER_NAMES


def test_members_json_keeps_lists_and_nulls() -> None:
    members = {row["name"]: row for row in rows("members")}
    assert members["Kazakhstan"] == {
        "name": "Kazakhstan",
        "year_joined": 1992,
        "contributions": ["Energy", "Manufacturing"],
        "newest": False,
    }
    assert members["Tajikistan"]["year_joined"] is None
    assert members["Tajikistan"]["contributions"] is None
    assert members["Azerbaijan"]["newest"] is True


def test_members_contribution_filter_is_a_case_insensitive_substring() -> None:
    assert names("-c", "ENERGY") == ["Kazakhstan", "Azerbaijan"]
    assert names("--contribution", "trade") == ["Azerbaijan"]


def test_members_since_and_until_leave_out_unknown_years() -> None:
    assert names("--since", "1993") == ["Uzbekistan", "Azerbaijan"]
    assert names("--until", "1993") == ["Kazakhstan", "Uzbekistan"]
    assert names("--since", "1993", "--until", "1993") == ["Uzbekistan"]


def test_members_sort_by_year_puts_unknown_years_last() -> None:
    assert names("--sort", "year") == [
        "Kazakhstan",
        "Uzbekistan",
        "Azerbaijan",
        "Turkmenistan",
        "Kyrgyzstan",
        "Tajikistan",
    ]


def test_members_sort_by_name() -> None:
    assert names("--sort", "name") == sorted(names())


def test_a_filter_that_matches_nothing_is_an_empty_success() -> None:
    result = bloc("members", "--since", "3000", "-f", "json")
    assert (result.code, json.loads(result.out), result.err) == (0, [], "")
    tsv = bloc("members", "--since", "3000")
    assert (tsv.code, tsv.out) == (0, "name\tyear_joined\tcontributions\tnewest\n")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kaz", "Kazakhstan"),
        ("AZERBAIJAN", "Azerbaijan"),
        ("tu", "Turkmenistan"),
        ("Ky", "Kyrgyzstan"),
    ],
)
def test_member_accepts_any_case_and_a_unique_prefix(query: str, expected: str) -> None:
    assert one_record("member", query)["name"] == expected


def test_member_shows_what_the_table_says() -> None:
    assert one_record("member", "uzbekistan") == {
        "name": "Uzbekistan",
        "year_joined": 1993,
        "contributions": ["Textiles", "Agriculture"],
        "newest": False,
        "mentions": [1, 11],  # "leaders from Kazakhstan, Uzbekistan, ..." and its row
    }


def test_member_ambiguous_prefix_exits_1_naming_the_candidates() -> None:
    result = bloc("member", "k")
    assert result.code == 1
    assert result.out == ""
    assert "ambiguous" in result.err
    assert "Kazakhstan" in result.err and "Kyrgyzstan" in result.err


def test_member_misspelt_name_suggests_the_closest() -> None:
    result = bloc("member", "Kazakstan")
    assert result.code == 1
    assert result.out == ""
    assert "did you mean Kazakhstan?" in result.err


def test_member_unknown_name_exits_1() -> None:
    result = bloc("member", "France")
    assert result.code == 1
    assert "no member named 'France'" in result.err
    assert "did you mean" not in result.err


def test_security_shows_the_state_after_inclusion() -> None:
    assert rows("security") == [
        {"aspect": "Joint Counterterrorism Operations", "after": "Expanded Regional Reach"},
        {"aspect": "Intelligence Sharing Efficiency", "after": "Significantly Improved"},
        {"aspect": "Border Security Coordination", "after": "Centralized & Streamlined"},
        {"aspect": "Defense Infrastructure Investments", "after": "Increased with New Funding"},
    ]


def test_security_compare_carries_before_and_after() -> None:
    compared = rows("security", "--compare")
    assert compared[0] == {
        "aspect": "Joint Counterterrorism Operations",
        "before": "Limited Scope",
        "after": "Expanded Regional Reach",
    }
    assert [row["before"] for row in compared] == [
        "Limited Scope",
        "Moderate",
        "Fragmented",
        "Steady",
    ]


def test_security_aspect_filter() -> None:
    assert [row["aspect"] for row in rows("security", "--aspect", "BORDER")] == [
        "Border Security Coordination"
    ]


def test_roadmap_lists_areas_with_action_items_as_arrays() -> None:
    roadmap = rows("roadmap")
    assert [row["area"] for row in roadmap] == [
        "Trade & Infrastructure",
        "Energy Cooperation",
        "Cultural & Educational Exchange",
    ]
    assert roadmap[0]["action_items"] == [
        "Develop transnational transport hubs",
        "digitize customs",
    ]
    assert roadmap[0]["expected_impact"] == "Boost regional trade by 25% over 5 years"


def test_roadmap_area_filter() -> None:
    assert [row["area"] for row in rows("roadmap", "--area", "energy")] == ["Energy Cooperation"]


def test_benefits_lists_three_membership_and_four_economic() -> None:
    kinds = [row["kind"] for row in rows("benefits")]
    assert kinds == ["membership"] * 3 + ["economic"] * 4
    economic = rows("benefits", "--kind", "economic")
    assert economic[0] == {
        "kind": "economic",
        "benefit": "Expansion of the Trans-Caspian International Transport Route",
    }


def test_benefits_unknown_kind_is_a_usage_error() -> None:
    result = bloc("benefits", "--kind", "social")
    assert result.code == 2
    assert "membership" in result.err and "economic" in result.err


def test_about_counts_every_section_with_its_command() -> None:
    # The article: 6 members, 4 security aspects, 3 priority areas, 3 membership and 4
    # economic benefits, and the five context lists of 3, 3, 3, 3 and 4 items.
    assert rows("about") == [
        {"section": "members", "count": 6, "command": "bloc members"},
        {"section": "security", "count": 4, "command": "bloc security --compare"},
        {"section": "roadmap", "count": 3, "command": "bloc roadmap"},
        {
            "section": "membership_benefits",
            "count": 3,
            "command": "bloc benefits --kind membership",
        },
        {"section": "economic_benefits", "count": 4, "command": "bloc benefits --kind economic"},
        {"section": "stated_aims", "count": 3, "command": "bloc context --list stated_aims"},
        {
            "section": "shared_challenges",
            "count": 3,
            "command": "bloc context --list shared_challenges",
        },
        {
            "section": "security_threats",
            "count": 3,
            "command": "bloc context --list security_threats",
        },
        {
            "section": "joint_venture_sectors",
            "count": 3,
            "command": "bloc context --list joint_venture_sectors",
        },
        {
            "section": "strategic_recommendations",
            "count": 4,
            "command": "bloc context --list strategic_recommendations",
        },
    ]


def test_about_names_each_sections_article_heading_on_request() -> None:
    headings = {
        row["section"]: row["heading"] for row in rows("about", "--fields", "section,heading")
    }
    assert headings["stated_aims"] is None  # taken from the opening, under no heading
    assert headings["security"] == (
        "Economic and Security Implications of Azerbaijan’s Inclusion in Central Asian Bloc"
    )


def test_context_lists_one_row_per_item() -> None:
    assert rows("context", "--list", "security_threats") == [
        {"list": "security_threats", "item": "drug trafficking"},
        {"list": "security_threats", "item": "terrorism"},
        {"list": "security_threats", "item": "cyber threats"},
    ]
    assert [row["list"] for row in rows("context")].count("strategic_recommendations") == 4
    assert len(rows("context")) == 16


def test_every_command_in_the_about_overview_runs_and_prints_its_count() -> None:
    for section in rows("about"):
        result = bloc(*section["command"].split()[1:], "-f", "json")
        assert result.code == 0, (section, result.err)
        assert len(json.loads(result.out)) == section["count"], section


def test_about_source_names_the_outlet() -> None:
    source = one_record("about", "--source")  # one record: one JSON object
    assert source["reported_by"] == "Euronews.com"
    assert source["page_url"] is None
    assert source["image_caption"].startswith("[Contribution] Central Asia")


def test_search_finds_every_place_case_insensitively() -> None:
    found = rows("search", "TRANS-CASPIAN")
    assert found == [
        {
            "section": "benefits",
            "record": "economic",
            "field": "benefit",
            "value": "Expansion of the Trans-Caspian International Transport Route",
        },
        {  # the bullet itself, as the article writes it
            "section": "article",
            "record": "line 15",
            "field": "text",
            "value": "- Expansion of the Trans-Caspian International Transport Route",
        },
    ]
    places = {(row["section"], row["record"], row["field"]) for row in rows("search", "energy")}
    assert ("members", "Kazakhstan", "contributions") in places
    assert ("roadmap", "Energy Cooperation", "area") in places
    assert ("context", "shared_challenges", "item") in places


def test_search_matches_years_as_text() -> None:
    assert rows("search", "2024")[0]["record"] == "Azerbaijan"


def test_search_without_a_match_exits_1_like_grep() -> None:
    result = bloc("search", "no such words")
    assert (result.code, result.out) == (1, "")
    assert result.err == "no match for 'no such words'\n"


def test_search_for_nothing_is_a_usage_error() -> None:
    assert bloc("search", "").code == 2


def test_member_json_is_one_object_and_jsonl_one_line() -> None:
    assert one_record("member", "kaz") == {
        "name": "Kazakhstan",
        "year_joined": 1992,
        "contributions": ["Energy", "Manufacturing"],
        "newest": False,
        "mentions": [1, 10],  # line 1 names it among the leaders; line 10 is its row
    }
    jsonl = bloc("member", "kaz", "-f", "jsonl", "--fields", "name")
    assert (jsonl.code, jsonl.out, jsonl.err) == (0, '{"name": "Kazakhstan"}\n', "")
    # A list of one stays a list.
    one = bloc("members", "--since", "2024", "-f", "json", "--fields", "name")
    assert (one.code, one.out, one.err) == (0, '[\n  {"name": "Azerbaijan"}\n]\n', "")


def test_about_source_shows_every_field_of_the_source() -> None:
    assert one_record("about", "--source") == ARTICLE_SOURCE  # one record: one object


def test_members_options_reach_the_query() -> None:
    result = bloc("members", "--since", "1993", "--sort", "name", "-f", "csv")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "name,year_joined,contributions,newest\n"
        "Azerbaijan,2024,Energy; Trade Routes,true\n"
        "Uzbekistan,1993,Textiles; Agriculture,false\n"
    )


def test_verify_says_how_many_checks_hold_on_stderr() -> None:
    every = bloc("verify", "--all", "-f", "csv", "--no-header")
    checks = every.out.count("\n")
    # The article's 36 records: 6 members, 4 aspects, 3 areas, 7 benefits, 16 list items.
    summary = (
        f"verify: all {checks} checks hold: 36 records in their places, nothing missing, "
        "every heading right\n"
    )
    assert (every.code, every.err) == (0, summary)
    assert bloc("verify") == Result(0, "section\trecord\tfield\tvalue\tdetail\n", summary)


def test_verify_of_a_wrong_year_exits_1_naming_the_article_s_year(write_data: Writer) -> None:
    data = bundled()
    data["members"][0]["year_joined"] = 1991  # the article's row (line 10) says 1992
    result = bloc("--data", write_data(data), "verify", "--no-header")
    checks = bloc("verify", "--all", "-f", "csv", "--no-header").out.count("\n")
    assert result == Result(
        1,
        "members\tKazakhstan\tyear_joined\t1991\t"
        "the article's row for 'Kazakhstan' (line 10) says '1992' in 'Year Joined'\n",
        f"verify: 1 of {checks} checks fail\n",
    )
