"""The one voice: changes, intervals and p-values read the same way everywhere."""

from __future__ import annotations

import math

import pytest

from trusted_trader.domain.wording import (
    change_signed,
    change_words,
    interval_signed,
    interval_words,
    p_value_text,
    points_interval_words,
    points_signed,
    points_words,
    share_text,
)


@pytest.mark.parametrize(
    ("change", "words", "signed"),
    [
        (-0.21, "fell 21%", "−21%"),
        (0.35, "rose 35%", "+35%"),
        (0.0, "did not change", "0%"),
        (-0.004, "fell 0.4%", "−0.4%"),
        (-1.0, "fell 100%", "−100%"),
        (9.0, "rose 900%", "+900%"),
        (15.33, "rose more than 10×", "more than 10×"),
        (None, "not measurable", "—"),
        (math.nan, "not measurable", "—"),
    ],
)
def test_a_change_reads_as_what_happened_to_the_rate(
    change: float | None, words: str, signed: str
) -> None:
    assert change_words(change) == words
    assert change_signed(change) == signed


@pytest.mark.parametrize(
    ("low", "high", "words", "signed"),
    [
        (-0.73, 1.15, "fell 73% to rose 115%", "−73% to +115%"),
        (-0.73, -0.12, "fell 12% to 73%", "−73% to −12%"),
        (0.05, 0.60, "rose 5% to 60%", "+5% to +60%"),
        (0.05, 20.0, "rose 5% to more than 10×", "+5% to more than 10×"),
        (-0.5, math.inf, "fell 50% or more", "−50% or more"),
    ],
)
def test_an_interval_runs_in_the_same_direction_and_sign_as_its_change(
    low: float, high: float, words: str, signed: str
) -> None:
    assert interval_words(low, high) == words
    assert interval_signed(low, high) == signed


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.78, "p = 0.78"),
        (0.0042, "p = 0.004"),
        (1.68e-13, "p < 0.001"),
        (0.001, "p = 0.001"),
        (1.0, "p > 0.99"),
        (0.05, "p = 0.05"),
        (None, "—"),
    ],
)
def test_p_values_read_in_three_bands_without_scientific_notation(
    p: float | None, text: str
) -> None:
    assert p_value_text(p) == text


def test_compliance_reads_in_shares_and_points() -> None:
    assert share_text(0.9734) == "97.3%"
    assert points_words(-0.035) == "fell 3.5 points"
    assert points_words(0.008) == "rose 0.8 points"
    assert points_words(0.0001) == "did not change"
    assert points_signed(-0.035) == "−3.5 pts"
    assert points_signed(0.0) == "0.0 pts"


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (-0.061, -0.009, "fell 6.1 to 0.9 points"),
        (0.004, 0.031, "rose 0.4 to 3.1 points"),
        (-0.02, 0.015, "fell 2.0 to rose 1.5 points"),
        (0.0, 0.015, "did not change to rose 1.5 points"),
    ],
)
def test_a_compliance_interval_reads_in_points_low_end_first(
    low: float, high: float, words: str
) -> None:
    assert points_interval_words(low, high) == words


@pytest.mark.parametrize(
    ("baseline", "current", "said"),
    [
        ((0, 0), (5, 5), "no examined entries in the baseline period."),
        ((5, 5), (0, 0), "no examined entries in the current period."),
        ((0, 0), (0, 0), "no examined entries in either period."),
    ],
)
def test_compliance_without_exams_says_which_period_had_none(
    baseline: tuple[int, int], current: tuple[int, int], said: str
) -> None:
    from trusted_trader.domain.compliance import ComplianceCounts, compliance_change
    from trusted_trader.domain.wording import compliance_sentence

    change = compliance_change(ComplianceCounts(*baseline), ComplianceCounts(*current))
    assert compliance_sentence(change, "all") == f"Compliance is not measurable: {said}"
