"""ES-003's tariff rows: one entry summary line with several HTS numbers, one row each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import ACME_IOR, csv_file, valid_entry
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.store import Store
from trusted_trader.store.models import CustomsEntry, MonthlyVolume

ACE = ["Entry Summary Number", "Importer Number", "Entry Date", "Entry Summary Date",
       "Port Code", "HTS Number", "Line Number", "Line Goods Value Amount"]  # fmt: skip
E1, E2 = valid_entry("ACM0000001"), valid_entry("ACM0000002")


def row(entry: str, hts: str, line: int, value: str, port: str = "0101") -> list[Any]:
    return [entry, ACME_IOR, "2026-01-05", "2026-01-15", port, hts, line, value]


# Line 1 carries a Section 301 number beside the product's, the value repeated; line 2 a
# Chapter 98 provision with the value 0 on the extra row; E2 is an ordinary one-line entry.
TARIFF_ROWS = [
    row(E1, "8471300100", 1, "100.50"),
    row(E1, "9903.88.03", 1, "100.50"),
    row(E2, "8517620090", 1, "7"),
    row(E1, "6110202079", 2, "40"),
    row(E1, "9802.00.50", 2, "0"),
]


def run(store: Store, path: Path, **options: Any) -> ImportResult:
    with store.uow() as uow:
        result = import_file(uow, "entries", path, ImportOptions(**options))
        if result.written:
            uow.commit()
    return result


def stored(store: Store) -> dict[str, tuple[int, float, str]]:
    e = CustomsEntry
    with store.uow() as uow:
        rows = uow.connection.execute(
            select(e.entry_number, e.lines, e.entered_value_usd, e.hts_numbers)
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}


@pytest.mark.parametrize(
    "options",
    [{}, {"chunk_size": 1, "reader": "process"}],
    ids=["one chunk", "a row a chunk, second process"],
)
def test_rule_tariff_rows_of_a_line_join_its_hts_numbers_and_count_the_line_once(
    store: Store, acme_id: int, tmp_path: Path, options: dict[str, Any]
) -> None:
    result = run(store, csv_file(tmp_path / "es003.csv", ACE, TARIFF_ROWS), **options)
    assert (result.created, result.rejected) == (2, 0), result.errors
    assert stored(store)[E1] == (2, 140.5, "6110202079 8471300100 98020050 99038803")
    with store.uow() as uow:
        derived = uow.connection.execute(
            select(MonthlyVolume.derived_entries, MonthlyVolume.derived_value_usd)
        ).one()
    assert tuple(derived) == (2, 147.5)
    again = run(store, csv_file(tmp_path / "again.csv", ACE, [*TARIFF_ROWS, TARIFF_ROWS[1]]))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)


@pytest.mark.parametrize(
    ("extra", "field", "reason"),
    [
        (row(E1, "9903880300", 1, "99"), "entered_value_usd",
         "differs from row 2, a tariff row of the same line"),
        (row(E1, "8471300100", 1, "0"), "line_number",
         "repeats row 2 (same entry and line number), other values"),
        (row(E1, "9903880300", 1, "100.50", port="2704"), "port_code",
         "differs from row 2, a line of the same entry"),
    ],
    ids=["another tariff number, another value", "the same number, another value",
         "another tariff number, another port"],
)  # fmt: skip
def test_rule_tariff_rows_of_a_line_that_differ_in_more_than_the_hts_number_are_rejected(
    store: Store, acme_id: int, tmp_path: Path, extra: list[Any], field: str, reason: str
) -> None:
    path = csv_file(tmp_path / "es003.csv", ACE, [TARIFF_ROWS[0], extra])
    refused = run(store, path)
    assert not refused.written
    assert [(e.row, e.column) for e in refused.errors] == [(3, field)]
    assert refused.errors[0].reason.startswith(reason)
    partial = run(store, path, partial=True)
    assert (partial.created, partial.rejected) == (1, 1)
    assert stored(store)[E1] == (1, 100.5, "8471300100")
