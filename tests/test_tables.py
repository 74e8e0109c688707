"""Terminal tables and cards: what a person sees at a terminal (here 100 and 60 columns
wide): a title, whole words, bullets, a count and the source, an empty result as one
sentence, null as "not stated", colour only on a colour terminal.

The records written here test the table renderer itself; the commands (in this process,
on a terminal of a given width: `fake_streams`) test what each command asks of it, with
the article's values. What every format writes is tests/test_formats.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from test_formats import ROWS, rendered, sample, terminal

from bloc_cli.output import Format, emit
from bloc_cli.records import Blob, Records

from conftest import bloc, bundled, fake_streams

WIDTHS = [100, 60]
IMAGE_URL = (
    "https://asia-news.biz/wp-content/uploads/2026/02/"
    "220325-contribution-central-asia-on-threshold-of-a-new-era-the-korea-herald-350x250.jpg"
)


def screen(*args: str, columns: int = 100, unicode: bool = True) -> list[str]:
    """The lines `bloc ARGS` shows on a terminal `columns` wide (without colour)."""
    result = bloc(*args, streams=fake_streams(is_tty=True, width=columns, unicode=unicode))
    assert result.code == 0, result.err
    return result.out.split("\n")


def rows_of(*args: str) -> list[dict[str, Any]]:
    result = bloc(*args, "-f", "json")
    assert result.code == 0, result.err
    rows: list[dict[str, Any]] = json.loads(result.out)
    return rows


# --- an empty result says so -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("members", "--since", "2030"), "No members match --since 2030."),
        (
            ("members", "-c", "gold", "--until", "2000"),
            "No members match --contribution gold --until 2000.",
        ),
        (("security", "--aspect", "zzz"), "No aspects match --aspect zzz."),
        (("roadmap", "--area", "space"), "No priority areas match --area space."),
        (("sql", "SELECT * FROM members WHERE 0"), "The query returned no rows."),
    ],
)
def test_an_empty_result_is_one_sentence_on_stderr(args: tuple[str, ...], sentence: str) -> None:
    result = bloc(*args, streams=fake_streams(is_tty=True, width=100))
    assert (result.code, result.out, result.err) == (0, "", sentence + "\n")


def test_an_empty_result_in_a_pipe_or_in_a_data_format_is_the_empty_result() -> None:
    piped = bloc("members", "--since", "2030")
    assert (piped.out, piped.err) == ("name\tyear_joined\tcontributions\tnewest\n", "")
    assert bloc("members", "--since", "2030", "-f", "json").out == "[]\n"
    json_on_a_terminal = bloc(
        "members", "--since", "2030", "-f", "json", streams=terminal(is_tty=True)
    )
    assert (json_on_a_terminal.out, json_on_a_terminal.err) == ("[]\n", "")


# --- list items are visibly items ------------------------------------------------------------


@pytest.mark.parametrize("columns", WIDTHS)
def test_list_items_start_with_a_bullet_and_continue_indented(columns: int) -> None:
    lines = screen("roadmap", "--area", "energy", columns=columns)
    cells = [line.split("│")[2] for line in lines if line.count("│") >= 3]
    text = [cell.strip() for cell in cells if cell.strip()]
    # "Joint renewable energy projects" and "share resources": two items, two bullets.
    assert sum(cell.startswith("• ") for cell in text) == 2
    first = next(index for index, cell in enumerate(cells) if "• Joint" in cell)
    bullet_at = cells[first].index("•")
    # Every line of the first item after its first starts under its first word.
    for cell in cells[first + 1 :]:
        if "•" in cell:
            break
        assert cell[bullet_at : bullet_at + 2] == "  " and cell[bullet_at + 2] != " "


def test_a_terminal_without_unicode_gets_ascii_bullets_and_borders() -> None:
    lines = screen("members", unicode=False)
    assert "| Kazakhstan   |        1992 | - Energy        | no     |" in lines
    assert all(line.isascii() for line in lines)


# --- no word is cut in the middle; no URL is folded ------------------------------------------


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize(
    "args", [("roadmap",), ("about",), ("context",), ("members",), ("security", "--compare")]
)
def test_no_word_is_cut_in_the_middle(args: tuple[str, ...], columns: int) -> None:
    lines = screen(*args, columns=columns)
    assert max(len(line) for line in lines) <= columns
    words = re.findall(r"[\w&’.,%/()+-]+", " ".join(lines))
    expected = {
        word
        for row in rows_of(*args)
        for value in row.values()
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, str)
        for word in item.split()
    }
    # The words the issue saw cut, and every word of the data, stand whole on screen.
    for word in expected:
        assert word in words or word.replace("_", " ").capitalize() in " ".join(lines), word
    for word in ("Infrastructure", "transnational"):
        if args == ("roadmap",):
            assert word in words


def test_field_names_shown_to_people_are_words() -> None:
    text = "\n".join(screen("about"))
    assert "Joint venture sectors" in text and "joint_venture_sectors" in text  # the command
    assert "│ joint_venture_sectors " not in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_a_url_is_never_folded(columns: int) -> None:
    lines = screen("about", "--source", columns=columns)
    assert any(line.endswith(IMAGE_URL) for line in lines), lines
    # The source's image_url and the article's image line (line 37) match: too wide for a
    # table, they are cards, each URL whole at the end of its line.
    found = screen("search", "asia-news", columns=columns)
    assert any(line.endswith(IMAGE_URL) for line in found), found


# --- about fits a screen ---------------------------------------------------------------------


def test_about_is_an_overview_that_fits_a_screen() -> None:
    lines = [line for line in screen("about") if line]
    assert len(lines) < 30
    text = "\n".join(lines)
    assert "Economic and Security Implications" not in text  # headings only on request
    assert "bloc context --list security_threats" in text


# --- one rule for null -----------------------------------------------------------------------


def test_a_missing_target_does_not_apply_while_an_unknown_year_is_not_stated() -> None:
    roadmap = "\n".join(screen("roadmap", "--fields", "area,target"))
    assert re.search(r"Energy Cooperation\s+│ –", roadmap)
    assert "│ not stated" not in roadmap
    members = "\n".join(screen("members", "--fields", "name,year_joined"))
    assert re.search(r"Turkmenistan\s+│ not stated", members)


def test_does_not_apply_is_a_dash_and_an_ascii_one_without_unicode() -> None:
    # "+25% in 5 years (4.56%/yr) *" is the widest target: 28 columns.
    fields = ("roadmap", "-f", "table", "--fields", "area,target")
    unicode = bloc(*fields, streams=fake_streams(unicode=True)).out.split("\n")
    assert f"│ Energy Cooperation              │ {'–':28} │" in unicode
    # A table asked for in a pipe that cannot carry Unicode (PYTHONIOENCODING=ascii).
    ascii = bloc(*fields, streams=fake_streams(unicode=False)).out
    assert f"| Energy Cooperation              | {'-':28} |" in ascii.split("\n")
    assert ascii.isascii()


# --- captions: left-aligned, one form, a row count ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "count", "source"),
    [
        (("members",), "6 members", "Central Asia Embraces Azerbaijan"),
        (("members", "--since", "1993"), "2 of 6 members", "Central Asia Embraces Azerbaijan"),
        (("benefits",), "7 benefits", "Economic and Security Implications"),
        (("benefits", "--kind", "economic"), "4 of 7 benefits", "Economic and Security"),
        # Azerbaijan's contribution, and the article's own line 12 (its table row)
        (("search", "trade routes"), "2 matches", "Central Asia Embraces Azerbaijan"),
        (("context", "--list", "stated_aims"), "3 of 16 items", "opening paragraph"),
        (("security",), "4 aspects", "Economic and Security Implications"),
    ],
)
@pytest.mark.parametrize("columns", WIDTHS)
def test_captions_are_left_aligned_with_a_count_and_the_source(
    args: tuple[str, ...], count: str, source: str, columns: int
) -> None:
    lines = screen(*args, columns=columns)
    assert count in lines, lines  # a line of its own, from the first column
    sources = [line for line in lines if line.startswith("Source: Euronews.com, ")]
    assert len(sources) == 1 and source in " ".join(lines)


def test_a_card_folds_a_long_word_and_lists_a_url_in_a_list_under_it(
    write_data: Callable[[object], str],
) -> None:
    data = bundled()
    url = "https://example.org/" + "a" * 150
    data["members"][0]["name"] = "Long" + "y" * 300
    data["members"][0]["contributions"] = [url]
    lines = screen("--data", write_data(data), "member", "long", columns=60)
    assert "…" not in "".join(lines)  # folded, never cut with an ellipsis
    assert "".join(lines).count("y") >= 300
    assert f"[1] {url}" in lines


# --- narrow terminals: nothing a person types is cut; numbers right-align ----------------------


def numbered_entries(lines: list[str]) -> list[list[str]]:
    """The screen rows of `article --numbered`, each article line's rows together."""
    entries: list[list[str]] = []
    for line in lines:
        if re.match(r" *[0-9]+\t", line):
            entries.append([line.split("\t", 1)[1]])
        elif line:
            assert line.startswith(" " * 8) and line[8] != " ", line  # under the text
            entries[-1].append(line[8:])
    return entries


