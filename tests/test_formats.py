"""Every output format: what each writes, exactly, for the records written here and for the
dataset's commands; which format is chosen; fields and header; how the rows are streamed.

Terminal tables and cards (the table format on a terminal) are tests/test_tables.py.
Records written here carry the values that break a careless format: numbers and
numeric-looking strings ("1992" and 1992, "007", "1e5"), booleans, null, lists, a derived
target, a BLOB, control characters. The commands' expected values are the article's
(data/bloc.json): Kazakhstan joined in 1992, Uzbekistan in 1993, Azerbaijan in 2024, the
other three in a year it does not state.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bloc_cli.loading import decode_dataset
from bloc_cli.output import Format, emit
from bloc_cli.output.cells import escape_controls, flat
from bloc_cli.output.delimited import csv_lines
from bloc_cli.output.rows import row_values
from bloc_cli.output.streams import Streams
from bloc_cli.records import Blob, Records, Row
from bloc_cli.views import members

from conftest import BASE_ENV, BLOC, RECORD_COMMANDS, Result, bloc, bundled, fake_streams
from formats import NUL_STAND_IN, parse
from formats import flat as parsed_flat

FIELDS = ("name", "year", "code", "newest", "items", "note")
ROWS: list[Row] = [
    {"name": "Niger", "year": 1992, "code": "007", "newest": True, "items": ["a", "b"],
     "note": None},
    {"name": "chad", "year": None, "code": "1e5", "newest": False, "items": [],
     "note": "1992"},
]  # fmt: skip
DATA_FORMATS = ["json", "jsonl", "csv", "tsv"]
# Fields that hold the name of a section, list or field: a terminal table shows them as
# words (`Security threats`).
WORD_FIELDS = {"section", "field", "list"}


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


def reference(command: tuple[str, ...]) -> list[dict[str, Any]]:
    """A command's rows as its JSON gives them (one record, as a row of one)."""
    result = bloc(*command, "-f", "json")
    assert result.code == 0, result.err
    rows = parse("json", result.out)
    assert rows, "every command shown here has a result"
    return rows


# --- choosing a format --------------------------------------------------------------------


def test_each_format_has_its_own_renderer() -> None:
    from bloc_cli.output import delimited, jsonfmt, table, text

    assert Format.TABLE.renderer() is table.render_table
    assert Format.PLAIN.renderer() is text.render_plain
    assert Format.MARKDOWN.renderer() is text.render_markdown
    assert Format.JSON.renderer() is jsonfmt.render_json
    assert Format.JSONL.renderer() is jsonfmt.render_jsonl
    assert Format.CSV.renderer() is delimited.render_csv
    assert Format.TSV.renderer() is delimited.render_tsv


def test_the_default_is_tsv_in_a_pipe_and_a_table_on_a_terminal() -> None:
    piped = bloc("members", "--fields", "name,year_joined")
    assert piped.out.split("\n")[:3] == [
        "name\tyear_joined",
        "Kazakhstan\t1992",
        "Uzbekistan\t1993",
    ]
    on_a_terminal = bloc("members", "--fields", "name,year_joined", streams=terminal(is_tty=True))
    assert on_a_terminal.out.split("\n")[:4] == [
        "Members of the bloc",
        "╭──────────────┬─────────────╮",
        "│ Name         │ Year joined │",
        "├──────────────┼─────────────┤",
    ]


def test_a_format_asked_for_wins_on_a_terminal_and_in_a_pipe() -> None:
    json_on_a_terminal = bloc("members", "--fields", "year_joined", "-f", "jsonl",
                              streams=terminal(is_tty=True))  # fmt: skip
    assert json_on_a_terminal.out.split("\n")[:2] == [
        '{"year_joined": 1992}',
        '{"year_joined": 1993}',
    ]
    plain_in_a_pipe = bloc("members", "--fields", "year_joined", "-f", "plain", "--no-header")
    assert plain_in_a_pipe.out.split() == ["1992", "1993", "2024"]  # numbers as written


# --- every command in every format ---------------------------------------------------------


