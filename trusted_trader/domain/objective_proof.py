"""An objective judged from its counts: met or not, statistically clear or not, provable when.

One judgement serves the plan editor, the plan PDF and the progress report, so an objective
that met its target on a handful of touch points reads the same everywhere: "Met, but not
yet distinguishable from chance", never a plain "Met".

- A touch-point objective (a rate per 1,000 entries) is met when the current rate is at or
  below the target; it is clear when the exact conditional test (domain.statistics) calls
  the change a fall.
- A compliance objective (a clean share of examined entries, in percent) is met when the
  current rate is at or above the target; it is clear when the one-sided 95% exact
  (Clopper-Pearson) lower bound of the rate is at or above the target: the same test whose
  power `compliance_level_power` computes, so "provable" and "clear" never disagree.

Provability: the plan's months are filled, month by month, with the entries (or exams)
expected from recent monthly volume; the first month in which the power reaches 80% is the
month by which the target would be provable (domain.provability).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.compliance import clopper_pearson
from trusted_trader.domain.periods import MonthRange, add_months
from trusted_trader.domain.provability import (
    compliance_level_power,
    months_to_prove,
    touch_point_fall_power,
)
from trusted_trader.domain.statistics import PeriodCounts, Verdict, reduction_between

__all__ = [
    "COMPLIANCE",
    "TOUCH_POINTS",
    "Evidence",
    "Judgement",
    "judge",
    "provability",
    "result_words",
]

TOUCH_POINTS = "touch points"
COMPLIANCE = "compliance"
_CHANCE = "Met, but not yet distinguishable from chance"


@dataclass(frozen=True)
class Evidence:
    """An objective's counts: events over exposure in baseline and current period.

    Touch points: events are touch points, exposure entries. Compliance: events are clean
    entries, exposure examined entries. ``monthly_exposure`` is what recent months bring
    (entries, or examined entries, per month); ``started`` is False while the plan has not
    run a full month (the current counts are then not a result yet).
    """

    measure: str  # TOUCH_POINTS or COMPLIANCE
    baseline_events: int
    baseline_exposure: int
    current_events: int
    current_exposure: int
    monthly_exposure: float
    plan: MonthRange
    started: bool = True

    def rate(self, events: int, exposure: int) -> float | None:
        """Per 1,000 entries for touch points, a percentage for compliance."""
        if exposure <= 0:
            return None
        return events / exposure * (1000.0 if self.measure == TOUCH_POINTS else 100.0)

    @property
    def baseline_rate(self) -> float | None:
        return self.rate(self.baseline_events, self.baseline_exposure)

    @property
    def current_rate(self) -> float | None:
        if not self.started:
            return None
        return self.rate(self.current_events, self.current_exposure)


@dataclass(frozen=True)
class Judgement:
    """Met (None: cannot say), clear (None: cannot say), and both in words; provability."""

    met: bool | None
    clear: bool | None
    result: str
    provable: str
    provable_by: date | None = None  # the month power reaches 80%, within the plan

    @property
    def result_short(self) -> str:
        """The result for a narrow cell: "met, clear", "met, not yet clear", "not met"."""
        if self.met is None:
            return "—"
        if not self.met:
            return "not met"
        return "met, clear" if self.clear else "met, not yet clear"

    @property
    def provable_short(self) -> str:
        """Provability for a narrow cell: "by Mar 2027", "nothing to prove" or "no"."""
        if self.provable_by is not None:
            return f"by {self.provable_by:%b %Y}"
        if self.provable.startswith("no target"):
            return "—"
        return "nothing to prove" if self.provable.startswith("nothing") else "no"


def result_words(met: bool | None, clear: bool | None) -> str:
    """Met / not met with how sure: a met target the test cannot tell from chance says so."""
    if met is None:
        return "—"
    if not met:
        return "Not met"
    return "Met, statistically clear" if clear else _CHANCE


def judge(evidence: Evidence, target: float | None, baseline: float | None = None) -> Judgement:
    """The objective's result now and by when its target could be shown at this volume.

    ``baseline`` is the plan's stated baseline (the measured one when None); a touch-point
    target is read as a fall from it.
    """
    if target is not None and not math.isfinite(target):
        target = None  # "nan" or "inf" typed as a target is no target
    current = evidence.current_rate
    met = None if current is None or target is None else _met(evidence, current, target)
    clear = None if met is None or target is None else _clear(evidence, target)
    sentence, month = provability(evidence, target, baseline)
    return Judgement(met, clear, result_words(met, clear), sentence, month)


def _met(evidence: Evidence, current: float, target: float) -> bool:
    return current >= target if evidence.measure == COMPLIANCE else current <= target


def _clear(evidence: Evidence, target: float) -> bool:
    if evidence.measure == COMPLIANCE:
        return _compliance_shown(evidence.current_events, evidence.current_exposure, target)
    if evidence.baseline_exposure <= 0 or evidence.current_exposure <= 0:
        return False  # a rate per entries needs entries in both periods
    before = PeriodCounts(evidence.baseline_events, evidence.baseline_exposure, 1)
    after = PeriodCounts(evidence.current_events, evidence.current_exposure, 1)
    return reduction_between(before, after).verdict is Verdict.FELL


def _compliance_shown(clean: int, examined: int, target_percent: float) -> bool:
    """The one-sided 95% lower bound (two-sided 90% interval) at or above the target."""
    if examined <= 0:
        return False
    return clopper_pearson(clean, examined, 0.90)[0] * 100.0 >= target_percent


def provability(
    evidence: Evidence, target: float | None, baseline: float | None
) -> tuple[str, date | None]:
    """'at this volume, a 25% fall would be provable by March 2027' and that month, or why
    it would not be (and None)."""
    if target is None:
        return "no target to prove", None
    if evidence.measure == COMPLIANCE:
        return _compliance_provable(evidence, target)
    return _fall_provable(evidence, target, baseline)


def _fall_provable(
    evidence: Evidence, target: float, baseline: float | None
) -> tuple[str, date | None]:
    stated = evidence.baseline_rate if baseline is None else baseline
    if target < 0:
        return "not provable: a rate per 1,000 entries is never negative", None
    if evidence.baseline_exposure <= 0 or evidence.monthly_exposure <= 0:
        return "not provable within the plan: no entry volume on record", None
    if evidence.baseline_events == 0 or not stated:
        return "not provable: no touch points in the baseline to fall from", None
    ratio = target / stated
    if ratio >= 1.0:
        return "nothing to prove: the target is no fall from the baseline", None

    def power(months: int) -> float:
        return touch_point_fall_power(
            evidence.baseline_events,
            evidence.baseline_exposure,
            evidence.monthly_exposure * months,
            ratio,
        )

    what = f"a {_percent((1.0 - ratio) * 100.0)}% fall"
    return _by_when(evidence.plan, power, what, "entries")


def _compliance_provable(evidence: Evidence, target: float) -> tuple[str, date | None]:
    if target < 0:
        return "not provable: a compliance rate is never negative", None
    if target == 0:
        return "nothing to prove: any compliance rate is at least 0%", None
    if target > 100:
        return "not provable: a compliance rate is never above 100%", None
    if target >= 100:
        return "not provable: an exact 100% can never be shown from a sample", None
    # The rate the plan has seen so far, else the baseline's, is the one expected.
    recent = evidence.current_rate
    expected = recent if recent is not None else evidence.baseline_rate
    if expected is None or evidence.monthly_exposure <= 0:
        return "not provable within the plan: no exams on record", None

    def power(months: int) -> float:
        exams = int(evidence.monthly_exposure * months)
        return compliance_level_power(expected / 100.0, target / 100.0, exams)

    what = f"compliance of at least {_percent(target)}%"
    return _by_when(evidence.plan, power, what, "exams")


def _by_when(
    plan: MonthRange, power: Callable[[int], float], what: str, units: str
) -> tuple[str, date | None]:
    """The month power first reaches 80%, counted from the plan's first month."""
    found = months_to_prove(power, plan.months)
    if found.months_needed is None or found.months_needed > plan.months:
        return f"not provable within the plan: too few {units}", None
    month = add_months(plan.first, found.months_needed - 1)
    return f"at this volume, {what} would be provable by {_month(month)}", month


def _month(day: date) -> str:
    return f"{day:%B %Y}"


def _percent(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
