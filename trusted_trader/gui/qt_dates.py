"""Python dates as Qt dates, spelled out (Qt for Python 6.11's stubs lack the date overloads)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def py_date(day: QDate) -> date:
    """A Qt date as a Python date: the inverse of ``qdate``."""
    value: date = day.toPython()  # type: ignore[assignment]
    return value


def qdatetime(moment: datetime) -> QDateTime:
    """A naive datetime as local time, as QDateTime(datetime) reads it."""
    return QDateTime(qdate(moment.date()), QTime(moment.hour, moment.minute, moment.second))


# How dates read and are typed in the window. ISO (2026-03-31) unless the user chose US style.
DATE_STYLES = {"iso": ("yyyy-MM-dd", "%Y-%m-%d"), "us": ("MM/dd/yyyy", "%m/%d/%Y")}
# A month (a plan period's ends, a volume row) the same way: 2026-03 or 03/2026.
MONTH_STYLES = {"iso": ("yyyy-MM", "%Y-%m"), "us": ("MM/yyyy", "%m/%Y")}
_style = "iso"


def use_date_style(style: str) -> None:
    """Set the date style for the whole window ("iso" or "us"); unknown styles read as ISO."""
    global _style
    _style = style if style in DATE_STYLES else "iso"


def qt_date_format() -> str:
    """The pattern for ``QDateEdit.setDisplayFormat`` in the chosen style."""
    return DATE_STYLES[_style][0]


def qt_month_format() -> str:
    """The pattern for a month's ``QDateEdit`` in the chosen style."""
    return MONTH_STYLES[_style][0]


def show_month(day: object) -> str:
    """The month of ``day`` in the chosen style; empty for anything but a date."""
    return day.strftime(MONTH_STYLES[_style][1]) if isinstance(day, date) else ""


def show_date(day: date | None) -> str:
    """A date as the user chose to read dates; empty for none."""
    return day.strftime(DATE_STYLES[_style][1]) if day is not None else ""


def show_moment(moment: object) -> str:
    """A stored UTC moment as local date and time in the chosen style (naive means UTC)."""
    if not isinstance(moment, datetime):
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = aware.astimezone()
    return f"{show_date(local.date())} {local:%H:%M}"


def show_local_moment(moment: datetime) -> str:
    """A moment already in local time (a backup's) in the chosen style, to the second."""
    return f"{show_date(moment.date())} {moment:%H:%M:%S}"


def read_date(text: str) -> date:
    """A typed date in the chosen style (ISO is always accepted); ValueError says what is wrong."""
    text = text.strip()
    for pattern in dict.fromkeys((DATE_STYLES[_style][1], DATE_STYLES["iso"][1])):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    shown = text if len(text) <= 40 else f"{text[:40]}…"  # a pasted page is not repeated back
    raise ValueError(f"{shown!r} is not a date; write it as {show_date(date(2026, 3, 31))}")
