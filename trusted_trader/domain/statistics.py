"""Touch-point rates, the exact conditional rate ratio between two periods, and funnel limits."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from trusted_trader.domain.distributions import (
    beta_ppf,
    binomial_cdf,
    binomial_sf,
    chi2_ppf,
    normal_sf,
)
from trusted_trader.domain.wording import change_words, interval_words

__all__ = [
    "Basis",
    "PeriodCounts",
    "Reduction",
    "Verdict",
    "funnel_limits",
    "funnel_limits_for",
    "rate_per_thousand",
    "rate_ratio",
    "reduction_between",
    "reductions_between",
    "verdicts_between",
]

# Within this relative distance of the test's level, a tail is too close to call from the
# tail alone, and the interval itself decides (see `verdicts_between`).
_TOO_CLOSE = 1e-6

_NO_DATA = "No touch points in either period."
_NO_BASELINE = "No touch points in the baseline period, so a reduction cannot be measured."


@dataclass(frozen=True)
class PeriodCounts:
    """Touch points and exposure for one period; `entries` None or 0 means no volume known."""

    touch_points: int
    entries: int | None
    months: int

    def __post_init__(self) -> None:
        if self.touch_points < 0:
            raise ValueError(f"touch_points must be >= 0, got {self.touch_points}")
        if self.entries is not None and self.entries < 0:
            raise ValueError(f"entries must be >= 0 or None, got {self.entries}")
        if self.months < 1:
            raise ValueError(f"months must be >= 1, got {self.months}")

    @property
    def has_volume(self) -> bool:
        """True when the period's entry volume is known and not zero."""
        return bool(self.entries)


class Basis(StrEnum):
    """What a rate is per: 1,000 entries, or a month when volume is missing."""

    ENTRIES = "entries"
    MONTHS = "months"


class Verdict(StrEnum):
    """What the interval says: fell, rose, no clear change, or not measurable."""

    FELL = "fell"
    ROSE = "rose"
    NO_CLEAR_CHANGE = "no clear change"
    NOT_MEASURABLE = "not measurable"


@dataclass(frozen=True)
class Reduction:
    """Change from baseline to current; rates per 1,000 entries, or per month (basis MONTHS)."""

    basis: Basis
    baseline_rate: float | None
    current_rate: float | None
    rate_ratio: float | None
    reduction: float | None
    reduction_ci95: tuple[float, float] | None
    rate_ratio_ci95: tuple[float, float] | None
    p_value: float | None
    verdict: Verdict
    note: str | None
    confidence: float = 0.95

    def sentence(self) -> str:
        """One plain sentence for a report or a status line."""
        if self.verdict is Verdict.NOT_MEASURABLE or self.rate_ratio_ci95 is None:
            return f"Not measurable: {self.note}"
        subject = (
            "Touch points per 1,000 entries"
            if self.basis is Basis.ENTRIES
            else "Touch points per month"
        )
        return f"{subject} {self.change_text()}."

    def change_text(self) -> str:
        """The verdict, the change and its interval, short enough for a list row."""
        if self.verdict is Verdict.NOT_MEASURABLE or self.rate_ratio_ci95 is None:
            return "not measurable"
        label = f"{self.confidence * 100:g}% CI"
        low, high = self.rate_ratio_ci95
        change = change_words((self.rate_ratio or 0.0) - 1.0)
        interval = interval_words(low - 1.0, high - 1.0)
        if self.verdict in (Verdict.FELL, Verdict.ROSE):
            return f"{change} ({label}: {interval})"
        return f"{change}, no clear change ({label}: {interval})"


def declared_unmeasurable(
    result: Reduction, note: str, rates: tuple[float | None, float | None]
) -> Reduction:
    """The same comparison, not measured for the reason given: no ratio, interval or test."""
    return _not_measurable(result.basis, rates, None, note, result.confidence)


def rate_per_thousand(touch_points: int, entries: int) -> float | None:
    """Touch points per 1,000 entries; None when there are no entries to divide by."""
    if touch_points < 0 or entries < 0:
        raise ValueError(f"counts must be >= 0, got {touch_points} touch points, {entries} entries")
    return touch_points / entries * 1000.0 if entries else None


