"""How a change, its interval and its p-value read: one voice for the window, the CLI and paper.

A change is what happened to the rate, said the way it happened: "fell 21%", "rose 35%".
Its interval runs the same way and with the same signs ("fell 73% to rose 115%" in a
sentence, "−73% to +115%" in a table), a rise beyond tenfold reads "more than 10×" rather
than a long number, and p-values read in three bands ("p = 0.78", "p = 0.004", "p < 0.001"),
never in scientific notation. Compliance changes are differences of two shares, so they read
in percentage points ("fell 3.5 points").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from trusted_trader.domain.compliance import ComplianceChange, ComplianceVerdict
from trusted_trader.domain.enums import PortBasis

__all__ = [
    "MINUS",
    "ComplianceWords",
    "all_inspections_words",
    "both_sides_warning",
    "change_signed",
    "change_words",
    "compliance_sentence",
    "compliance_words",
    "interval_signed",
    "interval_words",
    "p_value_text",
    "points_interval_words",
    "points_signed",
    "points_words",
    "port_basis_words",
    "port_unrated_words",
    "selection_words",
    "share_interval_text",
    "share_text",
    "signed_count",
    "volume_source_words",
]

MINUS = "\u2212"  # the typographic minus, as in "−21%"
TENFOLD = 9.0  # a change of +900% is a rate ten times the baseline
BEYOND_TENFOLD = "more than 10×"
DASH = "—"


def change_words(change: float | None) -> str:
    """A relative change (0.35 = +35%) as words: "fell 21%", "rose 35%", "did not change"."""
    if change is None or math.isnan(change):
        return "not measurable"
    if change > TENFOLD:
        return f"rose {BEYOND_TENFOLD}"
    if change > 0:
        return f"rose {_percent(change)}"
    if change < 0:
        return f"fell {_percent(-change)}"
    return "did not change"


def change_signed(change: float | None) -> str:
    """A relative change for a table: "−21%", "+35%", "0%", "more than 10×"."""
    if change is None or math.isnan(change):
        return DASH
    if change > TENFOLD:
        return BEYOND_TENFOLD
    text = _percent(abs(change))
    if text == "0%":
        return text
    return f"+{text}" if change > 0 else f"{MINUS}{text}"


def interval_words(low: float, high: float) -> str:
    """An interval of relative changes in words, low end first: "fell 73% to rose 115%"."""
    if math.isinf(high) and low <= -1.0:
        return "any change (no limit either way)"
    if math.isinf(high):
        return f"{change_words(low)} or more"
    if low < 0 and high < 0:
        return f"fell {_percent(-high)} to {_percent(-low)}"
    if low > 0 and high > 0:
        upper = BEYOND_TENFOLD if high > TENFOLD else _percent(high)
        return f"rose {_percent(low)} to {upper}"
    return f"{change_words(low)} to {change_words(high)}"


def interval_signed(low: float, high: float) -> str:
    """An interval of relative changes for a table: "−73% to +115%"."""
    if math.isinf(high):
        return f"{change_signed(low)} or more"
    return f"{change_signed(low)} to {change_signed(high)}"


def p_value_text(p: float | None) -> str:
    """ "p = 0.78", "p = 0.004", "p < 0.001"; a dash when there is no test."""
    if p is None or math.isnan(p):
        return DASH
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    if p > 0.99:
        return "p > 0.99"
    return f"p = {p:.2f}"


def share_text(share: float | None) -> str:
    """A share such as a compliance rate, to a tenth of a percent: "97.3%"."""
    if share is None or math.isnan(share):
        return DASH
    return f"{share * 100:.1f}%"


def share_interval_text(interval: tuple[float, float] | None) -> str:
    """A share's interval: "83.2% to 100.0%"; a dash when there is none."""
    if interval is None:
        return DASH
    return f"{share_text(interval[0])} to {share_text(interval[1])}"


def points_words(difference: float | None) -> str:
    """A difference of two shares in words: "fell 3.5 points", "rose 0.8 points"."""
    if difference is None or math.isnan(difference):
        return "not measurable"
    points = round(difference * 100, 1)
    if points == 0:
        return "did not change"
    word = "rose" if points > 0 else "fell"
    return f"{word} {abs(points):.1f} points"


def points_interval_words(low: float, high: float) -> str:
    """An interval of share differences in words: "fell 6.1 to 0.9 points", "fell 2.0 to
    rose 1.5 points"."""
    lower, upper = round(low * 100, 1), round(high * 100, 1)
    if lower < 0 and upper < 0:
        return f"fell {-lower:.1f} to {-upper:.1f} points"
    if lower > 0 and upper > 0:
        return f"rose {lower:.1f} to {upper:.1f} points"
    return f"{points_words(low).removesuffix(' points')} to {points_words(high)}"


