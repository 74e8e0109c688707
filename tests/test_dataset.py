"""The bundled dataset holds the article's facts, word for word, and nothing invented."""

from __future__ import annotations

import json

import jsonschema  # type: ignore[import-untyped]

from bloc_cli.loading import decode_dataset, load_dataset
from bloc_cli.model import json_schema

from conftest import BUNDLED, MEMBER_NAMES, bloc

DATA = json.loads(BUNDLED.read_text(encoding="utf-8"))
TEXT: str = DATA["source"]["text"]
LINES = TEXT.split("\n")


def table_after(header: str) -> list[list[str]]:
    """The cells of the article's pipe table whose header row is `header`, read from the
    text the dataset carries (independent of the dataset's own values)."""
    start = LINES.index(header) + 2  # the header, then the |---| line
    rows = []
    for line in LINES[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def bullets_after(line: str) -> list[str]:
    """The bullet items that follow `line` in the article."""
    items = []
    for following in LINES[LINES.index(line) + 1 :]:
        if not following.startswith("- "):
            break
        items.append(following.removeprefix("- "))
    return items


def test_the_text_is_the_whole_article_with_its_line_ends() -> None:
    assert TEXT.startswith("In a landmark gathering that underscores shifting geopolitical")
    assert LINES[-2].startswith("![[Contribution] Central Asia, on threshold of a new era")
    assert TEXT.endswith(")\n") and "\r" not in TEXT
    assert len(LINES) == 38  # 37 lines, each ending in \n; no trailing blank lines


def test_bundled_file_passes_the_strict_validator_bloc_uses_for_data_files() -> None:
    # bloc reads its own file without validating on every run; this is that check.
    assert decode_dataset(BUNDLED.read_bytes(), "bloc.json") == load_dataset()


def test_members_match_the_article_table_and_name_all_six_states() -> None:
    table = {
        name: (int(year), contributions.split(", "))
        for name, year, contributions in table_after(
            "| Country | Year Joined | Main Contributions |"
        )
    }
    members = load_dataset()["members"]
    for member in members:
        year, contributions = table.get(member["name"], (None, None))
        assert (member["year_joined"], member["contributions"]) == (year, contributions)
    # The article names all six, three of them only in its opening paragraph.
    assert [member["name"] for member in members] == MEMBER_NAMES
    assert "Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan, and Tajikistan" in LINES[0]


def test_only_azerbaijan_is_marked_newest() -> None:
    dataset = load_dataset()
    assert [m["name"] for m in dataset["members"] if m["newest"]] == ["Azerbaijan"]


def test_security_table_matches_the_article() -> None:
    got = [[s["aspect"], s["before"], s["after"]] for s in load_dataset()["security"]]
    assert got == table_after("| Aspect | Before Inclusion | After Inclusion |")


def test_roadmap_table_matches_the_article() -> None:
    dataset = load_dataset()
    got = [(r["area"], r["action_items"], r["expected_impact"]) for r in dataset["roadmap"]]
    table = table_after("| Priority Area | Action Items | Expected Impact |")
    assert got == [(area, items.split(", "), impact) for area, items, impact in table]


def test_benefit_lists_match_the_article() -> None:
    benefits = load_dataset()["benefits"]
    assert benefits["membership"] == bullets_after(
        "Key benefits anticipated from Azerbaijan’s membership include:"
    )
    economic_intro = next(
        line for line in LINES if line.endswith("Key anticipated benefits include:")
    )
    assert benefits["economic"] == bullets_after(economic_intro)


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
    # Where each section stands in the article, read off `bloc article -n`: the heading
    # above it, the column headings of its table, the words that introduce its list.
    members_heading = "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics"
    security_heading = (
        "Economic and Security Implications of Azerbaijan’s Inclusion in Central Asian Bloc"
    )
    roadmap_heading = (
        "Strategic Recommendations for Enhancing Cooperation Among Central Asian Nations"
        " and Azerbaijan"
    )
    assert provenance == {
        "members": {
            "heading": members_heading,  # line 2; the table is lines 8-12
            "columns": {
                "name": "Country",
                "year_joined": "Year Joined",
                "contributions": "Main Contributions",
            },
            # line 1: "leaders from Kazakhstan, ..., and Tajikistan joined"
            "named_in": {"heading": None, "lead_in": "leaders from", "lead_out": "joined"},
            "newest": "as their newest member",  # line 1
        },
        "security": {  # table of lines 20-25
            "heading": security_heading,
            "columns": {
                "aspect": "Aspect",
                "before": "Before Inclusion",
                "after": "After Inclusion",
            },
        },
        "roadmap": {  # table of lines 29-33
            "heading": roadmap_heading,
            "columns": {
                "area": "Priority Area",
                "action_items": "Action Items",
                "expected_impact": "Expected Impact",
            },
        },
        "membership_benefits": {  # line 4, bullets 5-7
            "heading": members_heading,
            "bullets_after": "Key benefits anticipated from Azerbaijan’s membership include:",
        },
        "economic_benefits": {  # the end of line 14, bullets 15-18
            "heading": security_heading,
            "bullets_after": "Key anticipated benefits include:",
        },
        "stated_aims": {"heading": None, "lead_in": "aimed at"},  # line 1, before any heading
        "shared_challenges": {"heading": members_heading, "lead_in": "common challenges such as"},
        "security_threats": {"heading": security_heading, "lead_in": "common challenges such as"},
        "joint_venture_sectors": {
            "heading": security_heading,
            "lead_in": "joint ventures in sectors such as",
        },
        "strategic_recommendations": {"heading": roadmap_heading, "subjects": True},  # 27-28
    }


def test_schema_command_prints_a_valid_json_schema_the_bundled_data_follows() -> None:
    result = bloc("schema")
    assert result.code == 0, result.err
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(BUNDLED.read_text(encoding="utf-8")), schema)