def rate_ratio(baseline: PeriodCounts, current: PeriodCounts) -> float | None:
    """The current rate over the baseline's, as `reduction_between` has it; None without
    baseline touch points (cheap: for ranking many partners before any interval)."""
    if baseline.touch_points == 0:
        return None
    _basis, exp_b, exp_c, _note = _exposures(baseline, current)
    return (current.touch_points / exp_c) / (baseline.touch_points / exp_b)


def reduction_between(
    baseline: PeriodCounts, current: PeriodCounts, confidence: float = 0.95
) -> Reduction:
    """Exact conditional comparison of the current period's rate with the baseline's."""
    return reductions_between([(baseline, current)], confidence)[0]


def reductions_between(
    pairs: Sequence[tuple[PeriodCounts, PeriodCounts]], confidence: float = 0.95
) -> list[Reduction]:
    """`reduction_between` for many (baseline, current) pairs (a Center has a thousand)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    results = []
    for pair in pairs:
        b, a = pair[0].touch_points, pair[1].touch_points
        exposure = _exposures(*pair)
        p_value = _p_value(a, a + b, exposure[2] / (exposure[1] + exposure[2]))
        interval = _pi_interval(a, b, confidence)
        results.append(_reduction(pair, exposure, p_value, interval, confidence))
    return results


def verdicts_between(
    pairs: Sequence[tuple[PeriodCounts, PeriodCounts]], confidence: float = 0.95
) -> list[Verdict]:
    """The verdict `reductions_between` gives each pair, from one binomial tail per pair.

    A ranking of thousands of partners needs each one's verdict but only a few intervals,
    and two beta quantiles cost ten times one tail. The Clopper-Pearson interval excludes
    RR = 1 on the side of the change exactly when that side's tail of "no change" is below
    (1 - confidence) / 2 (the test it inverts, see `_p_value`); a tail within a hair of that
    level is left to the interval, so this and `reductions_between` never disagree.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return [_verdict_of(pair, confidence) for pair in pairs]


def _verdict_of(pair: tuple[PeriodCounts, PeriodCounts], confidence: float) -> Verdict:
    b, a = pair[0].touch_points, pair[1].touch_points
    if b == 0:
        return Verdict.NOT_MEASURABLE
    _basis, exp_b, exp_c, _note = _exposures(*pair)
    n, level = a + b, (1.0 - confidence) / 2.0
    pi0 = exp_c / (exp_b + exp_c)
    if a * exp_b > b * exp_c:  # the rate rose: only the upper tail can make it clear
        tail, clear = binomial_sf(a - 1, n, pi0), Verdict.ROSE
    elif a * exp_b < b * exp_c:
        tail, clear = binomial_cdf(a, n, pi0), Verdict.FELL
    else:
        return Verdict.NO_CLEAR_CHANGE  # the interval holds its own point estimate, 1
    if abs(tail - level) <= _TOO_CLOSE * level:
        return reduction_between(*pair, confidence).verdict
    return clear if tail < level else Verdict.NO_CLEAR_CHANGE


def _reduction(
    pair: tuple[PeriodCounts, PeriodCounts],
    exposure: tuple[Basis, float, float, str | None],
    p_value: float,
    pi_interval: tuple[float, float],
    confidence: float,
) -> Reduction:
    basis, exp_b, exp_c, note = exposure
    scale = 1000.0 if basis is Basis.ENTRIES else 1.0
    b, a = pair[0].touch_points, pair[1].touch_points
    rates = (b / exp_b * scale, a / exp_c * scale)
    if a + b == 0:
        return _not_measurable(basis, rates, None, _join(_NO_DATA, note), confidence)
    if b == 0:
        return _not_measurable(basis, rates, p_value, _join(_NO_BASELINE, note), confidence)
    ratio = (a / exp_c) / (b / exp_b)
    # RR = pi / (1 - pi) * Eb / Ea maps the interval for pi to one for the rate ratio.
    low, high = (_odds(pi) * exp_b / exp_c for pi in pi_interval)
    return Reduction(
        basis=basis,
        baseline_rate=rates[0],
        current_rate=rates[1],
        rate_ratio=ratio,
        reduction=1.0 - ratio,
        reduction_ci95=(1.0 - high, 1.0 - low),
        rate_ratio_ci95=(low, high),
        p_value=p_value,
        verdict=_verdict(low, high),
        note=note,
        confidence=confidence,
    )


