"""`bloc verify` proves what its name says: each copy of the bundled dataset below carries
one misplaced fact, and verify must fail on it with the record named."""

from __future__ import annotations

import copy
import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bloc_cli.errors import DataError
from bloc_cli.verify import verify

from conftest import bloc, bundled, made

Dataset = dict[str, Any]
Writer = Callable[..., str]
# Where the copy's fault is: (section, record, field) of the failing row verify prints.
Named = tuple[str, str, str]


# The bundled dataset, and what verify says of it. ----------------------------------------


def test_the_bundled_dataset_passes_verify() -> None:
    result = bloc("verify")
    assert result.code == 0, result.err
    assert result.out == "section\trecord\tfield\tvalue\tdetail\n"
    # Checks: 3 fields of each of the 3 members in the table, the 3 members named only in
    # line 1, 3 fields of 4 aspects and of 3 areas, newest of 6 members, 7 benefits, 16
    # context items, and 4 of the source's fields (title, outlet, image caption and URL;
    # page_url is null): 12 + 12 + 9 + 6 + 7 + 16 + 4 = 66. Records: 6+4+3+7+16 = 36.
    assert result.err == (
        "verify: all 66 checks hold: 36 records in their places, nothing missing, "
        "every heading right\n"
    )


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        (lambda data: data["members"][0].update(year_joined=1991), "1991"),
        (
            lambda data: data["members"].append(
                {"name": "Atlantis", "year_joined": None, "contributions": None, "newest": False}
            ),
            "Atlantis",
        ),
        (
            lambda data: data["benefits"]["economic"].__setitem__(
                0, "Expansion of the Trans Caspian International Transport Route"
            ),
            "Trans Caspian",
        ),
        (lambda data: data["context"]["security_threats"].append("piracy"), "piracy"),
    ],
    ids=["a changed year", "an invented member", "a reworded benefit", "an invented threat"],
)
def test_verify_names_what_the_article_does_not_say(
    write_data: Writer, change: Callable[[Any], None], missing: str
) -> None:
    data = copy.deepcopy(bundled())
    change(data)
    result = bloc("--data", write_data(data), "verify", "-f", "json")
    assert result.code == 1
    rows = json.loads(result.out)
    assert any(missing in str(row["value"]) for row in rows), rows
    assert result.err.startswith("verify: ") and result.err.endswith(" checks fail\n")


def test_verify_all_lists_every_check_with_its_line() -> None:
    rows = json.loads(bloc("verify", "--all", "-f", "json").out)
    assert len(rows) == 66
    assert {
        "section": "members",
        "record": "Kazakhstan",
        "field": "year_joined",
        "value": 1992,
        "line": 10,
        "result": "holds",
        "detail": None,  # a check that holds needs no words: its line says where
    } in rows


def test_verify_without_the_text_is_exit_3(write_data: Writer) -> None:
    data = bundled()
    data["source"]["text"] = None
    result = bloc("--data", write_data(data), "verify")
    assert (result.code, result.out) == (3, "")
    assert "no source.text" in result.err


def test_a_blank_value_is_never_found_in_the_article(write_data: Writer) -> None:
    data = bundled()
    data["benefits"]["economic"].append("")
    result = bloc("--data", write_data(data), "verify", "-f", "json")
    assert result.code == 1
    assert json.loads(result.out) == [
        {
            "section": "benefits",
            "record": "economic",
            "field": "benefit",
            "value": "",
            "detail": "is not a whole bullet of the list after line 14",
        }
    ]


@pytest.mark.parametrize("text", [None, ""])
def test_verify_needs_the_article_text(text: str | None) -> None:
    data: Any = made(
        members=[{"name": "Niger", "year_joined": 1992, "contributions": ["Oil"], "newest": False}]
    )
    data["source"]["text"] = text
    with pytest.raises(DataError) as raised:
        verify(data)
    assert str(raised.value) == (
        "the dataset has no source.text: there is no article to verify against"
    )


# Copies with one fact misplaced. --------------------------------------------------


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
    done = bloc("--data", write_data(data), "verify", "--fields", "section,record,field,detail")
    assert done.code == 1, done.out + done.err
    named = [(row["section"], row["record"], row["field"]) for row in failing_rows(done.out)]
    assert (section, record, field) in named, done.out
    assert "fail" in done.err


