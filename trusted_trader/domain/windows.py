"""Day windows to compare: never a partial period against a full one.

A quarter under way is compared with the same number of days from the start of the same
quarter a year earlier. The to-date window ends yesterday, because today's touch points are
still being logged; on a quarter's first day there is nothing to date, and the last full
quarter is compared with the same quarter a year earlier (full months on both sides).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from trusted_trader.domain.periods import add_months

__all__ = ["DayWindow", "QuarterComparison", "quarter_comparison"]

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayWindow:
    """Days from ``first`` to ``last``, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a window ends ({self.last}) before it starts ({self.first})")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class QuarterComparison:
    """A quarter (to date, or the last full one) and the same stretch a year earlier."""

    quarter: str  # "Q4 2026"
    earlier_quarter: str  # "Q4 2025"
    current: DayWindow
    earlier: DayWindow
    full_quarters: bool  # True: whole quarters; False: equal-length windows to date


def quarter_start(day: date) -> date:
    """The first day of ``day``'s calendar quarter."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _name(start: date) -> str:
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def quarter_comparison(today: date) -> QuarterComparison:
    """This quarter's full days so far against as many days of the same quarter last year."""
    start = quarter_start(today)
    earlier_start = add_months(start, -12)
    days = (today - start).days
    if days == 0:
        last_start = add_months(start, -3)
        return QuarterComparison(
            _name(last_start),
            _name(add_months(last_start, -12)),
            DayWindow(last_start, start - _DAY),
            DayWindow(add_months(last_start, -12), earlier_start - _DAY),
            full_quarters=True,
        )
    return QuarterComparison(
        _name(start),
        _name(earlier_start),
        DayWindow(start, today - _DAY),
        DayWindow(earlier_start, earlier_start + timedelta(days=days - 1)),
        full_quarters=False,
    )
