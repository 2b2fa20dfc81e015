"""Whether an objective's target could be shown at all with the partner's volume.

A touch-point objective ("CF-28s per 1,000 entries down 25%") is shown when the exact
conditional test the desk uses for every reduction (domain.statistics) finds a clear fall.
Its power, for a plan period still to come, takes the baseline count as observed, the
current count as Poisson with the target rate over the entries expected, and adds up the
probability of every current count the test would call a clear fall. Those counts are the
ones at or below a threshold (the test's lower tail only grows with the count), so one
bisection finds it and the power is a Poisson tail.

A compliance objective ("compliance rate at least 97%") is shown when the exact
(Clopper-Pearson) interval of the rate lies wholly at or above the target; its power is the
binomial probability of a clean count high enough, at the rate expected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trusted_trader.domain.compliance import clopper_pearson
from trusted_trader.domain.distributions import binomial_cdf, binomial_sf, regularized_gamma

__all__ = [
    "Provability",
    "compliance_level_power",
    "months_to_prove",
    "touch_point_fall_power",
]

TARGET_POWER = 0.8
MAX_MONTHS = 60


@dataclass(frozen=True)
class Provability:
    """The power at the end of the plan, and the month (1-based) power first reaches 80%."""

    power_at_plan_end: float
    months_needed: int | None  # None: not within MAX_MONTHS at this volume


def touch_point_fall_power(
    baseline_count: int,
    baseline_exposure: float,
    current_exposure: float,
    target_ratio: float,
    confidence: float = 0.95,
) -> float:
    """Power to show a fall when the true current rate is `target_ratio` x the baseline's.

    Exposures are entries (or months, where no volume is known), as in the reduction itself.
    """
    _check(baseline_count >= 0, f"baseline count must be >= 0, got {baseline_count}")
    _check(baseline_exposure > 0, "the baseline period needs entries to measure against")
    _check(target_ratio >= 0.0, f"target ratio must be >= 0, got {target_ratio}")
    if baseline_count == 0 or current_exposure <= 0:
        return 0.0  # nothing to fall from, or no entries yet to show it in
    share = current_exposure / (baseline_exposure + current_exposure)
    alpha = 1.0 - confidence
    no_change = baseline_count * current_exposure / baseline_exposure

    def clear_fall(count: int) -> bool:
        lower_tail = binomial_cdf(count, baseline_count + count, share)
        return count < no_change and 2.0 * lower_tail < alpha

    threshold = _last_true(clear_fall, 0, int(no_change) + 1)
    if threshold is None:
        return 0.0
    expected = baseline_count / baseline_exposure * target_ratio * current_exposure
    return _poisson_cdf(threshold, expected)


def compliance_level_power(
    expected_rate: float, target_rate: float, examined: int, confidence: float = 0.95
) -> float:
    """Power to show the compliance rate is at least `target_rate` from `examined` exams."""
    _check(0.0 <= expected_rate <= 1.0, f"expected rate must be a share, got {expected_rate}")
    _check(0.0 < target_rate <= 1.0, f"target rate must be a share above 0, got {target_rate}")
    if examined <= 0:
        return 0.0

    def shown(clean: int) -> bool:
        return clopper_pearson(clean, examined, 1 - 2 * (1 - confidence))[0] >= target_rate

    # One-sided at the confidence asked: the two-sided interval at twice the error rate.
    lowest = _first_true(shown, 0, examined)
    return 0.0 if lowest is None else binomial_sf(lowest - 1, examined, expected_rate)


def months_to_prove(power_after: Callable[[int], float], plan_months: int) -> Provability:
    """Power at the plan's end and the first month in which power reaches 80%.

    Power grows with the months only roughly (counts are whole numbers, so it saw-tooths):
    the months are tried in order rather than by bisection.
    """
    _check(plan_months >= 1, f"a plan runs at least one month, got {plan_months}")
    needed = next(
        (months for months in range(1, MAX_MONTHS + 1) if power_after(months) >= TARGET_POWER),
        None,
    )
    return Provability(power_after(plan_months), needed)


def _poisson_cdf(count: int, mean: float) -> float:
    if mean <= 0:
        return 1.0
    return 1.0 - regularized_gamma(count + 1, mean)


def _first_true(test: Callable[[int], bool], low: int, high: int) -> int | None:
    """The least x in [low, high] with test(x), the test being false then true."""
    if low > high or not test(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if test(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _last_true(test: Callable[[int], bool], low: int, high: int) -> int | None:
    """The greatest x in [low, high] with test(x), the test being true then false."""
    found = _first_true(lambda x: not test(x), low, high)
    if found is None:
        return high if test(high) else None
    return found - 1 if found > low else None


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