@pytest.mark.parametrize("columns", WIDTHS)
def test_numbered_article_wraps_under_its_text_and_cuts_no_word(columns: int) -> None:
    lines = screen("article", "--numbered", columns=columns)
    article = bloc("article").out.split("\n")[:-1]
    entries = numbered_entries(lines)
    assert len(entries) == len(article)
    for rows, line in zip(entries, article, strict=True):
        assert " ".join(rows).split() == line.split(), line  # every word, whole, in order
        for row in rows:  # each row fits behind the number, unless one word is wider
            assert len(row) <= columns - 8 or " " not in row, row
    assert any(len(rows) > 1 for rows in entries)


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (("search", "energy"), ("record",)),
        (("sql", "--tables"), ("table", "column", "references")),
        (("about",), ("command",)),
    ],
    ids=["search", "sql-tables", "about"],
)
def test_what_a_person_types_stands_whole_on_one_line_at_60_columns(
    args: tuple[str, ...], typed: tuple[str, ...]
) -> None:
    lines = screen(*args, columns=60)
    assert max(len(line) for line in lines) <= 60
    values = {row[field] for row in rows_of(*args) for field in typed if row[field]}
    for value in values:
        assert any(re.search(rf"(^|[ │]){re.escape(value)}( |│|$)", line) for line in lines), value


def test_a_table_too_wide_for_the_terminal_becomes_cards() -> None:
    lines = screen("search", "energy", columns=60)
    assert not any("│" in line for line in lines)  # no table, but a card a record
    assert "Record   strategic_recommendations" in lines
    assert "Value    Joint renewable energy projects" in lines  # words, not a word a line
    # The count stays: 9 values of the dataset, and the 8 lines of the article with the
    # word (3, 5, 10, 12, 14, 16, 27, 32: `bloc article | grep -n -i energy`).
    assert "17 matches" in lines
    assert "Record   Kazakhstan" == lines[lines.index("Section  Members") + 1]
    assert lines[lines.index("Value    Energy") + 1] == ""  # a blank line between records
    # Where the table fits, it is a table.
    assert any("│ Record " in line for line in screen("search", "energy", columns=100))


def test_numbers_right_align_and_words_stay_left() -> None:
    about = screen("about")
    assert re.search(r"│ Members +│     6 │ bloc members +│", "\n".join(about))
    members = "\n".join(screen("members", "--fields", "name,year_joined"))
    assert "│ Kazakhstan   │        1992 │" in members
    assert "│ Turkmenistan │ not stated  │" in members  # text stays left among numbers
    query = "\n".join(screen("sql", "SELECT 'a' AS name, 1234567 AS big UNION SELECT 'b', 3"))
    assert "│ a    │ 1234567 │" in query and "│ b    │       3 │" in query


# --- terminal tables: behaviour that any layout keeps ------------------------------


def cell_rows(text: str) -> list[list[str]]:
    """The cells of each line of a bordered table that has cells (rules and titles dropped)."""
    lines = [
        line
        for line in text.split("\n")
        if line.startswith(("│", "|")) and not set(line) <= set("|+-=: ")
    ]
    separator = "│" if lines and lines[0].startswith("│") else "|"
    return [[cell.strip() for cell in line.split(separator)[1:-1]] for line in lines]


