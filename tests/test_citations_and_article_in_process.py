"""In-process tests of citations (line and quote, `verify`) and of `bloc article`.

Fast (no subprocess): these are the tests mutation testing runs (see README, Development).
Every article text here is written here, with the line numbers and quotes read off it by hand.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from bloc_cli.citations import (
    VERIFY_FIELDS,
    Article,
    article_of,
    cited,
    stated_values,
    verify,
)
from bloc_cli.errors import DataError, UsageError
from bloc_cli.model import Dataset
from bloc_cli.output.article import render_article
from bloc_cli.output.terminal import Terminal
from bloc_cli.records import Records

from conftest import PROVENANCE_SECTIONS, fake_terminal

# --- line: the first line that states a value, as a whole phrase ----------------------


@pytest.mark.parametrize(
    ("text", "value", "line"),
    [
        ("counterterrorism here\nterrorism there", "terrorism", 2),
        ("terrorism-related\nx", "terrorism", 1),  # a hyphen ends a phrase
        ("(terrorism)", "terrorism", 1),
        ("in 19921\nin 1992.", "1992", 2),  # digits are part of a word
        ("energy\nEnergy", "Energy", 2),  # case exact
        ("a\nTrade & Infrastructure, and", "Trade & Infrastructure", 2),
        ("x\ny", "Energy", None),
        ("heating oil", "eating", None),
        ("Oil_x\nOil", "Oil", 2),  # an underscore is part of a word
        ("a.b\nx", "a.b", 1),  # punctuation is matched as written
        ("aXb\na.b", "a.b", 2),  # . is not any character
    ],
)
def test_line_is_the_first_line_that_states_the_whole_phrase(
    text: str, value: str, line: int | None
) -> None:
    assert Article(text).line_of(value) == line


def test_lines_are_numbered_from_one_and_split_on_newlines_only() -> None:
    # A \r before \n belongs to the line end (CRLF text), not to the line.
    article = Article("first\nsecond\r\nthird\rstill third")
    assert article.lines == ["first", "second", "third\rstill third"]
    assert article.line_of("first") == 1
    assert article.line_of("third") == 3


# --- cite: the line holding the most values, and the smallest quote ------------------


def test_cite_chooses_the_line_with_the_most_values() -> None:
    article = Article("Alpha only.\nAlpha and Beta.\nAlpha, Beta and Gamma.\nBeta.")
    assert article.cite(["Alpha", "Beta", "Gamma"]) == (3, "Alpha, Beta and Gamma.")
    assert article.cite(["Beta", "Alpha"]) == (2, "Alpha and Beta.")


def test_cite_takes_the_first_line_on_a_tie() -> None:
    article = Article("x\nOne Alpha. Beta here.\nTwo Alpha and Beta.")
    assert article.cite(["Alpha", "Beta"]) == (2, "One Alpha. Beta here.")
    assert article.cite(["Beta"]) == (2, "Beta here.")


def test_cite_of_values_the_article_does_not_state_is_null() -> None:
    article = Article("Alpha.\nBeta.")
    assert article.cite(["Gamma"]) == (None, None)
    assert article.cite([]) == (None, None)
    assert article.cite(["lph"]) == (None, None)  # not a whole phrase


def test_quote_is_the_smallest_run_of_whole_sentences_that_holds_every_value() -> None:
    article = Article("One Alpha. Two Beta! Three Gamma? Four Delta.")
    assert article.cite(["Beta"]) == (1, "Two Beta!")
    assert article.cite(["Gamma"]) == (1, "Three Gamma?")
    assert article.cite(["Alpha", "Beta"]) == (1, "One Alpha. Two Beta!")
    assert article.cite(["Beta", "Gamma"]) == (1, "Two Beta! Three Gamma?")
    assert article.cite(["Gamma", "Beta"]) == (1, "Two Beta! Three Gamma?")
    assert article.cite(["Alpha", "Gamma"]) == (1, "One Alpha. Two Beta! Three Gamma?")
    assert article.cite(["Delta"]) == (1, "Four Delta.")
    assert article.cite(["Alpha", "Delta"]) == (1, "One Alpha. Two Beta! Three Gamma? Four Delta.")


def test_quote_is_the_first_sentence_that_holds_a_value_stated_twice() -> None:
    assert Article("Alpha one. Alpha two.").cite(["Alpha"]) == (1, "Alpha one.")


def test_quote_holds_only_the_values_found_on_its_line() -> None:
    article = Article("One Alpha. Two Beta.\nGamma.")
    assert article.cite(["Beta", "Gamma", "Zeta"]) == (1, "Two Beta.")


def test_quote_ends_a_sentence_only_at_a_stop_followed_by_space() -> None:
    article = Article("Version 2.5 of Alpha.  Then   Beta.\tAnd Gamma")
    assert article.cite(["Alpha"]) == (1, "Version 2.5 of Alpha.")
    assert article.cite(["Beta"]) == (1, "Then   Beta.")
    assert article.cite(["Gamma"]) == (1, "And Gamma")


@pytest.mark.parametrize(
    "line",
    ["| Alpha | Beta. Gamma. |", "- Alpha. Beta is here. Gamma.", "|Alpha. Beta."],
)
def test_a_table_row_or_a_bullet_is_quoted_whole(line: str) -> None:
    assert Article(f"x\n{line}").cite(["Beta"]) == (2, line)


def test_a_line_that_only_starts_with_a_dash_is_not_a_bullet() -> None:
    assert Article("-Alpha. Beta.").cite(["Beta"]) == (1, "Beta.")
    assert Article("-- Alpha. Beta.").cite(["Beta"]) == (1, "Beta.")


def test_a_value_that_runs_across_sentences_is_quoted_with_both() -> None:
    assert Article("Zero. Alpha. Beta here. End.").cite(["Alpha. Beta"]) == (
        1,
        "Alpha. Beta here.",
    )


# --- the values a record states -------------------------------------------------------


def test_stated_values_are_text_numbers_as_digits_and_list_items() -> None:
    row: dict[str, Any] = {
        "name": "Niger",
        "year": 1992,
        "items": ["Oil", "Gas"],
        "missing": None,
        "newest": True,
        "share": 1.5,
        "target": {"change_pct": 25},
        "note": "",
    }
    assert stated_values(row, ["items", "year", "name", "missing", "newest", "share"]) == [
        "Oil",
        "Gas",
        "1992",
        "Niger",
    ]
    assert stated_values(row, ["target", "absent"]) == []
    assert stated_values(row, ["note"]) == [""]
    assert stated_values({"flag": False, "zero": 0}, ["flag", "zero"]) == ["0"]


def test_cited_records_carry_line_and_quote_on_every_row() -> None:
    records = Records(
        title="t",
        fields=("name", "year", "line", "quote"),
        rows=[
            {"name": "Niger", "year": 1992},
            {"name": "Chad", "year": None},
            {"name": "Mali", "year": 2000},
        ],
        stated_fields=("name", "year"),
    )
    article = Article("Intro.\nChad is here. Niger joined in 1992. More.\nNiger alone.")
    assert list(cited(records, article).rows) == [
        {"name": "Niger", "year": 1992, "line": 2, "quote": "Niger joined in 1992."},
        {"name": "Chad", "year": None, "line": 2, "quote": "Chad is here."},
        {"name": "Mali", "year": 2000, "line": None, "quote": None},
    ]
    assert list(cited(records, None).rows) == [
        {"name": "Niger", "year": 1992, "line": None, "quote": None},
        {"name": "Chad", "year": None, "line": None, "quote": None},
        {"name": "Mali", "year": 2000, "line": None, "quote": None},
    ]
    assert cited(records, article).title == "t"


def test_cited_uses_only_the_stated_fields() -> None:
    records = Records(
        title="t",
        fields=("name", "kind"),
        rows=[{"name": "Beta", "kind": "Alpha"}],
        stated_fields=("name",),
    )
    assert list(cited(records, Article("Alpha.\nBeta.")).rows)[0]["line"] == 2


# --- verify -----------------------------------------------------------------------------


def dataset(text: str | None = "Title T\nNiger joined in 1992.\n") -> Dataset:
    """One member with three stated values (Oil is not in the text) and a title."""
    source: dict[str, Any] = {
        "title": "T",
        "reported_by": None,
        "page_url": None,
        "image_caption": None,
        "image_url": None,
        "provenance": dict.fromkeys(PROVENANCE_SECTIONS),
    }
    if text is not None:
        source["text"] = text
    data: dict[str, Any] = {
        "source": source,
        "members": [
            {"name": "Niger", "year_joined": 1992, "contributions": ["Oil"], "newest": False}
        ],
        "security": [],
        "roadmap": [],
        "benefits": {"membership": [], "economic": []},
        "context": {
            "stated_aims": [],
            "shared_challenges": [],
            "security_threats": [],
            "joint_venture_sectors": [],
            "strategic_recommendations": [],
        },
    }
    return data  # type: ignore[return-value]


def test_verify_lists_the_values_not_in_the_article_and_counts_them() -> None:
    records = verify(dataset())
    assert records.title == "Values not in the article"
    assert list(records.rows) == [
        {
            "section": "members",
            "record": "Niger",
            "field": "contributions",
            "value": "Oil",
            "line": None,
        }
    ]
    assert records.fields == VERIFY_FIELDS == ("section", "record", "field", "value", "line")
    assert records.default_fields == ("section", "record", "field", "value")
    assert records.summary == "3 of 4 values found in the article"
    assert records.exit_code == 1
    assert records.noun == ("value", "values")
    assert records.empty_message == ""
    assert records.word_fields == frozenset({"section", "field"})


def test_verify_every_lists_each_value_with_its_line() -> None:
    records = verify(dataset(), every=True)
    assert records.title == "Values checked against the article"
    assert [(row["field"], row["value"], row["line"]) for row in records.rows] == [
        ("name", "Niger", 2),
        ("year_joined", "1992", 2),
        ("contributions", "Oil", None),
        ("title", "T", 1),
    ]
    assert records.default_fields == VERIFY_FIELDS
    assert records.exit_code == 1
    assert records.summary == "3 of 4 values found in the article"


def test_verify_of_an_article_that_states_every_value_exits_zero() -> None:
    records = verify(dataset("T\nNiger, 1992: Oil."))
    assert list(records.rows) == []
    assert records.summary == "4 of 4 values found in the article"
    assert records.exit_code == 0


@pytest.mark.parametrize("text", [None, ""])
def test_verify_needs_the_article_text(text: str | None) -> None:
    with pytest.raises(DataError) as raised:
        verify(dataset(text))
    assert str(raised.value) == (
        "the dataset has no source.text: there is no article to verify against"
    )
    assert article_of(dataset(text)) is None


def test_article_of_a_dataset_is_its_text_line_by_line() -> None:
    article = article_of(dataset("a\nb"))
    assert article is not None and article.lines == ["a", "b"]


# --- bloc article -------------------------------------------------------------------------

TEXT = "# Heading\nOne \x1b[31mred.\n| a | b |\n|---|---|\n| 1 | 2 |\n- x\n- y\nLast."


def terminal(*, is_tty: bool = False, width: int = 60) -> Terminal:
    return fake_terminal(is_tty=is_tty, width=width)


def article(
    text: str = TEXT, *, numbered: bool = False, lines: str | None = None, is_tty: bool = False
) -> str:
    on = terminal(is_tty=is_tty)
    render_article(text, on, numbered, lines)
    out = on.stdout
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_article_in_a_pipe_is_the_exact_text() -> None:
    assert article() == TEXT
    assert article(TEXT + "\n") == TEXT + "\n"


@pytest.mark.parametrize(
    ("lines", "shown"),
    [
        ("2-3", "One \x1b[31mred.\n| a | b |\n"),
        ("1", "# Heading\n"),
        (" 8 ", "Last.\n"),
        ("7-100", "- y\nLast.\n"),
        ("3-3", "| a | b |\n"),
    ],
)
def test_article_lines_are_a_range_from_one(lines: str, shown: str) -> None:
    assert article(lines=lines) == shown
    assert article(TEXT + "\n", lines=lines) == shown  # the final newline is no line 9


def test_numbered_article_numbers_its_lines_as_cat_n_does() -> None:
    assert article(lines="2-3", numbered=True) == "     2\tOne \x1b[31mred.\n     3\t| a | b |\n"
    assert article("a\nb\n", numbered=True) == "     1\ta\n     2\tb\n"
    # On a terminal the control characters are shown as escapes.
    assert article(lines="2", numbered=True, is_tty=True) == "     2\tOne \\x1b[31mred.\n"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("0", "--lines: '0': lines are numbered from 1"),
        ("0-2", "--lines: '0-2': lines are numbered from 1"),
        ("3-2", "--lines: '3-2' runs backwards (write the first line first)"),
        ("9", "--lines: the article has 8 lines (try --lines 1-8)"),
        ("9-12", "--lines: the article has 8 lines (try --lines 1-8)"),
        ("9-", "--lines: the article has 8 lines (try --lines 1-8)"),
        ("a", "--lines: 'a' is not A-B, A-, -B or A (line numbers)"),
        ("-", "--lines: '-' is not A-B, A-, -B or A (line numbers)"),
        ("1--2", "--lines: '1--2' is not A-B, A-, -B or A (line numbers)"),
        ("1,2", "--lines: '1,2' is not A-B, A-, -B or A (line numbers)"),
        ("", "--lines: '' is not A-B, A-, -B or A (line numbers)"),
    ],
)
def test_article_lines_that_are_no_range_are_a_usage_error(lines: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        article(lines=lines)
    assert str(raised.value) == message
    assert raised.value.exit_code == 2


def test_article_on_a_terminal_draws_headings_tables_and_bullets() -> None:
    drawn = article(is_tty=True)
    lines = drawn.split("\n")
    # A paragraph is shown as written (the article's headings are plain lines): a `#` stays.
    assert lines[0] == "# Heading"
    assert "One \\x1b[31mred." in drawn and "\x1b" not in drawn
    # The pipe table, drawn: its cells without pipes, a rule under the header.
    assert "| a | b |" not in drawn and "|---|" not in drawn
    assert [line.split() for line in lines if "a" in line.split() or "1" in line.split()] == [
        ["a", "b"],
        ["1", "2"],
    ]
    assert any(set(line.strip()) == {"─"} for line in lines)
    assert sum(line.strip().startswith("•") for line in lines) == 2
    assert all(line == line.rstrip(" ") for line in lines)


def test_article_rows_cut_from_a_table_stay_one_per_line() -> None:
    drawn = article("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |", lines="3-4", is_tty=True)
    rows = [line.strip() for line in drawn.split("\n") if line.strip()]
    assert rows == ["| 1 | 2 |", "| 3 | 4 |"]


def test_article_lines_of_a_list_stay_a_list() -> None:
    drawn = article("- one\n- two\nthree", is_tty=True)
    rows = [line.strip() for line in drawn.split("\n") if line.strip()]
    assert rows == ["• one", "• two", "three"]


def drawn_lines(text: str, lines: str | None = None) -> list[str]:
    return article(text, lines=lines, is_tty=True).split("\n")


def test_article_bullets_in_a_row_are_one_list() -> None:
    assert drawn_lines("- one\n- two") == ["• one", "• two", ""]


def test_article_line_after_a_table_row_or_before_it_is_its_own_paragraph() -> None:
    assert drawn_lines("Intro\n| 1 | 2 |") == ["Intro", "", "| 1 | 2 |", ""]
    assert drawn_lines("| 1 | 2 |\nAfter") == ["| 1 | 2 |", "", "After", ""]


def test_article_table_of_a_header_alone_is_drawn_as_a_table() -> None:
    drawn = article("| a | b |\n|---|---|", is_tty=True)
    assert "|" not in drawn and drawn.split() == ["a", "b", "────"]


def test_article_links_are_not_made_terminal_hyperlinks() -> None:
    on = terminal(is_tty=True)._replace(color=True)
    render_article("See [the site](https://x.y).", on, False, None)
    out = on.stdout
    assert isinstance(out, io.StringIO)
    assert "\x1b]8;" not in out.getvalue()


# --- quote: the shortest window, a one-character value, a blank value ---------------------


def test_quote_prefers_a_later_shorter_window_to_an_earlier_longer_one() -> None:
    article = Article("Alpha joined. Filler one. Filler two. Alpha and Beta met.")
    assert article.cite(["Alpha", "Beta"]) == (1, "Alpha and Beta met.")


def test_quote_keeps_the_first_of_two_windows_as_short() -> None:
    article = Article("Intro here. Alpha joined. Beta followed. Alpha left. Beta stayed.")
    assert article.cite(["Alpha", "Beta"]) == (1, "Alpha joined. Beta followed.")


def test_quote_of_a_one_character_value_that_starts_a_sentence() -> None:
    article = Article("Alpha left. 5 joined. Then 7.")
    assert article.cite(["5"]) == (1, "5 joined.")
    assert article.cite(["7"]) == (1, "Then 7.")


@pytest.mark.parametrize("value", ["", " ", "  "])
def test_a_blank_value_is_stated_on_no_line(value: str) -> None:
    assert Article("a b\nc  d\n").lines_of(value) == ()


# --- article on a terminal: long words overflow whole, ASCII bullets, edges kept ----------


def narrow(text: str, *, width: int = 12, unicode: bool = True) -> str:
    on = terminal(is_tty=True, width=width)._replace(unicode=unicode)
    render_article(text, on, False, None)
    out = on.stdout
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_article_word_longer_than_the_screen_overflows_whole() -> None:
    url = "https://example.org/a/long/path"
    assert narrow(f"- {url}\n- b") == f"• {url}\n• b\n"
    assert narrow(f"See {url} now") == f"See\n{url}\nnow\n"


def test_article_bullets_are_dashes_where_the_terminal_has_no_unicode() -> None:
    assert narrow("- one\n- two", unicode=False) == "- one\n- two\n"


def test_article_keeps_leading_spaces_and_edge_letters() -> None:
    assert narrow("  indented X", width=40) == "  indented X\n"
    assert narrow("X marks\n- X", width=40) == "X marks\n\n• X\n"


def test_a_value_ending_at_a_sentence_stop_is_quoted_without_the_next_sentence() -> None:
    article = Article("Zero. Alpha. Beta here.")
    assert article.cite(["Alpha."]) == (1, "Alpha.")


def test_article_wraps_at_spaces_only_and_indents_a_bullet_s_next_lines() -> None:
    assert narrow("See far-reaching", width=10) == "See\nfar-reaching\n"
    assert narrow("- one two three", width=10) == "• one two\n  three\n"


def test_article_lines_are_paragraphs_apart_and_lose_trailing_spaces() -> None:
    assert narrow("First\nSecond", width=40) == "First\n\nSecond\n"
    assert narrow("  indented X  ", width=40) == "  indented X\n"


def test_article_paragraph_after_a_bullet_is_its_own_block() -> None:
    assert narrow("- a\nPara", width=40) == "• a\n\nPara\n"
