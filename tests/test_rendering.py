"""In-process tests of every output format: whole lines and whole cells, typed values.

Fast (no subprocess): these are the tests mutation testing runs (see docs/development.md).
The records are written here, with the values that break a careless format: numbers and
numeric-looking strings ("1992" and 1992, "007", "1e5"), booleans, null, lists, a derived
target, a BLOB, control characters.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence

import pytest

from bloc_cli.output import Format, emit, resolve_format
from bloc_cli.output.cells import escape_controls, flat
from bloc_cli.output.delimited import csv_lines
from bloc_cli.output.rows import row_values
from bloc_cli.output.streams import Streams
from bloc_cli.records import Blob, Records, Row

from conftest import fake_streams

FIELDS = ("name", "year", "code", "newest", "items", "note")
ROWS: list[Row] = [
    {"name": "Niger", "year": 1992, "code": "007", "newest": True, "items": ["a", "b"],
     "note": None},
    {"name": "chad", "year": None, "code": "1e5", "newest": False, "items": [],
     "note": "1992"},
]  # fmt: skip


def terminal(
    *, is_tty: bool = False, color: bool = False, unicode: bool = True, width: int = 200
) -> Streams:
    return fake_streams(is_tty=is_tty, color=color, unicode=unicode, width=width)


def rendered(
    fmt: Format,
    records: Records,
    fields: Sequence[str] | None = None,
    *,
    header: bool = True,
    on: Streams | None = None,
) -> str:
    chosen = list(fields or records.fields)
    return "".join(fmt.renderer()(records, chosen, header, on or terminal()))


def sample(rows: Iterable[Row] | None = None, **options: object) -> Records:
    return Records(title="Sample", fields=FIELDS, rows=ROWS if rows is None else rows, **options)  # type: ignore[arg-type]


# --- cells -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (1992, "1992"),
        (0, "0"),
        (1.5, "1.5"),
        (1e300, "1e+300"),
        (math.inf, "inf"),
        ("007", "007"),
        ("", ""),
        (["Energy", "Trade Routes"], "Energy; Trade Routes"),
        (["one"], "one"),
        ([], ""),
        (
            {"change_pct": 25, "years": 5, "annual_pct": 4.56},
            "change_pct=25; years=5; annual_pct=4.56",
        ),
        (Blob(b"\x00\xff"), "\\x00ff"),
    ],
)
def test_value_is_written_flat_and_faithfully(value: object, text: str) -> None:
    assert flat(value) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain é ü 東", "plain é ü 東"),
        ("a\x1b[31mred", "a\\x1b[31mred"),
        ("\x00", "\\x00"),
        ("tab\tand\nline\rend", "tab\\x09and\\x0aline\\x0dend"),
        ("\x1f\x20", "\\x1f "),
        ("\x7e\x7f", "~\\x7f"),
        ("\x9f\xa0", "\\x9f\xa0"),
        ("\u061c\u200d\u200e\u200f\u2010", "\\u061c\u200d\\u200e\\u200f\u2010"),
        ("\u2027\u2028\u202e\u202f", "\u2027\\u2028\\u202e\u202f"),
        ("\u2065\u2066\u2069\u206a", "\u2065\\u2066\\u2069\u206a"),
    ],
)
def test_control_characters_are_shown_as_visible_escapes(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


# --- csv and tsv -------------------------------------------------------------------


def test_csv_writes_typed_values_as_text_with_a_header() -> None:
    assert rendered(Format.CSV, sample()) == (
        "name,year,code,newest,items,note\nNiger,1992,007,true,a; b,\nchad,,1e5,false,,1992\n"
    )


def test_csv_without_header_and_with_chosen_fields_in_their_order() -> None:
    assert rendered(Format.CSV, sample(), ["newest", "name"], header=False) == (
        "true,Niger\nfalse,chad\n"
    )


def test_csv_quotes_only_what_needs_quoting() -> None:
    records = Records(
        title="t",
        fields=("a", "b"),
        rows=[{"a": "x,y", "b": 'say "hi"'}, {"a": "one\ntwo", "b": "lone\rreturn"}],
    )
    assert rendered(Format.CSV, records) == ('a,b\n"x,y","say ""hi"""\n"one\ntwo","lone\rreturn"\n')