def table_cells(
    records: Records, fields: Sequence[str] | None = None, *, width: int = 200, **on: bool
) -> list[list[str]]:
    return cell_rows(rendered(Format.TABLE, records, fields, on=terminal(width=width, **on)))


def test_table_shows_booleans_as_yes_and_no_and_null_as_not_stated() -> None:
    assert table_cells(sample(), ["name", "year", "code", "newest", "note"]) == [
        ["Name", "Year", "Code", "Newest", "Note"],
        ["Niger", "1992", "007", "yes", "not stated"],
        ["chad", "not stated", "1e5", "no", "1992"],
    ]


def test_table_shows_null_as_the_records_say() -> None:
    records = sample(null_text="-")
    assert table_cells(records, ["name", "year"]) == [
        ["Name", "Year"],
        ["Niger", "1992"],
        ["chad", "-"],
    ]


def test_table_shows_list_items_as_bullets_and_a_target_as_prose() -> None:
    records = Records(
        title="t",
        fields=("items", "target"),
        rows=[
            {"items": ["one", "two"], "target": {"change_pct": 25, "years": 5, "annual_pct": 4.56}}
        ],
    )
    assert table_cells(records) == [
        ["Items", "Target"],
        ["• one", "+25% in 5 years (4.56%/yr)"],
        ["• two", ""],
    ]
    assert table_cells(records, unicode=False)[1:] == [
        ["- one", "+25% in 5 years (4.56%/yr)"],
        ["- two", ""],
    ]


def test_table_without_header_has_only_the_rows() -> None:
    text = rendered(Format.TABLE, sample(), ["name", "code"], header=False)
    assert cell_rows(text) == [["Niger", "007"], ["chad", "1e5"]]


CHANGES = Records(
    title="Security",
    fields=("aspect", "before", "after"),
    rows=[
        {"aspect": "Borders", "before": "Fragmented", "after": "Centralized"},
        {"aspect": "Funding", "before": "Steady", "after": "Steady"},
        {"aspect": "Reach", "before": None, "after": "Wide"},
        {"aspect": "Unknown", "before": None, "after": None},
    ],
    change_marker=("before", "after"),
)


def test_change_arrow_only_where_before_and_after_differ() -> None:
    assert table_cells(CHANGES) == [
        ["Aspect", "Before", "", "After"],
        ["Borders", "Fragmented", "→", "Centralized"],
        ["Funding", "Steady", "=", "Steady"],
        ["Reach", "not stated", "→", "Wide"],
        ["Unknown", "not stated", "=", "not stated"],
    ]


def test_change_arrow_is_ascii_where_the_terminal_has_no_unicode() -> None:
    assert table_cells(CHANGES, unicode=False)[:3] == [
        ["Aspect", "Before", "", "After"],
        ["Borders", "Fragmented", "->", "Centralized"],
        ["Funding", "Steady", "=", "Steady"],
    ]


def test_no_change_marker_unless_before_is_directly_followed_by_after() -> None:
    assert table_cells(CHANGES, ["aspect", "after"]) == [
        ["Aspect", "After"],
        ["Borders", "Centralized"],
        ["Funding", "Steady"],
        ["Reach", "Wide"],
        ["Unknown", "not stated"],
    ]
    assert table_cells(CHANGES, ["after", "before"])[1] == ["Centralized", "Fragmented"]
    assert table_cells(CHANGES, ["aspect", "before"])[1] == ["Borders", "Fragmented"]


def test_change_marker_follows_before_wherever_it_is() -> None:
    assert table_cells(CHANGES, ["before", "after", "aspect"])[:2] == [
        ["Before", "", "After", "Aspect"],
        ["Fragmented", "→", "Centralized", "Borders"],
    ]


def test_table_without_change_marker_draws_no_arrow() -> None:
    records = CHANGES._replace(change_marker=None)
    assert table_cells(records)[1] == ["Borders", "Fragmented", "Centralized"]


def test_card_shows_each_field_beside_its_value() -> None:
    records = Records(
        title="Niger",
        fields=("name", "year_joined", "newest", "contributions"),
        rows=[{"name": "Niger", "year_joined": None, "newest": False, "contributions": ["a"]}],
        layout="card",
    )
    assert rendered(Format.TABLE, records) == (
        "Niger\n"
        "Name           Niger\n"
        "Year joined    not stated\n"
        "Newest         no\n"
        "Contributions  • a\n"
    )


def test_table_shows_title_note_and_source_with_control_characters_made_visible() -> None:
    records = Records(
        title="Title\x1b[2J",
        fields=("a", "b"),
        rows=[{"a": "x\x07", "b": "wide enough for the title"}, {"a": ["\x1b"], "b": "y"}],
        note="line one\x1b",
        source_line="heading\x07",
    )
    text = rendered(Format.TABLE, records)
    lines = text.split("\n")
    assert lines[0] == "Title\\x1b[2J"
    assert lines[-4:] == ["2 rows", "line one\\x1b", "Source: heading\\x07", ""]
    # Measured as shown: the escapes are not folded in the middle.
    assert table_cells(records) == [
        ["A", "B"],
        ["x\\x07", "wide enough for the title"],
        ["• \\x1b", "y"],
    ]
    assert "\x1b" not in text and "\x07" not in text


def test_table_shows_a_blob_as_hex() -> None:
    records = Records(title="t", fields=("b",), rows=[{"b": Blob(b"\x01\xff")}])
    assert table_cells(records) == [["B"], ["\\x01ff"]]


def test_table_has_colour_only_when_the_terminal_has() -> None:
    records = sample(highlight="nig")
    assert "\x1b[" not in rendered(Format.TABLE, records, on=terminal(color=False))
    coloured = rendered(Format.TABLE, records, on=terminal(color=True, is_tty=True))
    assert "\x1b[" in coloured
    # The search text is highlighted, in any case, inside the cell.
    assert "\x1b[1;33mNig\x1b[0m" in coloured


def test_table_fits_the_terminal_width() -> None:
    records = Records(title="t", fields=("a",), rows=[{"a": "word " * 40}])
    text = rendered(Format.TABLE, records, on=terminal(width=40))
    assert max(len(line) for line in text.split("\n")) <= 40


@pytest.fixture
def colour_terminal_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A colour terminal as rich sees one, whatever the environment of the test run."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


