"""Compliance: the share of examined entries found without discrepancy, and its change.

A period's compliance rate is clean / examined with its exact (Clopper-Pearson) interval.
The change between two periods is the difference of the two proportions, current minus
baseline, with Newcombe's hybrid score interval (his method 10: the two Wilson score
intervals combined, Statistics in Medicine 17 (1998) 873-890), and the two-sided p-value
of Fisher's exact test on the 2x2 table (periods by clean / discrepant), summing every
table no more likely than the one observed (the "minimum likelihood" rule R and SciPy use,
with R's relative tolerance of 1e-7 for ties). The verdict is "improved" or "worsened"
only when both agree: the interval excludes zero and p < 1 - confidence.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

from trusted_trader.domain.distributions import beta_ppf

__all__ = [
    "ComplianceChange",
    "ComplianceCounts",
    "ComplianceVerdict",
    "clopper_pearson",
    "compliance_change",
    "fisher_exact_two_sided",
    "newcombe_interval",
    "wilson_interval",
]

_TIE_TOLERANCE = 1e-7
_NEGLIGIBLE = 1e-17  # a term this small against the running sum no longer moves it


class ComplianceVerdict(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CLEAR_CHANGE = "no clear change"
    NOT_MEASURABLE = "not measurable"


@dataclass(frozen=True)
class ComplianceCounts:
    """Entries examined in a period and how many of them were found without discrepancy."""

    examined: int
    clean: int

    def __post_init__(self) -> None:
        if not 0 <= self.clean <= self.examined:
            raise ValueError(
                f"clean entries must be between 0 and the {self.examined} examined, "
                f"got {self.clean}"
            )

    @property
    def rate(self) -> float | None:
        return self.clean / self.examined if self.examined else None

    def interval(self, confidence: float = 0.95) -> tuple[float, float] | None:
        """The exact interval of the rate; None when nothing was examined."""
        if not self.examined:
            return None
        return clopper_pearson(self.clean, self.examined, confidence)


@dataclass(frozen=True)
class ComplianceChange:
    """Compliance in two periods and what happened between them."""

    baseline: ComplianceCounts
    current: ComplianceCounts
    difference: float | None  # current rate - baseline rate, as a fraction
    difference_ci95: tuple[float, float] | None
    p_value: float | None
    verdict: ComplianceVerdict
    confidence: float = 0.95


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact interval of a binomial proportion: Beta quantiles, ends exact at 0 and 1."""
    _check_counts(successes, trials)
    if trials == 0:
        raise ValueError("a proportion needs at least one trial")
    alpha = 1.0 - _checked_confidence(confidence)
    low = beta_ppf(alpha / 2, successes, trials - successes + 1) if successes > 0 else 0.0
    high = beta_ppf(1 - alpha / 2, successes + 1, trials - successes) if successes < trials else 1.0
    return low, high


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval of a binomial proportion (no continuity correction)."""
    _check_counts(successes, trials)
    if trials == 0:
        raise ValueError("a proportion needs at least one trial")
    z = NormalDist().inv_cdf(1 - (1 - _checked_confidence(confidence)) / 2)
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    scale = 1 + z * z / trials
    return max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale)


def newcombe_interval(
    baseline: ComplianceCounts, current: ComplianceCounts, confidence: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for current rate - baseline rate."""
    p1, p0 = current.rate, baseline.rate
    if p1 is None or p0 is None:
        raise ValueError("both periods need examined entries")
    l1, u1 = wilson_interval(current.clean, current.examined, confidence)
    l0, u0 = wilson_interval(baseline.clean, baseline.examined, confidence)
    difference = p1 - p0
    low = difference - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return low, high


def fisher_exact_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]].

    With the margins fixed, the top-left cell is hypergeometric; the p-value sums the
    probabilities of every value no more likely than the observed one. The distribution is
    unimodal: the observed value's own tail is summed outward from it, and the far tail from
    the first value (found by bisection) no more likely than the observed one, each only as
    far as its terms still count, so the work grows with the spread, not with the counts.
    """
    for count in (a, b, c, d):
        _check_counts(count, count)
    row, other_row, column = a + b, c + d, a + c
    lowest, highest = max(0, column - other_row), min(row, column)
    if lowest == highest:
        return 1.0
    total = row + other_row

    def log_pmf(x: int) -> float:
        return _log_comb(row, x) + _log_comb(other_row, column - x) - _log_comb(total, column)

    limit = log_pmf(a) + math.log1p(_TIE_TOLERANCE)
    mode = min(max((column + 1) * (row + 1) // (total + 2), lowest), highest)
    if a <= mode:
        own = _tail_sum(log_pmf, a, lowest - 1)
        far_start = _first_at_most(log_pmf, limit, mode if a < mode else mode + 1, highest)
        far = _tail_sum(log_pmf, far_start, highest + 1) if far_start is not None else 0.0
    else:
        own = _tail_sum(log_pmf, a, highest + 1)
        far_start = _first_at_most(lambda x: log_pmf(-x), limit, -mode, -lowest)
        far = _tail_sum(log_pmf, -far_start, lowest - 1) if far_start is not None else 0.0
    return min(1.0, own + far)


def _tail_sum(log_pmf: Callable[[int], float], start: int, end: int) -> float:
    """Sum the probabilities from `start` towards `end` (exclusive) while they still count."""
    step = 1 if end > start else -1
    total = 0.0
    for x in range(start, end, step):
        term = math.exp(log_pmf(x))
        total += term
        if term < _NEGLIGIBLE * total:
            break
    return total


def _first_at_most(
    log_pmf: Callable[[int], float], limit: float, start: int, end: int
) -> int | None:
    """The first x in [start, end] with log_pmf(x) <= limit, log_pmf falling over the range."""
    if start > end or log_pmf(end) > limit:
        return None
    while start < end:
        middle = (start + end) // 2
        if log_pmf(middle) <= limit:
            end = middle
        else:
            start = middle + 1
    return start


def compliance_change(
    baseline: ComplianceCounts, current: ComplianceCounts, confidence: float = 0.95
) -> ComplianceChange:
    """The change in compliance from the baseline period to the current one, with a verdict."""
    confidence = _checked_confidence(confidence)
    if not baseline.examined or not current.examined:
        return ComplianceChange(
            baseline, current, None, None, None, ComplianceVerdict.NOT_MEASURABLE, confidence
        )
    assert baseline.rate is not None and current.rate is not None  # examined > 0 above
    difference = current.rate - baseline.rate
    interval = newcombe_interval(baseline, current, confidence)
    p_value = fisher_exact_two_sided(
        current.clean,
        current.examined - current.clean,
        baseline.clean,
        baseline.examined - baseline.clean,
    )
    clear = p_value < 1 - confidence
    if clear and interval[0] > 0:
        verdict = ComplianceVerdict.IMPROVED
    elif clear and interval[1] < 0:
        verdict = ComplianceVerdict.WORSENED
    else:
        verdict = ComplianceVerdict.NO_CLEAR_CHANGE
    return ComplianceChange(baseline, current, difference, interval, p_value, verdict, confidence)


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _check_counts(successes: int, trials: int) -> None:
    if not 0 <= successes <= trials:
        raise ValueError(f"counts must satisfy 0 <= {successes} <= {trials}")


def _checked_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return confidence