def test_csv_lines_end_as_asked() -> None:
    assert list(csv_lines([["a", 1], [None, True]], line_end="\r\n")) == ["a,1\r\n", ",true\r\n"]
    assert list(csv_lines([["a b"]])) == ["a b\n"]


def test_tsv_writes_one_line_a_row_with_escapes() -> None:
    records = Records(
        title="t",
        fields=("a\tb", "c"),
        rows=[
            {"a\tb": "tab\there", "c": "back\\slash"},
            {"a\tb": "new\nline", "c": "carriage\rreturn"},
            {"a\tb": Blob(b"\x01\xab"), "c": "\\x01ab"},
        ],
    )
    assert rendered(Format.TSV, records) == (
        "a\\tb\tc\ntab\\there\tback\\\\slash\nnew\\nline\tcarriage\\rreturn\n\\x01ab\t\\\\x01ab\n"
    )


def test_tsv_writes_typed_values_as_text() -> None:
    assert rendered(Format.TSV, sample()) == (
        "name\tyear\tcode\tnewest\titems\tnote\n"
        "Niger\t1992\t007\ttrue\ta; b\t\n"
        "chad\t\t1e5\tfalse\t\t1992\n"
    )


def test_tsv_without_header() -> None:
    assert rendered(Format.TSV, sample(), ["code", "year"], header=False) == "007\t1992\n1e5\t\n"


# --- json and jsonl ----------------------------------------------------------------


def test_json_keeps_numbers_strings_booleans_and_null_apart() -> None:
    assert rendered(Format.JSON, sample()) == (
        "[\n"
        '  {"name": "Niger", "year": 1992, "code": "007", "newest": true, "items": ["a", "b"], '
        '"note": null},\n'
        '  {"name": "chad", "year": null, "code": "1e5", "newest": false, "items": [], '
        '"note": "1992"}\n'
        "]\n"
    )


def test_json_of_no_rows_is_an_empty_array() -> None:
    assert rendered(Format.JSON, sample([])) == "[]\n"
    assert rendered(Format.JSONL, sample([])) == ""


def test_json_of_one_row_and_chosen_fields() -> None:
    assert rendered(Format.JSON, sample(ROWS[:1]), ["year", "name"]) == (
        '[\n  {"year": 1992, "name": "Niger"}\n]\n'
    )


def test_jsonl_writes_one_object_a_line() -> None:
    assert rendered(Format.JSONL, sample(), ["name", "newest", "note"], header=False) == (
        '{"name": "Niger", "newest": true, "note": null}\n'
        '{"name": "chad", "newest": false, "note": "1992"}\n'
    )


def test_json_writes_non_finite_numbers_as_null_and_blobs_as_base64() -> None:
    records = Records(
        title="t",
        fields=("inf", "nan", "finite", "target", "blob", "flag"),
        rows=[
            {
                "inf": -math.inf,
                "nan": math.nan,
                "finite": 2.5,
                "target": {"change_pct": math.inf, "annual_pct": 4.56},
                "blob": Blob(b"\x01\x02\xff"),
                "flag": True,
            }
        ],
    )
    assert rendered(Format.JSONL, records) == (
        '{"inf": null, "nan": null, "finite": 2.5, '
        '"target": {"change_pct": null, "annual_pct": 4.56}, '
        '"blob": {"$base64": true, "encoded": "AQL/"}, "flag": true}\n'
    )


def test_json_escapes_non_ascii_only_where_the_stream_cannot_carry_it() -> None:
    records = Records(title="t", fields=("name",), rows=[{"name": "Türkiye’s"}])
    assert rendered(Format.JSONL, records, on=terminal(unicode=True)) == '{"name": "Türkiye’s"}\n'
    assert rendered(Format.JSONL, records, on=terminal(unicode=False)) == (
        '{"name": "T\\u00fcrkiye\\u2019s"}\n'
    )


