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


def _file(column: str, value: object, entries: int = 9) -> Callable[[World], None]:
    """Import one March row of ``entries``, with one more column named ``column``."""
    text = f"ior_number,month,entries,{column}\n{IOR},2026-03,{entries},{value}\n"
    return lambda world: _import(world, text)


def _edit_to(entries: int) -> Callable[[World], None]:
    return lambda world: _edit(world, MAR, entries)


def _refused(error: type[Exception], act: Callable[[World], None]) -> Callable[[World], None]:
    def attempt(world: World) -> None:
        with pytest.raises(error):
            act(world)

    return attempt


@dataclass(frozen=True)
class Case:
    name: str
    act: Callable[[World], None]
    march: tuple[object, ...]  # reported entries, reported?, counted entries
    counted: int = 103  # the entries the statistics count over 2023-2026


R9 = (9, True, 3)  # March: a reported 9 beside its 3 counted entries
AS_WAS = (0, False, 3)
TOP = MAX_ENTRIES
CASES = [
    Case("a file's column 'reported' cannot unreport", _file("reported", "false"), R9),
    Case("a file's column 'derived_entries' is not read", _file("derived_entries", 999), R9),
    Case("a total of 0 into a counted month is reported", _file("notes", "", 0), (0, True, 3)),
    Case("a negative total in a file is refused", _file("notes", "", -4), AS_WAS),
    Case("a hand edit of a counted month keeps its entries", _edit_to(50_000), (50_000, True, 3)),
    Case("a stale hand edit is refused", _refused(ConflictError, _stale_edit), (5, True, 3)),
    Case("a total above the limit is refused", _refused(DomainError, _edit_to(TOP + 1)), AS_WAS),
    Case("36 months at the limit sum past 32 bits", _many_huge_months, AS_WAS, 36 * TOP + 103),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_volumes(world: World, case: Case) -> None:
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
