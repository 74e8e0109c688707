"""`bloc article`: the article's text as the dataset holds it, exact in a pipe, its lines
numbered and ranged like `cat -n`, drawn on a terminal with its tables and bullets.

The article is the bundled one, or a text written here, with the line numbers read off
it by hand.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from bloc_cli.errors import UsageError
from bloc_cli.output.article import render_article
from bloc_cli.output.streams import Streams

from conftest import BUNDLED, bloc, bundled, fake_streams

Writer = Callable[..., str]
ARTICLE: str = json.loads(BUNDLED.read_text(encoding="utf-8"))["source"]["text"]


# --- the bundled article, as `bloc article` shows it ------------------------------------


def test_article_in_a_pipe_is_the_text_byte_for_byte() -> None:
    assert bloc("article").out == ARTICLE
    assert ARTICLE.startswith("In a landmark gathering") and ARTICLE.count("\n") == 37


def test_article_numbers_and_ranges_lines_like_cat_n() -> None:
    result = bloc("article", "--numbered", "--lines", "10-11")
    assert result.out == (
        "    10\t| Kazakhstan | 1992 | Energy, Manufacturing |\n"
        "    11\t| Uzbekistan | 1993 | Textiles, Agriculture |\n"
    )
    assert bloc("article", "--lines", "2").out == (
        "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics\n"
    )


@pytest.mark.parametrize("spec", ["x", "5-2", "0", "99"])
def test_article_lines_out_of_range_are_usage_errors(spec: str) -> None:
    result = bloc("article", "--lines", spec)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith("(see 'bloc article -h')\n")


def test_article_on_a_terminal_draws_its_tables_and_bullets() -> None:
    result = bloc("article", "--lines", "4-12", streams=fake_streams(is_tty=True, width=100))
    assert result.code == 0, result.err
    assert "• Enhanced energy partnerships" in result.out
    assert "| Kazakhstan |" not in result.out  # the pipe table is drawn, not printed
    assert "Kazakhstan" in result.out and "Energy, Manufacturing" in result.out


def test_a_hostile_text_is_inert_on_a_terminal_and_exact_in_a_pipe(write_data: Writer) -> None:
    data = bundled()
    hostile = "Title [bold]x[/bold] \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 end\n"
    data["source"]["text"] = hostile
    path = write_data(data)
    assert bloc("--data", path, "article").out == hostile
    for args in (("article",), ("article", "--numbered")):
        shown = bloc("--data", path, *args, streams=fake_streams(is_tty=True, width=120)).out
        assert "\x1b" not in shown and "\x07" not in shown
        assert "[bold]x[/bold]" in shown and "\\x1b[31mred" in shown


def test_article_line_numbers_past_nine_digits_are_usage_errors() -> None:
    result = bloc("article", "--lines", "9" * 5000)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith("(see 'bloc article -h')\n")


def test_article_on_a_terminal_keeps_the_image_url_and_html_as_text(write_data: Writer) -> None:
    shown = bloc("article", "--lines", "37", streams=fake_streams(is_tty=True, width=80)).out
    url = "https://asia-news.biz/wp-content/uploads/2026/02/220325-contribution"
    assert url in shown.replace("\n", "")  # whole, on one line the terminal may wrap
    data = bundled()
    data["source"]["text"] = "<script>alert(1)</script>\n> quoted\n"
    shown = bloc(
        "--data", write_data(data), "article", streams=fake_streams(is_tty=True, width=120)
    ).out
    assert "<script>alert(1)</script>" in shown and "> quoted" in shown


# --- bloc article -------------------------------------------------------------------------

TEXT = "# Heading\nOne \x1b[31mred.\n| a | b |\n|---|---|\n| 1 | 2 |\n- x\n- y\nLast."


def terminal(*, is_tty: bool = False, width: int = 60) -> Streams:
    return fake_streams(is_tty=is_tty, width=width)


def article(
    text: str = TEXT,
    *,
    numbered: bool = False,
    lines: str | None = None,
    is_tty: bool = False,
    width: int = 60,
) -> str:
    on = terminal(is_tty=is_tty, width=width)
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
        ("-2", "# Heading\nOne \x1b[31mred.\n"),  # from the first line
        ("7-", "- y\nLast.\n"),  # to the last
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


def test_article_wraps_at_spaces_only_and_indents_a_bullet_s_next_lines() -> None:
    assert narrow("See far-reaching", width=10) == "See\nfar-reaching\n"
    assert narrow("- one two three", width=10) == "• one two\n  three\n"


def test_article_lines_are_paragraphs_apart_and_lose_trailing_spaces() -> None:
    assert narrow("First\nSecond", width=40) == "First\n\nSecond\n"
    assert narrow("  indented X  ", width=40) == "  indented X\n"


def test_article_paragraph_after_a_bullet_is_its_own_block() -> None:
    assert narrow("- a\nPara", width=40) == "• a\n\nPara\n"


def test_numbered_article_on_a_terminal_wraps_under_its_text_between_words() -> None:
    line = " ".join(f"word{number}" for number in range(20))  # 129 characters
    shown = article(line + "\n" + "x" * 70 + "\nshort", numbered=True, is_tty=True)
    assert shown == (
        "     1\tword0 word1 word2 word3 word4 word5 word6 word7\n"  # 60 columns
        "        word8 word9 word10 word11 word12 word13 word14\n"
        "        word15 word16 word17 word18 word19\n"
        f"     2\t{'x' * 70}\n"  # a word wider than the screen stands whole
        "     3\tshort\n"
    )
    # In a pipe the lines stay whole, as `cat -n` writes them.
    assert article(line, numbered=True) == f"     1\t{line}\n"


def test_article_wraps_before_a_word_that_would_pass_the_edge_spaces_and_all() -> None:
    assert narrow("aaaa bbbbb", width=10) == "aaaa bbbbb\n"  # ten cells fit ten columns
    assert narrow("aaaa    bbbbb", width=10) == "aaaa\nbbbbb\n"  # the spaces count too


def test_article_table_rows_need_no_closing_pipe_and_may_outgrow_the_header() -> None:
    assert (
        narrow("| a | b |\n|---|---|\n| 1 | 2\n| 3 |  |", width=40) == " a  b\n ────\n 1  2\n 3\n"
    )
    # Cells past the header's stand under no heading.
    assert narrow("| a |\n|---|\n| 1 | 2 | 3 |", width=40) == " a\n ───────\n 1  2  3\n"


def test_article_table_is_drawn_in_cyan_on_a_colour_terminal() -> None:
    on = terminal(is_tty=True)._replace(color=True)
    render_article("| a | b |\n|---|---|\n| 1 | 2 |", on, False, None)
    out = on.stdout
    assert isinstance(out, io.StringIO)
    cyan = "\x1b[36m"
    lines = out.getvalue().split("\n")
    assert (
        lines[1]
        == f"{cyan} \x1b[0m{cyan}a\x1b[0m{cyan} \x1b[0m{cyan} \x1b[0m{cyan}b\x1b[0m{cyan}\x1b[0m"
    )
    assert lines[2] == f"{cyan} ────\x1b[0m"  # the rule under the header
    assert lines[3] == f"{cyan} \x1b[0m1 {cyan} \x1b[0m2{cyan}\x1b[0m"  # the cells uncoloured


def test_numbered_article_on_a_narrow_terminal_keeps_twenty_columns_for_the_text() -> None:
    # 10 columns less the 8 of the number leave 2: the text still gets 20.
    shown = article("aaaa bbbb cccc dddddd x", numbered=True, is_tty=True, width=10)
    assert shown == "     1\taaaa bbbb cccc\n        dddddd x\n"


def test_numbered_article_on_a_terminal_keeps_blank_lines_and_whole_hyphenated_words() -> None:
    text = "a\n\nSee X\nfar-reaching far-reaching far-reaching"
    assert article(text, numbered=True, is_tty=True, width=30) == (
        "     1\ta\n"
        "     2\t\n"  # a blank line is numbered, as `cat -n` numbers it
        "     3\tSee X\n"
        "     4\tfar-reaching\n"
        "        far-reaching\n"
        "        far-reaching\n"
    )


def test_article_table_of_one_column_is_drawn_one_column_wide() -> None:
    assert narrow("| a |\n|---|\n| 1 |", width=40) == " a\n ─\n 1\n"
    assert narrow("| a |\n|---|\n|\n| 1 |", width=40) == " a\n ─\n\n 1\n"  # a row of nothing
