"""Options as people type them: bloc's own options before or after the command, --version
alone, choices and fields in any case or by a unique prefix, --fields choosing the
citations too, --since with --until, and the article's --lines."""

from __future__ import annotations

import inspect
import json
import re
import threading
from collections.abc import Callable
from typing import cast

import pytest
import typer

from bloc_cli import cli, completion, options, registry
from bloc_cli.records import Records

from conftest import Result, bloc, bundled, fake_streams

Writer = Callable[..., str]


def test_data_works_before_or_after_the_command(write_data: Writer) -> None:
    data = bundled()
    data["members"] = data["members"][:2]
    path = write_data(data)
    expected = Result(0, "name\nKazakhstan\nUzbekistan\n", "")
    assert bloc("members", "--data", path, "--fields", "name") == expected
    assert bloc("members", "--fields", "name", f"--data={path}") == expected
    assert bloc("--data", path, "members", "--fields", "name") == expected


def test_version_is_printed_alone_even_with_a_dataset_that_cannot_load() -> None:
    for args in (("--version",), ("--data", "gone.json", "--version")):
        result = bloc(*args)
        assert (result.code, result.err) == (0, "")
        assert re.fullmatch(r"bloc \d+\.\d+\.\d+\n", result.out)


@pytest.mark.typer_0_28
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (("benefits", "--kind", "eco"), ("benefits", "--kind", "economic")),
        (("benefits", "--kind", "MEMB"), ("benefits", "--kind", "membership")),
        (("members", "--sort", "Y"), ("members", "--sort", "year")),
        (("context", "--list", "SEC"), ("context", "--list", "security_threats")),
        (("members", "-f", "Mark"), ("members", "-f", "markdown")),
        (("completion", "ba"), ("completion", "bash")),
    ],
    ids=lambda args: " ".join(args),
)
def test_choices_take_any_case_and_a_unique_prefix(
    typed: tuple[str, ...], meant: tuple[str, ...]
) -> None:
    expected = bloc(*meant)
    assert expected.code == 0 and expected.out
    assert bloc(*typed) == expected


def test_fields_match_in_any_case_like_formats() -> None:
    result = bloc("members", "--fields", "NAME,Year_Joined", "-f", "CSV")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[:2] == ["name,year_joined", "Kazakhstan,1992"]
    # A query's columns that differ only in case are named exactly.
    assert bloc("sql", "SELECT 1 AS a, 2 AS A, 3 AS b", "--fields", "B,A").out == "b\tA\n3\t2\n"
    assert bloc("sql", "SELECT 1 AS a, 2 AS A", "--fields", "a").out == "a\n1\n"


# The sentence of the article's line 1 that names five of the members among the leaders.
LEADERS = (
    "Euronews.com reports that leaders from Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan, "
    "and Tajikistan joined Azerbaijani representatives in heralding a new chapter of regional "
    "collaboration, signaling a strategic realignment with far-reaching implications."
)


def test_fields_quote_without_line_still_quotes_each_members_line() -> None:
    result = bloc("members", "--fields", "name,quote", "-f", "json")
    assert (result.code, result.err) == (0, "")
    quotes = {row["name"]: row["quote"] for row in json.loads(result.out)}
    # Each member's row of the article's table, and line 1's sentence for those without one.
    assert quotes == {
        "Kazakhstan": "| Kazakhstan | 1992 | Energy, Manufacturing |",
        "Uzbekistan": "| Uzbekistan | 1993 | Textiles, Agriculture |",
        "Turkmenistan": LEADERS,
        "Kyrgyzstan": LEADERS,
        "Tajikistan": LEADERS,
        "Azerbaijan": "| Azerbaijan | 2024 | Energy, Trade Routes |",
    }


def test_fields_line_and_quote_in_a_pipe_are_tab_separated() -> None:
    result = bloc("security", "--fields", "line,quote", "--aspect", "border")
    assert result == Result(
        0,
        "line\tquote\n24\t| Border Security Coordination | Fragmented | Centralized & "
        "Streamlined |\n",
        "",
    )


def test_since_after_until_is_a_usage_error_but_the_same_year_is_not() -> None:
    assert bloc("members", "--since", "2000", "--until", "1990") == Result(
        2,
        "",
        "bloc: error: --since 2000 is after --until 1990: no year is both "
        "(see 'bloc members -h')\n",
    )
    assert bloc("members", "--since", "1993", "--until", "1993", "--fields", "name") == Result(
        0, "name\nUzbekistan\n", ""
    )