def styled(text: str, codes: str, output: str) -> bool:
    """Whether `output` shows `text` (padded with spaces, as a cell is) in the SGR `codes`."""
    pattern = rf"\x1b\[{codes}m *{re.escape(text)} *\x1b\[0m"
    return re.search(pattern, output) is not None


@pytest.mark.usefixtures("colour_terminal_env")
def test_coloured_table_shows_null_dim_and_the_change_arrow_green() -> None:
    text = rendered(Format.TABLE, CHANGES, on=terminal(color=True, is_tty=True))
    assert styled("Aspect", "1;36", text)  # headers: bold cyan
    assert styled("Security", "1", text)  # the title: bold
    assert styled("→", "1;32", text)  # a change: bold green
    assert styled("=", "2", text)  # no change: dim
    assert styled("not stated", "2;3", text)  # null: dim italic


@pytest.mark.usefixtures("colour_terminal_env")
def test_coloured_card_shows_field_names_bold_cyan_and_a_blob_dim() -> None:
    records = Records(
        title="t", fields=("data", "note"), rows=[{"data": Blob(b"\x01"), "note": None}],
        layout="card",
    )  # fmt: skip
    text = rendered(Format.TABLE, records, on=terminal(color=True, is_tty=True))
    assert styled("Data", "1;36", text)
    assert styled("\\x01", "2", text)
    assert styled("not stated", "2;3", text)


@pytest.mark.usefixtures("colour_terminal_env")
def test_coloured_headers_are_shown_as_written() -> None:
    records = Records(title="t", fields=("year_2024",), rows=[{"year_2024": 1}])
    text = rendered(Format.TABLE, records, on=terminal(color=True, is_tty=True))
    assert styled("Year 2024", "1;36", text)  # no number highlighting inside


def test_table_headers_are_never_read_as_markup_or_emoji_codes() -> None:
    # Column names come from SQL: `SELECT 1 AS "[bold]x"` must show as written.
    records = Records(
        title="t", fields=("[bold]x[/bold]", ":smile:"), rows=[{"[bold]x[/bold]": 1, ":smile:": 2}]
    )
    assert table_cells(records) == [["[bold]x[/bold]", ":smile:"], ["1", "2"]]
    card = records._replace(layout="card")
    assert rendered(Format.TABLE, card).split("\n")[1:] == [
        "[bold]x[/bold]  1",
        ":smile:         2",
        "",
    ]


def test_table_is_drawn_in_ascii_where_the_terminal_has_no_unicode() -> None:
    records = sample()
    ascii_text = rendered(Format.TABLE, records, on=terminal(unicode=False))
    assert ascii_text.isascii() and "|" in ascii_text and "- a" in ascii_text
    unicode_text = rendered(Format.TABLE, records, on=terminal(unicode=True))
    assert "│" in unicode_text and "╭" in unicode_text and "• a" in unicode_text


def test_card_is_drawn_in_ascii_where_the_terminal_has_no_unicode() -> None:
    records = sample(ROWS[:1], layout="card")
    ascii_text = rendered(Format.TABLE, records, on=terminal(unicode=False))
    assert ascii_text.isascii()
    assert "Items   - a\n        - b\n" in ascii_text
    unicode_text = rendered(Format.TABLE, records, on=terminal(unicode=True))
    assert "Items   • a\n        • b\n" in unicode_text


@pytest.mark.parametrize("layout", ["rows", "card"])
def test_long_values_are_folded_never_cut(layout: str) -> None:
    word = "x" * 70
    records = Records(title="t", fields=("a",), rows=[{"a": word}], layout=layout)  # type: ignore[arg-type]
    text = rendered(Format.TABLE, records, on=terminal(width=30))
    assert "…" not in text
    assert max(len(line) for line in text.split("\n")) <= 30
    assert "".join(re.findall("x+", text)) == word


def test_change_arrow_and_card_labels_are_never_split_across_lines() -> None:
    records = CHANGES._replace(
        rows=[{"aspect": "a " * 20, "before": "b " * 20, "after": "c " * 20}]
    )
    text = rendered(Format.TABLE, records, on=terminal(unicode=False, width=24))
    # Too narrow for the outer borders: they give way, the arrow stays whole.
    assert text.split("\n")[4] == " a a  | b b  | -> | c c"
    assert max(len(line) for line in text.split("\n")) <= 24
    card = Records(
        title="t",
        fields=("contributions",),
        rows=[{"contributions": ["word " * 10]}],
        layout="card",
    )
    text = rendered(Format.TABLE, card, on=terminal(width=24))
    assert text.split("\n")[1] == "Contributions  • word"
    assert all(line == " " * 17 + "word" for line in text.split("\n")[2:11])


# --- terminal tables: title, footer, empty results, null, words, URLs ----------------


def footer(records: Records, fields: Sequence[str] | None = None) -> list[str]:
    """The lines after the table's bottom border (or after a card's last field)."""
    lines = rendered(Format.TABLE, records, fields).split("\n")
    last = max(index for index, line in enumerate(lines) if line.startswith(("╰", "+")))
    return lines[last + 1 :]


def test_table_title_comes_first() -> None:
    assert rendered(Format.TABLE, sample()).split("\n")[0] == "Sample"


@pytest.mark.parametrize(
    ("shown", "total", "line"),
    [
        (2, None, "2 members"),
        (1, None, "1 member"),
        (2, 2, "2 members"),
        (1, 1, "1 member"),
        (1, 2, "1 of 2 members"),
        (2, 6, "2 of 6 members"),
    ],
)
def test_table_counts_its_rows_of_how_many(shown: int, total: int | None, line: str) -> None:
    records = sample(ROWS[:shown], noun=("member", "members"), total=total)
    assert footer(records, ["name"]) == [line, ""]


def test_table_count_is_of_rows_by_default() -> None:
    assert footer(sample(), ["name"]) == ["2 rows", ""]
    assert footer(sample(ROWS[:1]), ["name"]) == ["1 row", ""]


def test_table_footer_has_the_count_then_the_note_then_the_source() -> None:
    records = sample(note="Derived by bloc.", source_line="A heading; Another")
    assert footer(records, ["name"]) == [
        "2 rows",
        "Derived by bloc.",
        "Source: A heading; Another",
        "",
    ]


def test_card_has_no_count_but_its_note_and_source() -> None:
    records = sample(ROWS[:1], layout="card", note="A note.", source_line="H")
    assert rendered(Format.TABLE, records, ["name"]) == "Sample\nName  Niger\nA note.\nSource: H\n"


