"""Exports: the import's columns, round trips, formula neutralisation, filters, calendars."""

from __future__ import annotations

import csv
import stat
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import func, select

from trusted_trader.services import partners, touch_points
from trusted_trader.services.calendar_export import UID_DOMAIN, deadlines_calendar, export_deadlines
from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
from trusted_trader.services.exporting import (
    EXPORT_COLUMNS,
    ExportCancelled,
    ExportFilter,
    export_file,
)
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.models import MonthlyVolume, Partner, TouchPoint

TODAY = date(2026, 11, 16)


def export(store: Store, kind: str, path: Path, where: ExportFilter | None = None) -> int:
    with store.uow() as uow:
        return export_file(uow, kind, path, where or ExportFilter()).rows


def reimport(store: Store, kind: str, path: Path) -> tuple[int, int, int, int]:
    with store.uow() as uow:
        r = import_file(uow, kind, path, ImportOptions())
        uow.commit()
    return r.created, r.updated, r.unchanged, r.rejected


def total(store: Store, model: type) -> int:
    with store.uow() as uow:
        return int(uow.connection.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("kind", "model"),
    [("partners", Partner), ("touch-points", TouchPoint), ("volumes", MonthlyVolume)],
)
def test_an_export_imports_back_unchanged(
    demo_store: Store, tmp_path: Path, suffix: str, kind: str, model: type
) -> None:
    path = tmp_path / f"{kind}{suffix}"
    rows = export(demo_store, kind, path)
    assert rows == total(demo_store, model)
    assert reimport(demo_store, kind, path) == (0, 0, rows, 0)


@pytest.mark.parametrize("kind", ["activities", "plans"])
def test_activities_and_action_items_export_in_their_columns(
    demo_store: Store, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.csv"
    rows = export(demo_store, kind, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert tuple(lines[0]) == EXPORT_COLUMNS[kind]
    assert rows == len(lines) - 1 > 0


def test_exports_are_readable_by_their_owner_only(demo_store: Store, tmp_path: Path) -> None:
    for name in ("p.csv", "p.xlsx"):
        export(demo_store, "partners", tmp_path / name)
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_filters_narrow_the_export(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.uow() as uow:
        first = partners.list_partners(uow)[0]
    path = tmp_path / "one.csv"
    rows = export(demo_store, "touch-points", path, ExportFilter(partner_id=first.id))
    with demo_store.uow() as uow:
        expected = touch_points.count_touch_points(
            uow, touch_points.TouchPointQuery(partner_id=first.id)
        )
    assert rows == expected
    center_rows = export(demo_store, "partners", tmp_path / "c.csv", ExportFilter(center_id=-1))
    assert center_rows == 0


FORMULAS = ["=1+1", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", "\r=x"]


@pytest.fixture
def risky_store(store: Store) -> Store:
    with store.uow() as uow:
        pid = partners.create_partner(uow, PartnerInput("=Evil Corp", "12-3456789AB")).id
        for day, text in enumerate(FORMULAS, 1):
            touch_points.record_touch_point(
                uow, pid, TouchPointInput(date(2026, 1, day), "exam", notes=text)
            )
        uow.commit()
    return store


def test_formula_cells_are_neutralised_in_csv(risky_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "tp.csv"
    export(risky_store, "touch-points", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        notes = [row[-1] for row in list(csv.reader(handle))[1:]]
    assert notes == ["'" + text for text in FORMULAS]
    assert reimport(risky_store, "touch-points", path) == (0, 0, len(FORMULAS), 0)


def test_formula_cells_stay_text_in_excel(risky_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    export(risky_store, "partners", path)
    sheet = load_workbook(path).worksheets[0]
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == ("=Evil Corp", "s")
    assert reimport(risky_store, "partners", path) == (0, 0, 1, 0)


def test_a_cancelled_export_leaves_no_file(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "tp.csv"
    with demo_store.uow() as uow, pytest.raises(ExportCancelled):
        export_file(uow, "touch-points", path, cancelled=lambda: True)
    assert not path.exists()


def test_deadlines_make_a_valid_calendar_of_all_day_events(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "deadlines.ics"
    query = DeadlineQuery(horizon_days=90)
    with demo_store.uow() as uow:
        count = export_deadlines(uow, path, query, TODAY)
        expected = list_deadlines(uow, query, TODAY)
    assert count == len(expected) > 0
    calendar = Calendar.from_ical(path.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == count
    first = events[0]
    assert first.decoded("dtstart") == expected[0].due_on  # a date: an all-day event
    assert str(first["uid"]) == f"{expected[0].uid}@{UID_DOMAIN}"
    assert expected[0].partner_name in str(first["summary"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_re_export_keeps_every_uid(demo_store: Store) -> None:
    with demo_store.uow() as uow:
        found = list_deadlines(uow, DeadlineQuery(), TODAY)
    uids = [
        [str(e["uid"]) for e in Calendar.from_ical(deadlines_calendar(found)).walk("VEVENT")]
        for _ in range(2)
    ]
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == len(uids[0])
