"""Every command in every format: parsed back with the standard parsers, values intact."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from bloc_cli.output import Format

from conftest import RECORD_COMMANDS, Result, bloc, bundled, run
from formats import flat, parse

DATA_FORMATS = ["json", "jsonl", "csv", "tsv"]
# Fields that hold the name of a section, list or field: a terminal table shows them as
# words (`Security threats`).
WORD_FIELDS = {"section", "field", "list"}


def reference(command: tuple[str, ...]) -> list[dict[str, Any]]:
    result = run(*command, "-f", "json")
    assert result.code == 0, result.err
    data: list[dict[str, Any]] | dict[str, Any] = json.loads(result.out)
    # A command that shows one record prints it as one object (gh's `view --json`).
    single = command[0] == "member" or command[:2] == ("about", "--source")
    rows = [data] if single and isinstance(data, dict) else data
    assert isinstance(rows, list) and rows, "every command shown here has a result"
    return rows


def test_every_format_has_a_renderer() -> None:
    for fmt in Format:
        assert callable(fmt.renderer())


@pytest.mark.process
@pytest.mark.parametrize("command", RECORD_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", DATA_FORMATS)
def test_data_formats_round_trip(command: tuple[str, ...], fmt: str) -> None:
    result = run(*command, "-f", fmt)
    assert result.code == 0 and result.err == ""
    assert "\r" not in result.out
    parsed = parse(fmt, result.out)  # one object (member, about --source) as a row of one
    expected = reference(command)
    if fmt in ("csv", "tsv"):
        expected = [{key: flat(value) for key, value in row.items()} for row in expected]
    assert parsed == expected


@pytest.mark.process
@pytest.mark.parametrize("command", RECORD_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["plain", "markdown", "table"])
def test_text_formats_show_every_value(command: tuple[str, ...], fmt: str) -> None:
    result = run(*command, "-f", fmt, env={"COLUMNS": "400"})
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


@pytest.mark.process
def test_piped_default_is_tsv_with_a_header() -> None:
    result = run("members")
    assert result.out.splitlines()[0] == "name\tyear_joined\tcontributions\tnewest"
    assert result.out.splitlines()[1] == "Kazakhstan\t1992\tEnergy; Manufacturing\tfalse"


@pytest.mark.process
def test_csv_is_comma_separated_with_lf_line_ends() -> None:
    result = run("members", "-f", "csv")
    assert result.out.splitlines()[:2] == [
        "name,year_joined,contributions,newest",
        "Kazakhstan,1992,Energy; Manufacturing,false",
    ]
    assert "\r\n" not in result.out


@pytest.mark.process
def test_csv_quotes_values_with_commas() -> None:
    result = run("roadmap", "--area", "energy", "-f", "csv", "--no-header")
    assert result.out == (
        "Energy Cooperation,Joint renewable energy projects; share resources,"
        '"Enhance energy security, reduce dependency",\n'
    )


@pytest.mark.process
def test_jsonl_is_one_object_per_line() -> None:
    lines = run("members", "-f", "jsonl").out.splitlines()
    assert len(lines) == 6
    assert json.loads(lines[5])["name"] == "Azerbaijan"


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain", "markdown", "table"])
def test_fields_pick_and_order_columns_in_every_format(fmt: str) -> None:
    result = run("members", "-f", fmt, "--fields", "year_joined,name")
    assert result.code == 0, result.err
    if fmt in DATA_FORMATS:
        assert list(parse(fmt, result.out)[0]) == ["year_joined", "name"]
    else:
        assert "Contributions" not in result.out
        first = next(line for line in result.out.splitlines() if "Kazakhstan" in line)
        assert first.index("1992") < first.index("Kazakhstan")


@pytest.mark.process
def test_fields_can_show_a_field_the_default_view_leaves_out() -> None:
    result = run("security", "--fields", "aspect,before", "-f", "json")
    assert json.loads(result.out)[1] == {
        "aspect": "Intelligence Sharing Efficiency",
        "before": "Moderate",
    }


@pytest.mark.process
def test_unknown_field_exits_2_naming_the_close_ones() -> None:
    result = run("members", "--fields", "name,yaer_joined")
    assert result.code == 2
    assert result.out == ""
    assert "unknown field 'yaer_joined'; did you mean year_joined?" in result.err
    assert "contributions" not in result.err


@pytest.mark.process
def test_unknown_format_exits_2_listing_the_choices() -> None:
    result = run("members", "-f", "yaml")
    assert result.code == 2
    assert result.out == ""
    for choice in ("table", "plain", "markdown", "json", "jsonl", "csv", "tsv"):
        assert choice in result.err


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["csv", "tsv", "plain"])
def test_no_header_drops_the_header_row(fmt: str) -> None:
    with_header = run("members", "-f", fmt).out.splitlines()
    without = run("members", "-f", fmt, "--no-header").out.splitlines()
    assert len(with_header) == 7 and len(without) == 6
    assert "Kazakhstan" in without[0]


@pytest.mark.process
def test_plain_keeps_values_exactly_without_number_formatting() -> None:
    result = run("members", "-f", "plain", "--fields", "year_joined", "--no-header")
    assert result.out.split() == ["1992", "1993", "2024"]


@pytest.mark.process
def test_markdown_is_a_pipe_table() -> None:
    lines = run("security", "--compare", "-f", "markdown").out.splitlines()
    assert lines[0].startswith("| Aspect")
    assert set(lines[1]) <= {"|", "-", ":"}
    assert "Centralized & Streamlined" in lines[4]


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