@pytest.mark.usefixtures("colour_terminal_env")
def test_coloured_footer_is_dim() -> None:
    text = rendered(Format.TABLE, sample(source_line="H"), on=terminal(color=True, is_tty=True))
    assert "\x1b[2m2 rows\x1b[0m" in text
    assert "\x1b[2mSource: H\x1b[0m" in text


def emitted(records: Records, **on: object) -> tuple[str, str]:
    options: dict[str, Any] = {"is_tty": True, "width": 80, **on}
    streams = fake_streams(**options)
    emit(records, streams, ["name"])
    assert streams.stderr is not None
    return streams.stdout.getvalue(), streams.stderr.getvalue()  # type: ignore[attr-defined]


def test_empty_table_is_one_sentence_on_stderr_and_nothing_on_stdout() -> None:
    assert emitted(sample([])) == ("", "No rows.\n")
    assert emitted(sample([], noun=("member", "members"))) == ("", "No members.\n")
    records = sample(iter([]), empty_message="No members match --since 2030.")
    assert emitted(records) == ("", "No members match --since 2030.\n")


def test_empty_message_can_say_nothing_and_is_made_inert() -> None:
    assert emitted(sample([], empty_message="")) == ("", "")
    assert emitted(sample([], empty_message="No \x1b[2J.")) == ("", "No \\x1b[2J.\n")


def test_empty_table_with_stderr_closed_says_nothing() -> None:
    on = terminal(is_tty=True)._replace(stderr=None)
    emit(sample([]), on, ["name"])
    assert on.stdout.getvalue() == ""  # type: ignore[attr-defined]


def test_table_of_rows_from_a_generator_is_drawn_whole() -> None:
    out, err = emitted(sample(iter(ROWS)))
    assert cell_rows(out) == [["Name"], ["Niger"], ["chad"]]
    assert err == ""


def test_null_is_not_stated_or_not_applicable_unless_the_records_name_their_own() -> None:
    records = sample(not_applicable=frozenset({"note"}))
    assert table_cells(records, ["name", "year", "note"]) == [
        ["Name", "Year", "Note"],
        ["Niger", "1992", "–"],
        ["chad", "not stated", "1992"],
    ]
    overridden = records._replace(null_text="NULL")
    assert table_cells(overridden, ["name", "year", "note"])[1:] == [
        ["Niger", "1992", "NULL"],
        ["chad", "NULL", "1992"],
    ]


def test_word_fields_read_as_words() -> None:
    records = Records(
        title="t",
        fields=("section", "value"),
        rows=[{"section": "joint_venture_sectors", "value": "page_url"}],
        word_fields=frozenset({"section"}),
    )
    assert table_cells(records) == [["Section", "Value"], ["Joint venture sectors", "page_url"]]
    card = records._replace(layout="card")
    assert rendered(Format.TABLE, card).split("\n")[1] == "Section  Joint venture sectors"


def test_word_field_is_as_wide_as_its_words() -> None:
    records = Records(
        title="t",
        fields=("section",),
        rows=[{"section": "image_url"}],
        word_fields=frozenset({"section"}),
    )
    # "Image URL" takes nine columns: the cell is not folded.
    assert table_cells(records, width=14) == [["Section"], ["Image URL"]]


@pytest.mark.parametrize(
    ("field", "heading"),
    [
        ("year_joined", "Year joined"),
        ("page_url", "Page URL"),
        ("a_url_b", "A URL b"),
        ("a__b", "A  b"),
    ],
)
def test_headings_are_words_unless_literal(field: str, heading: str) -> None:
    records = Records(title="t", fields=(field,), rows=[{field: 1}])
    assert records.heading(field) == heading
    assert table_cells(records)[0] == [heading]
    assert rendered(Format.PLAIN, records).split("\n")[0] == heading
    literal = records._replace(literal_headings=True)
    assert literal.heading(field) == field
    assert table_cells(literal)[0] == [field]
    assert rendered(Format.PLAIN, literal).split("\n")[0] == field
    assert rendered(Format.MARKDOWN, literal).split("\n")[0].split("|")[1].strip() == field


def test_urls_in_a_table_are_numbered_and_shown_whole_under_it() -> None:
    long_url = "https://example.org/" + "x" * 80
    records = Records(
        title="t",
        fields=("name", "url", "page"),
        rows=[
            {"name": "a", "url": long_url, "page": "http://b.example"},
            {"name": "b", "url": "https://has space", "page": None},
        ],
    )
    text = rendered(Format.TABLE, records, on=terminal(width=40))
    assert table_cells(records, width=40)[1:] == [
        ["a", "[1]", "[2]"],
        ["b", "https://has", "not stated"],
        ["", "space", ""],
    ]
    assert text.split("\n")[-4:] == [f"[1] {long_url}", "[2] http://b.example", "2 rows", ""]


def test_a_url_in_a_card_is_whole_on_its_line() -> None:
    long_url = "https://example.org/" + "x" * 80
    records = Records(
        title="t",
        fields=("name", "image_url", "note"),
        rows=[{"name": "a", "image_url": long_url, "note": "b"}],
        layout="card",
    )
    assert rendered(Format.TABLE, records, on=terminal(width=40)).split("\n") == [
        "t",
        "Name       a",
        f"Image URL  {long_url}",
        "Note       b",
        "",
    ]