def columns_swapped_with_the_values(data: Dataset) -> Named:
    # The provenance edited to match a swap: "before" read from "After Inclusion".
    columns = data["source"]["provenance"]["security"]["columns"]
    columns["before"], columns["after"] = columns["after"], columns["before"]
    for row in data["security"]:
        row["before"], row["after"] = row["after"], row["before"]
    return "security", "provenance", "columns"


def benefit_listed_twice(data: Dataset) -> Named:
    data["benefits"]["economic"].append(data["benefits"]["economic"][0])
    return "benefits", "economic", "benefit"


def two_lists_from_one_place(data: Dataset) -> Named:
    # security_threats made a copy of shared_challenges, provenance and all.
    provenance = data["source"]["provenance"]
    provenance["security_threats"] = copy.deepcopy(provenance["shared_challenges"])
    data["context"]["security_threats"] = list(data["context"]["shared_challenges"])
    return "context", "security_threats", "item"


@pytest.mark.parametrize(
    "mutate",
    [columns_swapped_with_the_values, benefit_listed_twice, two_lists_from_one_place],
    ids=lambda mutate: mutate.__name__,
)
def test_a_fault_hidden_in_the_provenance_or_a_repeat_fails_too(
    mutate: Callable[[Dataset], Named], write_data: Writer
) -> None:
    data = bundled()
    section, record, field = mutate(data)
    done = bloc("--data", write_data(data), "verify", "-f", "json")
    assert done.code == 1, done.err
    named = [(row["section"], row["record"], row["field"] or "") for row in json.loads(done.out)]
    assert (section, record, field) in named, done.out