def article_lines() -> list[str]:
    text: str = bundled()["source"]["text"]
    return text.removesuffix("\n").split("\n")


def test_article_lines_open_at_the_end() -> None:
    lines = article_lines()
    start = len(lines) - 2
    assert bloc("article", "--lines", f"{start}-") == Result(
        0, "\n".join(lines[start - 1 :]) + "\n", ""
    )


def test_article_lines_open_at_the_start() -> None:
    lines = article_lines()
    assert bloc("article", "--lines", "-3") == Result(0, "\n".join(lines[:3]) + "\n", "")
    assert bloc("article", "--lines=-3", "-n") == Result(
        0,
        "".join(f"{number:6d}\t{line}\n" for number, line in enumerate(lines[:3], start=1)),
        "",
    )


def strangers(count: int) -> dict[str, object]:
    """The bundled dataset with `count` members the article never names."""
    data = bundled()
    data["members"] = [
        {"name": f"m{number}", "year_joined": None, "contributions": None, "newest": False}
        for number in range(count)
    ]
    return data


def test_cite_warns_once_for_each_record_the_article_does_not_state(write_data: Writer) -> None:
    result = bloc("--data", write_data(strangers(20)), "members", "--cite", "--fields", "name,line")
    assert (result.code, result.out) == (
        0,
        "name\tline\n" + "".join(f"m{n}\t\n" for n in range(20)),
    )
    assert result.err == "".join(
        f"bloc: warning: members m{number}: the article states it nowhere\n" for number in range(20)
    )


def test_cite_counts_the_warnings_past_twenty(write_data: Writer) -> None:
    result = bloc("--data", write_data(strangers(23)), "members", "--fields", "name,quote")
    assert result.code == 0
    assert result.err.splitlines()[18:] == [
        "bloc: warning: members m18: the article states it nowhere",
        "bloc: warning: members m19: the article states it nowhere",
        "bloc: warning: and 3 more (bloc verify lists every one)",
    ]


def test_a_warning_quoting_the_data_is_inert(write_data: Writer) -> None:
    data = strangers(1)
    data["members"][0]["name"] = "m\x1b[2J"  # type: ignore[index]
    result = bloc("--data", write_data(data), "members", "--cite", "-f", "json")
    assert result.err == "bloc: warning: members m\\x1b[2J: the article states it nowhere\n"


def completed(line: str) -> Result:
    """What bloc offers a bash user who pressed Tab after `line`."""
    return bloc(env={"_BLOC_COMPLETE": "complete_bash", "_BLOC_COMPLETE_LINE": line})


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        (
            "bloc members --fields ",
            ["name", "year_joined", "contributions", "newest", "line", "quote"],
        ),
        ("bloc member kaz --fields na", ["name"]),
        (
            "bloc about --source --fields ",
            ["title", "reported_by", "page_url", "image_caption", "image_url"],
        ),
        ("bloc sql 'SELECT 1 AS a, 2 AS b' --fields ", ["a", "b"]),
        ("bloc member --fields ", []),  # no NAME yet: no record to take fields from
    ],
)
def test_fields_completes_the_fields_of_the_command_as_typed(line: str, offered: list[str]) -> None:
    assert completed(line) == Result(0, "".join(f"{word}\n" for word in ["values", *offered]), "")


def test_completing_a_querys_fields_leaves_no_time_limit_running() -> None:
    # A limit left watching would end the shell's completion, or this process, a second on.
    completed("bloc sql 'SELECT 1 AS a' --fields ")
    assert "bloc-sql-output" not in [thread.name for thread in threading.enumerate()]


KAZAKHSTAN_ROW = "| Kazakhstan | 1992 | Energy, Manufacturing |"
KAZAKHSTAN_LABELLED = (
    "Country: Kazakhstan · Year Joined: 1992 · Main Contributions: Energy, Manufacturing"
)


