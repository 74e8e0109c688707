"""Every fact cites the article: line and quote on every record, `verify`, and `article`."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from conftest import BUNDLED, bundled, run, run_in_terminal

Writer = Callable[..., str]
TEXT: str = json.loads(BUNDLED.read_text(encoding="utf-8"))["source"]["text"]
LINES = TEXT.split("\n")


def cited(*args: str) -> list[dict[str, Any]]:
    result = run(*args, "--cite", "-f", "json")
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


@pytest.mark.process
@pytest.mark.parametrize("command", list(EXPECTED_LINES), ids=" ".join)
def test_each_record_cites_the_line_of_the_article_that_states_it(command: tuple[str, ...]) -> None:
    rows = cited(*command)
    key = next(iter(rows[0]))
    assert {row[key]: row["line"] for row in rows} == EXPECTED_LINES[command]


@pytest.mark.process
def test_benefits_cite_their_bullets_and_context_items_their_sentences() -> None:
    assert [row["line"] for row in cited("benefits")] == [5, 6, 7, 15, 16, 17, 18]
    threats = cited("context", "--list", "security_threats")
    assert [row["line"] for row in threats] == [19, 19, 19]


@pytest.mark.process
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


@pytest.mark.process
def test_a_table_row_is_its_own_quote_and_a_member_only_named_cites_its_sentence() -> None:
    members = {row["name"]: row["quote"] for row in cited("members")}
    assert members["Kazakhstan"] == "| Kazakhstan | 1992 | Energy, Manufacturing |"
    assert members["Turkmenistan"] == (
        "Euronews.com reports that leaders from Kazakhstan, Uzbekistan, Turkmenistan, "
        "Kyrgyzstan, and Tajikistan joined Azerbaijani representatives in heralding a new "
        "chapter of regional collaboration, signaling a strategic realignment with "
        "far-reaching implications."
    )


@pytest.mark.process
def test_a_value_is_found_only_as_a_whole_phrase(write_data: Writer) -> None:
    data = bundled()
    data["source"]["text"] = "Work on counterterrorism.\nDrug trafficking.\n"
    rows = json.loads(
        run(
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


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "json", "jsonl", "csv", "tsv"])
def test_cite_adds_line_and_quote_in_every_format(fmt: str) -> None:
    result = run("members", "--cite", "-f", fmt, "--since", "2024", env={"COLUMNS": "300"})
    assert result.code == 0, result.err
    row = "| Azerbaijan | 2024 | Energy, Trade Routes |"
    if fmt == "table":  # a person reads each cell after its column heading
        row = "Country: Azerbaijan · Year Joined: 2024 · Main Contributions: Energy, Trade Routes"
    assert row in result.out.replace("\\|", "|")
    if fmt == "json":
        assert json.loads(result.out)[0]["line"] == 12  # an integer, not "12"
    if fmt == "tsv":
        assert result.out.splitlines()[0].endswith("\tline\tquote")


@pytest.mark.process
def test_line_and_quote_can_be_named_without_cite() -> None:
    result = run("member", "uzb", "--fields", "name,line", "-f", "csv", "--no-header")
    assert result.out == "Uzbekistan,11\n"


@pytest.mark.process
def test_without_the_text_line_and_quote_are_null(write_data: Writer) -> None:
    data = bundled()
    del data["source"]["text"]
    rows = json.loads(run("--data", write_data(data), "members", "--cite", "-f", "json").out)
    assert {(row["line"], row["quote"]) for row in rows} == {(None, None)}


# verify ------------------------------------------------------------------------------------


@pytest.mark.process
def test_the_bundled_dataset_passes_verify() -> None:
    result = run("verify")
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


@pytest.mark.process
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
    result = run("--data", write_data(data), "verify", "-f", "json")
    assert result.code == 1
    rows = json.loads(result.out)
    assert any(missing in str(row["value"]) for row in rows), rows
    assert result.err.startswith("verify: ") and result.err.endswith(" checks fail\n")


@pytest.mark.process
def test_verify_all_lists_every_check_with_its_line() -> None:
    rows = json.loads(run("verify", "--all", "-f", "json").out)
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


@pytest.mark.process
def test_verify_without_the_text_is_exit_3(write_data: Writer) -> None:
    data = bundled()
    data["source"]["text"] = None
    result = run("--data", write_data(data), "verify")
    assert (result.code, result.out) == (3, "")
    assert "no source.text" in result.err


# article -----------------------------------------------------------------------------------


@pytest.mark.process
def test_article_in_a_pipe_is_the_text_byte_for_byte() -> None:
    assert run("article").out == TEXT
    assert TEXT.startswith("In a landmark gathering") and TEXT.count("\n") == 37


@pytest.mark.process
def test_article_numbers_and_ranges_lines_like_cat_n() -> None:
    result = run("article", "--numbered", "--lines", "10-11")
    assert result.out == (
        "    10\t| Kazakhstan | 1992 | Energy, Manufacturing |\n"
        "    11\t| Uzbekistan | 1993 | Textiles, Agriculture |\n"
    )
    assert run("article", "--lines", "2").out == (
        "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics\n"
    )


@pytest.mark.process
@pytest.mark.parametrize("spec", ["x", "5-2", "0", "99"])
def test_article_lines_out_of_range_are_usage_errors(spec: str) -> None:
    result = run("article", "--lines", spec)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith("(see 'bloc article -h')\n")


@pytest.mark.process
def test_article_on_a_terminal_draws_its_tables_and_bullets() -> None:
    result = run_in_terminal("article", "--lines", "4-12", env={"NO_COLOR": "1"}, columns=100)
    assert result.code == 0, result.err
    assert "• Enhanced energy partnerships" in result.out
    assert "| Kazakhstan |" not in result.out  # the pipe table is drawn, not printed
    assert "Kazakhstan" in result.out and "Energy, Manufacturing" in result.out


@pytest.mark.process
def test_a_hostile_text_is_inert_on_a_terminal_and_exact_in_a_pipe(write_data: Writer) -> None:
    data = bundled()
    hostile = "Title [bold]x[/bold] \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 end\n"
    data["source"]["text"] = hostile
    path = write_data(data)
    assert run("--data", path, "article").out == hostile
    for args in (("article",), ("article", "--numbered")):
        shown = run_in_terminal("--data", path, *args, env={"NO_COLOR": "1"}).out
        assert "\x1b" not in shown and "\x07" not in shown
        assert "[bold]x[/bold]" in shown and "\\x1b[31mred" in shown


# hostile texts and values -------------------------------------------------------------------


@pytest.mark.process
def test_a_line_of_thousands_of_sentences_is_cited_quickly(write_data: Writer) -> None:
    data = bundled()
    filler = "Filler. " * 30_000
    data["source"]["text"] = f"{filler}Then leaders from Alpha and Omega joined. {filler}\n"
    data["members"] = [
        {"name": name, "year_joined": None, "contributions": None, "newest": False}
        for name in ("Alpha", "Omega")
    ]
    began = time.monotonic()
    result = run("--data", write_data(data), "members", "--cite", "-f", "json")
    assert time.monotonic() - began < 10  # a quadratic quote took 54 s at 32,000 sentences
    rows = json.loads(result.out)
    assert [(row["line"], row["quote"]) for row in rows] == [
        (1, "Then leaders from Alpha and Omega joined.")
    ] * 2


@pytest.mark.process
def test_cite_over_ten_thousand_members_takes_seconds_not_minutes(write_data: Writer) -> None:
    data = bundled()
    data["members"] = [
        {"name": f"m{i}", "year_joined": 1992, "contributions": ["Energy"], "newest": False}
        for i in range(10_000)
    ]
    began = time.monotonic()
    result = run("--data", write_data(data), "members", "--cite", "-f", "csv")
    assert result.code == 0, result.err
    assert time.monotonic() - began < 10
    # None of them is in the article: no line, no quote (not Kazakhstan's row, which holds
    # the same year and contribution), and one warning each, the first twenty written out.
    assert result.out.count(",1992,Energy,false,,\n") == 10_000
    warnings = result.err.splitlines()
    assert warnings[0] == "bloc: warning: members m0: the article states it nowhere"
    assert warnings[20:] == ["bloc: warning: and 9980 more (bloc verify lists every one)"]


@pytest.mark.process
def test_a_blank_value_is_never_found_in_the_article(write_data: Writer) -> None:
    data = bundled()
    data["benefits"]["economic"].append("")
    result = run("--data", write_data(data), "verify", "-f", "json")
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


@pytest.mark.process
def test_search_cites_the_row_of_the_record_that_matched() -> None:
    rows = cited("search", "energy", "--fields", "record,value,line")
    assert {"record": "Azerbaijan", "value": "Energy", "line": 12} in rows
    assert {"record": "Kazakhstan", "value": "Energy", "line": 10} in rows


@pytest.mark.process
def test_carriage_returns_are_no_part_of_a_quote(write_data: Writer) -> None:
    data = bundled()
    data["source"]["text"] = TEXT.replace("\n", "\r\n")
    row = json.loads(run("--data", write_data(data), "member", "kaz", "--cite", "-f", "json").out)
    assert row["quote"] == "| Kazakhstan | 1992 | Energy, Manufacturing |"


@pytest.mark.process
def test_article_line_numbers_past_nine_digits_are_usage_errors() -> None:
    result = run("article", "--lines", "9" * 5000)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith("(see 'bloc article -h')\n")


@pytest.mark.process
def test_article_on_a_terminal_keeps_the_image_url_and_html_as_text(write_data: Writer) -> None:
    shown = run_in_terminal("article", "--lines", "37", env={"NO_COLOR": "1"}, columns=80).out
    url = "https://asia-news.biz/wp-content/uploads/2026/02/220325-contribution"
    assert url in shown.replace("\n", "")  # whole, on one line the terminal may wrap
    data = bundled()
    data["source"]["text"] = "<script>alert(1)</script>\n> quoted\n"
    shown = run_in_terminal("--data", write_data(data), "article", env={"NO_COLOR": "1"}).out
    assert "<script>alert(1)</script>" in shown and "> quoted" in shown