def test_schema_command_matches_the_model() -> None:
    assert json.loads(bloc("schema").out) == json_schema()


def test_schema_rejects_a_member_without_a_name() -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    del data["members"][0]["name"]
    validator = jsonschema.Draft202012Validator(json.loads(bloc("schema").out))
    assert not validator.is_valid(data)


def test_schema_says_what_loading_checks_beyond_the_types() -> None:
    schema = json.loads(bloc("schema").out)
    assert [schema[key] for key in ("$schema", "$id", "title", "$ref")] == [
        "https://json-schema.org/draft/2020-12/schema",
        "urn:bloc-cli:schema:dataset",
        "bloc dataset",
        "#/$defs/Dataset",
    ]
    assert schema["description"].startswith(
        "A bloc dataset: the facts of one news article. bloc also refuses (exit 3) what this "
        "schema cannot say: "
    )
    assert schema["description"].endswith(
        "It reads a file of up to 256 MiB, which may start with a UTF-8 byte order mark."
    )
    definitions = schema["$defs"]
    # No object takes a field the model does not name.
    closed = {
        name: definition.get("additionalProperties") for name, definition in definitions.items()
    }
    objects = ("Dataset", "Benefits", "Context", "Member", "RoadmapArea", "SecurityAspect")
    assert closed == dict.fromkeys(
        (*objects, "Source", "Provenance", "Place", "Enumeration"), False
    )
    assert definitions["Member"] == {
        "title": "Member",
        "type": "object",
        "properties": {
            "contributions": {
                "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]
            },
            "name": {"type": "string", "pattern": "\\S"},
            "newest": {"type": "boolean"},
            "year_joined": {
                "anyOf": [{"type": "integer", "minimum": 1000, "maximum": 2999}, {"type": "null"}]
            },
        },
        "required": ["contributions", "name", "newest", "year_joined"],
        "additionalProperties": False,
    }
    assert definitions["SecurityAspect"]["properties"]["aspect"] == {
        "type": "string",
        "pattern": "\\S",
    }
    assert definitions["RoadmapArea"]["properties"]["area"] == {"type": "string", "pattern": "\\S"}
    # And a validator applies it: a year out of range, a blank name, an unknown field.
    validator = jsonschema.Draft202012Validator(schema)
    for change in (
        {"year_joined": 999},
        {"year_joined": 3000},
        {"name": " "},
        {"capital": "Astana"},
    ):
        data = json.loads(BUNDLED.read_text(encoding="utf-8"))
        data["members"][0].update(change)
        assert not validator.is_valid(data), change
    data["members"][0].update(name="Kazakhstan", year_joined=2999)
    del data["members"][0]["capital"]
    assert validator.is_valid(data)