@pytest.mark.parametrize("command", RECORD_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", DATA_FORMATS)
def test_data_formats_round_trip(command: tuple[str, ...], fmt: str) -> None:
    result = bloc(*command, "-f", fmt)
    assert result.code == 0 and result.err == ""
    assert "\r" not in result.out
    parsed = parse(fmt, result.out)  # one object (member, about --source) as a row of one
    expected = reference(command)
    if fmt in ("csv", "tsv"):
        expected = [{key: parsed_flat(value) for key, value in row.items()} for row in expected]
    assert parsed == expected


@pytest.mark.parametrize("command", RECORD_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["plain", "markdown", "table"])
def test_text_formats_show_every_value(command: tuple[str, ...], fmt: str) -> None:
    result = bloc(*command, "-f", fmt, env={"COLUMNS": "400"})
    assert result.code == 0 and result.err == ""
    for row in reference(command):
        for field, value in row.items():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, str):
                    text = item.replace("|", "\\|") if fmt == "markdown" else item
                    if fmt == "table" and field in WORD_FIELDS:
                        text = text.replace("_", " ").capitalize()  # `security_threats`
                    if fmt == "table" and row.get("section") == "article":
                        # A line of the article is a paragraph, wider than the terminal:
                        # its cell wraps at spaces, every word whole.
                        assert all(word in result.out for word in text.split()), text
                        continue
                    assert text in result.out


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "json", "jsonl", "csv", "tsv"])
def test_context_prints_every_item_in_every_format(fmt: str) -> None:
    result = bloc("context", "--list", "security_threats", "-f", fmt)
    assert result.code == 0, result.err
    # "drug trafficking, terrorism, and cyber threats" (the article's security paragraph)
    for item in ("drug trafficking", "terrorism", "cyber threats"):
        assert item in result.out


# --- fields and header ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain", "markdown", "table"])
def test_fields_pick_and_order_columns_in_every_format(fmt: str) -> None:
    result = bloc("members", "-f", fmt, "--fields", "year_joined,name")
    assert result.code == 0, result.err
    if fmt in DATA_FORMATS:
        assert list(parse(fmt, result.out)[0]) == ["year_joined", "name"]
    else:
        assert "Contributions" not in result.out
        first = next(line for line in result.out.splitlines() if "Kazakhstan" in line)
        assert first.index("1992") < first.index("Kazakhstan")


def test_fields_can_show_a_field_the_default_view_leaves_out() -> None:
    result = bloc("security", "--fields", "aspect,before", "-f", "json")
    assert json.loads(result.out)[1] == {
        "aspect": "Intelligence Sharing Efficiency",
        "before": "Moderate",
    }


def test_unknown_field_exits_2_with_nothing_on_stdout() -> None:
    result = bloc("members", "--fields", "name,yaer_joined")
    assert (result.code, result.out) == (2, "")
    assert "unknown field 'yaer_joined'; did you mean year_joined?" in result.err


@pytest.mark.parametrize("fmt", ["csv", "tsv", "plain"])
def test_no_header_drops_the_header_row(fmt: str) -> None:
    with_header = bloc("members", "-f", fmt).out.splitlines()
    without = bloc("members", "-f", fmt, "--no-header").out.splitlines()
    assert len(with_header) == 7 and len(without) == 6
    # (plain aligns its columns to the header too: the same words, narrower columns)
    assert [line.split() for line in without] == [line.split() for line in with_header[1:]]
    assert "Kazakhstan" in without[0]


# --- the dataset in each format, exactly ----------------------------------------------------


def test_csv_of_members_is_comma_separated_with_lf_line_ends() -> None:
    assert bloc("members", "-f", "csv").out.split("\n")[:3] == [
        "name,year_joined,contributions,newest",
        "Kazakhstan,1992,Energy; Manufacturing,false",
        "Uzbekistan,1993,Textiles; Agriculture,false",
    ]


