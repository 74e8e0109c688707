"""`bloc verify` proves what its name says: each copy of the bundled dataset below carries
one misplaced fact, and verify must fail on it with the record named."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

from conftest import bundled, run

Dataset = dict[str, Any]
Writer = Callable[..., str]
# Where the copy's fault is: (section, record, field) of the failing row verify prints.
Named = tuple[str, str, str]


def _members(data: Dataset) -> dict[str, dict[str, Any]]:
    return {member["name"]: member for member in data["members"]}


def _security(data: Dataset) -> dict[str, dict[str, Any]]:
    return {row["aspect"]: row for row in data["security"]}


def _roadmap(data: Dataset) -> dict[str, dict[str, Any]]:
    return {row["area"]: row for row in data["roadmap"]}


def year_of_kazakhstan_given_to_uzbekistan(data: Dataset) -> Named:
    _members(data)["Uzbekistan"]["year_joined"] = 1992
    return "members", "Uzbekistan", "year_joined"


def contributions_swapped(data: Dataset) -> Named:
    members = _members(data)
    kazakhstan, uzbekistan = members["Kazakhstan"], members["Uzbekistan"]
    kazakhstan["contributions"], uzbekistan["contributions"] = (
        uzbekistan["contributions"],
        kazakhstan["contributions"],
    )
    return "members", "Kazakhstan", "contributions"


def before_and_after_swapped(data: Dataset) -> Named:
    row = _security(data)["Border Security Coordination"]
    row["before"], row["after"] = row["after"], row["before"]
    return "security", "Border Security Coordination", "before"


def roadmap_impacts_swapped(data: Dataset) -> Named:
    roadmap = _roadmap(data)
    trade, energy = roadmap["Trade & Infrastructure"], roadmap["Energy Cooperation"]
    trade["expected_impact"], energy["expected_impact"] = (
        energy["expected_impact"],
        trade["expected_impact"],
    )
    return "roadmap", "Trade & Infrastructure", "expected_impact"


def benefit_cut_to_two_words(data: Dataset) -> Named:
    data["benefits"]["membership"][0] = "Enhanced energy"
    return "benefits", "membership", "benefit"


def year_taken_from_the_image_url(data: Dataset) -> Named:
    _members(data)["Azerbaijan"]["year_joined"] = 2026
    return "members", "Azerbaijan", "year_joined"


def member_named_in_prose_deleted(data: Dataset) -> Named:
    data["members"] = [m for m in data["members"] if m["name"] != "Kyrgyzstan"]
    return "members", "Kyrgyzstan", "name"


def member_of_the_table_deleted(data: Dataset) -> Named:
    data["members"] = [m for m in data["members"] if m["name"] != "Uzbekistan"]
    return "members", "Uzbekistan", "name"


def security_row_deleted(data: Dataset) -> Named:
    data["security"] = [
        row for row in data["security"] if row["aspect"] != "Intelligence Sharing Efficiency"
    ]
    return "security", "Intelligence Sharing Efficiency", "aspect"


def value_from_the_wrong_column(data: Dataset) -> Named:
    _security(data)["Joint Counterterrorism Operations"]["after"] = "Limited Scope"
    return "security", "Joint Counterterrorism Operations", "after"


def item_moved_to_the_wrong_list(data: Dataset) -> Named:
    data["context"]["security_threats"].remove("terrorism")
    data["context"]["shared_challenges"].append("terrorism")
    return "context", "shared_challenges", "item"


def two_bullets_merged(data: Dataset) -> Named:
    economic = data["benefits"]["economic"]
    economic[0:2] = [f"{economic[0]} and {economic[1]}"]
    return "benefits", "economic", "benefit"


def provenance_of_another_section(data: Dataset) -> Named:
    roadmap = data["source"]["provenance"]["roadmap"]["heading"]
    data["source"]["provenance"]["security"]["heading"] = roadmap
    return "security", "provenance", "heading"


def invented_member(data: Dataset) -> Named:
    data["members"].append(
        {"name": "Mongolia", "year_joined": None, "contributions": None, "newest": False}
    )
    return "members", "Mongolia", "name"


def contribution_added(data: Dataset) -> Named:
    _members(data)["Kazakhstan"]["contributions"].append("Mining")
    return "members", "Kazakhstan", "contributions"


def action_items_merged_into_one(data: Dataset) -> Named:
    area = _roadmap(data)["Energy Cooperation"]
    area["action_items"] = [", ".join(area["action_items"])]
    return "roadmap", "Energy Cooperation", "action_items"


def newest_given_to_another_member(data: Dataset) -> Named:
    _members(data)["Kazakhstan"]["newest"] = True
    return "members", "Kazakhstan", "newest"


def item_from_another_enumeration_of_the_sentence(data: Dataset) -> Named:
    # "new transit routes, energy exports, and joint ventures in sectors such as ...":
    # the same sentence, but not the enumeration of the sectors.
    data["context"]["joint_venture_sectors"].append("energy exports")
    return "context", "joint_venture_sectors", "item"


def year_for_a_member_named_only_in_prose(data: Dataset) -> Named:
    _members(data)["Tajikistan"]["year_joined"] = 1992
    return "members", "Tajikistan", "year_joined"


def recommendation_cut(data: Dataset) -> Named:
    data["context"]["strategic_recommendations"][3] = "A clear roadmap"
    return "context", "strategic_recommendations", "item"


def enumeration_item_cut(data: Dataset) -> Named:
    data["context"]["security_threats"][0] = "drug"
    return "context", "security_threats", "item"


def bullet_deleted(data: Dataset) -> Named:
    del data["benefits"]["economic"][3]
    return "benefits", "economic", "benefit"


def bullets_of_another_list(data: Dataset) -> Named:
    provenance = data["source"]["provenance"]
    provenance["membership_benefits"] = copy.deepcopy(provenance["economic_benefits"])
    return "benefits", "membership", "benefit"


def typed_apostrophe_for_the_typeset_one(data: Dataset) -> Named:
    benefits = data["benefits"]["membership"]
    benefits[0] = benefits[0].replace("’", "'")
    return "benefits", "membership", "benefit"


def aspect_renamed(data: Dataset) -> Named:
    _security(data)["Defense Infrastructure Investments"]["aspect"] = (
        "Defence Infrastructure Investments"
    )
    return "security", "Defence Infrastructure Investments", "aspect"


MUTATIONS: list[Callable[[Dataset], Named]] = [
    year_of_kazakhstan_given_to_uzbekistan,
    contributions_swapped,
    before_and_after_swapped,
    roadmap_impacts_swapped,
    benefit_cut_to_two_words,
    year_taken_from_the_image_url,
    member_named_in_prose_deleted,
    member_of_the_table_deleted,
    value_from_the_wrong_column,
    item_moved_to_the_wrong_list,
    two_bullets_merged,
    provenance_of_another_section,
    invented_member,
    contribution_added,
    action_items_merged_into_one,
    newest_given_to_another_member,
    item_from_another_enumeration_of_the_sentence,
    year_for_a_member_named_only_in_prose,
    recommendation_cut,
    enumeration_item_cut,
    bullet_deleted,
    bullets_of_another_list,
    typed_apostrophe_for_the_typeset_one,
    aspect_renamed,
]


def failing_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out), delimiter="\t"))


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda mutate: mutate.__name__)
def test_a_misplaced_fact_fails_verify_with_its_record_named(
    mutate: Callable[[Dataset], Named], write_data: Writer
) -> None:
    data = bundled()
    section, record, field = mutate(data)
    done = run("--data", write_data(data), "verify", "--fields", "section,record,field,detail")
    assert done.code == 1, done.out + done.err
    named = [(row["section"], row["record"], row["field"]) for row in failing_rows(done.out)]
    assert (section, record, field) in named, done.out
    assert "fail" in done.err
