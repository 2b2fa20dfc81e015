"""Files made to pass for an unchanged re-import of entries: each case a row, and what must happen.

After a file is imported, a second file is read by the second process, which counts an
entry unchanged when its raw lines match the stored digest. Whatever differs from the
lines the entry was made from must be checked in full.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import ACME_IOR, add_partner, csv_file, valid_entry
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.store import Store
from trusted_trader.store.models import CustomsEntry

OTHER_IOR = "98-7654321CD"
ACE = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
       "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount"]  # fmt: skip
E1, E2, E3 = (valid_entry(f"ACM000000{n}") for n in range(1, 4))
UNKNOWN_IOR = "11-1111111AB"


def line(entry: str, number: Any, value: str = "10", ior: str = ACME_IOR) -> list[Any]:
    return [entry, ior, "2026-01-05", "2026-01-15", "0101", "8471300100", number, value]


BASE = [line(E1, 1), line(E1, 2), line(E2, 1)]
LONG = [line(E1, "") for _ in range(10_001)]  # one entry longer than the reader holds at once

# (case, first file, second file, (created, updated, unchanged, rejected), rejected column);
# an entry updated is E1, by the lines of the second file that pass
CASES = [
    ("the same file", BASE, BASE, (0, 0, 2, 0), None),
    ("a NUL in a line of an unchanged entry", BASE,
     [line(E1, 1), [*line(E1, 2)[:5], "8471\x00300100", 2, "10"], line(E2, 1)],
     (0, 1, 1, 1), "hts_number"),
    ("the entry's lines in another order", BASE, [line(E1, 2), line(E1, 1), line(E2, 1)],
     (0, 0, 2, 0), None),
    ("the entry's lines parted by another entry", BASE, [line(E1, 1), line(E2, 1), line(E1, 2)],
     (0, 0, 2, 0), None),
    ("a line of the entry again under another importer", BASE,
     [*BASE, line(E1, 3, ior=OTHER_IOR)], (0, 0, 2, 1), "ior_number"),
    ("the whole file twice", BASE, [*BASE, *BASE], (0, 0, 2, 0), None),
    ("a spreadsheet's worth of lines of one entry", LONG, LONG, (0, 0, 1, 0), None),
    ("one more line at the end of a long entry", LONG, [*LONG, line(E1, "")], (0, 1, 0, 0), None),
    ("the entry number and importer written loosely", BASE,
     [[E1.replace("-", "").lower(), f" {ACME_IOR.lower()} ", *line(E1, n)[2:]] for n in (1, 2)]
     + [line(E2, 1)], (0, 0, 2, 0), None),
    ("an entry of an importer no partner holds", BASE,
     [*BASE, line(E3, 1, ior=UNKNOWN_IOR), line(E3, 2, ior=UNKNOWN_IOR)], (0, 0, 2, 2),
     "ior_number"),
]  # fmt: skip


@pytest.fixture
def acme(store: Store, acme_id: int) -> Store:
    add_partner(store, "Bolt Traders", OTHER_IOR)  # the other importer of one case
    return store


def run(store: Store, path: Path) -> ImportResult:
    with store.uow() as uow:
        options = ImportOptions(reader="process", partial=True, chunk_size=2)
        result = import_file(uow, "entries", path, options)
        uow.commit()
    return result


def stored(store: Store) -> dict[str, tuple[Any, ...]]:
    e = CustomsEntry
    with store.uow() as uow:
        rows = uow.connection.execute(select(e.entry_number, e.lines, e.entered_value_usd))
        return {r[0]: tuple(r[1:]) for r in rows}


@pytest.mark.parametrize(
    ("case", "first", "second", "expected", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_a_file_made_to_pass_for_unchanged_is_checked_where_it_differs(
    acme: Store,
    tmp_path: Path,
    case: str,
    first: list[list[Any]],
    second: list[list[Any]],
    expected: tuple[int, int, int, int],
    column: str | None,
) -> None:
    run(acme, csv_file(tmp_path / "first.csv", ACE, first))
    before = stored(acme)
    result = run(acme, csv_file(tmp_path / "second.csv", ACE, second))
    assert (result.created, result.updated, result.unchanged, result.rejected) == expected
    assert {e.column for e in result.errors} == ({column} if column else set())
    if column == "ior_number" and expected[3] == 2:
        assert [(u.ior_number, u.entries) for u in result.unknown_importers] == [(UNKNOWN_IOR, 1)]
    if not expected[1]:
        assert stored(acme) == before
    else:
        kept = [row for row in second if row[0] == E1 and "\x00" not in "".join(map(str, row))]
        assert stored(acme)[E1] == (len(kept), 10.0 * len(kept))
