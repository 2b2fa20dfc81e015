"""Hostile and careless volumes where a month can count its imported entries (issue #20).

Each row does something to a partner whose March 2026 only imported entries gave (3 of
them, no reported total) and whose January has a reported total of 100; then the month's
stored figures, and the entries the statistics count, must read as the row says. On a
real database: SQLite, and PostgreSQL where it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.services.entry_rows import add_entries
from trusted_trader.domain.errors import ConflictError, DomainError
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.services import analytics
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store
from trusted_trader.services.volumes import MAX_ENTRIES, get_monthly_volume, set_monthly_volume
from trusted_trader.store.models import MonthlyVolume

IOR = "31-4159265AB"
JAN, MAR = date(2026, 1, 1), date(2026, 3, 1)
YEARS = parse_month_range("2023-01:2026-12")


@dataclass
class World:
    store: Store
    partner_id: int
    folder: Path


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    with store.uow() as uow:
        pid = int(create_partner(uow, PartnerInput("Hostile Volumes", IOR)).id)
        set_monthly_volume(uow, pid, JAN, 100, 1000.0)
        add_entries(uow.connection, pid, MAR, "2704", 3)
        uow.commit()
    return World(store, pid, tmp_path)


def _import(world: World, text: str) -> None:
    path = world.folder / "volumes.csv"
    path.write_text(text, encoding="utf-8")
    with world.store.uow() as uow:
        result = import_file(uow, "volumes", path, ImportOptions(partial=True))
        uow.commit()
    assert result.batch_id is not None or result.rejected


def _edit(world: World, month: date, entries: int, *, version: int | None = None) -> None:
    with world.store.uow() as uow:
        set_monthly_volume(uow, world.partner_id, month, entries, expected_version=version)
        uow.commit()


def _stale_edit(world: World) -> None:
    with world.store.uow() as uow:
        opened = get_monthly_volume(uow, world.partner_id, MAR)
    _edit(world, MAR, 5, version=opened.version)  # a colleague saves first
    _edit(world, MAR, 6, version=opened.version)


def _many_huge_months(world: World) -> None:
    with world.store.uow() as uow:
        for offset in range(36):  # 2023-2025
            month = date(2023 + offset // 12, offset % 12 + 1, 1)
            set_monthly_volume(uow, world.partner_id, month, MAX_ENTRIES)
        uow.commit()


@dataclass(frozen=True)
class Case:
    name: str
    act: Callable[[World], None]
    march: tuple[object, ...]  # reported entries, reported?, counted entries
    counted: int  # the entries the statistics count over 2023-2026
    refused: type[Exception] | None = None


CASES = [
    Case(
        "a file's own 'reported' column cannot say a total is not reported",
        lambda w: _import(w, f"ior_number,month,entries,reported\n{IOR},2026-03,9,false\n"),
        (9, True, 3),
        103,
    ),
    Case(
        "a file's 'derived_entries' column cannot set the counted figure",
        lambda w: _import(w, f"ior_number,month,entries,derived_entries\n{IOR},2026-03,9,999\n"),
        (9, True, 3),
        103,
    ),
    Case(
        "a total of 0 imported into a month only entries gave is a reported 0",
        lambda w: _import(w, f"ior_number,month,entries\n{IOR},2026-03,0\n"),
        (0, True, 3),
        103,
    ),
    Case(
        "a negative total in the file is refused; the month is left as it was",
        lambda w: _import(w, f"ior_number,month,entries\n{IOR},2026-03,-4\n"),
        (0, False, 3),
        103,
    ),
    Case(
        "a hand edit of a counted month keeps counting its entries",
        lambda w: _edit(w, MAR, 50_000),
        (50_000, True, 3),
        103,
    ),
    Case(
        "a hand edit over a colleague's newer save of a counted month is refused",
        _stale_edit,
        (5, True, 3),
        103,
        ConflictError,
    ),
    Case(
        "a reported total above the limit is refused in a counted month",
        lambda w: _edit(w, MAR, MAX_ENTRIES + 1),
        (0, False, 3),
        103,
        DomainError,
    ),
    Case(
        "36 months at the limit sum past 32 bits on both databases",
        _many_huge_months,
        (0, False, 3),
        36 * MAX_ENTRIES + 103,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_volumes(world: World, case: Case) -> None:
    if case.refused is not None:
        with pytest.raises(case.refused):
            case.act(world)
    else:
        case.act(world)
    v = MonthlyVolume
    stmt = select(v.entries, v.reported, v.derived_entries).where(
        v.partner_id == world.partner_id, v.month == MAR
    )
    with world.store.uow() as uow:
        row: Any = uow.connection.execute(stmt).one()
        scope = analytics.Scope("partner", world.partner_id, "Hostile Volumes")
        counted = analytics.period_counts(uow, scope, YEARS).entries
    assert (row[0], bool(row[1]), row[2]) == case.march
    assert counted == case.counted
