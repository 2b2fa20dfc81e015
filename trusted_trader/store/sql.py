"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Interval, func, literal_column
from sqlalchemy.sql.functions import aggregate_strings


def month_key(column: Any, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM`` of a date column, computed by the database."""
    if dialect == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def joined(column: Any, separator: str = "; ") -> ColumnElement[str]:
    """The values of a column in a group, joined into one string."""
    return aggregate_strings(column, separator)


def next_month(column: Any, dialect: str) -> ColumnElement[Any]:
    """The first day of the month after a month's first day, computed by the database."""
    if dialect == "sqlite":
        return func.date(column, "+1 month")
    later: ColumnElement[Any] = column + literal_column("interval '1 month'", Interval)
    return later
