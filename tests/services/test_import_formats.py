"""Import files as they come: encodings, delimiters, header spellings, date forms, Excel sheets."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from trusted_trader.services import partners
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.importing.read import (
    ImportFileError,
    detect_encoding,
    neutralize,
    unneutralize,
)
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.store.models import TouchPoint

IOR = "12-3456789AB"


@pytest.fixture(autouse=True)
def partner(store: Store) -> None:
    with store.uow() as uow:
        partners.create_partner(uow, PartnerInput("Société Générale d'Import", IOR))
        uow.commit()


def run(store: Store, path: Path, sheet: str | None = None) -> ImportResult:
    with store.uow() as uow:
        result = import_file(uow, "touch-points", path, ImportOptions(sheet=sheet))
        uow.commit()
    return result


def stored(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        stmt = select(TouchPoint.occurred_on, TouchPoint.kind, TouchPoint.notes)
        return [tuple(r) for r in uow.connection.execute(stmt.order_by(TouchPoint.id))]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")],
)
def test_each_encoding_is_recognised_and_read(
    store: Store, tmp_path: Path, encoding: str, expected: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        f"ior_number,date,kind,notes\n{IOR},2026-01-05,exam,Café – ok\n".encode(encoding)
    )
    assert detect_encoding(path) == expected
    run(store, path)
    assert stored(store) == [(date(2026, 1, 5), "exam", "Café – ok")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter_is_sniffed(store: Store, tmp_path: Path, delimiter: str) -> None:
    rows = [["ior_number", "date", "kind", "notes"], [IOR, "2026-01-05", "hold", "a, b; c"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    path = tmp_path / "in.csv"
    path.write_text(text + "\n", encoding="utf-8")
    assert run(store, path).created == 1
    assert stored(store)[0][2] == "a, b; c"


@pytest.mark.parametrize(
    "header",
    [
        "ior_number,date,kind",
        "IOR Number,Date,Kind",
        "ior-number,DATE,KIND",
        "IORNumber, date ,kind",
        "Ior_Number,Date,kind",
    ],
)
def test_header_names_match_ignoring_case_spaces_dashes_and_underscores(
    store: Store, tmp_path: Path, header: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{header}\n{IOR},2026-01-05,exam\n", encoding="utf-8")
    assert run(store, path).created == 1


@pytest.mark.parametrize("written", ["2026-03-07", "03/07/2026", "3/7/2026"])
def test_dates_read_in_iso_and_us_form(store: Store, tmp_path: Path, written: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"ior_number,date,kind\n{IOR},{written},exam\n", encoding="utf-8")
    run(store, path)
    assert stored(store)[0][0] == date(2026, 3, 7)


@pytest.mark.parametrize("kind", ["cf28", "CF-28", "Request for Information", "cf 28"])
def test_kinds_read_from_code_or_label(store: Store, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"ior_number,date,kind\n{IOR},2026-03-07,{kind}\n", encoding="utf-8")
    run(store, path)
    assert stored(store)[0][1] == "cf28"


def workbook(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Cover"
    first.append(["nothing here"])
    data = book.create_sheet(sheet)
    for row in rows:
        data.append(row)
    book.move_sheet(data, offset=-1)  # the data sheet first
    book.save(path)
    return path


def test_excel_date_cells_and_the_first_sheet_are_read(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "in.xlsx",
        [
            ["IOR number", "Date", "Kind", "Port code", "HTS number"],
            [IOR, datetime(2026, 4, 1), "exam", 101, 8471300100],
            [IOR, date(2026, 4, 2), "hold", "2704", "8471.30.0100"],
        ],
    )
    assert run(store, path).created == 2
    assert [r[0] for r in stored(store)] == [date(2026, 4, 1), date(2026, 4, 2)]


def test_a_named_sheet_is_read(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.append(["not the data"])
    data = book.create_sheet("Touch points")
    data.append(["ior_number", "date", "kind"])
    data.append([IOR, "2026-04-01", "audit"])
    path = tmp_path / "in.xlsx"
    book.save(path)
    assert run(store, path, sheet="Touch points").created == 1


def test_a_missing_sheet_is_named(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "in.xlsx", [["ior_number", "date", "kind"]])
    with pytest.raises(ImportFileError, match="no sheet 'Volumes'"):
        run(store, path, sheet="Volumes")


def test_a_file_of_another_type_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFileError, match=r"only \.csv and \.xlsx"):
        run(store, path)


def test_an_empty_file_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match="empty"):
        run(store, path)


def test_a_damaged_workbook_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFileError, match="not a readable Excel workbook"):
        run(store, path)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_the_quote_an_export_adds_comes_off_on_import(text: str) -> None:
    assert neutralize(text) == "'" + text
    assert unneutralize(neutralize(text)) == text


@pytest.mark.parametrize("text", ["'t Hooft", "'quoted'", "plain", ""])
def test_other_leading_quotes_are_kept(text: str) -> None:
    assert unneutralize(text) == text
    assert neutralize(text) == text


def test_a_neutralised_cell_imports_as_its_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"ior_number,date,kind,notes\n{IOR},2026-01-05,exam,'=HYPERLINK(1)\n")
    run(store, path)
    assert stored(store)[0][2] == "=HYPERLINK(1)"


def test_the_header_row_decides_the_delimiter_over_odd_cells(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f'ior_number,date,kind,notes\n{IOR},2026-01-05,exam,"a\tb\tc"\n')
    assert run(store, path).created == 1
