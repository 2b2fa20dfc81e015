"""Whole-month periods: parsing ``YYYY-MM`` and ``YYYY-MM:YYYY-MM`` and month arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from trusted_trader.domain.enums import PeriodMode

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "Comparison",
    "MonthRange",
    "PeriodMode",
    "PlanDates",
    "add_months",
    "check_comparison",
    "check_day",
    "choose_comparison",
    "custom_comparison",
    "last_full_month",
    "last_full_months",
    "month_start",
    "parse_month",
    "parse_month_range",
    "plan_comparison",
    "rolling_comparison",
]

# The days the app accepts. Wide enough for any customs record, narrow enough that
# every window, default baseline and due date computed from one stays a real date.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
_RANGE_TEXT = f"give a day from {FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d}"


def check_day(day: date) -> date:
    """``day`` itself, or ValueError when it is outside the supported years."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} is out of range; {_RANGE_TEXT}")
    return day


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """First of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def add_months_clamped(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day."""
    first = add_months(day, months)
    following = add_months(first, 1)
    last_day = (following - first).days
    return first.replace(day=min(day.day, last_day))


def parse_month(text: str) -> date:
    """Read ``YYYY-MM`` as the first day of that month."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if match is None:
        raise ValueError(f"'{text}' is not a month; write it as YYYY-MM, like 2025-07")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has month {month}; months run from 01 to 12")
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        first, last = f"{FIRST_DAY:%Y-%m}", f"{LAST_DAY:%Y-%m}"
        raise ValueError(f"'{text.strip()}' is out of range; months run from {first} to {last}")
    return date(year, month, 1)


@dataclass(frozen=True, order=True)
class MonthRange:
    """An inclusive range of whole months."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1:
            raise ValueError("a month range is given by the first days of its months")
        if self.last < self.first:
            raise ValueError(f"the period ends ({self.last:%Y-%m}) before it starts ({self})")

    @property
    def months(self) -> int:
        """How many months the range covers, both ends included."""
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def end_exclusive(self) -> date:
        """The first day after the range."""
        return add_months(self.last, 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day < self.end_exclusive

    def __str__(self) -> str:
        return f"{self.first:%Y-%m}:{self.last:%Y-%m}"

    def label(self) -> str:
        """The range for people: 'Jan 2025' or 'Jan 2025 – Dec 2025'."""
        if self.first == self.last:
            return f"{self.first:%b %Y}"
        return f"{self.first:%b %Y} – {self.last:%b %Y}"


def parse_month_range(text: str) -> MonthRange:
    """Read ``YYYY-MM:YYYY-MM`` (or one ``YYYY-MM``) as an inclusive range of months."""
    first_text, sep, last_text = text.partition(":")
    first = parse_month(first_text)
    last = parse_month(last_text) if sep else first
    return MonthRange(first, last)


# --- comparisons of two periods ------------------------------------------------------------


class PlanDates(Protocol):
    """What a comparison needs of an engagement plan (a plan record has these)."""

    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def baseline_start(self) -> date: ...
    @property
    def baseline_end(self) -> date: ...


@dataclass(frozen=True)
class Comparison:
    """A baseline and a current period of whole months, and how to say which they are.

    ``measurable`` is False for a plan that has not run one full month yet: its current
    period is then only a placeholder, never compared.
    """

    mode: PeriodMode
    baseline: MonthRange
    current: MonthRange
    description: str
    measurable: bool = True


def last_full_month(today: date) -> date:
    """The first day of the last month that has ended before ``today``."""
    return add_months(today, -1)


def last_full_months(today: date, months: int) -> MonthRange:
    """The ``months`` full months that end with the last full month before ``today``."""
    last = last_full_month(today)
    return MonthRange(add_months(last, 1 - months), last)


def rolling_comparison(today: date, months: int = 12) -> Comparison:
    """The last ``months`` full months against as many months right before them."""
    current = last_full_months(today, months)
    baseline = MonthRange(add_months(current.first, -months), add_months(current.first, -1))
    text = f"Last {months} full months: {current.label()} against {baseline.label()}"
    return Comparison(PeriodMode.ROLLING, baseline, current, text)


def plan_comparison(plan: PlanDates, today: date) -> Comparison:
    """The plan's baseline against its period up to the last full month before ``today``.

    A month in progress is never compared with full ones: a plan that started this month
    (or starts later) is not measurable yet, and says from when it will be.
    """
    baseline = MonthRange(month_start(plan.baseline_start), month_start(plan.baseline_end))
    period = MonthRange(month_start(plan.period_start), month_start(plan.period_end))
    last = min(period.last, last_full_month(today))
    name = f"Plan {period.first.year}"
    if last < period.first:
        ready = add_months(period.first, 1)
        text = f"{name} ({period.label()}) has no full month yet; compared from {ready:%b %Y}"
        return Comparison(
            PeriodMode.PLAN, baseline, MonthRange(period.first, period.first), text, False
        )
    current = MonthRange(period.first, last)
    text = f"{name}: {current.label()} against baseline {baseline.label()}"
    if last < period.last:
        text += f" (full months so far; the plan runs to {period.last:%b %Y})"
    return Comparison(PeriodMode.PLAN, baseline, current, text)


def check_comparison(baseline: MonthRange, current: MonthRange, today: date) -> None:
    """ValueError, in words for the user, when the two periods cannot be compared."""
    if baseline.first > current.first:
        raise ValueError(
            f"The baseline ({baseline.label()}) must come before the current period "
            f"({current.label()}); they look reversed."
        )
    if baseline.last >= current.first:
        raise ValueError(
            f"The baseline ({baseline.label()}) overlaps the current period "
            f"({current.label()}); end the baseline before {current.first:%b %Y}."
        )
    last = last_full_month(today)
    if current.last > last:
        raise ValueError(
            f"The current period must end by the last full month ({last:%b %Y}); "
            "a month in progress is not compared with full ones."
        )


def custom_comparison(baseline: MonthRange, current: MonthRange, today: date) -> Comparison:
    """Two periods the user chose, checked by ``check_comparison``."""
    check_comparison(baseline, current, today)
    text = f"{current.label()} against baseline {baseline.label()}"
    return Comparison(PeriodMode.CUSTOM, baseline, current, text)


def choose_comparison(
    mode: PeriodMode,
    today: date,
    plan: PlanDates | None = None,
    custom: tuple[MonthRange, MonthRange] | None = None,
) -> Comparison:
    """The comparison a period picker's choice stands for.

    "Plan periods" without a plan, or with a plan not yet one full month old, falls back to
    the last 12 full months and says why; custom periods are checked (ValueError).
    """
    if mode is PeriodMode.CUSTOM and custom is not None:
        return custom_comparison(custom[0], custom[1], today)
    if mode is PeriodMode.PLAN and plan is not None:
        found = plan_comparison(plan, today)
        if found.measurable:
            return found
        rolling = rolling_comparison(today)
        text = f"{found.description}. Meanwhile: {rolling.description}"
        return Comparison(PeriodMode.ROLLING, rolling.baseline, rolling.current, text)
    rolling = rolling_comparison(today)
    if mode is PeriodMode.PLAN:
        text = f"No engagement plan. {rolling.description}"
        return Comparison(PeriodMode.ROLLING, rolling.baseline, rolling.current, text)
    return rolling