def test_json_refuses_a_value_it_cannot_write() -> None:
    records = Records(title="t", fields=("odd",), rows=[{"odd": object()}])  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="^cannot write object as JSON$"):
        rendered(Format.JSON, records)


# --- plain and markdown ------------------------------------------------------------


def test_plain_aligns_columns_and_never_reformats_numbers() -> None:
    assert rendered(Format.PLAIN, sample(), ["name", "code", "year", "newest", "note"]) == (
        "Name    Code    Year    Newest    Note\n"
        "Niger   007     1992    true\n"
        "chad    1e5             false     1992\n"
    )


def test_plain_without_header() -> None:
    assert rendered(Format.PLAIN, sample(), ["code", "items"], header=False) == ("007  a; b\n1e5\n")


def test_plain_of_nothing_is_empty() -> None:
    assert rendered(Format.PLAIN, sample([]), header=False) == ""


def test_plain_makes_control_characters_visible() -> None:
    records = Records(title="t", fields=("a",), rows=[{"a": "\x1b[2Jx"}])
    assert rendered(Format.PLAIN, records) == "A\n\\x1b[2Jx\n"


def test_markdown_is_a_pipe_table_with_escaped_pipes() -> None:
    records = Records(
        title="t",
        fields=("name", "code", "newest", "note"),
        rows=[
            {"name": "a|b", "code": "007", "newest": True, "note": None},
            {"name": "c\\|d", "code": "1e5", "newest": False, "note": "\x1b"},
        ],
    )
    assert rendered(Format.MARKDOWN, records, header=False) == (
        "| Name   | Code   | Newest   | Note   |\n"
        "|--------|--------|----------|--------|\n"
        "| a\\|b   | 007    | true     |        |\n"
        "| c\\\\\\|d | 1e5    | false    | \\\\x1b  |\n"
    )


# --- choosing a format and emitting ------------------------------------------------


def test_each_format_has_its_own_renderer() -> None:
    from bloc_cli.output import delimited, jsonfmt, table, text

    assert Format.TABLE.renderer() is table.render_table
    assert Format.PLAIN.renderer() is text.render_plain
    assert Format.MARKDOWN.renderer() is text.render_markdown
    assert Format.JSON.renderer() is jsonfmt.render_json
    assert Format.JSONL.renderer() is jsonfmt.render_jsonl
    assert Format.CSV.renderer() is delimited.render_csv
    assert Format.TSV.renderer() is delimited.render_tsv


def test_default_format_is_a_table_on_a_terminal_and_tsv_in_a_pipe() -> None:
    assert resolve_format(None, terminal(is_tty=True)) is Format.TABLE
    assert resolve_format(None, terminal(is_tty=False)) is Format.TSV
    assert resolve_format(Format.JSON, terminal(is_tty=True)) is Format.JSON
    assert resolve_format(Format.PLAIN, terminal(is_tty=False)) is Format.PLAIN


class Recording(io.StringIO):
    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def test_emit_writes_the_chosen_fields_in_the_chosen_format_and_flushes() -> None:
    out = Recording()
    on = Streams(
        stdout=out, stderr=io.StringIO(), is_tty=False, color=False, unicode=True, width=80
    )
    emit(sample(), on, ["year", "name"], fmt=Format.CSV, header=False)
    assert out.getvalue() == "1992,Niger\n,chad\n"
    assert out.flushes == 1


def test_emit_in_a_pipe_defaults_to_tsv_with_the_default_fields_and_a_header() -> None:
    out = io.StringIO()
    on = Streams(
        stdout=out, stderr=io.StringIO(), is_tty=False, color=False, unicode=True, width=80
    )
    records = sample(default_fields=("newest", "year"))
    emit(records, on, records.chosen_fields(None))
    assert out.getvalue() == "newest\tyear\ntrue\t1992\nfalse\t\n"


