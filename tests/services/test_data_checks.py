"""Data checks: stored touch points whose entry number fails CBP's check digit are named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select, update

from tests.conftest import ACME_IOR
from trusted_trader.services.data_checks import invalid_entry_numbers, run_data_checks
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.maintenance import check_database
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.store.models import TouchPoint


def stored_touch_point(store: Store, partner_id: int, entry: str) -> int:
    """A touch point whose entry number was written before the check digit was checked."""
    with store.uow() as uow:
        record = record_touch_point(
            uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam", entry_number="ABC12345676")
        )
        uow.connection.execute(
            update(TouchPoint).where(TouchPoint.id == record.id).values(entry_number=entry)
        )
        uow.commit()
    return record.id


def test_rule_entry_check_digit_demo_database_passes_db_check(demo_store: Store) -> None:
    result = check_database(demo_store)
    assert result.ok, result.problems
    with demo_store.uow() as uow:
        assert run_data_checks(uow) == []
        entries = list(uow.connection.execute(select(TouchPoint.entry_number)).scalars())
    assert sum(1 for e in entries if e) > 2000  # the demo's numbers were all checked


def test_a_stored_wrong_check_digit_is_named_by_the_data_checks(store: Store, acme_id: int) -> None:
    bad = stored_touch_point(store, acme_id, "ABC-1234567-8")
    stored_touch_point(store, acme_id, "ABC-1234567-6")
    with store.uow() as uow:
        found = invalid_entry_numbers(uow)
    assert [(p.record_id, p.value, p.partner_name) for p in found] == [
        (bad, "ABC-1234567-8", "Acme Imports")
    ]
    assert "should be 6, not 8" in found[0].reason


def test_rule_entry_check_digit_db_check_names_stored_touch_points_that_fail(
    store: Store, acme_id: int
) -> None:
    bad = stored_touch_point(store, acme_id, "ABC-1234567-8")
    result = check_database(store)
    assert not result.ok
    assert any(
        f"touch point #{bad} (Acme Imports, 2026-03-02)" in p and "should be 6, not 8" in p
        for p in result.problems
    ), result.problems


def test_rule_entry_check_digit_import_rejects_the_row(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "ior_number,date,kind,entry_number\n"
        f"{ACME_IOR},2026-01-05,exam,ABC-1234567-6\n"
        f"{ACME_IOR},2026-01-06,exam,ABC-1234567-8\n",
        encoding="utf-8",
    )
    with store.uow() as uow:
        result = import_file(uow, "touch-points", path, ImportOptions())
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "entry_number")]
    assert "should be 6, not 8" in result.errors[0].reason