@pytest.mark.parametrize(
    ("sizes", "available", "widths"),
    [
        # Everything fits: each column as wide as its longest line.
        ([[(5, 5)], [(10, 4)]], 20, [5, 10]),
        ([[(5, 5)], [(10, 4)]], 15, [5, 10]),
        # Too wide: the widest gives way first, down to its longest word.
        ([[(5, 5)], [(10, 4)]], 14, [5, 9]),
        ([[(8, 3)], [(10, 4)]], 14, [7, 7]),
        ([[(8, 3)], [(10, 4)]], 8, [4, 4]),
        # Narrower than every longest word: the widest go below it.
        ([[(8, 3)], [(10, 4)]], 6, [3, 3]),
        ([[(8, 3)], [(10, 4)]], 1, [1, 1]),
        # Only as many columns give way as must, the first of equals first.
        ([[(10, 1)], [(10, 1)], [(10, 1)]], 29, [9, 10, 10]),
        ([[(10, 1)], [(10, 1)], [(10, 1)]], 28, [9, 9, 10]),
        # A column already at its longest word stays there, even when it comes first.
        ([[(5, 5)], [(10, 1)]], 9, [5, 4]),
        # A column without a word (spaces only) can shrink to nothing.
        ([[(5, 0)], [(5, 0)]], 1, [0, 1]),
        # Below the headings' longest words, a column goes no narrower than its values'.
        ([[(13, 13), (5, 5)], [(10, 10), (5, 5)], [(7, 7), (4, 4)]], 14, [5, 5, 4]),
        ([[(13, 13), (5, 5)], [(10, 10), (5, 5)], [(7, 7), (4, 4)]], 16, [5, 5, 6]),
    ],
)
def test_column_widths_come_from_the_content(
    sizes: list[list[tuple[int, int]]], available: int, widths: list[int]
) -> None:
    from bloc_cli.output.table import _widths

    assert _widths(sizes, available) == widths


def test_no_line_of_a_table_ends_in_spaces() -> None:
    from bloc_cli.output.table import without_trailing_spaces

    assert without_trailing_spaces("a  \nb \x1b[0m\nc\n  d \x1b[1m\x1b[0m\n") == (
        "a\nb\x1b[0m\nc\n  d\x1b[1m\x1b[0m\n"
    )
    text = rendered(Format.TABLE, sample(ROWS[:1], layout="card"))
    assert all(line == line.rstrip(" ") for line in text.split("\n"))


def test_table_is_drawn_to_the_width_of_its_content() -> None:
    # Widths by hand: each column as wide as its longest line (a bullet and its space
    # count 2, a URL's cell is "[1]" measured as "[99]", a null target is "–").
    records = Records(
        title="t",
        fields=("section", "items", "target", "url", "flag", "note"),
        rows=[
            {
                "section": "image_url",
                "items": ["abcdef", "c"],
                "target": None,
                "url": "https://x.y",
                "flag": True,
                "note": "",
            }
        ],
        word_fields=frozenset({"section"}),
        not_applicable=frozenset({"target"}),
    )
    assert rendered(Format.TABLE, records) == (
        "t\n"
        "╭───────────┬──────────┬────────┬──────┬──────┬──────╮\n"
        "│ Section   │ Items    │ Target │ URL  │ Flag │ Note │\n"
        "├───────────┼──────────┼────────┼──────┼──────┼──────┤\n"
        "│ Image URL │ • abcdef │ –      │ [1]  │ yes  │      │\n"
        "│           │ • c      │        │      │      │      │\n"
        "╰───────────┴──────────┴────────┴──────┴──────┴──────╯\n"
        "[1] https://x.y\n"
        "1 row\n"
    )


def test_table_that_fits_exactly_keeps_its_borders_and_its_words() -> None:
    records = Records(title="t", fields=("a",), rows=[{"a": "abcdefghij"}])
    # 10 columns of text, a space either side and two borders: 14.
    assert rendered(Format.TABLE, records, on=terminal(width=14)) == (
        "t\n╭────────────╮\n│ A          │\n├────────────┤\n│ abcdefghij │\n╰────────────╯\n1 row\n"
    )
    changes = CHANGES._replace(rows=[{"aspect": "abcdefghij", "before": "b", "after": "c"}])
    # With the change marker: columns of 10, 6 ("Before") and 5 ("After"), 3 for each
    # one's border and spaces, 1 for the last border, 4 for the marker's own column.
    text = rendered(Format.TABLE, changes, on=terminal(width=10 + 6 + 5 + 3 * 3 + 1 + 4))
    assert text.split("\n")[4] == "│ abcdefghij │ b      │ → │ c     │"


def test_a_long_list_item_is_folded_never_cut() -> None:
    word = "x" * 70
    records = Records(title="t", fields=("a",), rows=[{"a": [word]}])
    text = rendered(Format.TABLE, records, on=terminal(width=30))
    assert "…" not in text
    assert "".join(re.findall("x+", text)) == word


def test_column_that_is_at_its_longest_word_does_not_give_way() -> None:
    from bloc_cli.output.table import _widths

    # The widest column is already at its longest word: the other one gives way.
    assert _widths([[(10, 10)], [(8, 2)]], 15) == [10, 5]


@pytest.mark.usefixtures("colour_terminal_env")
def test_coloured_footnote_marker_is_dim_and_a_card_url_label_bold_cyan() -> None:
    records = Records(title="t", fields=("page_url",), rows=[{"page_url": "https://x.y"}])
    text = rendered(Format.TABLE, records, on=terminal(color=True, is_tty=True))
    assert styled("[1]", "2", text)
    card = records._replace(layout="card")
    text = rendered(Format.TABLE, card, on=terminal(color=True, is_tty=True))
    assert styled("Page URL", "1;36", text)


# --- what a table leaves out, and says it does ----------------------------------------------


def drawn(records: Records, width: int = 80) -> tuple[str, str]:
    """A table on a terminal: what stdout and stderr get."""
    on = terminal(is_tty=True, width=width)
    text = rendered(Format.TABLE, records, on=on)
    assert on.stderr is not None
    return text, on.stderr.getvalue()  # type: ignore[attr-defined]


def test_a_table_draws_the_first_1000_rows_and_says_so() -> None:
    records = Records(title="t", fields=("n",), rows=[{"n": index} for index in range(1001)])
    text, err = drawn(records)
    assert cell_rows(text)[-1] == ["999"]
    assert text.split("\n")[-2:] == ["1000 of 1001 rows", ""]
    assert err == "bloc: the table shows the first 1000 of 1001 rows; -f csv writes everything\n"


def test_a_table_cuts_a_long_value_and_a_long_list_and_says_so() -> None:
    records = Records(
        title="t",
        fields=("text", "items"),
        rows=[{"text": "wxyz " * 201, "items": [f"i{index}" for index in range(102)]}],
    )
    text, err = drawn(records)
    assert text.count("wxyz") == 200 and "wxyz …" in text  # 1005 characters cut at 1000
    assert [row[1] for row in cell_rows(text)[-3:]] == ["• i98", "• i99", "• … 2 more"]
    assert err == (
        "bloc: the table cuts values at 1000 characters, cuts lists at 100 items; "
        "-f csv writes everything\n"
    )