def test_emit_on_a_terminal_defaults_to_a_table() -> None:
    out = io.StringIO()
    on = Streams(stdout=out, stderr=io.StringIO(), is_tty=True, color=False, unicode=True, width=80)
    emit(sample(), on, ["name"])
    assert cell_rows(out.getvalue()) == [["Name"], ["Niger"], ["chad"]]


def test_row_values_gives_null_for_a_missing_field() -> None:
    assert list(row_values([{"a": 1, "b": False}], ["b", "c", "a"])) == [[False, None, 1]]


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
    out, err = io.StringIO(), io.StringIO()
    options: dict[str, object] = {"is_tty": True, "color": False, "unicode": True, "width": 80}
    options.update(on)
    terminal = Streams(stdout=out, stderr=err, **options)  # type: ignore[arg-type]
    emit(records, terminal, ["name"])
    return out.getvalue(), err.getvalue()


def test_empty_table_is_one_sentence_on_stderr_and_nothing_on_stdout() -> None:
    assert emitted(sample([])) == ("", "No rows.\n")
    assert emitted(sample([], noun=("member", "members"))) == ("", "No members.\n")
    records = sample(iter([]), empty_message="No members match --since 2030.")
    assert emitted(records) == ("", "No members match --since 2030.\n")


def test_empty_message_can_say_nothing_and_is_made_inert() -> None:
    assert emitted(sample([], empty_message="")) == ("", "")
    assert emitted(sample([], empty_message="No \x1b[2J.")) == ("", "No \\x1b[2J.\n")


def test_empty_table_with_stderr_closed_says_nothing() -> None:
    out = io.StringIO()
    on = Streams(stdout=out, stderr=None, is_tty=True, color=False, unicode=True, width=80)
    emit(sample([]), on, ["name"])
    assert out.getvalue() == ""


def test_empty_result_in_a_pipe_is_the_empty_result_itself() -> None:
    assert emitted(sample([]), is_tty=False) == ("name\n", "")
    out, err = io.StringIO(), io.StringIO()
    on = Streams(stdout=out, stderr=err, is_tty=True, color=False, unicode=True, width=80)
    emit(sample(iter([])), on, ["name"], fmt=Format.JSON)
    assert (out.getvalue(), err.getvalue()) == ("[]\n", "")


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


def test_targets_read_as_prose_in_every_format_for_people() -> None:
    target = {"change_pct": 25, "years": 5, "annual_pct": 4.56}
    records = Records(title="t", fields=("target",), rows=[{"target": target}])
    assert rendered(Format.PLAIN, records) == "Target\n+25% in 5 years (4.56%/yr)\n"
    assert rendered(Format.MARKDOWN, records).split("\n")[2] == "| +25% in 5 years (4.56%/yr) |"
    assert table_cells(records)[1] == ["+25% in 5 years (4.56%/yr)"]
    assert rendered(Format.CSV, records) == "target\nchange_pct=25; years=5; annual_pct=4.56\n"


@pytest.mark.parametrize(
    ("target", "text"),
    [
        ({"change_pct": 25, "years": 5, "annual_pct": 4.56}, "+25% in 5 years (4.56%/yr)"),
        ({"change_pct": 10, "years": 1, "annual_pct": 10.0}, "+10% in 1 year (10%/yr)"),
        ({"change_pct": 2.5, "years": 2, "annual_pct": 1.24}, "+2.5% in 2 years (1.24%/yr)"),
        (
            {"change_pct": 1e6, "years": 10, "annual_pct": 298.1},
            "+1,000,000% in 10 years (298.1%/yr)",
        ),
        ({"change_pct": 0.004, "years": 3, "annual_pct": 0.0}, "+0% in 3 years (0%/yr)"),
    ],
)
def test_target_prose(target: dict[str, float], text: str) -> None:
    from bloc_cli.targets import prose

    assert prose(target) == text


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


