"""Hostile and careless input to the dashboard's quick verdicts, its quarter windows and the
quick schema check at start-up."""

from __future__ import annotations

import math
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from trusted_trader.domain.statistics import (
    PeriodCounts,
    reductions_between,
    verdicts_between,
)
from trusted_trader.domain.windows import quarter_comparison
from trusted_trader.store.errors import DatabaseTooNew, DatabaseUnusable, StoreError
from trusted_trader.store.migrate import open_database

# Counts at the edges of what a desk (or a bad import) holds: the quick verdict must agree
# with the full reduction, never raise, never loop.
EXTREME_COUNTS = [
    ("ten million touch points a side", 10_000_000, 10_100_000, 10**9, 10**9),
    ("one entry against a billion", 10_000_000, 10_000_000, 1, 10**9),
    ("a million touch points falling to none", 1_000_000, 0, 5, 5),
    ("no volume on either side", 3, 40, None, None),
    ("zero entries on both sides", 3, 40, 0, 0),
    ("volume on one side only", 30, 3, 1000, None),
    ("a quadrillion entries", 3, 4, 10**15, 10**15),
    ("no touch points at all", 0, 0, 10, 10),
]


@pytest.mark.parametrize(("case", "b", "a", "eb", "ea"), EXTREME_COUNTS)
def test_quick_verdicts_agree_with_the_full_reduction_at_extreme_counts(
    case: str, b: int, a: int, eb: int | None, ea: int | None
) -> None:
    pair = (PeriodCounts(b, eb, 12), PeriodCounts(a, ea, 12))
    assert verdicts_between([pair]) == [r.verdict for r in reductions_between([pair])], case


@pytest.mark.parametrize("confidence", [math.nan, math.inf, 95.0, 0.0, -0.05])
def test_quick_verdicts_refuse_a_confidence_that_is_not_a_fraction(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        verdicts_between([(PeriodCounts(3, 10, 12), PeriodCounts(4, 10, 12))], confidence)


@pytest.mark.parametrize(
    ("case", "today"),
    [
        ("the first supported day", date(1900, 1, 1)),
        ("the last supported day", date(2999, 12, 31)),
        ("a leap day", date(2028, 2, 29)),
        ("the day after a leap day", date(2028, 3, 1)),
        ("a century that is not leap", date(2100, 3, 1)),
        ("a century that is leap", date(2000, 3, 1)),
    ],
)
def test_the_quarter_windows_hold_at_the_calendars_edges(case: str, today: date) -> None:
    found = quarter_comparison(today)
    assert found.current.last < today, case
    assert found.full_quarters or found.current.days == found.earlier.days, case


def _database_at(tmp_path: Path, revision: str | None, rows: int = 1) -> str:
    url = f"sqlite:///{tmp_path / 'tt.sqlite'}"
    open_database(url).dispose()
    with sqlite3.connect(tmp_path / "tt.sqlite") as conn:
        conn.execute("DELETE FROM alembic_version")
        for _ in range(rows if revision is not None else 0):
            conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    return url


# What the quick schema check at start-up reads from alembic_version, and what it must do.
SCHEMA_STAMPS: list[tuple[str, str | None, type[StoreError]]] = [
    ("a newer release's revision", "9999", DatabaseTooNew),
    ("a revision spelled like SQL", "0008'; DROP TABLE partner; --", DatabaseTooNew),
    ("an empty revision table in a database with tables", None, DatabaseUnusable),
]


@pytest.mark.parametrize(("case", "stamp", "error"), SCHEMA_STAMPS)
def test_the_quick_schema_check_refuses_what_alembic_refused(
    tmp_path: Path, case: str, stamp: str | None, error: type[StoreError]
) -> None:
    url = _database_at(tmp_path, stamp)
    with pytest.raises(error):
        open_database(url)