def test_a_value_of_1000_characters_and_a_list_of_100_items_are_whole() -> None:
    records = Records(
        title="t",
        fields=("text", "items"),
        rows=[{"text": "wxyz " * 199 + "wxyz", "items": [f"i{index}" for index in range(100)]}],
    )
    text, err = drawn(records)
    assert text.count("wxyz") == 200 and "…" not in text
    assert cell_rows(text)[-1][1] == "• i99"
    assert err == ""


def test_a_card_cuts_a_long_value_and_a_long_url_too() -> None:
    url = "https://example.org/" + "u" * 1000
    records = Records(
        title="t", fields=("text", "url"), rows=[{"text": "y" * 1001, "url": url}], layout="card"
    )
    text, err = drawn(records, width=2000)
    assert f"URL   {url[:1000]}…" in text.split("\n")
    assert text.count("y") == 1000
    assert err == "bloc: the table cuts values at 1000 characters; -f csv writes everything\n"


def test_a_table_draws_rows_until_their_values_come_to_200000_characters() -> None:
    from bloc_cli.output.table import _first_rows

    def first(rows: Sequence[Sequence[object]]) -> int:
        return len(_first_rows(iter([list(row) for row in rows])))

    # Every value counts at most 1000 characters, a list's items each at most 1000 (and
    # only its first 100), a BLOB two hex digits a byte, anything else 20.
    assert first([["y" * 1000]] * 300) == 200
    assert first([["y" * 999]] * 300) == 201  # 201 * 999 = 200,799
    assert first([["y" * 999]] + [["y" * 1000]] * 300) == 201  # 199,999 after 200 rows
    assert first([["y" * 5000]] * 300) == 200
    assert first([[["y" * 5000] * 150]] * 300) == 2  # 100 items of 1000
    assert first([[["y" * 999] * 100]] * 300) == 3  # 99,900 a row
    assert first([[Blob(b"\x00" * 500)]] * 300) == 200
    assert first([[Blob(b"\x00" * 400)]] * 300) == 250
    assert first([[Blob(b"\x00" * 2000)]] * 300) == 200
    assert first([[1] * 50] * 300) == 200  # 50 numbers: 1000 a row
    assert first([[None, True, {"a": 1}, 1.5, 7] * 10] * 300) == 200
    assert first([[[12345, 6789] * 50]] * 1000) == 445  # line numbers: their digits, 450
    assert first([[""]] * 2000) == 1000  # at most 1000 rows, however small
    assert first([]) == 0


def test_rows_left_out_by_size_are_counted_in_the_footer() -> None:
    records = Records(title="t", fields=("text",), rows=[{"text": "y" * 1000}] * 201)
    text, err = drawn(records, width=1010)
    assert text.split("\n")[-2:] == ["200 of 201 rows", ""]
    assert err == "bloc: the table shows the first 200 of 201 rows; -f csv writes everything\n"


# --- quotes: a shared sentence is a footnote ----------------------------------------------------


SHARED = "Q shared by two rows, long enough to wrap under its own text at forty"


def test_a_quote_shared_by_rows_is_a_footnote_and_one_of_its_own_its_label() -> None:
    records = Records(
        title="t",
        fields=("name", "quote"),
        rows=[
            {"name": "a", "quote": SHARED},
            {"name": "b", "quote": SHARED},
            {"name": "c", "quote": "own"},
            {"name": "d", "quote": None},
        ],
        quote_labels={"own": "Own label"},
    )
    assert drawn(records, width=40)[0] == (
        "t\n"
        "╭──────┬────────────╮\n"
        "│ Name │ Quote      │\n"
        "├──────┼────────────┤\n"
        "│ a    │ [1]        │\n"
        "│ b    │ [1]        │\n"
        "│ c    │ Own label  │\n"
        "│ d    │ not stated │\n"
        "╰──────┴────────────╯\n"
        "[1] Q shared by two rows, long enough to\n"
        "    wrap under its own text at forty\n"
        "4 rows\n"
    )


def test_two_shared_quotes_are_two_footnotes_in_order() -> None:
    records = Records(
        title="t",
        fields=("quote", "n"),
        rows=[{"quote": q, "n": n} for n, q in enumerate(["b2", "a1", "b2", "a1", "c"])],
    )
    text = drawn(records)[0]
    assert [row[0] for row in cell_rows(text)] == ["Quote", "[1]", "[2]", "[1]", "[2]", "c"]
    assert text.split("\n")[-4:] == ["[1] b2", "[2] a1", "5 rows", ""]


def test_a_long_quote_of_its_own_is_cut_and_its_column_fits_its_words() -> None:
    quote = "word " * 300  # 1500 characters
    records = Records(title="t", fields=("quote",), rows=[{"quote": quote}])
    text, err = drawn(records, width=60)
    assert text.count("word") == 200  # 1000 characters: 200 words
    assert max(len(line) for line in text.split("\n")) <= 60
    assert err == "bloc: the table cuts values at 1000 characters; -f csv writes everything\n"


def test_a_shared_quote_takes_the_width_of_its_number_only() -> None:
    records = Records(title="t", fields=("quote",), rows=[{"quote": "a long shared sentence"}] * 2)
    assert drawn(records)[0].split("\n")[1:6] == [
        "╭───────╮",
        "│ Quote │",
        "├───────┤",
        "│ [1]   │",
        "│ [1]   │",
    ]


def test_a_quote_of_its_own_is_as_wide_as_its_text() -> None:
    records = Records(title="t", fields=("quote",), rows=[{"quote": "a quote of its own"}])
    assert drawn(records, width=60)[0].split("\n")[4] == "│ a quote of its own │"


def test_a_value_that_is_also_a_shared_quote_is_shown_whole_outside_the_quote_column() -> None:
    shared = "same words here"
    records = Records(
        title="t", fields=("quote", "also"), rows=[{"quote": shared, "also": shared}] * 2
    )
    assert drawn(records, width=60)[0].split("\n")[4:8] == [
        "│ [1]   │ same words here │",
        "│ [1]   │ same words here │",
        "╰───────┴─────────────────╯",
        "[1] same words here",
    ]


# --- when a table becomes cards, and when its borders give way -------------------------------


