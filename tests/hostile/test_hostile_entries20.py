"""Hostile and careless entry summary files (#20): each case a row, and what must happen.

A line with a bad cell is rejected with the field and the reason, and an all-or-nothing
import then writes nothing; a file that cannot be read as a table is refused as a whole.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import ACME_IOR, csv_file, valid_entry
from tests.services.test_import_entries import run
from trusted_trader.services import partners
from trusted_trader.services.importing import ImportFileError, ImportOptions, import_file
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.store.models import CustomsEntry

OTHER_IOR = "98-7654321CD"
HEADER = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
          "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount", "Lines"]  # fmt: skip
E1, E2 = valid_entry("ACM0000001"), valid_entry("ACM0000002")
GOOD = [E1, ACME_IOR, "2026-01-05", "2026-01-15", "0101", "8471300100", "1", "100", ""]
NAMES = ["entry", "ior", "entry_date", "summary_date", "port", "hts", "line", "value", "lines"]

# (case, changes to a good line, the field named, a part of the reason)
LINE_CASES: list[tuple[str, dict[str, str], str, str]] = [
    ("formula in the entry number", {"entry": "=HYPERLINK(\"http://x\")"}, "entry_number",
     "must be a 3-character filer code"),
    ("formula in the importer", {"ior": "+cmd|' /C calc'!A0"}, "ior_number", "not in a known form"),
    ("formula in the HTS number", {"hts": "@SUM(1+1)"}, "hts_number", "only digits and dots"),
    ("a NUL character", {"hts": "8471\x00300100"}, "hts_number", "NUL"),
    ("a huge value", {"value": "1e300"}, "entered_value_usd", "more than $1,000 trillion"),
    ("an infinite value", {"value": "inf"}, "entered_value_usd", "is not a number"),
    ("not a number at all", {"value": "nan"}, "entered_value_usd", "is not a number"),
    ("a negative value", {"value": "-5"}, "entered_value_usd", "cannot be negative"),
    ("31 February", {"entry_date": "2026-02-31"}, "entry_date", "not a day of the calendar"),
    ("a year out of range", {"summary_date": "1800-01-01"}, "summary_date", "out of range"),
    ("no date at all", {"entry_date": "", "summary_date": ""}, "entry_date",
     "an entry date or an entry summary date is required"),
    ("a wrong check digit", {"entry": E1[:-1] + str((int(E1[-1]) + 1) % 10)}, "entry_number",
     f"should be {E1[-1]}"),
    ("other script's digits", {"entry": "ACM-٠٠٠٠٠٠١-7"}, "entry_number", "must be a 3-character"),
    ("no entry number", {"entry": ""}, "entry_number", "is required"),
    ("letters in the port", {"port": "01AB"}, "port_code", "must be 4 digits"),
    ("district 00", {"port": "0001"}, "port_code", "district 00"),
    ("a 500-character entry number", {"entry": "A" * 500}, "entry_number", "must be a 3-character"),
    ("a 500-character HTS cell", {"hts": "8" * 500}, "hts_number", "8 or 10 are expected"),
    ("chapter 00", {"hts": "0012345678"}, "hts_number", "chapter 00"),
    ("line number zero", {"line": "0"}, "line_number", "from 1 to 9,999"),
    ("line number too large", {"line": "100000"}, "line_number", "from 1 to 9,999"),
    ("a fractional line number", {"line": "1.5"}, "line_number", "must be a whole number"),
    ("lines zero", {"lines": "0"}, "lines", "from 1 to 9,999"),
    ("lines a word", {"lines": "many"}, "lines", "is not a number"),
    ("an importer suffix with O", {"ior": "12-3456789OO"}, "ior_number", "may not contain O"),
]  # fmt: skip


@pytest.fixture
def acme(store: Store, acme_id: int) -> Store:
    with store.uow() as uow:
        partners.create_partner(uow, PartnerInput("Bolt Traders", OTHER_IOR))
        uow.commit()
    return store


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    return csv_file(path, header, list(rows))


def stored(store: Store) -> int:
    with store.uow() as uow:
        return int(uow.connection.execute(select(func.count()).select_from(CustomsEntry)).one()[0])


def line(**changes: str) -> list[str]:
    values = dict(zip(NAMES, GOOD, strict=True)) | changes
    return [values[name] for name in NAMES]


@pytest.mark.parametrize(
    ("case", "changes", "field", "reason"), LINE_CASES, ids=[c[0] for c in LINE_CASES]
)
def test_a_hostile_line_is_rejected_naming_its_field_and_nothing_is_written(
    acme: Store, tmp_path: Path, case: str, changes: dict[str, str], field: str, reason: str
) -> None:
    good = line(entry=E2)
    result = run(acme, write(tmp_path / "in.csv", [good, line(**changes)]))
    assert not result.written and result.rejected == 1
    named = [e for e in result.errors if e.column == field]
    assert named and reason in named[0].reason, result.errors
    assert stored(acme) == 0


@pytest.mark.parametrize(
    ("case", "changes", "field", "reason"), LINE_CASES, ids=[c[0] for c in LINE_CASES]
)
def test_a_hostile_second_line_of_an_entry_is_caught_by_the_reader_process_too(
    acme: Store, tmp_path: Path, case: str, changes: dict[str, str], field: str, reason: str
) -> None:
    # The reader process reads an entry's lines through caches of the cells it has seen;
    # a hostile line after a good one of the same entry must still get the full check.
    first = line(entry=E2, line="2")
    hostile = line(**{"entry": E2} | changes)
    result = run(acme, write(tmp_path / "in.csv", [first, hostile]), reader="process")
    assert not result.written and result.rejected >= 1
    named = [e for e in result.errors if e.column == field]
    assert named and reason in named[0].reason, result.errors
    assert stored(acme) == 0


# (case, the rows after the good line, the reason of the rejected row)
REPEAT_CASES = [
    ("the same line twice with other values", [line(value="999")],
     "repeats row 2 (same entry and line number), other values"),
    ("a line of the entry at another port", [line(line="2", port="2704")],
     "differs from row 2, a line of the same entry (0101)"),
    ("a line of the entry under another importer", [line(line="2", ior=OTHER_IOR)],
     f"differs from row 2, a line of the same entry ({ACME_IOR})"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "rows", "reason"), REPEAT_CASES, ids=[c[0] for c in REPEAT_CASES])
def test_a_line_that_contradicts_its_entry_is_rejected_and_the_rest_imports_with_partial(
    acme: Store, tmp_path: Path, case: str, rows: list[list[str]], reason: str
) -> None:
    path = write(tmp_path / "in.csv", [line(), *rows])
    refused = run(acme, path)
    assert not refused.written and [e.reason for e in refused.errors] == [reason]
    partial = run(acme, path, partial=True)
    assert (partial.created, partial.rejected) == (1, 1)


def test_an_entry_number_another_partner_holds_is_not_taken_over(
    acme: Store, tmp_path: Path
) -> None:
    run(acme, write(tmp_path / "bolt.csv", [line(ior=OTHER_IOR)]))
    errors = tmp_path / "errors.csv"
    path = write(tmp_path / "acme.csv", [line(), line(line="2", value="7")])
    result = run(acme, path, partial=True, reader="process", error_file=errors)
    assert result.rejected == 2 and result.created == 0
    reason = f"is already held by partner Bolt Traders ({OTHER_IOR})"
    assert {e.reason for e in result.errors} == {reason}
    with errors.open(encoding="utf-8-sig", newline="") as handle:  # cells read back
        rows = list(csv.reader(handle))
    assert [(r[0], r[7], r[-1]) for r in rows[1:]] == [
        (E1, "100", f"row 2, entry_number '{E1}': {reason}"),
        (E1, "7", f"row 3, entry_number '{E1}': {reason}"),
    ]


def test_the_error_file_neutralises_formulas_of_rejected_lines(acme: Store, tmp_path: Path) -> None:
    errors = tmp_path / "errors.csv"
    with acme.uow() as uow:
        path = write(tmp_path / "in.csv", [line(hts="=1+1")])
        import_file(uow, "entries", path, ImportOptions(), error_file=errors)
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][5] == "'=1+1"


# (case, the file's text, what the refusal says)
FILE_CASES = [
    ("an empty file", "", "is empty"),
    ("two columns of the same name", "Entry Number,IOR,entry number\n", "have the same name"),
    ("no entry number column", "IOR,Entry Date\n", "has no column entry_number"),
]


@pytest.mark.parametrize(("case", "content", "message"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_file_that_is_not_a_table_of_lines_is_refused_whole(
    acme: Store, tmp_path: Path, case: str, content: str, message: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(content, encoding="utf-8")
    with acme.uow() as uow, pytest.raises(ImportFileError, match=message):
        import_file(uow, "entries", path)


def test_a_header_without_lines_imports_nothing(acme: Store, tmp_path: Path) -> None:
    result = run(acme, write(tmp_path / "in.csv", []))
    assert result.written and (result.created, result.rejected) == (0, 0)


def test_a_port_name_column_beside_the_port_code_leaves_the_code_matched(tmp_path: Path) -> None:
    from trusted_trader.services.importing import preview_file

    headers = ["Port", "Entry Summary Number", "Importer Number", "Entry Date", "Port Code"]
    preview = preview_file(write(tmp_path / "in.csv", [], headers), "entries")
    assert preview.mapping["port_code"] == "Port Code" and preview.unmatched == ("Port",)
