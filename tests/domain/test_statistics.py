"""Tests for touch-point rates, the exact conditional reduction and funnel limits."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from trusted_trader.domain.statistics import (
    Basis,
    PeriodCounts,
    Reduction,
    Verdict,
    funnel_limits,
    funnel_limits_for,
    rate_per_thousand,
    reduction_between,
    reductions_between,
)

MONTHS = 12


def _period(touch_points: int, entries: int | None, months: int = MONTHS) -> PeriodCounts:
    return PeriodCounts(touch_points=touch_points, entries=entries, months=months)


def _rr_interval_by_f(a: int, b: int, exposure_ratio: float) -> tuple[float, float]:
    """Clopper–Pearson in its F-distribution form, mapped to RR = odds(pi) * Eb / Ea.

    pi_low = a / (a + (b + 1) F(2(b + 1), 2a))  ->  odds = a / ((b + 1) F)
    pi_high = (a + 1) F' / (b + (a + 1) F')     ->  odds = (a + 1) F' / b
    with F, F' the 97.5% quantiles of F(2(b + 1), 2a) and F(2(a + 1), 2b).
    """
    low = 0.0 if a == 0 else a / ((b + 1) * stats.f.ppf(0.975, 2 * (b + 1), 2 * a))
    high = (a + 1) * stats.f.ppf(0.975, 2 * (a + 1), 2 * b) / b
    return low * exposure_ratio, high * exposure_ratio


# --- rate_per_thousand -----------------------------------------------------------------


def test_rate_per_thousand_divides_touch_points_by_entries() -> None:
    # 25 touch points / 5,000 entries * 1,000 = 5.0
    assert rate_per_thousand(25, 5000) == pytest.approx(5.0)


def test_rate_per_thousand_is_none_without_entries() -> None:
    assert rate_per_thousand(3, 0) is None


def test_rate_per_thousand_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        rate_per_thousand(-1, 100)


# --- reduction_between: worked examples --------------------------------------------------


def test_halving_touch_points_on_equal_volume_is_a_fifty_percent_reduction() -> None:
    # b = 100 / 10,000 entries -> 10 per 1,000; a = 50 / 10,000 -> 5 per 1,000.
    # RR = (50 / 10,000) / (100 / 10,000) = 0.5, reduction = 1 - 0.5 = 0.5.
    result = reduction_between(_period(100, 10_000), _period(50, 10_000))
    low, high = _rr_interval_by_f(a=50, b=100, exposure_ratio=1.0)
    # pi0 = 0.5 is symmetric, so the two-sided p-value is 2 * P(X <= 50), X ~ Bin(150, 1/2).
    p_value = 2 * sum(math.comb(150, k) for k in range(51)) / 2**150

    assert result.basis is Basis.ENTRIES
    assert result.baseline_rate == pytest.approx(10.0)
    assert result.current_rate == pytest.approx(5.0)
    assert result.rate_ratio == pytest.approx(0.5)
    assert result.reduction == pytest.approx(0.5)
    assert result.rate_ratio_ci95 == pytest.approx((low, high), rel=1e-9)
    assert result.reduction_ci95 == pytest.approx((1 - high, 1 - low), rel=1e-9)
    assert result.p_value == pytest.approx(p_value, rel=1e-9)
    assert result.verdict is Verdict.FELL
    assert result.note is None


def test_rate_ratio_accounts_for_different_entry_volumes() -> None:
    # Same 100 touch points, but entries doubled: 10 -> 5 per 1,000, so RR = 0.5.
    # Eb / Ea = 10,000 / 20,000 = 0.5 scales both interval ends.
    result = reduction_between(_period(100, 10_000), _period(100, 20_000))
    low, high = _rr_interval_by_f(a=100, b=100, exposure_ratio=0.5)

    assert result.baseline_rate == pytest.approx(10.0)
    assert result.current_rate == pytest.approx(5.0)
    assert result.rate_ratio == pytest.approx(0.5)
    assert result.rate_ratio_ci95 == pytest.approx((low, high), rel=1e-9)
    assert result.verdict is Verdict.FELL


def test_small_counts_give_a_wide_interval_and_no_clear_change() -> None:
    # b = 3, a = 1 on equal volume: RR = 1/3, n = 4.
    # Lower pi = Beta(1, 4) 2.5% quantile = 1 - 0.975 ** (1/4) (closed form for shape 1).
    # p-value: P(X <= 1) = (1 + 4) / 16 = 5/16, doubled by symmetry = 10/16 = 0.625.
    result = reduction_between(_period(3, 1000), _period(1, 1000))
    pi_low = 1 - 0.975**0.25
    _, high = _rr_interval_by_f(a=1, b=3, exposure_ratio=1.0)

    assert result.rate_ratio == pytest.approx(1 / 3)
    assert result.reduction == pytest.approx(2 / 3)
    assert result.rate_ratio_ci95 == pytest.approx((pi_low / (1 - pi_low), high), rel=1e-9)
    assert result.p_value == pytest.approx(0.625)
    assert result.verdict is Verdict.NO_CLEAR_CHANGE


def test_no_current_touch_points_is_a_full_reduction_with_a_finite_upper_bound() -> None:
    # b = 10, a = 0 on equal volume: RR = 0, reduction = 1.
    # Upper pi = Beta(1, 10) 97.5% quantile = 1 - 0.025 ** (1/10), so
    # RR_high = odds = 0.025 ** (-1/10) - 1 ≈ 0.4461; reduction CI = [1 - 0.4461, 1].
    # p-value: 2 * P(X = 0) = 2 / 2**10.
    result = reduction_between(_period(10, 5000), _period(0, 5000))
    rr_high = 0.025 ** (-1 / 10) - 1

    assert result.rate_ratio == 0.0
    assert result.reduction == 1.0
    assert result.rate_ratio_ci95 == pytest.approx((0.0, rr_high), rel=1e-9)
    assert result.reduction_ci95 == pytest.approx((1 - rr_high, 1.0), rel=1e-9)
    assert result.p_value == pytest.approx(2 / 2**10)
    assert result.verdict is Verdict.FELL


def test_reduction_is_not_measurable_without_baseline_touch_points() -> None:
    # b = 0, a = 5 on equal volume: p-value = 2 * P(X = 5) = 2 / 32 = 0.0625.
    result = reduction_between(_period(0, 2000), _period(5, 2000))

    assert result.verdict is Verdict.NOT_MEASURABLE
    assert result.note == (
        "No touch points in the baseline period, so a reduction cannot be measured."
    )
    assert result.rate_ratio is None
    assert result.reduction is None
    assert result.reduction_ci95 is None
    assert result.rate_ratio_ci95 is None
    assert result.p_value == pytest.approx(0.0625)
    assert result.baseline_rate == 0.0
    assert result.current_rate == pytest.approx(2.5)


def test_reduction_is_not_measurable_without_any_touch_points() -> None:
    result = reduction_between(_period(0, 2000), _period(0, 3000))

    assert result.verdict is Verdict.NOT_MEASURABLE
    assert result.note == "No touch points in either period."
    assert result.baseline_rate == 0.0
    assert result.current_rate == 0.0
    assert result.p_value is None
    assert result.rate_ratio is None


# --- no volume: touch points per month -------------------------------------------------------


def test_missing_current_volume_falls_back_to_touch_points_per_month() -> None:
    # b = 12 over 12 months -> 1.0 / month; a = 3 over 6 months -> 0.5 / month; RR = 0.5.
    # The exposure ratio is Mb / Mc = 12 / 6 = 2.
    result = reduction_between(_period(12, 4000, months=12), _period(3, None, months=6))
    low, high = _rr_interval_by_f(a=3, b=12, exposure_ratio=2.0)

    assert result.basis is Basis.MONTHS
    assert result.baseline_rate == pytest.approx(1.0)
    assert result.current_rate == pytest.approx(0.5)
    assert result.rate_ratio == pytest.approx(0.5)
    assert result.rate_ratio_ci95 == pytest.approx((low, high), rel=1e-9)
    assert (
        result.note == "No entry volume for the current period; rates are touch points per month."
    )


def test_zero_entries_counts_as_no_volume() -> None:
    result = reduction_between(_period(4, 0), _period(2, 1000))

    assert result.basis is Basis.MONTHS
    assert result.note == (
        "No entry volume for the baseline period; rates are touch points per month."
    )


def test_no_volume_in_either_period_is_said_plainly_alongside_the_edge_case() -> None:
    result = reduction_between(_period(0, None), _period(0, None))

    assert result.basis is Basis.MONTHS
    assert result.note == (
        "No touch points in either period. "
        "No entry volume for either period; rates are touch points per month."
    )


# --- p-value ------------------------------------------------------------------------------


def test_p_value_is_one_when_rates_are_equal_on_equal_volume() -> None:
    result = reduction_between(_period(5, 1000), _period(5, 1000))
    assert result.p_value == 1.0
    assert result.rate_ratio == pytest.approx(1.0)


def test_p_value_is_one_when_rates_are_equal_on_unequal_volume() -> None:
    # 4 / 400 == 2 / 200; pi0 = 200 / 600 = 1/3, and a = 2 is the mode of Bin(6, 1/3).
    result = reduction_between(_period(4, 400), _period(2, 200))
    assert result.p_value == pytest.approx(1.0)


def test_p_value_on_unequal_volume_is_twice_the_smaller_exact_tail() -> None:
    # Eb = 1,000, Ea = 2,000: pi0 = 2,000 / 3,000 = 2/3; n = 4 + 2 = 6, a = 2.
    # P(X <= 2) = (1 + 6 * 2 + 15 * 4) / 3**6 = 73 / 729; P(X >= 2) = 1 - 13 / 729.
    result = reduction_between(_period(4, 1000), _period(2, 2000))
    assert result.p_value == pytest.approx(2 * 73 / 729, rel=1e-9)


def test_p_value_agrees_with_the_interval_for_small_counts() -> None:
    # b = 4, a = 0, Eb = 1,000, Ea = 1,500: pi0 = 0.6, P(X = 0) = 0.4**4 = 0.0256, so
    # p = 2 * 0.0256 = 0.0512, not below 0.05, and the interval must reach past RR = 1:
    # upper pi = 1 - 0.025 ** (1/4) = 0.6024 -> odds 1.5148 * Eb / Ea = 1.0099.
    result = reduction_between(_period(4, 1000), _period(0, 1500))
    assert result.p_value == pytest.approx(0.0512)
    assert result.rate_ratio_ci95 is not None
    assert result.rate_ratio_ci95[1] == pytest.approx((0.025**-0.25 - 1) * 1000 / 1500)
    assert result.verdict is Verdict.NO_CLEAR_CHANGE


# --- programming errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("touch_points", "entries", "months", "message"),
    [
        (-1, 100, 12, "touch_points"),
        (1, -100, 12, "entries"),
        (1, 100, 0, "months"),
    ],
)
def test_period_counts_reject_impossible_values(
    touch_points: int, entries: int, months: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        PeriodCounts(touch_points=touch_points, entries=entries, months=months)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95.0])
def test_reduction_rejects_a_confidence_outside_zero_and_one(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        reduction_between(_period(1, 10), _period(1, 10), confidence=confidence)


def test_lower_confidence_gives_a_narrower_interval() -> None:
    wide = reduction_between(_period(40, 1000), _period(30, 1000))
    narrow = reduction_between(_period(40, 1000), _period(30, 1000), confidence=0.9)
    assert wide.rate_ratio_ci95 is not None and narrow.rate_ratio_ci95 is not None
    assert wide.rate_ratio_ci95[0] < narrow.rate_ratio_ci95[0]
    assert narrow.rate_ratio_ci95[1] < wide.rate_ratio_ci95[1]
    assert "(90% CI: " in narrow.sentence()


# --- sentence() -------------------------------------------------------------------------------


def test_sentence_for_a_fall_gives_the_reduction_and_its_interval() -> None:
    # RR CI ≈ (0.349, 0.709) -> reduction CI ≈ 29% to 65%.
    result = reduction_between(_period(100, 10_000), _period(50, 10_000))
    assert result.sentence() == "Touch points per 1,000 entries fell 50% (95% CI: fell 29% to 65%)."


def test_sentence_for_a_rise_gives_the_increase_and_its_interval() -> None:
    # RR = 2 -> rose 100%; RR CI ≈ (1.411, 2.868) -> 41% to 187%.
    result = reduction_between(_period(50, 10_000), _period(100, 10_000))
    assert result.sentence() == (
        "Touch points per 1,000 entries rose 100% (95% CI: rose 41% to 187%)."
    )


def test_sentence_for_no_clear_change_says_what_happened_and_both_ends_the_same_way() -> None:
    # RR = 0.95 -> fell 5%; RR CI ≈ (0.710, 1.271) -> fell 29% to rose 27%.
    result = reduction_between(_period(100, 10_000), _period(95, 10_000))
    assert result.sentence() == (
        "Touch points per 1,000 entries fell 5%, no clear change (95% CI: fell 29% to rose 27%)."
    )


def test_sentence_when_not_measurable_gives_the_reason() -> None:
    result = reduction_between(_period(0, 100), _period(0, 100))
    assert result.sentence() == "Not measurable: No touch points in either period."


def test_sentence_on_the_month_basis_says_per_month() -> None:
    result = reduction_between(_period(100, None), _period(50, None))
    assert result.sentence().startswith("Touch points per month fell 50% (95% CI: fell ")


def test_sentence_handles_an_interval_without_upper_limit() -> None:
    result = Reduction(
        basis=Basis.ENTRIES,
        baseline_rate=1.0,
        current_rate=3.0,
        rate_ratio=3.0,
        reduction=-2.0,
        reduction_ci95=(-math.inf, -0.12),
        rate_ratio_ci95=(1.12, math.inf),
        p_value=0.01,
        verdict=Verdict.ROSE,
        note=None,
    )
    assert result.sentence() == (
        "Touch points per 1,000 entries rose 200% (95% CI: rose 12% or more)."
    )


# --- funnel_limits ------------------------------------------------------------------------------


def test_funnel_limits_are_exact_poisson_limits_on_the_expected_count() -> None:
    # Center 5 per 1,000 with 1,000 entries: expected count mu = 5.
    # chi2(2mu)/2 is Gamma(mu): lower = Gamma(5) 2.5% point, upper = Gamma(6) 97.5% point.
    low, high = funnel_limits(5.0, 1000)
    assert low == pytest.approx(stats.gamma.ppf(0.025, 5), rel=1e-4)
    assert high == pytest.approx(stats.gamma.ppf(0.975, 6), rel=1e-4)


@pytest.mark.parametrize("entries", [1, 10, 100, 1000, 100_000])
def test_funnel_limits_contain_the_center_rate(entries: int) -> None:
    low, high = funnel_limits(4.0, entries)
    assert 0.0 <= low <= 4.0 <= high


def test_funnel_limits_narrow_as_entries_grow() -> None:
    widths = [
        high - low for low, high in (funnel_limits(4.0, n) for n in (100, 1000, 10_000, 100_000))
    ]
    assert widths == sorted(widths, reverse=True)
    assert widths[-1] < widths[0] / 10


def test_funnel_limits_without_entries_exclude_nothing() -> None:
    assert funnel_limits(4.0, 0) == (0.0, math.inf)


def test_funnel_limits_around_a_zero_center_start_at_zero() -> None:
    # mu = 0: lower = 0; upper = chi2(0.975, 2) / 2 = -ln(0.025) counts over 1,000 entries.
    low, high = funnel_limits(0.0, 1000)
    assert low == 0.0
    assert high == pytest.approx(-math.log(0.025), rel=1e-4)


def test_funnel_limits_reject_a_negative_rate() -> None:
    with pytest.raises(ValueError):
        funnel_limits(-1.0, 100)


def test_funnel_limits_for_many_volumes_match_one_at_a_time() -> None:
    volumes = [0, 1, 250, 6000, 123_456]
    many = funnel_limits_for(7.5, volumes)
    assert many[0] == (0.0, math.inf)
    for entries, limits in zip(volumes[1:], many[1:], strict=True):
        assert limits == pytest.approx(funnel_limits(7.5, entries), rel=1e-12)
    assert funnel_limits_for(0.0, [100])[0] == pytest.approx(funnel_limits(0.0, 100))


def test_funnel_limits_without_a_center_rate_exclude_nothing() -> None:
    assert funnel_limits_for(None, [10, 0]) == [(0.0, math.inf), (0.0, math.inf)]


# --- properties ------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=2000)
volumes = st.one_of(st.none(), st.integers(min_value=0, max_value=1_000_000))
periods = st.builds(PeriodCounts, counts, volumes, st.integers(min_value=1, max_value=36))
measurable_counts = st.integers(min_value=1, max_value=2000)
positive_volumes = st.integers(min_value=1, max_value=1_000_000)
property_settings = settings(max_examples=200, deadline=None)


@property_settings
@given(periods, periods)
def test_reduction_never_raises_and_is_measurable_exactly_with_baseline_touch_points(
    baseline: PeriodCounts, current: PeriodCounts
) -> None:
    result = reduction_between(baseline, current)
    assert (result.verdict is Verdict.NOT_MEASURABLE) == (baseline.touch_points == 0)
    assert result.p_value is None or 0.0 <= result.p_value <= 1.0
    assert result.sentence()


@property_settings
@given(measurable_counts, counts, positive_volumes, positive_volumes)
def test_interval_contains_the_point_estimate(b: int, a: int, eb: int, ea: int) -> None:
    result = reduction_between(_period(b, eb), _period(a, ea))
    assert result.rate_ratio is not None and result.rate_ratio_ci95 is not None
    low, high = result.rate_ratio_ci95
    assert low <= result.rate_ratio * (1 + 1e-9)
    assert result.rate_ratio <= high * (1 + 1e-9)


@property_settings
@given(measurable_counts, measurable_counts, positive_volumes, positive_volumes)
def test_swapping_periods_inverts_the_rate_ratio_and_its_interval(
    b: int, a: int, eb: int, ea: int
) -> None:
    forward = reduction_between(_period(b, eb), _period(a, ea))
    backward = reduction_between(_period(a, ea), _period(b, eb))
    assert forward.rate_ratio is not None and backward.rate_ratio is not None
    assert forward.rate_ratio_ci95 is not None and backward.rate_ratio_ci95 is not None
    assert forward.rate_ratio * backward.rate_ratio == pytest.approx(1.0)
    assert forward.rate_ratio_ci95[0] * backward.rate_ratio_ci95[1] == pytest.approx(1.0)
    assert forward.rate_ratio_ci95[1] * backward.rate_ratio_ci95[0] == pytest.approx(1.0)
    assert forward.p_value == pytest.approx(backward.p_value)


@property_settings
@given(
    measurable_counts,
    counts,
    positive_volumes,
    positive_volumes,
    st.integers(min_value=2, max_value=1000),
)
def test_scaling_both_volumes_leaves_rate_ratio_and_interval_unchanged(
    b: int, a: int, eb: int, ea: int, k: int
) -> None:
    original = reduction_between(_period(b, eb), _period(a, ea))
    scaled = reduction_between(_period(b, eb * k), _period(a, ea * k))
    assert scaled.rate_ratio == pytest.approx(original.rate_ratio)
    assert scaled.rate_ratio_ci95 == pytest.approx(original.rate_ratio_ci95)
    assert scaled.p_value == pytest.approx(original.p_value)
    assert scaled.verdict is original.verdict


@property_settings
@given(measurable_counts, counts, positive_volumes, positive_volumes)
def test_verdict_is_a_change_exactly_when_the_p_value_is_below_five_percent(
    b: int, a: int, eb: int, ea: int
) -> None:
    result = reduction_between(_period(b, eb), _period(a, ea))
    assert result.p_value is not None
    assume(abs(result.p_value - 0.05) > 1e-9)  # the two agree up to rounding at the edge
    changed = result.verdict in {Verdict.FELL, Verdict.ROSE}
    assert changed == (result.p_value < 0.05)


@property_settings
@given(st.lists(st.tuples(periods, periods), max_size=8))
def test_many_reductions_at_once_equal_each_one_alone(
    pairs: list[tuple[PeriodCounts, PeriodCounts]],
) -> None:
    assert reductions_between(pairs) == [reduction_between(b, c) for b, c in pairs]