def test_csv_quotes_the_values_with_commas() -> None:
    result = bloc("roadmap", "--area", "energy", "-f", "csv", "--no-header")
    assert result.out == (
        "Energy Cooperation,Joint renewable energy projects; share resources,"
        '"Enhance energy security, reduce dependency",\n'
    )


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Kaz\0akh", "Kaz\0akh"),  # NUL needs no quotes (Python 3.10's csv cannot write it)
        ("Kaz\0,akh", '"Kaz\0,akh"'),
        ('say "hi"', '"say ""hi"""'),
        ("two\r\nlines", '"two\r\nlines"'),
    ],
)
def test_csv_quotes_only_what_rfc_4180_needs(
    write_data: Callable[..., str], name: str, written: str
) -> None:
    data = bundled()
    data["members"] = [{**data["members"][0], "name": name}]
    result = bloc(
        "--data", write_data(data), "members", "-f", "csv", "--fields", "name,year_joined"
    )
    assert result == Result(0, f"name,year_joined\n{written},1992\n", "")
    one_value = bloc("--data", write_data(data), "members", "-f", "csv", "--fields", "name")
    assert one_value.out == f"name\n{written or chr(34) * 2}\n"


def test_jsonl_of_members_is_one_object_a_line() -> None:
    lines = bloc("members", "-f", "jsonl", "--fields", "name,year_joined").out.split("\n")
    assert lines[2:] == [
        '{"name": "Turkmenistan", "year_joined": null}',
        '{"name": "Kyrgyzstan", "year_joined": null}',
        '{"name": "Tajikistan", "year_joined": null}',
        '{"name": "Azerbaijan", "year_joined": 2024}',
        "",
    ]


def test_markdown_of_the_security_comparison_is_a_pipe_table() -> None:
    assert bloc("security", "--compare", "-f", "markdown").out.split("\n")[:4] == [
        "| Aspect                             | Before        | After                      |",
        "|------------------------------------|---------------|----------------------------|",
        "| Joint Counterterrorism Operations  | Limited Scope | Expanded Regional Reach    |",
        "| Intelligence Sharing Efficiency    | Moderate      | Significantly Improved     |",
    ]


# --- a derived target: prose for people, exact for data ---------------------------------------

TARGET_NOTE = (
    "* Target: derived by bloc from the expected impact (compound annual rate), not stated by "
    "the source."
)


def test_a_derived_target_reads_as_prose_marked_derived_in_plain_and_markdown() -> None:
    # "Boost regional trade by 25% over 5 years": 1.25 ** (1 / 5) = 1.0456, 4.56% a year.
    plain = bloc("roadmap", "-f", "plain", "--fields", "area,target").out
    assert plain.split("\n") == [
        "Area                             Target",
        "Trade & Infrastructure           +25% in 5 years (4.56%/yr) *",
        "Energy Cooperation",
        "Cultural & Educational Exchange",
        TARGET_NOTE,
        "",
    ]
    markdown = bloc("roadmap", "-f", "markdown", "--fields", "area,target").out
    assert (
        markdown.split("\n")[2]
        == "| Trade & Infrastructure          | +25% in 5 years (4.56%/yr) \\* |"
    )
    assert markdown.split("\n")[-2] == "\\" + TARGET_NOTE
    table = bloc("roadmap", "-f", "table", "--fields", "area,target", env={"COLUMNS": "200"}).out
    assert "+25% in 5 years (4.56%/yr) *" in table and "change_pct" not in table


def test_no_note_without_the_derived_field_or_without_a_header() -> None:
    assert "derived" not in bloc("roadmap", "-f", "plain", "--fields", "area").out
    assert "derived" not in bloc("roadmap", "-f", "markdown", "--fields", "area").out
    assert "derived" not in bloc("roadmap", "-f", "plain", "--fields", "target", "--no-header").out


def test_data_formats_keep_the_target_exact() -> None:
    rows = json.loads(bloc("roadmap", "-f", "json", "--fields", "target").out)
    assert rows == [{"target": {"change_pct": 25, "years": 5, "annual_pct": 4.56}},
                    {"target": None}, {"target": None}]  # fmt: skip
    tsv = bloc("roadmap", "-f", "tsv", "--fields", "target", "--no-header").out
    assert tsv == "change_pct=25; years=5; annual_pct=4.56\n\n\n"


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


# --- cells: one value as text ---------------------------------------------------------------


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


# --- csv and tsv -----------------------------------------------------------------------


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


# --- json and jsonl --------------------------------------------------------------------


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