def points_signed(difference: float | None) -> str:
    """A difference of two shares for a table: "−3.5 pts", "+0.8 pts", "0.0 pts"."""
    if difference is None or math.isnan(difference):
        return DASH
    points = round(difference * 100, 1)
    sign = "+" if points > 0 else MINUS if points < 0 else ""
    return f"{sign}{abs(points):.1f} pts"


def _percent(fraction: float) -> str:
    """A size (>= 0) as a percent: whole numbers, with a decimal below 1% so 0.4% is not "0%"."""
    value = fraction * 100.0
    if 0 < value < 0.95:
        return f"{value:.1f}%"
    return f"{value:,.0f}%"


def selection_words(selection: str) -> str:
    """Which inspections a compliance figure rests on: "random inspections" or "all inspections"."""
    return "random inspections" if selection == "random" else "all inspections"


def all_inspections_words(everything: ComplianceChange) -> str:
    """Beside a figure over random inspections, the one over all of them (no final stop)."""
    before, after = share_text(everything.baseline.rate), share_text(everything.current.rate)
    return f"All inspections, targeted included: {before} then {after}"


def compliance_sentence(change: ComplianceChange, selection: str) -> str:
    """Compliance in one sentence, the same in the window, the CLI and the PDFs."""
    which = selection_words(selection)
    if change.difference is None or change.difference_ci95 is None:
        empty = [
            name
            for name, counts in (("baseline", change.baseline), ("current", change.current))
            if not counts.examined
        ]
        where = f"the {empty[0]}" if len(empty) < 2 else "either"
        return f"Compliance is not measurable: no examined entries in {where} period."
    low, high = change.difference_ci95
    return (
        f"Compliance ({which}) {points_words(change.difference)}, from "
        f"{share_text(change.baseline.rate)} to {share_text(change.current.rate)} "
        f"(95% CI {points_interval_words(low, high)}; {p_value_text(change.p_value)}): "
        f"{change.verdict.value}."
    )


def both_sides_warning(touch_point_verdict: str, compliance: ComplianceChange) -> str | None:
    """The warning when touch points fell clearly while compliance fell clearly too."""
    if touch_point_verdict == "fell" and compliance.verdict is ComplianceVerdict.WORSENED:
        return "Fewer touch points, but compliance fell."
    return None


@dataclass(frozen=True)
class ComplianceWords:
    """Compliance as the window, the CLI and the progress report word it beside touch points."""

    which: str  # the inspections it rests on: "random inspections" or "all inspections"
    sentence: str
    all_inspections: str  # beside a figure over random inspections, the one over all; else ""
    warning: str | None  # when touch points fell clearly while compliance fell clearly too


def compliance_words(
    change: ComplianceChange,
    selection: str,
    everything: ComplianceChange,
    touch_point_verdict: str,
) -> ComplianceWords:
    """The words of a compliance change over ``selection``; ``everything`` is the change over
    all inspections, named only when ``selection`` is "random"."""
    return ComplianceWords(
        which=selection_words(selection),
        sentence=compliance_sentence(change, selection),
        all_inspections=all_inspections_words(everything) if selection == "random" else "",
        warning=both_sides_warning(touch_point_verdict, change),
    )


def port_basis_words(basis: PortBasis, *, one_partner: bool, per_month: bool = False) -> str:
    """What the rates of a port table divide by, for its caption (window, CLI and paper)."""
    if per_month:
        return "Rates per port are touch points per month: a period has no entries on record."
    if basis is PortBasis.PORT_ENTRIES:
        return "Rates per port divide by the port's own entries (from imported entries)."
    whose = "the partner's" if one_partner else "the partners'"
    why = (
        "no entries by port on record"
        if basis is PortBasis.NO_PORT_ENTRIES
        else "entries by port cover only part of the periods"
    )
    return f"Rates per port divide by all {whose} entries: {why}."


def port_unrated_words(periods: list[str], touch_points: int) -> str:
    """Why a port has no rate: no entries were filed there in a period."""
    where = " and ".join(f"the {p} period" for p in periods)
    if not touch_points:
        return f"No entries at this port in {where}: its rate is not computed."
    counted = (
        "its touch point there is"
        if touch_points == 1
        else (f"its {touch_points:,} touch points there are")
    )
    return f"No entries at this port in {where}: {counted} counted, its rate is not computed."


def volume_source_words(counted: int | None, reported: bool) -> str:
    """Where a month's entries come from: "From 412 imported entries", "Reported" or ""."""
    if counted is not None:
        return f"From {counted:,} imported entr{'y' if counted == 1 else 'ies'}"
    return "Reported" if reported else ""


def signed_count(difference: int) -> str:
    """A difference of two counts for a table: "+12", "−3", "0"."""
    if difference > 0:
        return f"+{difference:,}"
    return f"{MINUS}{-difference:,}" if difference < 0 else "0"
