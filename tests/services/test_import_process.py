"""A large file is read and checked by a second process: same results, same errors, same undo."""

from __future__ import annotations

import csv
import json
import multiprocessing
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.conftest import ACME_IOR, valid_entry
from trusted_trader.services import partners
from trusted_trader.services.importing import (
    ImportCancelled,
    ImportOptions,
    ImportResult,
    import_file,
)
from trusted_trader.services.importing.read import ImportFileError
from trusted_trader.services.importing.revert import revert_import
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store, open_store
from trusted_trader.store.models import MonthlyVolume, TouchPoint

IOR = ACME_IOR  # the partner of the acme_id fixture
UNKNOWN_IOR = "55-5555555EE"
HEADER = ["IOR number", "Date", "Kind", "Port code", "Entry number", "Notes"]


def touch_point_file(path: Path, rows: int, bad: dict[int, list[str]] | None = None) -> Path:
    """``rows`` good touch points; ``bad`` replaces some (by data row index) with other cells."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
            cells = [IOR, day, "exam", "0101", valid_entry(f"123{n:07d}"), f"row {n}"]
            writer.writerow((bad or {}).get(n, cells))
    return path


def imported(
    store: Store, path: Path, reader: str, **options: object
) -> tuple[ImportResult, list[tuple[object, ...]]]:
    errors = options.pop("error_file", None)
    with store.uow() as uow:
        result = import_file(
            uow,
            "touch-points",
            path,
            ImportOptions(reader=reader, chunk_size=50, **options),  # type: ignore[arg-type]
            error_file=errors,  # type: ignore[arg-type]
        )
        if result.written:
            uow.commit()
    return result, stored(store)


def stored(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        columns = (TouchPoint.occurred_on, TouchPoint.kind, TouchPoint.entry_number)
        stmt = select(*columns, TouchPoint.notes).order_by(TouchPoint.entry_number)
        return [tuple(r) for r in uow.connection.execute(stmt)]


def counts(result: ImportResult) -> tuple[int, int, int, int]:
    return result.created, result.updated, result.unchanged, result.rejected


def test_a_second_process_imports_what_a_thread_would(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    path = touch_point_file(tmp_path / "big.csv", 400)
    result, records = imported(store, path, "process")
    assert counts(result) == (400, 0, 0, 0)
    assert len(records) == 400 and records[7][3] == "row 7"
    again, unchanged = imported(store, path, "process")
    assert counts(again) == (0, 0, 400, 0) and unchanged == records
    with store.uow() as uow:  # the two imports recorded as created runs revert exactly
        revert_import(uow, again.batch_id or 0)
        revert_import(uow, result.batch_id or 0)
        uow.commit()
    assert stored(store) == []


@pytest.mark.parametrize("reader", ["process", "thread"])
def test_rows_rejected_by_either_process_reach_the_error_file_whole(
    store: Store, acme_id: int, tmp_path: Path, reader: str
) -> None:
    bad = {
        3: [IOR, "2026-02-30", "exam", "0101", "", "no such day"],  # the reader rejects it
        120: [UNKNOWN_IOR, "2026-03-01", "exam", "0101", "", "whose?"],  # the writer does
        250: [IOR, "2026-01-01", "exam", "0101", "123-0000000-2", "other notes"],  # repeats row 0
    }
    path = touch_point_file(tmp_path / "mixed.csv", 300, bad)
    errors = tmp_path / "errors.csv"
    result, records = imported(store, path, reader, error_file=errors)
    assert not result.written and records == []
    assert result.rejected == 3
    shown = sorted((e.row, e.column) for e in result.errors)
    assert shown == [(5, "date"), (122, "ior_number"), (252, "row")]
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        written = {row[5]: row for row in csv.reader(handle)}
    assert set(written) == {"Notes", "no such day", "whose?", "other notes"}
    assert written["whose?"][0] == UNKNOWN_IOR and "no partner" in written["whose?"][-1]

    partial, records = imported(store, path, reader, partial=True)
    assert counts(partial) == (297, 0, 0, 3) and len(records) == 297


def test_cancelling_stops_the_reader_and_writes_nothing(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    path = touch_point_file(tmp_path / "cancel.csv", 2000)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with store.uow() as uow, pytest.raises(ImportCancelled):
        import_file(
            uow,
            "touch-points",
            path,
            ImportOptions(reader="process", chunk_size=50),
            cancelled=cancelled,
        )
    assert stored(store) == []
    assert multiprocessing.active_children() == []


def test_a_file_that_breaks_midway_is_named_and_nothing_is_written(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    path = touch_point_file(tmp_path / "long-cell.csv", 200)
    with path.open("a", encoding="utf-8") as handle:  # a cell past the CSV reader's limit
        handle.write(f'{IOR},2026-04-01,exam,0101,,"{"x" * 200_000}"\n')
    for reader in ("process", "thread"):
        with store.uow() as uow, pytest.raises(ImportFileError, match="at row 202: field larger"):
            import_file(uow, "touch-points", path, ImportOptions(reader=reader, chunk_size=50))
        assert stored(store) == []


def test_volumes_are_read_by_a_second_process_too(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "volumes.csv"
    lines = ["ior_number,month,entries,entered_value_usd"]
    lines += [f"{IOR},20{10 + n // 12:02d}-{1 + n % 12:02d},{n},{n * 10.5}" for n in range(120)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with store.uow() as uow:
        result = import_file(uow, "volumes", path, ImportOptions(reader="process", chunk_size=25))
        uow.commit()
    assert (result.created, result.rejected) == (120, 0)
    with store.uow() as uow:
        total = uow.connection.execute(select(func.sum(MonthlyVolume.entries))).scalar()
    assert total == sum(range(120))


def test_a_named_excel_sheet_is_read_by_a_second_process_with_its_rejects(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.append(["nothing here"])
    data = book.create_sheet("Touch points")
    data.append(["IOR number", "Date", "Kind", "Port code", "Notes"])
    for n in range(60):
        data.append([IOR, datetime(2026, 1 + n % 12, 1 + n % 28), "exam", 101, f"row {n}"])
    data.append([UNKNOWN_IOR, date(2026, 5, 5), "exam", "0101", "whose?"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    errors = tmp_path / "errors.csv"
    with store.uow() as uow:
        options = ImportOptions(sheet="Touch points", reader="process", partial=True, chunk_size=25)
        result = import_file(uow, "touch-points", path, options, error_file=errors)
        uow.commit()
    assert (result.created, result.rejected) == (60, 1)
    assert result.errors[0].row == 62
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        (_, rejected) = list(csv.reader(handle))
    assert rejected[:5] == [UNKNOWN_IOR, "2026-05-05", "exam", "0101", "whose?"]
    assert date(2026, 2, 2) in {r[0] for r in stored(store)}


def test_where_no_process_can_start_the_rows_are_read_here(
    store: Store, acme_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: object) -> None:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse)
    path = touch_point_file(tmp_path / "here.csv", 120)
    result, records = imported(store, path, "process")
    assert counts(result) == (120, 0, 0, 0) and len(records) == 120


IMPORTER = """
import json, sys
from pathlib import Path
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.store import open_store

store = open_store(sys.argv[1], actor=sys.argv[3])
with store.uow() as uow:
    result = import_file(uow, "touch-points", Path(sys.argv[2]), ImportOptions(reader="thread"))
    uow.commit()
store.close()
print(json.dumps([result.created, result.unchanged, result.rejected]))
"""


@pytest.mark.postgres
def test_two_colleagues_importing_one_file_at_once_create_each_record_once(
    pg_url: str, tmp_path: Path
) -> None:
    store = open_store(pg_url, actor="lead@cbp.dhs.gov")
    with store.uow() as uow:
        partners.create_partner(uow, PartnerInput("Acme Imports", IOR))
        uow.commit()
    path = touch_point_file(tmp_path / "shared.csv", 20_000)
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, pg_url, str(path), who],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("first@cbp.dhs.gov", "second@cbp.dhs.gov")
    ]
    outcomes = [desk.communicate(timeout=300) for desk in desks]
    assert [desk.returncode for desk in desks] == [0, 0], outcomes
    results = sorted(json.loads(out.strip().splitlines()[-1]) for out, _ in outcomes)
    assert results == [[0, 20_000, 0], [20_000, 0, 0]]
    assert len(stored(store)) == 20_000
    store.close()
