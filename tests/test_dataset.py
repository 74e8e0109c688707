"""The bundled dataset holds the article's facts, word for word, and nothing invented."""

from __future__ import annotations

import json

import jsonschema

from bloc_cli.loading import decode_dataset, load_dataset
from bloc_cli.model import json_schema

from conftest import BUNDLED, run

# Transcribed from the article's three tables and two bullet lists.
ARTICLE_MEMBERS = [
    ("Kazakhstan", 1992, ["Energy", "Manufacturing"]),
    ("Uzbekistan", 1993, ["Textiles", "Agriculture"]),
    ("Turkmenistan", None, None),
    ("Kyrgyzstan", None, None),
    ("Tajikistan", None, None),
    ("Azerbaijan", 2024, ["Energy", "Trade Routes"]),
]
ARTICLE_SECURITY = [
    ("Joint Counterterrorism Operations", "Limited Scope", "Expanded Regional Reach"),
    ("Intelligence Sharing Efficiency", "Moderate", "Significantly Improved"),
    ("Border Security Coordination", "Fragmented", "Centralized & Streamlined"),
    ("Defense Infrastructure Investments", "Steady", "Increased with New Funding"),
]
ARTICLE_ROADMAP = [
    (
        "Trade & Infrastructure",
        ["Develop transnational transport hubs", "digitize customs"],
        "Boost regional trade by 25% over 5 years",
    ),
    (
        "Energy Cooperation",
        ["Joint renewable energy projects", "share resources"],
        "Enhance energy security, reduce dependency",
    ),
    (
        "Cultural & Educational Exchange",
        ["Multilingual platforms", "student mobility programs"],
        "Strengthen social cohesion and mutual trust",
    ),
]
ARTICLE_MEMBERSHIP_BENEFITS = [
    "Enhanced energy partnerships leveraging Azerbaijan’s rich oil and gas reserves.",
    "Improved transportation corridors facilitating smoother trade flows between East and West.",
    "Strengthened diplomatic ties promoting peace and cooperation in a historically complex"
    " region.",
]
ARTICLE_ECONOMIC_BENEFITS = [
    "Expansion of the Trans-Caspian International Transport Route",
    "Increased investments in cross-border energy pipelines",
    "Collaborative development of digital economies and innovation hubs",
    "Promotion of tourism and cultural exchange initiatives",
]


def test_bundled_file_passes_the_strict_validator_bloc_uses_for_data_files() -> None:
    # bloc reads its own file without validating on every run; this is that check.
    assert decode_dataset(BUNDLED.read_bytes(), "bloc.json") == load_dataset()


def test_members_match_the_article_table_and_name_all_six_states() -> None:
    dataset = load_dataset()
    got = [(m["name"], m["year_joined"], m["contributions"]) for m in dataset["members"]]
    assert got == ARTICLE_MEMBERS


def test_only_azerbaijan_is_marked_newest() -> None:
    dataset = load_dataset()
    assert [m["name"] for m in dataset["members"] if m["newest"]] == ["Azerbaijan"]


def test_security_table_matches_the_article() -> None:
    got = [(s["aspect"], s["before"], s["after"]) for s in load_dataset()["security"]]
    assert got == ARTICLE_SECURITY


def test_roadmap_table_matches_the_article() -> None:
    dataset = load_dataset()
    got = [(r["area"], r["action_items"], r["expected_impact"]) for r in dataset["roadmap"]]
    assert got == ARTICLE_ROADMAP


def test_benefit_lists_match_the_article() -> None:
    benefits = load_dataset()["benefits"]
    assert benefits["membership"] == ARTICLE_MEMBERSHIP_BENEFITS
    assert benefits["economic"] == ARTICLE_ECONOMIC_BENEFITS


def test_context_lists_are_the_articles_words() -> None:
    context = load_dataset()["context"]
    assert context["shared_challenges"] == [
        "energy security",
        "infrastructure development",
        "counterterrorism",
    ]
    assert context["security_threats"] == ["drug trafficking", "terrorism", "cyber threats"]
    assert context["joint_venture_sectors"] == ["agriculture", "mining", "technology"]
    assert context["stated_aims"] == [
        "strengthening economic ties",
        "enhancing security cooperation",
        "fostering cultural exchange across the broader Eurasian landscape",
    ]
    assert len(context["strategic_recommendations"]) == 4


def test_source_names_the_outlet_and_the_heading_of_each_section() -> None:
    source = load_dataset()["source"]
    provenance = source["provenance"]
    assert source["reported_by"] == "Euronews.com"
    assert source["page_url"] is None  # the article gives no address of its own
    assert provenance["members"] == (
        "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics"
    )
    assert provenance["security"] == (
        "Economic and Security Implications of Azerbaijan’s Inclusion in Central Asian Bloc"
    )
    assert provenance["roadmap"] == (
        "Strategic Recommendations for Enhancing Cooperation Among Central Asian Nations"
        " and Azerbaijan"
    )
    assert provenance["stated_aims"] is None  # the lead paragraph has no heading


def test_schema_command_prints_a_valid_json_schema_the_bundled_data_follows() -> None:
    result = run("schema")
    assert result.code == 0, result.err
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(BUNDLED.read_text(encoding="utf-8")), schema)


def test_schema_command_matches_the_model() -> None:
    assert json.loads(run("schema").out) == json_schema()


def test_schema_rejects_a_member_without_a_name() -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    del data["members"][0]["name"]
    validator = jsonschema.Draft202012Validator(json.loads(run("schema").out))
    assert not validator.is_valid(data)
