"""Which two periods are compared: last full months, a plan's periods, custom periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from trusted_trader.domain.periods import (
    MonthRange,
    PeriodMode,
    check_comparison,
    choose_comparison,
    custom_comparison,
    last_full_month,
    last_full_months,
    plan_comparison,
    rolling_comparison,
)


@dataclass(frozen=True)
class Plan:
    period_start: date
    period_end: date
    baseline_start: date
    baseline_end: date


PLAN_2025 = Plan(date(2025, 6, 1), date(2026, 5, 1), date(2024, 6, 1), date(2025, 5, 1))


def months(first: str, last: str) -> MonthRange:
    return MonthRange(date.fromisoformat(first + "-01"), date.fromisoformat(last + "-01"))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 16), date(2026, 10, 1)),
        (date(2026, 11, 1), date(2026, 10, 1)),  # the 1st: last month only just ended
        (date(2026, 10, 31), date(2026, 9, 1)),  # a month's last day is still in progress
        (date(2027, 1, 5), date(2026, 12, 1)),  # across a year end
        (date(2024, 3, 1), date(2024, 2, 1)),  # a leap year's February
    ],
)
def test_the_last_full_month_is_the_one_before_today_s(today: date, expected: date) -> None:
    assert last_full_month(today) == expected


def test_the_last_twelve_full_months_end_with_the_last_full_month() -> None:
    assert last_full_months(date(2024, 3, 1), 12) == months("2023-03", "2024-02")


def test_rolling_comparison_sets_twelve_full_months_against_the_twelve_before() -> None:
    found = rolling_comparison(date(2026, 11, 16))
    assert found.current == months("2025-11", "2026-10")
    assert found.baseline == months("2024-11", "2025-10")
    assert found.mode is PeriodMode.ROLLING
    assert found.description == (
        "Last 12 full months: Nov 2025 – Oct 2026 against Nov 2024 – Oct 2025"
    )


def test_a_finished_plan_compares_its_whole_period_with_its_baseline() -> None:
    found = plan_comparison(PLAN_2025, date(2026, 11, 16))
    assert (found.baseline, found.current) == (
        months("2024-06", "2025-05"),
        months("2025-06", "2026-05"),
    )
    assert (
        found.description == "Plan 2025: Jun 2025 – May 2026 against baseline Jun 2024 – May 2025"
    )
    assert found.measurable


def test_a_running_plan_is_compared_up_to_the_last_full_month() -> None:
    found = plan_comparison(PLAN_2025, date(2026, 2, 27))
    assert found.current == months("2025-06", "2026-01")
    assert "full months so far; the plan runs to May 2026" in found.description


def test_a_plan_starting_mid_month_counts_from_that_month() -> None:
    plan = Plan(date(2025, 6, 15), date(2026, 5, 20), date(2024, 6, 10), date(2025, 5, 31))
    found = plan_comparison(plan, date(2025, 9, 2))
    assert found.current == months("2025-06", "2025-08")
    assert found.baseline == months("2024-06", "2025-05")


@pytest.mark.parametrize("today", [date(2025, 6, 1), date(2025, 6, 30), date(2025, 3, 3)])
def test_a_plan_not_yet_one_full_month_old_is_not_measurable(today: date) -> None:
    found = plan_comparison(PLAN_2025, today)
    assert not found.measurable
    assert "has no full month yet; compared from Jul 2025" in found.description


def test_a_plan_is_measurable_the_day_its_first_month_ends() -> None:
    found = plan_comparison(PLAN_2025, date(2025, 7, 1))
    assert found.measurable and found.current == months("2025-06", "2025-06")


def test_a_leap_year_february_plan_is_compared_once_february_ends() -> None:
    plan = Plan(date(2024, 2, 29), date(2025, 1, 31), date(2023, 2, 1), date(2024, 1, 31))
    assert not plan_comparison(plan, date(2024, 2, 29)).measurable
    assert plan_comparison(plan, date(2024, 3, 1)).current == months("2024-02", "2024-02")


def test_custom_periods_that_are_in_order_are_accepted() -> None:
    found = custom_comparison(
        months("2023-01", "2023-12"), months("2024-01", "2024-06"), date(2026, 1, 1)
    )
    assert found.mode is PeriodMode.CUSTOM
    assert found.description == "Jan 2024 – Jun 2024 against baseline Jan 2023 – Dec 2023"


@pytest.mark.parametrize(
    ("baseline", "current", "message"),
    [
        (months("2025-01", "2025-12"), months("2024-01", "2024-12"), "look reversed"),
        (months("2024-01", "2024-12"), months("2024-06", "2025-05"), "overlaps the current"),
        (months("2024-01", "2024-12"), months("2024-01", "2024-12"), "overlaps the current"),
        (months("2024-01", "2024-12"), months("2025-01", "2026-11"), "month in progress"),
    ],
)
def test_custom_periods_that_cannot_be_compared_say_why(
    baseline: MonthRange, current: MonthRange, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        check_comparison(baseline, current, date(2026, 11, 16))


def test_plan_periods_without_a_plan_fall_back_to_the_last_twelve_full_months() -> None:
    found = choose_comparison(PeriodMode.PLAN, date(2026, 11, 16))
    assert found.current == months("2025-11", "2026-10")
    assert found.description.startswith("No engagement plan. Last 12 full months")


def test_plan_periods_of_a_plan_not_yet_a_month_old_fall_back_and_say_why() -> None:
    found = choose_comparison(PeriodMode.PLAN, date(2025, 6, 20), PLAN_2025)
    assert found.mode is PeriodMode.ROLLING and found.measurable
    assert "has no full month yet" in found.description
    assert found.current == months("2024-06", "2025-05")


def test_plan_periods_of_a_running_plan_are_the_plan_s() -> None:
    found = choose_comparison(PeriodMode.PLAN, date(2026, 11, 16), PLAN_2025)
    assert found == plan_comparison(PLAN_2025, date(2026, 11, 16))


def test_custom_periods_are_checked_when_chosen() -> None:
    reversed_ = (months("2025-01", "2025-12"), months("2024-01", "2024-12"))
    with pytest.raises(ValueError, match="reversed"):
        choose_comparison(PeriodMode.CUSTOM, date(2026, 11, 16), custom=reversed_)