@pytest.mark.parametrize(
    ("args", "is_tty", "quote"),
    [
        (("-f", "plain"), False, KAZAKHSTAN_ROW),
        (("-f", "plain"), True, KAZAKHSTAN_ROW),
        ((), False, KAZAKHSTAN_ROW),  # tsv in a pipe
        (("-f", "table"), False, KAZAKHSTAN_LABELLED),
        ((), True, KAZAKHSTAN_LABELLED),  # a table on a terminal
    ],
    ids=["plain", "plain on a terminal", "a pipe", "table", "a terminal"],
)
def test_a_table_labels_a_quoted_table_row_with_its_columns(
    args: tuple[str, ...], is_tty: bool, quote: str
) -> None:
    streams = fake_streams(is_tty=is_tty, width=200)
    result = bloc("member", "kaz", "--fields", "quote", *args, streams=streams)
    assert result.code == 0
    assert quote in result.out
    other = KAZAKHSTAN_ROW if quote == KAZAKHSTAN_LABELLED else KAZAKHSTAN_LABELLED
    assert other not in result.out


# A new command gets the output options by one decorator ---------------------------------


def listing(ctx: typer.Context, big: bool = False) -> Records:
    raise AssertionError("only declared here, never run")


OUTPUT = ["output_format", "fields", "no_header", "no_color"]


def test_a_command_gets_the_output_options_after_its_own_and_cite_if_asked() -> None:
    plain, citing = options.output_options()(listing), options.output_options(cite=True)(listing)
    assert list(inspect.signature(plain).parameters) == ["ctx", "big", *OUTPUT]
    assert list(inspect.signature(citing).parameters) == ["ctx", "big", *OUTPUT, "cite"]
    assert plain.__name__ == "listing"


def test_a_command_without_ctx_first_is_refused_when_declared() -> None:
    def nameless(big: bool = False) -> Records:
        raise AssertionError("never run")

    with pytest.raises(AssertionError, match="^nameless takes ctx first$"):
        options.output_options()(nameless)


def test_cite_adds_line_and_quote_to_the_fields_shown_by_default_only() -> None:
    # `bloc security` shows the state after inclusion: --cite does not bring `before` back.
    result = bloc("security", "--cite", "--aspect", "border")
    assert result == Result(
        0,
        "aspect\tafter\tline\tquote\n"
        "Border Security Coordination\tCentralized & Streamlined\t24\t"
        "| Border Security Coordination | Fragmented | Centralized & Streamlined |\n",
        "",
    )


@pytest.mark.parametrize(("args", "coloured"), [((), True), (("--no-color",), False)])
def test_no_color_takes_the_colour_off_a_terminal(args: tuple[str, ...], coloured: bool) -> None:
    result = bloc("members", *args, streams=fake_streams(is_tty=True, color=True))
    assert result.code == 0 and "Kazakhstan" in result.out
    assert ("\x1b[" in result.out) is coloured


def test_a_completion_callback_asks_bloc_cli_completion_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[object, str]] = []

    def member_names(ctx: object, incomplete: str) -> list[str]:
        asked.append((ctx, incomplete))
        return ["Kazakhstan", "Kyrgyzstan"]

    monkeypatch.setattr(completion, "member_names", member_names)
    context = cast(typer.Context, object())
    assert options.completer("member_names")(context, "K") == ["Kazakhstan", "Kyrgyzstan"]
    assert asked == [(context, "K")]


def test_records_for_completion_need_the_command_named() -> None:
    nameless = typer.Context(typer.main.get_command(cli.app))
    nameless.info_name = None
    with pytest.raises(KeyError) as raised:
        registry.records_of(nameless, {})
    assert raised.value.args == ("",)


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("tsv", "Kazakhstan\t1992\n"),
        ("csv", "Kazakhstan,1992\n"),
        ("plain", "Kazakhstan  1992\n"),
    ],
)
def test_no_header_leaves_out_the_header_row(fmt: str, shown: str) -> None:
    args = ("member", "kaz", "--fields", "name,year_joined", "-f", fmt)
    assert bloc(*args, "--no-header") == Result(0, shown, "")
    assert bloc(*args).out.endswith(shown) and bloc(*args).out != shown


def test_without_cite_or_line_no_citation_is_looked_for(write_data: Writer) -> None:
    # None of these members is in the article: only a run that cites them warns.
    result = bloc("--data", write_data(strangers(2)), "members", "--fields", "name")
    assert result == Result(0, "name\nm0\nm1\n", "")