def test_the_bundled_dataset_holds_and_its_text_is_the_article_file(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    text = bundled()["source"]["text"]
    # The article file as it came: CRLF line ends and blank lines at its end are no change.
    article.write_bytes((text.replace("\n", "\r\n") + "\r\n" * 14).encode())
    done = bloc("verify", "--against", str(article))
    assert (done.code, done.err) == (
        0,
        "verify: all 67 checks hold: 36 records in their places, nothing missing, "
        "every heading right\n",
    )


def test_a_copy_edited_with_its_text_holds_alone_but_fails_against_the_article(
    tmp_path: Path, write_data: Writer
) -> None:
    data = bundled()
    article = tmp_path / "article.txt"
    article.write_text(data["source"]["text"], encoding="utf-8")
    _members(data)["Uzbekistan"]["year_joined"] = 1992
    data["source"]["text"] = data["source"]["text"].replace(
        "| Uzbekistan | 1993 |", "| Uzbekistan | 1992 |"
    )
    path = write_data(data)
    assert bloc("--data", path, "verify").code == 0  # the text agrees with the edit
    done = bloc("--data", path, "verify", "--against", str(article), "-f", "json")
    assert done.code == 1
    assert json.loads(done.out) == [
        {
            "section": "source",
            "record": "text",
            "field": "text",
            "value": "| Uzbekistan | 1992 | Textiles, Agriculture |",
            "detail": "article.txt line 11 says '| Uzbekistan | 1993 | Textiles, Agriculture |'",
        }
    ]


def test_against_a_missing_file_is_a_usage_error() -> None:
    done = bloc("verify", "--against", "/nonexistent/article.txt")
    assert done.code == 2 and done.out == ""
    assert "no such file" in done.err


def test_an_older_dataset_loads_and_verify_says_what_it_could_not_check(
    write_data: Writer,
) -> None:
    data = bundled()
    provenance = data["source"]["provenance"]
    for section, place in provenance.items():  # headings alone, as before places
        provenance[section] = place["heading"]
    path = write_data(data)
    assert bloc("--data", path, "members").code == 0
    done = bloc("--data", path, "verify", "--fields", "record,result", "-f", "json")
    assert done.code == 1
    rows = json.loads(done.out)
    assert {row["result"] for row in rows} == {"not checked"}
    # every record, each said once, and each member's newest (no words name the newest)
    assert len(rows) == 6 + 4 + 3 + 7 + 16 + 6
    # and the 4 source fields, which hold
    assert done.err == "verify: 42 of 46 could not run\n"


def test_cite_quotes_the_record_s_own_row_and_warns_of_what_it_does_not_say(
    write_data: Writer,
) -> None:
    data = bundled()
    _members(data)["Uzbekistan"]["year_joined"] = 1992
    done = bloc("--data", write_data(data), "member", "uzb", "--cite", "-f", "json")
    assert done.code == 0
    shown = json.loads(done.out)
    row = shown[0] if isinstance(shown, list) else shown
    assert (row["line"], row["quote"]) == (11, "| Uzbekistan | 1993 | Textiles, Agriculture |")
    assert done.err == "bloc: warning: members Uzbekistan: line 11 does not say '1992'\n"


# What a hostile review found verify let through, each a copy that must now fail. -----------


def _provenance(data: Dataset) -> dict[str, Any]:
    provenance: dict[str, Any] = data["source"]["provenance"]
    return provenance


def prose_members_deleted_with_their_enumeration(data: Dataset) -> Named:
    data["members"] = [m for m in data["members"] if m["year_joined"] is not None]
    del _provenance(data)["members"]["named_in"]
    return "members", "provenance", "named_in"


def newest_words_pointed_at_another_member(data: Dataset) -> Named:
    _members(data)["Kazakhstan"]["newest"] = True
    _members(data)["Azerbaijan"]["newest"] = False
    _provenance(data)["members"]["newest"] = ", Uzbekistan"
    return "members", "provenance", "newest"


def newest_words_deleted(data: Dataset) -> Named:
    _members(data)["Tajikistan"]["newest"] = True
    _members(data)["Azerbaijan"]["newest"] = False
    del _provenance(data)["members"]["newest"]
    return "members", "Tajikistan", "newest"


def lead_in_moved_inside_the_enumeration(data: Dataset) -> Named:
    data["context"]["shared_challenges"] = data["context"]["shared_challenges"][1:]
    _provenance(data)["shared_challenges"]["lead_in"] = "common challenges such as energy security,"
    return "shared_challenges", "provenance", "lead_in"


def lead_out_not_in_the_sentence(data: Dataset) -> Named:
    _provenance(data)["security_threats"]["lead_out"] = "zzz"
    return "security_threats", "provenance", "lead_in"


def bullets_after_a_bullet(data: Dataset) -> Named:
    first = data["benefits"]["membership"].pop(0)
    _provenance(data)["membership_benefits"]["bullets_after"] = first
    return "membership_benefits", "provenance", "bullets_after"


def list_copied_with_other_lead_in_words(data: Dataset) -> Named:
    data["context"]["security_threats"] = list(data["context"]["shared_challenges"])
    heading = _provenance(data)["shared_challenges"]["heading"]
    _provenance(data)["security_threats"] = {"heading": heading, "lead_in": "challenges such as"}
    return "context", "security_threats", "item"


def list_emptied_as_sentence_subjects(data: Dataset) -> Named:
    heading = _provenance(data)["security_threats"]["heading"]
    _provenance(data)["security_threats"] = {"heading": heading, "subjects": True}
    data["context"]["security_threats"] = []
    return "context", "security_threats", "item"


def outlet_renamed(data: Dataset) -> Named:
    data["source"]["reported_by"] = "Reuters"
    return "source", "source", "reported_by"


def title_rewritten(data: Dataset) -> Named:
    data["source"]["title"] = "Azerbaijan Quits Central Asian Bloc"
    return "source", "source", "title"


def image_caption_invented(data: Dataset) -> Named:
    data["source"]["image_caption"] = "Leaders sign the accession treaty in Astana"
    return "source", "source", "image_caption"


def second_row_for_a_member_in_the_text(data: Dataset) -> Named:
    row = "| Uzbekistan | 1993 | Textiles, Agriculture |\n"
    data["source"]["text"] = data["source"]["text"].replace(
        row, row + "| Uzbekistan | 1999 | Textiles, Agriculture |\n"
    )
    _members(data)["Uzbekistan"]["year_joined"] = 1999
    return "members", "Uzbekistan", "name"


def table_without_its_rule_and_a_year_dropped(data: Dataset) -> Named:
    data["source"]["text"] = data["source"]["text"].replace(
        "|---|---|---|\n| Kazakhstan", "| Kazakhstan"
    )
    _members(data)["Kazakhstan"]["year_joined"] = None
    return "members", "Kazakhstan", "year_joined"


HOSTILE = [
    prose_members_deleted_with_their_enumeration,
    newest_words_pointed_at_another_member,
    newest_words_deleted,
    lead_in_moved_inside_the_enumeration,
    lead_out_not_in_the_sentence,
    bullets_after_a_bullet,
    list_copied_with_other_lead_in_words,
    list_emptied_as_sentence_subjects,
    outlet_renamed,
    title_rewritten,
    image_caption_invented,
    second_row_for_a_member_in_the_text,
    table_without_its_rule_and_a_year_dropped,
]


@pytest.mark.parametrize("mutate", HOSTILE, ids=lambda mutate: mutate.__name__)
def test_a_copy_the_hostile_review_made_fails_with_its_place_named(
    mutate: Callable[[Dataset], Named], write_data: Writer
) -> None:
    data = bundled()
    section, record, field = mutate(data)
    done = bloc("--data", write_data(data), "verify", "-f", "json")
    assert done.code == 1, done.err
    named = [(row["section"], row["record"], row["field"]) for row in json.loads(done.out)]
    assert (section, record, field) in named, done.out


def _timed_verify(data: Dataset, path: str) -> float:
    Path(path).write_text(json.dumps(data), encoding="utf-8")
    began = time.monotonic()
    bloc("--data", path, "verify")
    return time.monotonic() - began


def test_a_line_of_unclosed_brackets_is_read_in_linear_time(tmp_path: Path) -> None:
    # It took 5.7 s at 20,000 brackets and 323 s at 100,000 (quadratic markup patterns).
    def with_brackets(count: int) -> Dataset:
        data = bundled()
        line = "[" * count + " " + "[a](x " * (count // 6)
        data["source"]["text"] += line + "\n"
        return data

    small = _timed_verify(with_brackets(20_000), str(tmp_path / "small.json"))
    large = _timed_verify(with_brackets(200_000), str(tmp_path / "large.json"))
    assert large < 10 * small + 2, (small, large)  # ten times the line, not a hundred


def test_many_near_misses_do_not_cost_their_product(tmp_path: Path) -> None:
    # Each failing item was compared with every bullet for a hint: 384 s at 2,000.
    def near_misses(count: int) -> Dataset:
        data = bundled()
        bullets = "".join(f"- Benefit number {i:07d} for the bloc\n" for i in range(count))
        text: str = data["source"]["text"]
        last = (
            "- Strengthened diplomatic ties promoting peace and cooperation in a historically "
            "complex region.\n"
        )
        data["source"]["text"] = text.replace(last, last + bullets)
        data["benefits"]["membership"] += [
            f"Benefit number {i:07d} for the blocx" for i in range(count)
        ]
        return data

    small = _timed_verify(near_misses(300), str(tmp_path / "small.json"))
    large = _timed_verify(near_misses(3_000), str(tmp_path / "large.json"))
    assert large < 10 * small + 2, (small, large)


def test_against_an_endless_stream_is_a_usage_error() -> None:
    done = bloc("verify", "--against", "/dev/zero")
    assert done.code == 2 and done.out == ""
    assert "larger than the 256 MiB" in done.err


def test_cite_warns_of_a_value_a_prose_place_or_a_cell_does_not_hold(write_data: Writer) -> None:
    data = bundled()
    _members(data)["Turkmenistan"]["year_joined"] = 1995
    _roadmap(data)["Energy Cooperation"]["expected_impact"] = "Enhance energy security"
    path = write_data(data)
    assert bloc("--data", path, "members", "--cite").err == (
        "bloc: warning: members Turkmenistan: line 1 does not say '1995'\n"
    )
    assert bloc("--data", path, "roadmap", "--cite").err == (
        "bloc: warning: roadmap Energy Cooperation: line 32 does not say "
        "'Enhance energy security'\n"
    )