def test_a_word_wider_than_the_terminal_makes_a_card_even_in_the_first_row() -> None:
    # 20 columns: 16 for the text once a column's borders and spaces are paid; the outer
    # borders can give way for 2 more. A word of 19 cannot fit.
    records = Records(title="t", fields=("a",), rows=[{"a": "x" * 19}])
    assert drawn(records, width=20)[0] == "t\nA  xxxxxxxxxxxxxxxxx\n   xx\n1 row\n"


def test_a_word_that_fits_only_without_the_outer_borders_drops_them() -> None:
    records = Records(title="t", fields=("a",), rows=[{"a": "x" * 18}])
    assert drawn(records, width=20)[0] == (
        "t\n A\n────────────────────\n xxxxxxxxxxxxxxxxxx\n1 row\n"
    )


def test_a_word_field_gives_way_between_its_words_never_inside_one() -> None:
    # "joint_venture_sectors" reads "Joint venture sectors": three words, which wrap.
    records = Records(
        title="t",
        fields=("section", "value"),
        rows=[{"section": "joint_venture_sectors", "value": "x"}],
        word_fields=frozenset({"section"}),
    )
    assert drawn(records, width=30)[0].split("\n")[4:6] == [
        "│ Joint venture      │ x     │",
        "│ sectors            │       │",
    ]


def test_a_field_that_is_not_a_word_field_keeps_its_underscores_as_one_word() -> None:
    # "page_url_of_the_source" is one word of 22: at 24 columns, a card that folds it.
    records = Records(
        title="t",
        fields=("section", "value"),
        rows=[{"section": "x", "value": "page_url_of_the_source"}],
        word_fields=frozenset({"section"}),
    )
    assert drawn(records, width=24)[0] == (
        "t\nSection  X\nValue    page_url_of_the\n         _source\n1 row\n"
    )


def test_a_column_without_a_word_needs_no_room_for_one() -> None:
    # `bloc sql "SELECT 'a' AS a, ..., '' AS \" \""`: the last column has no word at all,
    # so the four others' words and every border fit in 20 columns.
    records = Records(
        title="t",
        fields=("a", "b", "c", "d", " "),
        rows=[{"a": "a", "b": "b", "c": "c", "d": "d", " ": ""}],
        literal_headings=True,
    )
    assert drawn(records, width=20)[0].split("\n")[1:6] == [
        "╭───┬───┬───┬───┬──╮",
        "│ a │ b │ c │ d │  │",
        "├───┼───┼───┼───┼──┤",
        "│ a │ b │ c │ d │  │",
        "╰───┴───┴───┴───┴──╯",
    ]


@pytest.mark.usefixtures("colour_terminal_env")
def test_coloured_shared_quote_number_is_dim() -> None:
    records = Records(title="t", fields=("quote",), rows=[{"quote": "shared"}] * 2)
    text = rendered(Format.TABLE, records, on=terminal(color=True, is_tty=True))
    assert styled("[1]", "2", text)


def test_headings_fold_before_a_value_word_is_cut() -> None:
    # 30 columns: the headings' words (Contributions, Population, ...) cannot all fit, the
    # values' words can: the headings fold, "• Oil" stands whole.
    records = Records(
        title="t",
        fields=("contributions", "population", "capital", "currency"),
        rows=[
            {"contributions": ["Oil", "Gas"], "population": "large", "capital": "Baku",
             "currency": "manat"}
        ],
    )  # fmt: skip
    assert drawn(records, width=30)[0] == (
        "t\n"
        " Contr │       │      │\n"
        " ibuti │ Popul │ Capi │ Curre\n"
        " ons   │ ation │ tal  │ ncy\n"
        "───────┼───────┼──────┼───────\n"
        " • Oil │ large │ Baku │ manat\n"
        " • Gas │       │      │\n"
        "1 row\n"
    )


def test_a_card_of_no_field_is_its_title_alone() -> None:
    records = Records(title="t", fields=("a",), rows=[{"a": 1}], layout="card")
    assert "".join(Format.TABLE.renderer()(records, [], True, terminal())) == "t\n"


def test_a_quote_with_a_label_is_as_wide_as_its_label() -> None:
    records = Records(
        title="t", fields=("quote",), rows=[{"quote": "q"}], quote_labels={"q": "Country: Niger"}
    )
    assert drawn(records, width=60)[0].split("\n")[4] == "│ Country: Niger │"


def test_a_table_of_no_rows_handed_to_the_renderer_is_its_header_and_count() -> None:
    records = Records(title="t", fields=("a", "b"), rows=[])
    assert "".join(Format.TABLE.renderer()(records, ["a", "b"], True, terminal(width=60))) == (
        "t\n╭───┬───╮\n│ A │ B │\n├───┼───┤\n╰───┴───╯\n0 rows\n"
    )


def test_a_card_label_too_long_for_the_terminal_wraps_and_the_value_still_shows() -> None:
    # An SQL column's name can be any length; its value must not be pushed off the screen.
    query = "SELECT 'Kazakhstan_Uzbekistan_Turkmenistan' AS the_country_that_joined_first, 1 AS b"
    assert screen("sql", query, columns=30) == [
        "Query result",
        "the_country_that_joined  Kazak",
        "_first                   hstan",
        "                         _Uzbe",
        "                         kista",
        "                         n_Tur",
        "                         kmeni",
        "                         stan",
        "b                        1",
        "1 row",
        "",
    ]


def test_a_url_in_a_card_keeps_two_spaces_after_a_label_too_long_to_align() -> None:
    query = (
        "SELECT 'https://example.org/x' AS the_country_that_joined_first, "
        "'Kazakhstan_Uzbekistan_Turkmenistan' AS b"
    )
    lines = screen("sql", query, columns=30)
    assert lines[1:3] == [
        "the_country_that_joined_first  https://example.org/x",
        "b                        Kazak",
    ]


def test_line_numbers_read_as_a_list_not_as_bullets() -> None:
    # `search`'s mentions: the lines of the article a word is on.
    records = Records(title="t", fields=("mentions",), rows=[{"mentions": [3, 14, 27]}])
    assert table_cells(records) == [["Mentioned on lines"], ["3, 14, 27"]]
    assert rendered(Format.PLAIN, records) == "Mentioned on lines\n3, 14, 27\n"
    assert rendered(Format.CSV, records) == "mentions\n3; 14; 27\n"
