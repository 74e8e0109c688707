"""Quantitative targets derived from a roadmap impact ("by 25% over 5 years"); not source facts."""

from __future__ import annotations

import re

# Numbers are read within bounds (up to nine digits a part), so that no impact text,
# however absurd, can overflow the arithmetic: a longer number is simply no goal.
GOAL_PATTERN = r"\bby (\d{1,9}(?:\.\d{1,9})?)\s*% over (\d{1,9}) years?\b"

Target = dict[str, float]


def derived_target(impact: str | None) -> Target | None:
    """The change, the period and the compound annual rate that reaches it, or None."""
    match = re.search(GOAL_PATTERN, impact or "", re.IGNORECASE)  # compiled once, on first use
    if match is None:
        return None
    change_pct, years = float(match.group(1)), int(match.group(2))
    if years == 0:
        return None
    annual_pct = ((1 + change_pct / 100) ** (1 / years) - 1) * 100
    return {
        "change_pct": int(change_pct) if change_pct.is_integer() else change_pct,
        "years": years,
        "annual_pct": round(annual_pct, 2),
    }


def prose(target: Target) -> str:
    """A target as people read it: `+25% in 5 years (4.56%/yr)`."""
    years = int(target["years"])
    return (
        f"+{_number(target['change_pct'])}% in {years} year{'' if years == 1 else 's'} "
        f"({_number(target['annual_pct'])}%/yr)"
    )


def _number(value: float) -> str:
    """At most two decimals, none when whole, thousands grouped: 4.56, 25, 1,000,000."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")
