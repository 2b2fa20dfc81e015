"""The quarter tile's periods: equal-length windows to date, or whole quarters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trusted_trader.domain.windows import DayWindow, quarter_comparison


def test_mid_quarter_compares_the_days_to_yesterday_with_as_many_a_year_earlier() -> None:
    found = quarter_comparison(date(2026, 11, 16))
    assert (found.quarter, found.earlier_quarter) == ("Q4 2026", "Q4 2025")
    assert found.current == DayWindow(date(2026, 10, 1), date(2026, 11, 15))
    assert found.earlier == DayWindow(date(2025, 10, 1), date(2025, 11, 15))
    assert found.current.days == found.earlier.days == 46
    assert not found.full_quarters


def test_on_a_quarters_first_day_the_last_full_quarters_are_compared() -> None:
    found = quarter_comparison(date(2026, 10, 1))
    assert (found.quarter, found.earlier_quarter) == ("Q3 2026", "Q3 2025")
    assert found.current == DayWindow(date(2026, 7, 1), date(2026, 9, 30))
    assert found.earlier == DayWindow(date(2025, 7, 1), date(2025, 9, 30))
    assert found.full_quarters


def test_on_new_years_day_the_last_quarter_of_the_old_year_is_compared() -> None:
    found = quarter_comparison(date(2027, 1, 1))
    assert found.current == DayWindow(date(2026, 10, 1), date(2026, 12, 31))
    assert found.earlier == DayWindow(date(2025, 10, 1), date(2025, 12, 31))


def test_on_a_quarters_last_day_every_day_but_today_counts() -> None:
    found = quarter_comparison(date(2026, 6, 30))
    assert found.current == DayWindow(date(2026, 4, 1), date(2026, 6, 29))
    assert found.earlier == DayWindow(date(2025, 4, 1), date(2025, 6, 29))


@pytest.mark.parametrize(
    ("today", "current_last", "earlier_last"),
    [
        (date(2028, 2, 29), date(2028, 2, 28), date(2027, 2, 28)),  # Feb 29 itself still open
        (date(2028, 3, 1), date(2028, 2, 29), date(2027, 3, 1)),  # 60 days on both sides
        (date(2028, 3, 31), date(2028, 3, 30), date(2027, 3, 31)),  # 90: all of Q1 2027
        (date(2029, 3, 15), date(2029, 3, 14), date(2028, 3, 13)),  # the earlier year is leap
    ],
)
def test_leap_years_keep_both_windows_the_same_length_inside_the_quarter(
    today: date, current_last: date, earlier_last: date
) -> None:
    found = quarter_comparison(today)
    assert found.current.last == current_last and found.earlier.last == earlier_last
    assert found.current.days == found.earlier.days
    assert found.earlier.first == date(today.year - 1, 1, 1)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2999, 12, 31)))
def test_every_day_gives_equal_windows_or_whole_quarters_that_end_before_today(
    today: date,
) -> None:
    found = quarter_comparison(today)
    assert found.current.last < today and found.earlier.last < found.current.first
    assert found.earlier.first.replace(year=found.earlier.first.year + 1) == found.current.first
    if found.full_quarters:
        assert found.current.last + timedelta(days=1) == today
        assert found.earlier.last.month in (3, 6, 9, 12) and found.earlier.last.day >= 30
    else:
        assert found.current.days == found.earlier.days
        # the earlier window stays inside its own quarter
        assert found.earlier.last.month <= found.earlier.first.month + 2


def test_a_window_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        DayWindow(date(2026, 2, 1), date(2026, 1, 31))
