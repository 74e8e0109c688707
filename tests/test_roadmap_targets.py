"""Roadmap targets: a quantitative goal becomes a derived, clearly labelled compound rate."""

from __future__ import annotations

import json

import pytest

from bloc_cli.targets import derived_target

from conftest import run, run_in_terminal


@pytest.mark.process
def test_the_trade_goal_becomes_a_compound_annual_rate() -> None:
    roadmap = json.loads(run("roadmap", "-f", "json").out)
    # "Boost regional trade by 25% over 5 years": 1.25 ** (1 / 5) = 1.04564 -> 4.56 % a year.
    assert roadmap[0]["target"] == {"change_pct": 25, "years": 5, "annual_pct": 4.56}


@pytest.mark.process
def test_qualitative_impacts_have_no_target() -> None:
    roadmap = json.loads(run("roadmap", "-f", "json").out)
    assert [row["target"] for row in roadmap[1:]] == [None, None]


@pytest.mark.process
def test_csv_flattens_the_target() -> None:
    result = run("roadmap", "-f", "csv", "--fields", "area,target", "--no-header")
    assert result.out.splitlines()[0] == (
        "Trade & Infrastructure,change_pct=25; years=5; annual_pct=4.56"
    )


@pytest.mark.process
def test_terminal_table_shows_the_target_and_says_it_is_derived() -> None:
    result = run_in_terminal("roadmap", "--no-color", columns=160)
    assert "+25% in 5 years (4.56%/yr)" in result.out
    assert "derived by bloc" in result.out and "not stated by the source" in result.out


@pytest.mark.parametrize(
    ("impact", "target"),
    [
        (
            "Boost regional trade by 25% over 5 years",
            {"change_pct": 25, "years": 5, "annual_pct": 4.56},
        ),
        ("Grow exports by 10% over 1 year", {"change_pct": 10, "years": 1, "annual_pct": 10.0}),
        ("cut costs BY 7.5 % OVER 3 YEARS", {"change_pct": 7.5, "years": 3, "annual_pct": 2.44}),
        ("Enhance energy security, reduce dependency", None),
        ("by 25% over 0 years", None),
        (None, None),
    ],
)
def test_derived_target(impact: str | None, target: dict[str, float] | None) -> None:
    assert derived_target(impact) == target
