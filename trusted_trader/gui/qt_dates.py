"""Python dates as Qt dates, spelled out (Qt for Python 6.11's stubs lack the date overloads)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def qdatetime(moment: datetime) -> QDateTime:
    """A naive datetime as local time, as QDateTime(datetime) reads it."""
    return QDateTime(qdate(moment.date()), QTime(moment.hour, moment.minute, moment.second))
