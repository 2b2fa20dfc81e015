"""Whole-month periods: parsing ``YYYY-MM`` and ``YYYY-MM:YYYY-MM`` and month arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MonthRange",
    "add_months",
    "check_day",
    "month_start",
    "parse_month",
    "parse_month_range",
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
