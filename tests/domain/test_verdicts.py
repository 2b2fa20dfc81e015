"""Verdicts without intervals: the cheap screen a ranking of thousands of partners uses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trusted_trader.domain.statistics import (
    PeriodCounts,
    Verdict,
    reductions_between,
    verdicts_between,
)


def _pair(b: int, a: int, eb: int | None, ea: int | None) -> tuple[PeriodCounts, PeriodCounts]:
    return PeriodCounts(b, eb, 12), PeriodCounts(a, ea, 12)


def _full(pairs: list[tuple[PeriodCounts, PeriodCounts]]) -> list[Verdict]:
    return [r.verdict for r in reductions_between(pairs)]


@pytest.mark.parametrize("volumes", [(1000, 1000), (800, 1300), (None, None), (500, 0)])
def test_verdicts_equal_the_full_reductions_on_every_small_count(
    volumes: tuple[int | None, int | None],
) -> None:
    # Small counts put many pairs right at the edge of significance: every one must agree.
    pairs = [_pair(b, a, *volumes) for b in range(0, 31) for a in range(0, 31)]
    assert verdicts_between(pairs) == _full(pairs)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 5000),
    st.integers(0, 5000),
    st.one_of(st.none(), st.integers(0, 10**7)),
    st.one_of(st.none(), st.integers(0, 10**7)),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_verdicts_equal_the_full_reductions_for_any_counts(
    b: int, a: int, eb: int | None, ea: int | None, confidence: float
) -> None:
    pairs = [_pair(b, a, eb, ea)]
    assert verdicts_between(pairs, confidence) == [
        r.verdict for r in reductions_between(pairs, confidence)
    ]


def test_a_rise_on_equal_volume_is_clear_only_when_the_counts_say_so() -> None:
    noise, clear = _pair(2, 5, 1000, 1000), _pair(20, 60, 1000, 1000)
    assert verdicts_between([noise, clear]) == [Verdict.NO_CLEAR_CHANGE, Verdict.ROSE]


def test_verdicts_without_baseline_touch_points_are_not_measurable() -> None:
    assert verdicts_between([_pair(0, 40, 10, 10), _pair(0, 0, 10, 10)]) == [
        Verdict.NOT_MEASURABLE,
        Verdict.NOT_MEASURABLE,
    ]


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 1.5])
def test_verdicts_reject_a_confidence_outside_zero_and_one(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        verdicts_between([_pair(3, 4, 10, 10)], confidence)


def test_a_tail_too_close_to_call_is_left_to_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    from trusted_trader.domain import statistics

    asked: list[int] = []
    full = statistics.reduction_between

    def counted(*args: object) -> object:
        asked.append(1)
        return full(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(statistics, "_TOO_CLOSE", 100.0)  # every tail is "too close"
    monkeypatch.setattr(statistics, "reduction_between", counted)
    pairs = [_pair(b, a, 900, 1100) for b in range(1, 20) for a in range(40) if a * 9 != b * 11]
    assert verdicts_between(pairs) == _full(pairs)
    assert len(asked) == len(pairs)


@pytest.mark.parametrize(
    ("b", "a", "eb", "ea"), [(10, 30, 1000, 1500), (7, 2, None, 400), (0, 5, 10, 10), (3, 3, 5, 5)]
)
def test_the_cheap_rate_ratio_is_the_reductions_own(
    b: int, a: int, eb: int | None, ea: int | None
) -> None:
    from trusted_trader.domain.statistics import rate_ratio, reduction_between

    pair = _pair(b, a, eb, ea)
    assert rate_ratio(*pair) == reduction_between(*pair).rate_ratio


def test_a_rise_reads_as_its_verdict_change_and_interval_in_a_list_row() -> None:
    from trusted_trader.domain.statistics import reduction_between

    text = reduction_between(*_pair(20, 60, 1000, 1000)).change_text()
    assert text.startswith("rose 200% (95% CI: rose ") and text.endswith(")")
    noise = reduction_between(*_pair(2, 5, 1000, 1000)).change_text()
    assert noise == "rose 150%, no clear change (95% CI: fell 59% to rose more than 10×)"
    assert reduction_between(*_pair(0, 5, 1000, 1000)).change_text() == "not measurable"