# --- the fast paths of csv, tsv and json, against the stdlib ----------------------------


def _csv_module(values: Sequence[str]) -> str:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


@pytest.mark.parametrize(
    "row",
    [[""], ["a,b"], ["a,b", "x"], [",", ""], ["", ""], ["x", "y,"], [1, "2,3"], []],
)
def test_csv_fast_path_writes_what_the_csv_module_writes(row: list[object]) -> None:
    expected = _csv_module([flat(value) for value in row])
    assert list(csv_lines([row])) == [expected]


@pytest.mark.parametrize(
    ("values", "line"),
    [
        (["a\tb"], "a\\tb\n"),
        (["a\tb", "c"], "a\\tb\tc\n"),
        (["a", "b\t"], "a\tb\\t\n"),
        (["\t", ""], "\\t\t\n"),
    ],
)
def test_tsv_fast_path_escapes_a_tab_inside_a_value(values: list[str], line: str) -> None:
    fields = [f"f{index}" for index in range(len(values))]
    records = Records(title="t", fields=fields, rows=[dict(zip(fields, values, strict=True))])
    assert rendered(Format.TSV, records, header=False) == line


@pytest.mark.parametrize("unicode", [True, False])
def test_json_of_values_the_fast_path_hands_on_is_what_json_dumps_writes(unicode: bool) -> None:
    import json

    row: Row = {
        "mapping": {"é": "日本", "n": 1},  # type: ignore[dict-item]
        "mixed": ["é", 1, None],  # type: ignore[dict-item]
        "strings": ["é", "\u2028", 'a"b'],
        "empty": [],
        "flags": [True, False],  # type: ignore[dict-item]
    }
    records = Records(title="t", fields=tuple(row), rows=[row])
    expected = json.dumps(row, ensure_ascii=not unicode) + "\n"
    assert rendered(Format.JSONL, records, on=terminal(unicode=unicode)) == expected


# --- emit: a row at a time on a terminal, a thousand at a time into a pipe ----------------


class _Writes(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def test_emit_on_a_terminal_writes_each_row_before_the_next_is_made() -> None:
    out = _Writes()
    on = terminal(is_tty=True)._replace(stdout=out)
    seen: list[str] = []

    def rows() -> Iterable[Row]:
        for index in range(3):
            seen.append(out.getvalue())
            yield {"n": index}

    emit(Records(title="t", fields=("n",), rows=rows()), on, ["n"], fmt=Format.JSONL)
    assert seen == ["", '{"n": 0}\n', '{"n": 0}\n{"n": 1}\n']
    assert out.writes == ['{"n": 0}\n', '{"n": 1}\n', '{"n": 2}\n']


def test_emit_into_a_pipe_writes_a_thousand_rows_at_a_time() -> None:
    out = _Writes()
    on = terminal()._replace(stdout=out)
    rows: list[Row] = [{"n": index} for index in range(2500)]
    emit(Records(title="t", fields=("n",), rows=rows), on, ["n"], fmt=Format.JSONL)
    assert [write.count("\n") for write in out.writes] == [1000, 1000, 500]
    assert out.getvalue() == "".join(f'{{"n": {index}}}\n' for index in range(2500))


def test_a_value_that_does_not_apply_is_an_ascii_dash_on_an_ascii_terminal() -> None:
    records = Records(
        title="T",
        fields=("area", "target"),
        rows=[{"area": "Energy", "target": None}],
        not_applicable=frozenset({"target"}),
    )
    ascii_table = "".join(
        Format.TABLE.renderer()(records, ["area", "target"], True, terminal(unicode=False))
    )
    assert re.search(r"\| Energy \| - +\|", ascii_table), ascii_table
    unicode_table = "".join(
        Format.TABLE.renderer()(records, ["area", "target"], True, terminal(unicode=True))
    )
    assert re.search(r"│ Energy │ – +│", unicode_table), unicode_table
