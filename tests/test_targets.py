"""Roadmap targets: a quantitative goal ("by 25% over 5 years") becomes a derived, clearly
labelled compound annual rate; every other impact has none."""

from __future__ import annotations

import json

import pytest

from bloc_cli.targets import derived_target

from conftest import bloc, fake_streams


def test_the_trade_goal_becomes_a_compound_annual_rate() -> None:
    roadmap = json.loads(bloc("roadmap", "-f", "json").out)
    # "Boost regional trade by 25% over 5 years": 1.25 ** (1 / 5) = 1.04564 -> 4.56 % a year.
    assert roadmap[0]["target"] == {"change_pct": 25, "years": 5, "annual_pct": 4.56}


def test_qualitative_impacts_have_no_target() -> None:
    roadmap = json.loads(bloc("roadmap", "-f", "json").out)
    assert [row["target"] for row in roadmap[1:]] == [None, None]


def test_csv_flattens_the_target() -> None:
    result = bloc("roadmap", "-f", "csv", "--fields", "area,target", "--no-header")
    assert result.out.splitlines()[0] == (
        "Trade & Infrastructure,change_pct=25; years=5; annual_pct=4.56"
    )


def test_terminal_table_shows_the_target_and_says_it_is_derived() -> None:
    result = bloc("roadmap", "--no-color", streams=fake_streams(is_tty=True, width=160))
    assert "+25% in 5 years (4.56%/yr)" in result.out
    assert "derived by bloc" in result.out and "not stated by the source" in result.out


def test_target_of_the_article_roadmap_goal() -> None:
    target = derived_target("Boost regional trade by 25% over 5 years")
    # 1.25 ** (1 / 5) = 1.045639... : 4.56 % a year.
    assert target == {"change_pct": 25, "years": 5, "annual_pct": 4.56}
    assert target is not None and type(target["change_pct"]) is int
    assert type(target["years"]) is int


@pytest.mark.parametrize(
    ("impact", "expected"),
    [
        # 1.5 ** (1 / 3) = 1.1447142...
        ("Grow exports by 50% over 3 years", {"change_pct": 50, "years": 3, "annual_pct": 14.47}),
        # One year: the annual rate is the change itself.
        ("by 10.5% over 1 year", {"change_pct": 10.5, "years": 1, "annual_pct": 10.5}),
        ("Grow exports by 10% over 1 year", {"change_pct": 10, "years": 1, "annual_pct": 10.0}),
        # 1.075 ** (1 / 3) = 1.0243998...
        ("cut costs BY 7.5 % OVER 3 YEARS", {"change_pct": 7.5, "years": 3, "annual_pct": 2.44}),
        # Case and a space before % do not matter; 2 ** (1 / 2) = 1.41421356...
        ("DOUBLE IT BY 100 % OVER 2 YEARS", {"change_pct": 100, "years": 2, "annual_pct": 41.42}),
        # A whole number written with a fraction is still a whole number.
        ("by 25.0% over 5 years", {"change_pct": 25, "years": 5, "annual_pct": 4.56}),
        ("by 0% over 4 years", {"change_pct": 0, "years": 4, "annual_pct": 0.0}),
        # Nine digits a part are read.
        (
            "by 999999999% over 999999999 years",
            {"change_pct": 999999999, "years": 999999999, "annual_pct": 0.0},
        ),
    ],
)
def test_impact_with_a_goal_gets_a_compound_annual_target(
    impact: str, expected: dict[str, float]
) -> None:
    target = derived_target(impact)
    assert target == expected
    assert target is not None
    assert type(target["change_pct"]) is type(expected["change_pct"])


@pytest.mark.parametrize(
    "impact",
    [
        None,
        "",
        "Enhance energy security, reduce dependency",
        "by 25% over 0 years",  # no period: no rate
        "nearby 25% over 5 years",  # "by" must be a word
        "by 25% over 5 yearsly",  # and so must "years"
        "by 25% over 2.5 years",  # years are whole
        "by 1234567890% over 5 years",  # ten digits: no goal
        "by 25% in 5 years",
    ],
)
def test_impact_without_a_goal_has_no_target(impact: str | None) -> None:
    assert derived_target(impact) is None


def test_target_is_found_anywhere_in_the_impact() -> None:
    assert derived_target("Trade, by 20% over 2 years, say") == {
        "change_pct": 20,
        "years": 2,
        "annual_pct": 9.54,  # 1.2 ** 0.5 = 1.0954451...
    }
