"""The quick check of an entry's CSV lines gives what the full check gives, or declines."""

from __future__ import annotations

import itertools

import pytest

from trusted_trader.domain.identifiers import entry_check_digit
from trusted_trader.services.importing.rows import (
    QuickLines,
    RowRejected,
    entry_line,
    match_headers,
)

HEADERS = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
           "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount"]  # fmt: skip
DIGITS = "BN01234567"
ENTRY = f"{DIGITS[:3]}-{DIGITS[3:]}-{entry_check_digit(DIGITS)}"
WRONG = f"{DIGITS[:3]}-{DIGITS[3:]}-{(entry_check_digit(DIGITS) + 1) % 10}"
GOOD = [ENTRY, "12-3456789AB", "2025-03-04", "2025-03-10", "2704", "8471300100", "1", "1500.25"]

# Each column's cells: the plain ones and the ones people and exports write.
VARIANTS = {
    0: [ENTRY, ENTRY.replace("-", ""), ENTRY.lower(), f" {ENTRY} ", WRONG, "", "BN0-12"],
    1: ["12-3456789AB", "123456789AB", " 12-3456789ab", "12-34", ""],
    2: ["2025-03-04", "03/04/2025", "2025-02-30", "", "yesterday"],
    3: ["2025-03-10", "", "3/10/2025", "2025-13-01"],
    4: ["2704", " 2704", "270", "ABCD", ""],
    5: ["8471300100", "8471.30.0100", "8471300100, 9903880300", "84713", "", "8471 30 0100"],
    6: ["1", "01", "", " 2", "0", "10000", "１", "1.5", "-3"],
    7: ["1500.25", "0", "1,500.25", "$1500", "1e3", "1_000", " 12", "12 ", "nan", "inf",
        "1e999", "-5", "", "1500.25\x00"],
}  # fmt: skip


def _full(rows: list[list[str]], mapping: dict[str, int]) -> list[tuple[str, tuple]] | None:
    found = []
    for cells in rows:
        try:
            found.append(entry_line({name: cells[i] for name, i in mapping.items()}))
        except RowRejected:
            return None
    return found


def _cases() -> list[list[str]]:
    cases = []
    for column, cells in VARIANTS.items():
        for cell in cells:
            row = list(GOOD)
            row[column] = cell
            cases.append(row)
    return cases


@pytest.mark.parametrize("row", _cases(), ids=lambda row: repr(row)[:60])
def test_a_single_line_is_read_as_the_full_check_reads_it_or_declined(row: list[str]) -> None:
    mapping = match_headers("entries", HEADERS)
    quick = QuickLines(mapping)([row])
    full = _full([row], mapping)
    if quick is not None:
        assert quick == full
    # Declining is always allowed; taking a line the full check rejects never is.
    if full is None:
        assert quick is None


@pytest.mark.parametrize("second", _cases(), ids=lambda row: repr(row)[:60])
def test_a_run_of_lines_is_taken_only_when_each_line_would_be(second: list[str]) -> None:
    mapping = match_headers("entries", HEADERS)
    rows = [list(GOOD), second]
    quick = QuickLines(mapping)(rows)
    full = _full(rows, mapping)
    if quick is not None:
        assert quick == full
    if full is None or second[:5] != GOOD[:5]:  # the entry's cells differ: judged line by line
        assert quick is None


def test_the_usual_lines_are_taken_quickly_and_cached_cells_stay_right() -> None:
    mapping = match_headers("entries", HEADERS)
    quick = QuickLines(mapping)
    lines = [[*GOOD[:5], hts, str(n), value] for n, (hts, value) in enumerate(
        itertools.product(["8471300100", "9903880300"], ["1.50", "20"]), start=1)]  # fmt: skip
    for _ in range(2):  # the second time from the caches
        found = quick(lines)
        assert found is not None and found == _full(lines, mapping)
    assert [values[4:7] for _, values in found] == [
        ("8471300100", 1, 1.5), ("8471300100", 2, 20.0),
        ("9903880300", 3, 1.5), ("9903880300", 4, 20.0),
    ]  # fmt: skip


def test_a_spreadsheets_numbers_are_left_to_the_full_check() -> None:
    mapping = match_headers("entries", HEADERS)
    row: list = [*GOOD[:6], 1, 1500.25]
    assert QuickLines(mapping)([row]) is None


def test_a_file_without_the_optional_columns_is_read_alike() -> None:
    headers = ["Entry Summary Number", "Importer Number", "Entry Summary Date",
               "Line Goods Value Amount"]  # fmt: skip
    mapping = match_headers("entries", headers)
    row = [ENTRY, "12-3456789AB", "2025-03-10", "99.5"]
    assert QuickLines(mapping)([row]) == _full([row], mapping)
    assert QuickLines(mapping)([row]) is not None


def test_a_file_of_ever_new_cells_keeps_the_cache_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trusted_trader.services.importing import rows

    monkeypatch.setattr(rows, "_MOST_CACHED", 5)
    mapping = match_headers("entries", HEADERS)
    quick = QuickLines(mapping)
    for day in range(1, 29):
        row = [*GOOD[:2], f"2025-02-{day:02d}", *GOOD[3:]]
        assert quick([row]) == _full([row], mapping)
        assert len(quick.entry_days) <= 5