def funnel_limits(
    center_rate_per_thousand: float, entries: int, z: float = 1.96
) -> tuple[float, float]:
    """Control limits (per 1,000) for a partner's rate with `entries` around the Center rate.

    Exact Poisson limits on the expected count mu = rate / 1000 * entries, in the chi-squared
    form used for funnel plots: [chi2(a/2, 2mu) / 2, chi2(1 - a/2, 2mu + 2) / 2], with a the
    two-sided tail of z. With no entries nothing can be out of control, so the answer is
    (0.0, inf).
    """
    if not (center_rate_per_thousand >= 0 and entries >= 0 and z > 0):  # NaN is refused too
        raise ValueError(
            f"need rate >= 0, entries >= 0, z > 0; got {center_rate_per_thousand}, {entries}, {z}"
        )
    if entries == 0:
        return 0.0, math.inf
    mu = center_rate_per_thousand / 1000.0 * entries
    tail = normal_sf(z)
    low = chi2_ppf(tail, 2.0 * mu) / 2.0 if mu > 0 else 0.0
    high = chi2_ppf(1.0 - tail, 2.0 * mu + 2.0) / 2.0
    return max(low, 0.0) / entries * 1000.0, high / entries * 1000.0


def funnel_limits_for(
    center_rate_per_thousand: float | None, entries: Sequence[int], z: float = 1.96
) -> list[tuple[float, float]]:
    """`funnel_limits` for many volumes at once (a whole Center).

    With no Center rate (the Center has no entries) nothing can be out of control.
    """
    if center_rate_per_thousand is None:
        return [(0.0, math.inf) for _ in entries]
    if not (center_rate_per_thousand >= 0 and z > 0) or any(e < 0 for e in entries):
        raise ValueError(f"need rate >= 0, entries >= 0, z > 0; got {center_rate_per_thousand}")
    return [funnel_limits(center_rate_per_thousand, volume, z) for volume in entries]


def _exposures(
    baseline: PeriodCounts, current: PeriodCounts
) -> tuple[Basis, float, float, str | None]:
    if baseline.entries and current.entries:
        return Basis.ENTRIES, float(baseline.entries), float(current.entries), None
    if baseline.has_volume:
        which = "the current period"
    elif current.has_volume:
        which = "the baseline period"
    else:
        which = "either period"
    note = f"No entry volume for {which}; rates are touch points per month."
    return Basis.MONTHS, float(baseline.months), float(current.months), note


def _p_value(a: int, n: int, pi0: float) -> float:
    """Exact two-sided p-values of "no change": a ~ Binomial(n, pi0), pi0 = Ea / (Ea + Eb).

    The central form, twice the smaller tail, is the test the Clopper-Pearson interval
    inverts: the interval excludes RR = 1 exactly when p < 1 - confidence, so the verdict
    and the p-value never disagree (the "minimum likelihood" form can, for small counts).
    """
    lower = binomial_cdf(a, n, pi0)
    upper = binomial_sf(a - 1, n, pi0)
    return min(1.0, 2.0 * min(lower, upper))


def _pi_interval(a: int, b: int, confidence: float) -> tuple[float, float]:
    """Clopper-Pearson interval for pi = a / (a + b): Beta(a, b + 1) and Beta(a + 1, b)."""
    alpha = 1.0 - confidence
    # With no touch points on one side that end of the interval is exact: 0 or 1.
    low = beta_ppf(alpha / 2, a, b + 1) if a > 0 else 0.0
    high = beta_ppf(1 - alpha / 2, a + 1, b) if b > 0 else 1.0
    return low, high


def _odds(pi: float) -> float:
    return math.inf if pi >= 1.0 else pi / (1.0 - pi)


def _verdict(rr_low: float, rr_high: float) -> Verdict:
    if rr_high < 1.0:
        return Verdict.FELL
    if rr_low > 1.0:
        return Verdict.ROSE
    return Verdict.NO_CLEAR_CHANGE


def _not_measurable(
    basis: Basis,
    rates: tuple[float | None, float | None],
    p_value: float | None,
    note: str,
    confidence: float,
) -> Reduction:
    return Reduction(
        basis=basis,
        baseline_rate=rates[0],
        current_rate=rates[1],
        rate_ratio=None,
        reduction=None,
        reduction_ci95=None,
        rate_ratio_ci95=None,
        p_value=p_value,
        verdict=Verdict.NOT_MEASURABLE,
        note=note,
        confidence=confidence,
    )


def _join(reason: str, note: str | None) -> str:
    return f"{reason} {note}" if note else reason
