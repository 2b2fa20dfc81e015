"""Objectives judged and their provability, against hand-worked values and brute force (SciPy)."""

from __future__ import annotations

from datetime import date

import pytest
from scipy.stats import beta, binom, poisson

from trusted_trader.domain.measures import compliance_target_in_words, measure_label
from trusted_trader.domain.objective_proof import (
    COMPLIANCE,
    TOUCH_POINTS,
    Evidence,
    judge,
    result_words,
)
from trusted_trader.domain.periods import MonthRange, add_months
from trusted_trader.domain.statistics import PeriodCounts, Verdict, reduction_between

PLAN = MonthRange(date(2026, 1, 1), date(2026, 12, 1))


def fall_power_by_enumeration(b: int, before: float, after: float, ratio: float) -> float:
    """Every current count whose exact 95% interval of c / (b + c) lies below the share of
    exposure "no change" expects, weighted by its Poisson probability at the target rate."""
    share = after / (before + after)
    mean = b / before * ratio * after
    total = 0.0
    for count in range(0, int(3 * b * after / before) + 50):
        upper = beta.ppf(0.975, count + 1, b) if b > 0 else 1.0
        if upper < share:
            total += poisson.pmf(count, mean)
    return float(total)


def level_power_by_enumeration(rate: float, target: float, exams: int) -> float:
    """Every clean count whose one-sided 95% exact lower bound reaches the target."""
    return float(
        sum(
            binom.pmf(clean, exams, rate)
            for clean in range(1, exams + 1)
            if beta.ppf(0.05, clean, exams - clean + 1) >= target
        )
    )


def first_month(power: object, most: int = 60) -> int | None:
    return next((m for m in range(1, most + 1) if power(m) >= 0.8), None)  # type: ignore[operator]


def touch(b: int, before: int, c: int, after: int, monthly: float) -> Evidence:
    return Evidence(TOUCH_POINTS, b, before, c, after, monthly, PLAN)


def compliance(clean0: int, n0: int, clean1: int, n1: int, monthly: float) -> Evidence:
    return Evidence(COMPLIANCE, clean0, n0, clean1, n1, monthly, PLAN)


@pytest.mark.parametrize(
    ("met", "clear", "words"),
    [
        (True, True, "Met, statistically clear"),
        (True, False, "Met, but not yet distinguishable from chance"),
        (False, False, "Not met"),
        (False, True, "Not met"),
        (None, None, "—"),
    ],
)
def test_a_met_target_says_whether_it_is_clear(
    met: bool | None, clear: bool | None, words: str
) -> None:
    assert result_words(met, clear) == words


def test_two_against_one_is_met_but_never_a_plain_met() -> None:
    # The case: 2 CF-28s in 12,000 entries, then 1 in 10,000; target down 30%.
    judged = judge(touch(2, 12_000, 1, 10_000, 1000.0), 2 / 12 * 0.7)
    assert (judged.met, judged.clear) == (True, False)
    assert judged.result == "Met, but not yet distinguishable from chance"
    assert judged.result_short == "met, not yet clear"


@pytest.mark.parametrize(
    ("b", "before", "c", "after"),
    [(2, 12_000, 1, 10_000), (120, 12_000, 40, 10_000), (40, 1_200, 20, 1_000), (5, 100, 0, 100)],
)
def test_a_touch_point_objective_is_clear_exactly_when_the_reduction_says_it_fell(
    b: int, before: int, c: int, after: int
) -> None:
    judged = judge(touch(b, before, c, after, 100.0), 1_000.0)  # a target any rate meets
    verdict = reduction_between(PeriodCounts(b, before, 12), PeriodCounts(c, after, 10)).verdict
    assert judged.clear is (verdict is Verdict.FELL)


@pytest.mark.parametrize(("clean", "examined"), [(40, 40), (19, 19), (18, 18), (95, 100), (0, 5)])
@pytest.mark.parametrize("target", [85.0, 90.0, 97.0])
def test_a_compliance_objective_is_clear_when_the_exact_lower_bound_reaches_the_target(
    clean: int, examined: int, target: float
) -> None:
    judged = judge(compliance(0, 0, clean, examined, 5.0), target)
    lower = beta.ppf(0.05, clean, examined - clean + 1) if clean else 0.0
    assert judged.met is (clean / examined * 100 >= target)
    assert judged.clear is bool(judged.met and lower * 100 >= target)