def test_json_writes_non_finite_numbers_as_null_inside_lists_too() -> None:
    # Values no dataset holds (lists of floats), but the general encoder takes them.
    row: Any = {"list": [1.5, math.nan, -math.inf], "nested": {"a": [math.inf, (2.5, math.nan)]}}
    records = Records(title="t", fields=("list", "nested"), rows=[row])
    assert rendered(Format.JSONL, records) == (
        '{"list": [1.5, null, null], "nested": {"a": [null, [2.5, null]]}}\n'
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


# --- plain and markdown ----------------------------------------------------------------


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


# --- streaming: a row at a time on a terminal, a thousand at a time into a pipe ------------


class _Writes(io.StringIO):
    """A stdout that records each write, and counts its flushes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []
        self.flushes = 0

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def test_emit_writes_the_chosen_fields_in_the_chosen_format_and_flushes_once() -> None:
    out = _Writes()
    emit(sample(), terminal()._replace(stdout=out), ["year", "name"], fmt=Format.CSV, header=False)
    assert out.getvalue() == "1992,Niger\n,chad\n"
    assert out.flushes == 1


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


def test_emit_writes_the_rows_made_before_a_renderer_fails() -> None:
    out = _Writes()
    on = terminal()._replace(stdout=out)

    def rows() -> Iterable[Row]:
        yield {"n": 1}
        yield {"n": 2}
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="^the disk went away$"):
        emit(Records(title="t", fields=("n",), rows=rows()), on, ["n"], fmt=Format.JSONL)
    assert out.getvalue() == '{"n": 1}\n{"n": 2}\n'


def test_row_values_gives_null_for_a_missing_field() -> None:
    assert list(row_values([{"a": 1, "b": False}], ["b", "c", "a"])) == [[False, None, 1]]


# --- the fast paths of csv, tsv and json write what the stdlib writes ----------------------
#
# jsonfmt and delimited put each row together themselves rather than through json.dumps and
# csv.writer (see their docstrings). Small cases first, each at an edge of a fast path; then
# 100,000 members, a tenth of them holding a value that needs quoting, escaping or non-ASCII
# text, rendered both ways: by bloc, and by a reference built here on the stdlib, as bloc's
# output was before. Not timed: benchmarks/scale.py measures the speed.


def _csv_record(values: Sequence[str], line_end: str = "\r\n") -> str:
    """What the csv module writes (a NUL through a stand-in: Python 3.10's cannot)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        [value.replace("\0", NUL_STAND_IN) for value in values]
    )
    return buffer.getvalue().replace(NUL_STAND_IN, "\0").removesuffix("\r\n") + line_end


@pytest.mark.parametrize(
    "row",
    [[""], ["a,b"], ["a,b", "x"], [",", ""], ["", ""], ["x", "y,"], [1, "2,3"], []],
)
def test_csv_fast_path_writes_what_the_csv_module_writes(row: list[object]) -> None:
    assert list(csv_lines([row])) == [_csv_record([flat(value) for value in row], "\n")]


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_csv_records_that_need_the_csv_module(line_end: str) -> None:
    rows: list[list[object]] = [
        [],
        [""],
        [None],
        ["", ""],
        [",", "x"],
        ["lone\rcarriage"],
        ['"'],
        ["a\nb", 1],
        [1.5, 1e300, float("inf"), True, None, ["a", "b"]],
    ]
    expected = [_csv_record([flat(value) for value in row], line_end) for row in rows]
    assert list(csv_lines(rows, line_end)) == expected


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


COUNT = 100_000
SCALE_FIELDS = ("name", "year_joined", "contributions", "newest")
# Values that a fast path could get wrong: what csv quotes, what tsv escapes, what JSON
# escapes (control characters) or may write as it is (non-ASCII, U+2028, DEL, C1).
TRICKY = [
    "",
    ",",
    '"',
    'a "quoted" b',
    "a,b",
    "\r",
    "\n",
    "\r\n",
    "lone\rcarriage",
    "\t",
    "\\",
    "\\x00",
    "\x00\x01\x08\x0c\x1f",
    "\x7f\x85\u200e",
    "\u2028\u2029",
    "é日本😀",
    " leading and trailing ",
    "'%s' {} </script> ; =",
]


def member(index: int) -> dict[str, Any]:
    """Member `index`: mostly plain, every tenth with a tricky name or contribution."""
    tricky = TRICKY[index // 10 % len(TRICKY)] if index % 10 == 0 else ""
    contributions: list[str] | None = ["Energy", f"Sector {index % 97}"]
    if index % 7 == 0:
        contributions = None
    elif index % 10 == 0:
        contributions = [tricky] if index % 20 else []
    return {
        "name": f"Member {index:06d}{tricky if index % 20 == 0 else ''}",
        "year_joined": 1990 + index % 40 if index % 3 else None,
        "contributions": contributions,
        "newest": index == COUNT - 1,
    }


@pytest.fixture(scope="module")
def dataset_json() -> bytes:
    data = bundled()
    data["members"] = [member(index) for index in range(COUNT)]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def member_rows(dataset_json: bytes) -> list[dict[str, Any]]:
    return [dict(row) for row in members(decode_dataset(dataset_json, "test")).rows]


def rendered_members(
    dataset_json: bytes, fmt: Format, fields: Sequence[str] = SCALE_FIELDS, *, unicode: bool = True
) -> str:
    out = io.StringIO()
    emit(members(decode_dataset(dataset_json, "test")), terminal(unicode=unicode)._replace(
        stdout=out), fields, fmt=fmt)  # fmt: skip
    return out.getvalue()


def stdlib(fmt: Format, rows: list[dict[str, Any]], fields: Sequence[str], **dumps: Any) -> str:
    """What bloc wrote before its fast paths: json.dumps and csv.writer a row."""
    picked = [{field: row[field] for field in fields} for row in rows]
    if fmt is Format.JSON:
        return "[\n  " + ",\n  ".join(json.dumps(row, **dumps) for row in picked) + "\n]\n"
    if fmt is Format.JSONL:
        return "".join(json.dumps(row, **dumps) + "\n" for row in picked)
    lines = [list(fields), *([parsed_flat(value) for value in row.values()] for row in picked)]
    if fmt is Format.CSV:
        return "".join(_csv_record(line, "\n") for line in lines)
    escapes = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
    return "".join("\t".join(value.translate(escapes) for value in line) + "\n" for line in lines)


@pytest.mark.parametrize("fmt", [Format.JSON, Format.JSONL, Format.CSV, Format.TSV])
def test_output_matches_the_stdlib_at_100k(
    dataset_json: bytes, member_rows: list[dict[str, Any]], fmt: Format
) -> None:
    expected = stdlib(fmt, member_rows, SCALE_FIELDS, ensure_ascii=False)
    assert rendered_members(dataset_json, fmt) == expected


@pytest.mark.parametrize("fmt", [Format.JSON, Format.JSONL])
def test_json_on_an_ascii_stream_matches_the_stdlib_at_100k(
    dataset_json: bytes, member_rows: list[dict[str, Any]], fmt: Format
) -> None:
    fields = ("contributions", "name")
    expected = stdlib(fmt, member_rows, fields, ensure_ascii=True)
    assert rendered_members(dataset_json, fmt, fields, unicode=False) == expected


# sha256 of `bloc --data FILE members -f FMT` for this file, written by bloc before
# the fast paths (commit 6e17cab): the output of the installed command is unchanged.
BEFORE = {
    "json": "61bfc243ecdae7989638c224e31051df0a74ef3b448d6ee644520c979e5f99b5",
    "jsonl": "21966ff8d714629fbe14fe616e35f53e8a7b492b90fca0fe32968a3251dec9f0",
    "csv": "f1eabe59030758372c0a5ecd6b794da4cd40c5c2004d625fdf0a7442da42c1ce",
    "tsv": "bc132bc609f41c6a91fdac32cf951e510802c28c9ef735c165688464c38788ff",
}


@pytest.mark.process
@pytest.mark.parametrize("fmt", BEFORE)
def test_installed_bloc_writes_what_it_wrote_before(
    dataset_json: bytes, fmt: str, tmp_path: Path
) -> None:
    path = tmp_path / "members.json"
    path.write_bytes(dataset_json)
    done = subprocess.run(
        [BLOC, "--data", str(path), "members", "-f", fmt],
        capture_output=True,
        env=BASE_ENV,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert hashlib.sha256(done.stdout).hexdigest() == BEFORE[fmt]
