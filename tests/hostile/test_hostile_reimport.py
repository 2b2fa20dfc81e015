"""Hostile and careless input to the cheap paths of a re-import: each case a row.

Cells that repeat are checked once and remembered, a CSV row is searched for NUL at
once, and stored records are compared by digest. None of that may let a cell through
that the full check refuses, or take a change for no change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ACME_IOR, valid_entry
from trusted_trader.domain.identifiers import entry_check_digit
from trusted_trader.services.importing import ImportOptions, import_file, keyed, rows
from trusted_trader.services.importing.read import open_table
from trusted_trader.services.importing.rows import RowRejected, checked_cells, touch_point_row
from trusted_trader.services.store import Store

CACHED = (rows._repeated_parts, rows._parsed_day, rows._response_due, rows._checked_parts)
BASE = {"ior_number": ACME_IOR, "date": "2026-01-05", "kind": "exam", "port_code": "0101"}


@pytest.fixture
def cold_caches() -> Iterator[Callable[[], None]]:
    def clear() -> None:
        for cached in CACHED:
            cached.cache_clear()

    clear()
    yield clear
    clear()


def verdict(cells: dict[str, Any]) -> object:
    try:
        return touch_point_row(cells)
    except RowRejected as exc:
        return [(p.field, p.value, p.reason) for p in exc.problems]


# The same column typed differently in rows of one file (a spreadsheet mixes them): a
# number and a decimal or a boolean are equal in Python, yet read differently.
MIXED_CELLS = [
    ("port as a number, then as a decimal", "port_code", [101, 101.0]),
    ("port as a decimal, then as a number", "port_code", [101.0, 101]),
    ("port as true, then as one", "port_code", [True, 1, "1"]),
    ("HTS as a number, as text, as a decimal", "hts_number",
     [8471300100, "8471300100", 8471300100.0]),
    ("a day that is not in the calendar, twice", "date", ["2026-02-30", "2026-02-30"]),
    ("a day as text, as an Excel date, as text again", "date",
     ["2026-01-05", datetime(2026, 1, 5), date(2026, 1, 5), " 2026-01-05 "]),
    ("a kind in three spellings and a wrong one", "kind", ["CF-28", "cf28", " cf28 ", "cf-99"]),
    ("an agency left empty, then given", "agency", ["", None, "FDA"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "column", "cells"), MIXED_CELLS)
def test_a_remembered_check_reads_each_cell_as_the_full_check_does(
    case: str, column: str, cells: list[Any], cold_caches: Callable[[], None]
) -> None:
    alone = []
    for cell in cells:
        cold_caches()
        alone.append(verdict({**BASE, column: cell}))
    cold_caches()
    assert [verdict({**BASE, column: cell}) for cell in cells] == alone, case


# Which rows the search for a NUL character refuses (PostgreSQL cannot store one).
NUL_ROWS = [
    ("a NUL in a column read", ["12-3456789AB", "a\x00b"], {"notes": "a\x00b"}, ["notes"]),
    ("a NUL in a column not read", ["12-3456789AB", "a\x00b"], {"ior_number": "12-3456789AB"}, []),
    ("a spreadsheet row with a NUL", [5, "a\x00b", 1.5], {"kind": "a\x00b", "n": 5}, ["kind"]),
    ("a spreadsheet row without one", [5, date(2026, 1, 5), None], {"n": 5}, []),
]  # fmt: skip


@pytest.mark.parametrize(("case", "cells", "named", "refused"), NUL_ROWS)
def test_a_nul_character_is_found_in_any_row_it_is_read_from(
    case: str, cells: list[Any], named: dict[str, Any], refused: list[str]
) -> None:
    try:
        checked_cells(cells, named)
        found: list[str] = []
    except RowRejected as exc:
        found = [p.field for p in exc.problems]
    assert found == refused, case


IOR = ACME_IOR
HEADER = "ior_number,date,kind,port_code,entry_number,notes\n"


def line(n: int, kind: str = "exam", entry: str | None = None, notes: str = "") -> str:
    entry = valid_entry(f"123{n:07d}") if entry is None else entry
    return f"{IOR},2026-01-{1 + n % 28:02d},{kind},0101,{entry},{notes or f'row {n}'}\n"


BARE_ENTRY = valid_entry("1230000012").replace("-", "")
# A file exported, touched by hand and imported again: what is a change, what is not.
# Row 12 (past the first chunk, so compared by digest) is written as given.
EDITED = [
    ("the same row", line(12), (0, 20)),
    ("a kind spelled another way", line(12, kind="Exam"), (0, 20)),
    ("an entry number without its dashes", line(12, entry=BARE_ENTRY), (0, 20)),
    ("a space after the notes", line(12, notes="row 12 "), (1, 19)),
    ("notes in capitals", line(12, notes="ROW 12"), (1, 19)),
    ("notes emptied", f"{IOR},2026-01-13,exam,0101,{valid_entry('1230000012')},\n", (1, 19)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "edited", "expected"), EDITED)
def test_an_edited_row_is_a_change_exactly_when_the_full_check_says_so(
    store: Store,
    acme_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    edited: str,
    expected: tuple[int, int],
) -> None:
    monkeypatch.setattr(keyed, "LOOKUPS_PER_SCAN", 10**9)  # digests from the second chunk
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "".join(line(n) for n in range(20)), encoding="utf-8")
    again = tmp_path / "again.csv"
    again.write_text(
        HEADER + "".join(edited if n == 12 else line(n) for n in range(20)), encoding="utf-8"
    )
    results = []
    for path in (first, again):
        with store.uow() as uow:
            results.append(import_file(uow, "touch-points", path, ImportOptions(chunk_size=5)))
            uow.commit()
    assert (results[1].updated, results[1].unchanged) == expected, case


def written_out_check_digit(text: str) -> int:
    """CBP's rule character by character (CATAIR App. E), as the table of pairs must give."""
    total = 0
    for position, ch in enumerate(text, start=1):
        if ch.isdigit():
            value = int(ch)
        else:  # A-I are 1-9, J-R are 1-9, S-Z are 2-9
            value = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(ch) % 9 + 1 + (ch >= "S")
        if position % 2 == 0:
            value = value * 2 - 9 if value * 2 > 9 else value * 2
        total += value
    return (10 - total % 10) % 10


def test_check_digits_summed_by_pairs_follow_the_rule_character_by_character() -> None:
    characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    for n in range(20_000):
        filer = "".join(characters[(n * k * 7 + k) % 36] for k in (1, 2, 3))
        serial = f"{(n * 7919) % 10_000_000:07d}"
        assert entry_check_digit(filer + serial) == written_out_check_digit(filer + serial)
    assert entry_check_digit("ABC1234567") == 6  # the example of CBP's instructions


# A CSV row is searched for a quote at once; only cells starting with one are read again.
QUOTED_CELLS = [
    ("a formula an export quoted", "'=SUM(A1)", "=SUM(A1)"),
    ("a quoted minus", "'-5", "-5"),
    ("a quote inside a name", "O'Neil", "O'Neil"),
    ("a quote alone", "'", "'"),
    ("a word after a quote", "'tis", "'tis"),
    ("no quote", "plain", "plain"),
]


@pytest.mark.parametrize(("case", "written", "read"), QUOTED_CELLS)
def test_a_cell_an_export_quoted_is_read_back_as_it_was(
    tmp_path: Path, case: str, written: str, read: str
) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(f"a,b,c\nx,{written},O'Hara\n", encoding="utf-8")
    with open_table(path, None) as table:
        ((_, cells),) = list(table.rows)
    assert cells == ["x", read, "O'Hara"], case