def test_all_clean_exams_show_85_percent_from_the_19th_exam_as_worked_by_hand() -> None:
    # The lower bound of n clean of n is 0.05 ** (1 / n): 0.8467 at 18, 0.8541 at 19.
    assert judge(compliance(0, 0, 18, 18, 5.0), 85.0).clear is False
    assert judge(compliance(0, 0, 19, 19, 5.0), 85.0).clear is True
    # 5 exams a month: 20 by the end of April, the first month with 19 or more.
    judged = judge(compliance(90, 100, 40, 40, 5.0), 85.0)
    assert judged.provable == (
        "at this volume, compliance of at least 85% would be provable by April 2026"
    )
    assert judged.provable_by == date(2026, 4, 1)
    assert judged.provable_short == "by Apr 2026"


def test_two_baseline_touch_points_can_never_show_a_fall_within_a_year_of_like_volume() -> None:
    # Zero of 2 + 0 is a clear fall only when (1 - share) ** 2 < 0.025, i.e. when the plan
    # has over 5.3 times the baseline's entries: a year against a year never does.
    judged = judge(touch(2, 12_000, 1, 10_000, 1000.0), 0.0)
    assert judged.provable == "not provable within the plan: too few entries"
    assert judged.provable_short == "no"


@pytest.mark.parametrize(
    ("b", "monthly", "ratio"),
    [
        (120, 1000.0, 0.5),
        (120, 1000.0, 0.75),
        (48, 1000.0, 0.25),
        (30, 2000.0, 0.4),
        (400, 1000.0, 0.8),
    ],
)
def test_the_month_a_fall_becomes_provable_matches_brute_force(
    b: int, monthly: float, ratio: float
) -> None:
    evidence = touch(b, 12_000, 0, 0, monthly)
    months = first_month(lambda m: fall_power_by_enumeration(b, 12_000, monthly * m, ratio))
    judged = judge(evidence, b / 12 * ratio)
    percent = round((1 - ratio) * 100)
    if months is None or months > PLAN.months:
        assert judged.provable == "not provable within the plan: too few entries"
    else:
        month = add_months(PLAN.first, months - 1)
        assert judged.provable == (
            f"at this volume, a {percent}% fall would be provable by {month:%B %Y}"
        )


@pytest.mark.parametrize(
    ("rate", "target", "monthly"),
    [(0.99, 0.97, 40.0), (0.98, 0.95, 10.0), (1.0, 0.9, 3.0), (0.9, 0.97, 100.0), (0.97, 0.9, 7.5)],
)
def test_the_month_a_compliance_level_becomes_provable_matches_brute_force(
    rate: float, target: float, monthly: float
) -> None:
    evidence = compliance(0, 0, round(rate * 1000), 1000, monthly)
    months = first_month(
        lambda m: level_power_by_enumeration(rate, target, int(monthly * m)), PLAN.months
    )
    judged = judge(evidence, target * 100)
    if months is None:
        assert judged.provable == "not provable within the plan: too few exams"
        assert judged.provable_by is None
    else:
        assert judged.provable_by == add_months(PLAN.first, months - 1)


def test_the_compliance_measure_has_a_name_and_reads_its_target_from_the_words() -> None:
    assert measure_label("compliance") == "Compliance rate (clean share of examined entries)"
    assert compliance_target_in_words("Compliance rate at least 97%") == 97.0
    assert compliance_target_in_words("compliance of at least 97.5 %") == 97.5
    assert compliance_target_in_words("at least 1000%") is None
    assert compliance_target_in_words("CF-28 rate down 30%") is None


def test_a_plan_not_started_has_no_result_but_still_says_by_when() -> None:
    evidence = Evidence(TOUCH_POINTS, 120, 12_000, 0, 1_000, 1000.0, PLAN, started=False)
    judged = judge(evidence, 5.0)
    assert (judged.met, judged.clear, judged.result) == (None, None, "—")
    assert judged.provable.startswith("at this volume, a 50% fall would be provable by")


def test_a_compliance_plan_not_started_expects_the_baseline_rate() -> None:
    # 90% clean in the baseline: 97% cannot be shown, whatever a month in progress says.
    started = compliance(90, 100, 20, 20, 50.0)
    waiting = Evidence(COMPLIANCE, 90, 100, 20, 20, 50.0, PLAN, started=False)
    assert judge(started, 90.0).provable_by is not None
    assert judge(waiting, 97.0).provable == "not provable within the plan: too few exams"
    assert judge(waiting, 80.0).provable_by is not None
