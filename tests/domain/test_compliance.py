"""Compliance statistics and provability, against SciPy, statsmodels and published values."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binom, fisher_exact, poisson
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from trusted_trader.domain.compliance import (
    ComplianceCounts,
    ComplianceVerdict,
    clopper_pearson,
    compliance_change,
    fisher_exact_two_sided,
    newcombe_interval,
    wilson_interval,
)
from trusted_trader.domain.provability import (
    compliance_level_power,
    months_to_prove,
    touch_point_fall_power,
)

TABLES = [
    (0, 0, 0, 5),
    (3, 0, 0, 3),
    (1, 9, 11, 3),
    (8, 2, 1, 5),
    (5, 5, 5, 5),
    (0, 12, 12, 0),
    (20, 1, 20, 1),
    (480, 20, 455, 45),
    (200_000, 5_000, 190_000, 9_000),
    (200_000, 5_000, 200_100, 5_010),
]


@pytest.mark.parametrize("table", TABLES)
def test_fisher_exact_two_sided_agrees_with_scipy(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    expected = fisher_exact([[a, b], [c, d]]).pvalue
    assert fisher_exact_two_sided(a, b, c, d) == pytest.approx(expected, rel=1e-8, abs=1e-300)


def test_fisher_exact_two_sided_is_one_for_a_table_with_one_possible_arrangement() -> None:
    assert fisher_exact_two_sided(0, 0, 4, 6) == 1.0


@pytest.mark.parametrize(
    ("clean_1", "examined_1", "clean_0", "examined_0"),
    [
        (56, 70, 48, 80),
        (9, 10, 3, 10),
        (0, 10, 0, 20),
        (10, 10, 20, 20),
        (0, 25, 25, 25),
        (970, 1000, 985, 1000),
        (1, 1, 0, 1),
    ],
)
def test_newcombe_interval_agrees_with_statsmodels(
    clean_1: int, examined_1: int, clean_0: int, examined_0: int
) -> None:
    low, high = confint_proportions_2indep(
        clean_1, examined_1, clean_0, examined_0, method="newcomb", compare="diff"
    )
    ours = newcombe_interval(
        ComplianceCounts(examined_0, clean_0), ComplianceCounts(examined_1, clean_1)
    )
    assert ours == pytest.approx((float(low), float(high)), abs=1e-9)


def test_newcombe_interval_matches_his_published_example() -> None:
    # Newcombe (1998), example (a): 56/70 against 48/80, method 10: 0.0524 to 0.3339.
    low, high = newcombe_interval(ComplianceCounts(80, 48), ComplianceCounts(70, 56))
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


@pytest.mark.parametrize(
    ("clean", "examined"), [(0, 1), (0, 30), (3, 10), (29, 30), (30, 30), (970, 1000)]
)
def test_clopper_pearson_and_wilson_agree_with_statsmodels(clean: int, examined: int) -> None:
    exact = proportion_confint(clean, examined, alpha=0.05, method="beta")
    score = proportion_confint(clean, examined, alpha=0.05, method="wilson")
    assert clopper_pearson(clean, examined) == pytest.approx(exact, abs=1e-9)
    assert wilson_interval(clean, examined) == pytest.approx(score, abs=1e-9)


def test_clopper_pearson_ends_are_exact_when_all_or_none_are_clean() -> None:
    assert clopper_pearson(0, 12)[0] == 0.0
    assert clopper_pearson(12, 12)[1] == 1.0
    # All 12 clean: the lower end solves p**12 = 0.025.
    assert clopper_pearson(12, 12)[0] == pytest.approx(0.025 ** (1 / 12), rel=1e-10)


def test_a_clear_fall_in_compliance_is_worsened_with_both_tests_agreeing() -> None:
    change = compliance_change(ComplianceCounts(500, 490), ComplianceCounts(500, 455))
    assert change.verdict is ComplianceVerdict.WORSENED
    assert change.difference == pytest.approx(455 / 500 - 490 / 500)
    assert change.difference_ci95 is not None and change.difference_ci95[1] < 0
    assert change.p_value is not None and change.p_value < 0.05


def test_a_clear_rise_in_compliance_is_improved() -> None:
    change = compliance_change(ComplianceCounts(200, 170), ComplianceCounts(200, 195))
    assert change.verdict is ComplianceVerdict.IMPROVED


def test_a_small_difference_on_few_exams_is_no_clear_change() -> None:
    change = compliance_change(ComplianceCounts(10, 9), ComplianceCounts(10, 7))
    assert change.verdict is ComplianceVerdict.NO_CLEAR_CHANGE
    assert change.p_value == pytest.approx(fisher_exact([[7, 3], [9, 1]]).pvalue)


@pytest.mark.parametrize(
    ("baseline", "current"),
    [
        (ComplianceCounts(0, 0), ComplianceCounts(10, 9)),
        (ComplianceCounts(10, 9), ComplianceCounts(0, 0)),
        (ComplianceCounts(0, 0), ComplianceCounts(0, 0)),
    ],
)
def test_a_period_without_exams_is_not_measurable(
    baseline: ComplianceCounts, current: ComplianceCounts
) -> None:
    change = compliance_change(baseline, current)
    assert change.verdict is ComplianceVerdict.NOT_MEASURABLE
    assert (change.difference, change.difference_ci95, change.p_value) == (None, None, None)


def test_all_clean_in_both_periods_is_no_clear_change_with_p_one() -> None:
    change = compliance_change(ComplianceCounts(40, 40), ComplianceCounts(60, 60))
    assert change.verdict is ComplianceVerdict.NO_CLEAR_CHANGE
    assert change.p_value == 1.0 and change.difference == 0.0


def test_all_discrepant_against_all_clean_is_worsened() -> None:
    change = compliance_change(ComplianceCounts(8, 8), ComplianceCounts(8, 0))
    assert change.verdict is ComplianceVerdict.WORSENED
    assert change.difference == -1.0


@pytest.mark.parametrize(("examined", "clean"), [(5, 6), (5, -1), (-1, 0)])
def test_impossible_counts_are_refused(examined: int, clean: int) -> None:
    with pytest.raises(ValueError, match="clean entries must be between"):
        ComplianceCounts(examined, clean)


def _brute_fall_power(count: int, exposure_0: float, exposure_1: float, ratio: float) -> float:
    share = exposure_1 / (exposure_0 + exposure_1)
    mean = count / exposure_0 * ratio * exposure_1
    return sum(
        poisson.pmf(y, mean)
        for y in range(int(mean * 5 + 50))
        if y < count * exposure_1 / exposure_0 and 2 * binom.cdf(y, count + y, share) < 0.05
    )


@pytest.mark.parametrize(
    "case",
    [
        (40, 10_000, 10_000, 0.75),
        (40, 10_000, 5_000, 0.5),
        (400, 100_000, 120_000, 0.8),
        (12, 24, 12, 0.3),
    ],
)
def test_touch_point_fall_power_equals_summing_every_count_the_test_rejects(
    case: tuple[int, float, float, float],
) -> None:
    assert touch_point_fall_power(*case) == pytest.approx(_brute_fall_power(*case), rel=1e-9)


def test_no_power_without_a_baseline_count_or_current_entries() -> None:
    assert touch_point_fall_power(0, 1000, 1000, 0.5) == 0.0
    assert touch_point_fall_power(10, 1000, 0, 0.5) == 0.0


def test_compliance_level_power_equals_summing_every_clean_count_that_shows_the_target() -> None:
    examined, expected, target = 300, 0.99, 0.97
    brute = sum(
        binom.pmf(k, examined, expected)
        for k in range(examined + 1)
        if proportion_confint(k, examined, alpha=0.10, method="beta")[0] >= target
    )
    assert compliance_level_power(expected, target, examined) == pytest.approx(brute, rel=1e-9)


def test_months_to_prove_names_the_first_month_power_reaches_eighty_percent() -> None:
    def power(months: int) -> float:
        return touch_point_fall_power(400, 120_000, 10_000 * months, 0.6)

    found = months_to_prove(power, plan_months=12)
    assert found.months_needed is not None
    assert power(found.months_needed) >= 0.8
    assert all(power(m) < 0.8 for m in range(1, found.months_needed))
    assert found.power_at_plan_end == pytest.approx(power(12))


def test_months_to_prove_says_none_when_the_baseline_is_too_small() -> None:
    # 40 baseline touch points cannot show a 30% fall however many entries follow.
    found = months_to_prove(lambda m: touch_point_fall_power(40, 12_000, 1_000 * m, 0.7), 12)
    assert found.months_needed is None
    assert not math.isnan(found.power_at_plan_end) and found.power_at_plan_end < 0.8
