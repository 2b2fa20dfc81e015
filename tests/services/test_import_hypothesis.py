"""Arbitrary text in any cell never crashes an import: each row is imported or rejected."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trusted_trader.services import partners
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.importing.rows import COLUMNS
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store

IOR = "12-3456789AB"
cell = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from([IOR, "2026-01-05", "01/05/2026", "CF-28", "0101", "2026-01", "12", "-1"]),
)


@pytest.fixture
def with_partner(store: Store) -> Store:
    with store.uow() as uow:
        partners.create_partner(uow, PartnerInput("Acme Imports", IOR))
        uow.commit()
    return store


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(sorted(COLUMNS)),
    rows=st.lists(st.lists(cell, min_size=11, max_size=11), min_size=1, max_size=6),
)
def test_any_text_is_imported_or_rejected_with_a_reason(
    with_partner: Store, kind: str, rows: list[list[str]]
) -> None:
    columns = COLUMNS[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(row[: len(columns)] for row in rows)
        with with_partner.uow() as uow:  # never committed: each example starts alike
            result = import_file(uow, kind, path, ImportOptions(partial=True))
    handled = result.created + result.updated + result.unchanged + result.rejected
    assert handled == len(rows)
    assert all(error.reason for error in result.errors)
    assert result.rejected <= len({error.row for error in result.errors})
