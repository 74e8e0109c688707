"""What a person sees at a terminal (100 and 60 columns): sentences, bullets, whole words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import bundled, run, run_in_terminal

WIDTHS = [100, 60]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
IMAGE_URL = (
    "https://asia-news.biz/wp-content/uploads/2026/02/"
    "220325-contribution-central-asia-on-threshold-of-a-new-era-the-korea-herald-350x250.jpg"
)


def screen(*args: str, columns: int = 100, env: dict[str, str] | None = None) -> list[str]:
    result = run_in_terminal(*args, columns=columns, env={"NO_COLOR": "1", **(env or {})})
    assert result.code == 0, result.err
    return result.out.split("\n")


# 1. An empty result says so --------------------------------------------------------------


@pytest.mark.process
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
    result = run_in_terminal(*args)
    assert (result.code, result.out, result.err) == (0, "", sentence + "\n")


@pytest.mark.process
def test_an_empty_result_in_a_pipe_is_still_the_empty_result() -> None:
    assert run("members", "--since", "2030").out == "name\tyear_joined\tcontributions\tnewest\n"
    assert run("members", "--since", "2030", "-f", "json").out == "[]\n"
    assert run("members", "--since", "2030").err == ""


# 2. List items are visibly items ---------------------------------------------------------


@pytest.mark.process
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


@pytest.mark.process
def test_a_terminal_that_is_not_utf8_gets_ascii_bullets() -> None:
    lines = screen("members", env={"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"})
    assert any("| - Energy" in line for line in lines)
    assert all(line.isascii() for line in lines)


# 3. No word is cut in the middle; no URL is folded --------------------------------------


@pytest.mark.process
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize(
    "args", [("roadmap",), ("about",), ("context",), ("members",), ("security", "--compare")]
)
def test_no_word_is_cut_in_the_middle(args: tuple[str, ...], columns: int) -> None:
    lines = screen(*args, columns=columns)
    assert max(len(line) for line in lines) <= columns
    words = re.findall(r"[\w&’.,%/()+-]+", " ".join(lines))
    data = json.loads(run(*args, "-f", "json").out)
    expected = {
        word
        for row in data
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


@pytest.mark.process
def test_field_names_shown_to_people_are_words() -> None:
    text = "\n".join(screen("about"))
    assert "Joint venture sectors" in text and "joint_venture_sectors" in text  # the command
    assert "│ joint_venture_sectors " not in text


@pytest.mark.process
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_url_is_never_folded(columns: int) -> None:
    lines = screen("about", "--source", columns=columns)
    assert any(line.endswith(IMAGE_URL) for line in lines), lines
    # The source's image_url and the article's image line (line 37) match: too wide for a
    # table, they are cards, each URL whole at the end of its line.
    found = screen("search", "asia-news", columns=columns)
    assert any(line.endswith(IMAGE_URL) for line in found), found


# 4. about fits a screen; context lists one item a row -----------------------------------


@pytest.mark.process
def test_about_is_an_overview_that_fits_a_screen() -> None:
    lines = [line for line in screen("about") if line]
    assert len(lines) < 30
    text = "\n".join(lines)
    assert "Economic and Security Implications" not in text  # headings only on request
    assert "bloc context --list security_threats" in text


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "json", "jsonl", "csv", "tsv"])
def test_context_prints_every_item_in_every_format(fmt: str) -> None:
    result = run("context", "--list", "security_threats", "-f", fmt)
    assert result.code == 0, result.err
    for item in ("drug trafficking", "terrorism", "cyber threats"):
        assert item in result.out


# 5. Derived targets read like prose; one rule for null -----------------------------------


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_a_derived_target_reads_like_prose(fmt: str) -> None:
    result = run("roadmap", "-f", fmt, "--fields", "area,target", env={"COLUMNS": "200"})
    assert "+25% in 5 years (4.56%/yr)" in result.out
    assert "change_pct" not in result.out


@pytest.mark.process
def test_data_formats_keep_the_target_exact() -> None:
    rows = json.loads(run("roadmap", "-f", "json", "--fields", "target").out)
    assert rows[0] == {"target": {"change_pct": 25, "years": 5, "annual_pct": 4.56}}
    tsv = run("roadmap", "-f", "tsv", "--fields", "target", "--no-header").out
    assert tsv.splitlines()[0] == "change_pct=25; years=5; annual_pct=4.56"


@pytest.mark.process
def test_a_missing_target_does_not_apply_while_an_unknown_year_is_not_stated() -> None:
    roadmap = "\n".join(screen("roadmap", "--fields", "area,target"))
    assert re.search(r"Energy Cooperation\s+│ –", roadmap)
    assert "│ not stated" not in roadmap
    members = "\n".join(screen("members", "--fields", "name,year_joined"))
    assert re.search(r"Turkmenistan\s+│ not stated", members)


# 6. Captions: left-aligned, one form, a row count ----------------------------------------


@pytest.mark.process
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


@pytest.mark.process
def test_a_card_folds_a_long_word_and_lists_a_url_in_a_list_under_it(tmp_path: Path) -> None:
    data = bundled()
    url = "https://example.org/" + "a" * 150
    data["members"][0]["name"] = "Long" + "y" * 300
    data["members"][0]["contributions"] = [url]
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    lines = screen("--data", str(path), "member", "long", columns=60)
    assert "…" not in "".join(lines)  # folded, never cut with an ellipsis
    assert "".join(lines).count("y") >= 300
    assert f"[1] {url}" in lines


@pytest.mark.process
def test_does_not_apply_is_ascii_on_an_ascii_terminal() -> None:
    result = run(
        "roadmap", "-f", "table", "--fields", "area,target", env={"PYTHONIOENCODING": "ascii"}
    )
    assert re.search(r"\| Energy Cooperation\s+\| - ", result.out)
    assert "?" not in result.out


# 7. Narrow terminals: nothing a person types is cut; numbers right-align ------------------


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


@pytest.mark.process
@pytest.mark.parametrize("columns", WIDTHS)
def test_numbered_article_wraps_under_its_text_and_cuts_no_word(columns: int) -> None:
    lines = screen("article", "--numbered", columns=columns)
    article = run("article").out.split("\n")[:-1]
    entries = numbered_entries(lines)
    assert len(entries) == len(article)
    for rows, line in zip(entries, article, strict=True):
        assert " ".join(rows).split() == line.split(), line  # every word, whole, in order
        for row in rows:  # each row fits behind the number, unless one word is wider
            assert len(row) <= columns - 8 or " " not in row, row
    assert any(len(rows) > 1 for rows in entries)


def typed_values(args: tuple[str, ...], fields: tuple[str, ...]) -> set[str]:
    rows = json.loads(run(*args, "-f", "json").out)
    return {row[field] for row in rows for field in fields if row[field]}


@pytest.mark.process
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
    for value in typed_values(args, typed):
        assert any(re.search(rf"(^|[ │]){re.escape(value)}( |│|$)", line) for line in lines), value


@pytest.mark.process
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


@pytest.mark.process
def test_numbers_right_align_and_words_stay_left() -> None:
    about = screen("about")
    assert re.search(r"│ Members +│     6 │ bloc members +│", "\n".join(about))
    members = "\n".join(screen("members", "--fields", "name,year_joined"))
    assert "│ Kazakhstan   │        1992 │" in members
    assert "│ Turkmenistan │ not stated  │" in members  # text stays left among numbers
    query = "\n".join(screen("sql", "SELECT 'a' AS name, 1234567 AS big UNION SELECT 'b', 3"))
    assert "│ a    │ 1234567 │" in query and "│ b    │       3 │" in query
