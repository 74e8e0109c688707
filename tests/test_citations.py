"""Every fact cites the article: `--cite` adds the line that states a record and its quote,
in every format; a value is found only where the article says it, as a whole phrase."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from bloc_cli import citations, views
from bloc_cli.citations import (
    Article,
    article_of,
    enumeration_items,
    is_heading,
    table_cells,
    words,
)

from conftest import BUNDLED, bloc, bundled, made

Writer = Callable[..., str]
TEXT: str = json.loads(BUNDLED.read_text(encoding="utf-8"))["source"]["text"]
LINES = TEXT.split("\n")


def cited(*args: str) -> list[dict[str, Any]]:
    result = bloc(*args, "--cite", "-f", "json")
    assert result.code == 0, result.err
    rows: list[dict[str, Any]] = json.loads(result.out)
    return rows


# Where the article states each record, read off its numbered text (`bloc article -n`).
EXPECTED_LINES: dict[tuple[str, ...], dict[str, int]] = {
    ("members",): {
        "Kazakhstan": 10,
        "Uzbekistan": 11,
        "Turkmenistan": 1,
        "Kyrgyzstan": 1,
        "Tajikistan": 1,
        "Azerbaijan": 12,
    },
    ("security",): {
        "Joint Counterterrorism Operations": 22,
        "Intelligence Sharing Efficiency": 23,
        "Border Security Coordination": 24,
        "Defense Infrastructure Investments": 25,
    },
    ("roadmap",): {
        "Trade & Infrastructure": 31,
        "Energy Cooperation": 32,
        "Cultural & Educational Exchange": 33,
    },
}


@pytest.mark.parametrize("command", list(EXPECTED_LINES), ids=" ".join)
def test_each_record_cites_the_line_of_the_article_that_states_it(command: tuple[str, ...]) -> None:
    rows = cited(*command)
    key = next(iter(rows[0]))
    assert {row[key]: row["line"] for row in rows} == EXPECTED_LINES[command]


def test_benefits_cite_their_bullets_and_context_items_their_sentences() -> None:
    assert [row["line"] for row in cited("benefits")] == [5, 6, 7, 15, 16, 17, 18]
    threats = cited("context", "--list", "security_threats")
    assert [row["line"] for row in threats] == [19, 19, 19]


@pytest.mark.parametrize(
    "command",
    [("members",), ("security",), ("roadmap",), ("benefits",), ("context",), ("search", "energy")],
    ids=" ".join,
)
def test_every_quote_stands_in_its_line_and_holds_every_stated_value(
    command: tuple[str, ...],
) -> None:
    stated = {
        "members": ("name", "year_joined", "contributions"),
        "security": ("aspect", "before", "after"),
        "roadmap": ("area", "action_items", "expected_impact"),
        "benefits": ("benefit",),
        "context": ("item",),
        "search": ("value",),
    }[command[0]]
    for row in cited(*command, "--fields", ",".join((*stated, "line", "quote"))):
        assert isinstance(row["line"], int), row
        assert row["quote"] in LINES[row["line"] - 1]
        for field in stated:
            value = row[field]
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    assert str(item) in row["quote"], (field, item, row["quote"])


def test_a_table_row_is_its_own_quote_and_a_member_only_named_cites_its_sentence() -> None:
    members = {row["name"]: row["quote"] for row in cited("members")}
    assert members["Kazakhstan"] == "| Kazakhstan | 1992 | Energy, Manufacturing |"
    assert members["Turkmenistan"] == (
        "Euronews.com reports that leaders from Kazakhstan, Uzbekistan, Turkmenistan, "
        "Kyrgyzstan, and Tajikistan joined Azerbaijani representatives in heralding a new "
        "chapter of regional collaboration, signaling a strategic realignment with "
        "far-reaching implications."
    )


def test_a_value_is_found_only_as_a_whole_phrase(write_data: Writer) -> None:
    data = bundled()
    data["source"]["text"] = "Work on counterterrorism.\nDrug trafficking.\n"
    rows = json.loads(
        bloc(
            "--data",
            write_data(data),
            "context",
            "--list",
            "security_threats",
            "--cite",
            "-f",
            "json",
        ).out
    )
    assert {row["item"]: row["line"] for row in rows} == {
        "drug trafficking": None,  # case exact: "Drug trafficking" is another phrase
        "terrorism": None,  # not inside "counterterrorism"
        "cyber threats": None,
    }


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "json", "jsonl", "csv", "tsv"])
def test_cite_adds_line_and_quote_in_every_format(fmt: str) -> None:
    result = bloc("members", "--cite", "-f", fmt, "--since", "2024", env={"COLUMNS": "300"})
    assert result.code == 0, result.err
    row = "| Azerbaijan | 2024 | Energy, Trade Routes |"
    if fmt == "table":  # a person reads each cell after its column heading
        row = "Country: Azerbaijan · Year Joined: 2024 · Main Contributions: Energy, Trade Routes"
    assert row in result.out.replace("\\|", "|")
    if fmt == "json":
        assert json.loads(result.out)[0]["line"] == 12  # an integer, not "12"
    if fmt == "tsv":
        assert result.out.splitlines()[0].endswith("\tline\tquote")


def test_line_and_quote_can_be_named_without_cite() -> None:
    result = bloc("member", "uzb", "--fields", "name,line", "-f", "csv", "--no-header")
    assert result.out == "Uzbekistan,11\n"


def test_without_the_text_line_and_quote_are_null(write_data: Writer) -> None:
    data = bundled()
    del data["source"]["text"]
    done = bloc("--data", write_data(data), "members", "--cite", "-f", "json")
    assert {(row["line"], row["quote"]) for row in json.loads(done.out)} == {(None, None)}
    assert (done.code, done.err) == (0, "")  # no article: no warning that it states nothing


def test_search_cites_the_row_of_the_record_that_matched() -> None:
    rows = cited("search", "energy", "--fields", "record,value,line")
    assert {"record": "Azerbaijan", "value": "Energy", "line": 12} in rows
    assert {"record": "Kazakhstan", "value": "Energy", "line": 10} in rows


def test_carriage_returns_are_no_part_of_a_quote(write_data: Writer) -> None:
    data = bundled()
    data["source"]["text"] = TEXT.replace("\n", "\r\n")
    row = json.loads(bloc("--data", write_data(data), "member", "kaz", "--cite", "-f", "json").out)
    assert row["quote"] == "| Kazakhstan | 1992 | Energy, Manufacturing |"


def test_a_line_of_thousands_of_sentences_is_cited_quickly(write_data: Writer) -> None:
    data = bundled()
    filler = "Filler. " * 30_000
    data["source"]["text"] = f"{filler}Then leaders from Alpha and Omega joined. {filler}\n"
    data["members"] = [
        {"name": name, "year_joined": None, "contributions": None, "newest": False}
        for name in ("Alpha", "Omega")
    ]
    began = time.monotonic()
    result = bloc("--data", write_data(data), "members", "--cite", "-f", "json")
    assert time.monotonic() - began < 10  # a quadratic quote took 54 s at 32,000 sentences
    rows = json.loads(result.out)
    assert [(row["line"], row["quote"]) for row in rows] == [
        (1, "Then leaders from Alpha and Omega joined.")
    ] * 2


def test_cite_over_ten_thousand_members_takes_seconds_not_minutes(write_data: Writer) -> None:
    data = bundled()
    data["members"] = [
        {"name": f"m{i}", "year_joined": 1992, "contributions": ["Energy"], "newest": False}
        for i in range(10_000)
    ]
    began = time.monotonic()
    result = bloc("--data", write_data(data), "members", "--cite", "-f", "csv")
    assert result.code == 0, result.err
    assert time.monotonic() - began < 10
    # None of them is in the article: no line, no quote (not Kazakhstan's row, which holds
    # the same year and contribution), and one warning each, the first twenty written out.
    assert result.out.count(",1992,Energy,false,,\n") == 10_000
    warnings = result.err.splitlines()
    assert warnings[0] == "bloc: warning: members m0: the article states it nowhere"
    assert warnings[20:] == ["bloc: warning: and 9980 more (bloc verify lists every one)"]


def test_article_of_a_dataset_is_its_text_line_by_line() -> None:
    data: Any = made()
    data["source"]["text"] = "a\nb"
    article = article_of(data)
    assert article is not None and article.lines == ["a", "b"]
    for text in (None, ""):
        data["source"]["text"] = text
        assert article_of(data) is None  # nothing to cite


def test_a_member_is_mentioned_only_where_the_words_name_it_whole(write_data: Writer) -> None:
    data = made(
        members=[{"name": "Niger", "year_joined": None, "contributions": None, "newest": False}]
    )
    # Line 1 names Nigeria, and line 3 an image whose caption and file hold the name.
    data["source"]["text"] = "Nigeria joined.\nNiger joined.\n![Niger](https://x.y/Niger.jpg)\n"
    row = json.loads(bloc("--data", write_data(data), "member", "niger", "-f", "json").out)
    assert row["mentions"] == [2]


def test_cite_warns_of_each_value_its_place_does_not_say(write_data: Writer) -> None:
    data = bundled()
    members = {member["name"]: member for member in data["members"]}
    members["Kazakhstan"]["contributions"] = ["Energy", "Mining"]  # row 10: Energy, Manufacturing
    # Line 1 only names Kyrgyzstan and Tajikistan: it says no year and no contribution.
    members["Kyrgyzstan"].update(year_joined=1991, contributions=["Gas", "Gold"])
    members["Tajikistan"]["contributions"] = ["Oil"]
    path = write_data(data)
    done = bloc("--data", path, "members", "--cite", "-f", "csv", "--fields", "name,line")
    assert done.out.splitlines()[1:] == [
        "Kazakhstan,10",
        "Uzbekistan,11",
        "Turkmenistan,1",
        "Kyrgyzstan,1",
        "Tajikistan,1",
        "Azerbaijan,12",
    ]
    assert done.err == (
        "bloc: warning: members Kazakhstan: line 10 does not say 'Mining'\n"
        "bloc: warning: members Kyrgyzstan: line 1 does not say '1991', 'Gas', 'Gold'\n"
        "bloc: warning: members Tajikistan: line 1 does not say 'Oil'\n"
    )
    # A search match is one value: its record's place must say that value, as a whole cell
    # or one item of it ("Energy" is an item of row 10's cell, "Mining" none).
    fields = ("--cite", "-f", "csv", "--fields", "record,field,value,line", "--no-header")
    done = bloc("--data", path, "search", "mining", *fields)
    assert done.out.splitlines()[:2] == [
        "Kazakhstan,contributions,Mining,10",
        "joint_venture_sectors,item,mining,14",
    ]
    assert done.err == "bloc: warning: members Kazakhstan: line 10 does not say 'Mining'\n"
    done = bloc("--data", path, "search", "energy", *fields)
    assert done.out.splitlines()[:2] == [
        "Kazakhstan,contributions,Energy,10",
        "Azerbaijan,contributions,Energy,12",
    ]
    assert done.err == ""
    done = bloc("--data", path, "search", "1991", *fields)
    assert (done.out, done.err) == (
        "Kyrgyzstan,year_joined,1991,1\n",
        "bloc: warning: members Kyrgyzstan: line 1 does not say '1991'\n",
    )


def test_a_table_row_quote_is_labelled_from_the_first_line_to_the_last(write_data: Writer) -> None:
    # The table is the whole text (no line end after its last row, a cell short): each
    # row is still labelled.
    data = made(
        members=[
            {"name": "Niger", "year_joined": 1992, "contributions": ["Oil"], "newest": False},
            {"name": "Chad", "year_joined": 1960, "contributions": None, "newest": False},
        ]
    )
    columns = {
        "name": "Country",
        "year_joined": "Year Joined",
        "contributions": "Main Contributions",
    }
    data["source"]["provenance"]["members"] = {"heading": None, "columns": columns}
    data["source"]["text"] = (
        "| Country | Year Joined | Main Contributions |\n"
        "|---|---|---|\n"
        "| Niger | 1992 | Oil |\n"
        "| Chad | 1960 |"
    )
    path = write_data(data)
    done = bloc("--data", path, "members", "--cite", "--fields", "name,quote", "-f", "table")
    assert done.out.splitlines()[4:6] == [
        "│ Niger │ Country: Niger · Year Joined: 1992 · Main Contributions: Oil │",
        "│ Chad  │ Country: Chad · Year Joined: 1960                            │",
    ]


def test_line_asked_for_a_table_without_the_text_is_null(write_data: Writer) -> None:
    data = bundled()
    del data["source"]["text"]
    done = bloc("--data", write_data(data), "members", "--fields", "name,line", "-f", "table")
    assert done.code == 0, done.err
    assert "│ Kazakhstan   │ not stated │" in done.out.splitlines()


# --- the article as a reader reads it: headings, sections, sentences, enumerations ----

TWENTY_WORDS = (
    "Leaders from Kazakhstan Uzbekistan Turkmenistan Kyrgyzstan and Tajikistan joined "
    "Azerbaijani representatives in heralding a new chapter of regional collaboration today"
)


def test_a_heading_is_a_short_line_with_no_sentence_end() -> None:
    assert len(TWENTY_WORDS.split()) == 20
    article = Article(
        "\n".join(
            [
                "## Central Asia Embraces Azerbaijan",  # 1: a Markdown heading, without its #s
                "#XX",  # 2: a Markdown heading with no space: its title is "XX"
                "Azerbaijan joined the bloc.",  # 3: a sentence, however short
                "Kazakhstan, Uzbekistan,",  # 4: a list that goes on
                TWENTY_WORDS,  # 5: twenty words and no sentence end: still a title
                TWENTY_WORDS + " again",  # 6: twenty-one words are a paragraph
            ]
        )
    )
    assert article.headings == {1: "Central Asia Embraces Azerbaijan", 2: "XX", 5: TWENTY_WORDS}


def test_a_section_runs_from_the_line_under_its_heading_to_the_next_or_the_end() -> None:
    article = Article(
        "Euronews.com reports.\n"  # 1: the opening paragraph
        "# Members\n"  # 2
        "Azerbaijan joined.\n"  # 3
        "It is the newest member.\n"  # 4
        "# Roadmap\n"  # 5
        "Trade will grow.\n"  # 6
        "Energy will follow."  # 7: the last line, with no line end after it
    )
    assert article.region(None) == range(1, 2)
    assert article.region("Members") == range(3, 5)
    assert article.region("Roadmap") == range(6, 8)
    assert article.region("Security") is None
    # The prose of the whole text leaves the headings out.
    assert list(article.sentences_in(range(1, 8))) == [
        (1, "Euronews.com reports."),
        (3, "Azerbaijan joined."),
        (4, "It is the newest member."),
        (6, "Trade will grow."),
        (7, "Energy will follow."),
    ]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Tesla and SpaceX.", ["Tesla", "SpaceX"]),  # a last letter X is no sentence end
        # Without commas only the first "and" parts two items: the second is a name's own.
        ("trade and research and development", ["trade", "research and development"]),
        ("energy, trade, and culture.", ["energy", "trade", "culture"]),
    ],
)
def test_an_enumeration_s_items_are_its_words_between_commas_and_the_last_and(
    text: str, items: list[str]
) -> None:
    assert enumeration_items(text) == items


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Leaders <em>met</em> in Astana", "Leaders met in Astana"),
        ("Leaders ![the summit](https://x.example/summit.jpg) met", "Leaders  met"),
        ("Read it at https://www.euronews.com today", "Read it at  today"),
        ("**Azerbaijan** joined the `bloc`", "Azerbaijan joined the bloc"),
    ],
    ids=["tag", "image", "url", "emphasis"],
)
def test_markup_is_no_part_of_a_line_s_words(line: str, said: str) -> None:
    assert words(line) == said


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("# Azerbaijan Joins the Bloc.", True),  # a Markdown heading, whatever its end
        ("###", False),  # a Markdown heading needs a title
        ("![Leaders at the summit](https://x.example/summit.jpg)", False),  # an image
        ("Why Azerbaijan", True),
        ("Why Azerbaijan?", False),
        ("Energy and trade;", False),
    ],
)
def test_a_line_is_a_heading_by_its_marks_and_its_end(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_a_table_row_or_a_bullet_is_no_sentence_of_the_prose() -> None:
    article = Article(
        "Key benefits include:\n"
        "- Enhanced energy partnerships.\n"
        "| Country | Year Joined |\n"
        "| Azerbaijan. | 2024. |\n"
        "Trade will grow."
    )
    assert list(article.sentences_in(range(1, 6))) == [
        (1, "Key benefits include:"),
        (5, "Trade will grow."),
    ]


def test_a_list_whose_place_is_found_is_cited_though_an_earlier_list_has_none(
    write_data: Writer,
) -> None:
    # No benefit list has a place (an older dataset's provenance): the stated aims are
    # still found where the article enumerates them.
    data = made()
    data["context"]["stated_aims"] = ["strengthening economic ties", "enhancing security"]
    data["source"]["provenance"]["stated_aims"] = {"heading": None, "lead_in": "aimed at"}
    data["source"]["text"] = "Talks aimed at strengthening economic ties and enhancing security."
    rows = cited("--data", write_data(data), "context", "--list", "stated_aims")
    assert [(row["item"], row["line"]) for row in rows] == [
        ("strengthening economic ties", 1),
        ("enhancing security", 1),
    ]


@pytest.mark.parametrize(
    "heading",
    [None, "Strategic Recommendations"],
    ids=["an empty opening paragraph", "a heading not in the article"],
)
def test_subjects_under_an_empty_or_missing_section_are_stated_nowhere(
    write_data: Writer, heading: str | None
) -> None:
    # "Trade" is the subject of the last line, under the heading "T": not in the section.
    data = made()
    data["context"]["strategic_recommendations"] = ["Trade"]
    data["source"]["provenance"]["strategic_recommendations"] = {
        "heading": heading,
        "subjects": True,
    }
    data["source"]["text"] = "# T\nTrade will grow."
    done = bloc(
        "--data", write_data(data), "context", "--list", "strategic_recommendations",
        "--cite", "-f", "json",
    )  # fmt: skip
    assert [(row["item"], row["line"]) for row in json.loads(done.out)] == [("Trade", None)]
    assert done.err == (
        "bloc: warning: strategic_recommendations Trade: the article states it nowhere\n"
    )


def test_a_search_match_in_the_source_has_no_place_in_the_article() -> None:
    # The outlet, "Euronews.com", is the source's own field, not a record the article states.
    done = bloc("search", "Euronews", "--cite", "-f", "json")
    assert (done.code, done.err) == (0, "")
    assert json.loads(done.out)[0] == {
        "section": "source",
        "record": "source",
        "field": "reported_by",
        "value": "Euronews.com",
        "line": None,
        "quote": None,
    }


def test_an_escaped_pipe_is_a_pipe_inside_a_cell() -> None:
    assert table_cells(r"| Trade \| Transit | 2024 |") == ["Trade | Transit", "2024"]


def test_cited_quotes_each_record_and_labels_no_row_unless_asked() -> None:
    data: Any = bundled()
    warnings: list[str] = []
    records = citations.cited(views.member(data, "Uzbekistan"), data, warnings)
    assert [(row["name"], row["line"], row["quote"]) for row in records.rows] == [
        ("Uzbekistan", 11, LINES[10])
    ]
    assert LINES[10] == "| Uzbekistan | 1993 | Textiles, Agriculture |"
    assert (records.quote_labels, warnings) == ({}, [])
    # Without the quote, the line alone.
    records = citations.cited(views.member(data, "Uzbekistan"), data, warnings, quote=False)
    assert [(row["line"], row["quote"]) for row in records.rows] == [(11, None)]
    # A record the article states nowhere has both, null, and a warning.
    data["members"].append(
        {"name": "Mongolia", "year_joined": None, "contributions": None, "newest": False}
    )
    records = citations.cited(views.member(data, "Mongolia"), data, warnings)
    assert [(row["name"], row["line"], row["quote"]) for row in records.rows] == [
        ("Mongolia", None, None)
    ]
    assert warnings == ["members Mongolia: the article states it nowhere"]


def test_the_heading_above_a_line_is_the_last_heading_before_it() -> None:
    article = Article("Euronews.com reports.\n# Members\nAzerbaijan joined.\n# Roadmap")
    assert [article.heading_above(number) for number in range(1, 5)] == [
        None,
        None,  # a heading is under the one before it, not under itself
        "Members",
        "Members",
    ]
