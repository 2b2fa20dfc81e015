"""Reverting an import restores exactly the state before it, or refuses and changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import ACME_IOR
from trusted_trader.domain.errors import ConflictError, DomainError, NotFoundError
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.services import partners, touch_points
from trusted_trader.services.importing import ImportOptions, import_file, list_imports
from trusted_trader.services.importing.revert import revert_import
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.models import AuditEntry, TouchPoint

IOR = ACME_IOR  # the partner of the acme_id fixture
HEADER = "ior_number,date,kind,port_code,entry_number,notes\n"
FIRST = HEADER + f"{IOR},2026-01-05,exam,0101,,one\n{IOR},2026-01-06,hold,0101,,two\n"
SECOND = HEADER + f"{IOR},2026-01-05,exam,0101,,one changed\n{IOR},2026-01-07,audit,0101,,new\n"


def imported(store: Store, tmp_path: Path, text: str, kind: str = "touch-points") -> int:
    path = tmp_path / f"{kind}-{len(text)}.csv"
    path.write_text(text, encoding="utf-8")
    with store.uow() as uow:
        result = import_file(uow, kind, path, ImportOptions())
        uow.commit()
    assert result.batch_id is not None
    return result.batch_id


def reverted(store: Store, batch_id: int) -> None:
    with store.uow() as uow:
        revert_import(uow, batch_id)
        uow.commit()


def state(store: Store) -> list[tuple[object, ...]]:
    with store.uow() as uow:
        stmt = select(
            TouchPoint.id, TouchPoint.occurred_on, TouchPoint.notes, TouchPoint.version
        ).order_by(TouchPoint.id)
        return [tuple(r) for r in uow.connection.execute(stmt)]


def test_reverting_deletes_what_the_import_created(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    batch = imported(store, tmp_path, FIRST)
    reverted(store, batch)
    assert state(store) == []
    with store.uow() as uow:
        (record,) = list_imports(uow)
        audit = uow.connection.execute(
            select(AuditEntry.partner_id).where(AuditEntry.action == "revert import")
        ).all()
    assert (record.status, record.reverted_at is not None) == ("reverted", True)
    assert audit == [(acme_id,)]


def test_reverting_restores_what_the_import_changed(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    imported(store, tmp_path, FIRST)
    before = state(store)
    second = imported(store, tmp_path, SECOND)
    assert state(store) != before
    reverted(store, second)
    assert state(store) == before


def test_imports_revert_newest_first(store: Store, acme_id: int, tmp_path: Path) -> None:
    first = imported(store, tmp_path, FIRST)
    second = imported(store, tmp_path, SECOND)
    reverted(store, second)
    reverted(store, first)
    assert state(store) == []


def test_a_record_changed_after_the_import_blocks_the_revert(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    batch = imported(store, tmp_path, FIRST)
    first_id = state(store)[0][0]
    assert isinstance(first_id, int)
    with store.uow() as uow:
        touch_points.update_touch_point(
            uow, first_id, TouchPointInput(date(2026, 1, 5), "exam", port_code="0101", notes="x")
        )
        uow.commit()
    kept = state(store)
    with store.uow() as uow, pytest.raises(ConflictError, match=f"touch point #{first_id}"):
        revert_import(uow, batch)
    assert state(store) == kept


def test_an_earlier_import_cannot_be_reverted_over_a_later_one(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    first = imported(store, tmp_path, FIRST)
    imported(store, tmp_path, SECOND)
    with store.uow() as uow, pytest.raises(ConflictError, match="cannot be reverted"):
        revert_import(uow, first)


def test_an_import_is_reverted_only_once(store: Store, acme_id: int, tmp_path: Path) -> None:
    batch = imported(store, tmp_path, FIRST)
    reverted(store, batch)
    with store.uow() as uow, pytest.raises(DomainError, match="reverted already"):
        revert_import(uow, batch)


def test_an_unknown_import_is_named(store: Store) -> None:
    with store.uow() as uow, pytest.raises(NotFoundError, match="#42"):
        revert_import(uow, 42)


PARTNERS = "name,ior_numbers,city,ctpat_tier\n"


def test_reverting_a_partner_import_restores_profile_and_ior_numbers(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    with store.uow() as uow:
        before = partners.get_partner(uow, acme_id)
    batch = imported(
        store, tmp_path, PARTNERS + f"Acme Renamed,{IOR};98-7654321CD,Reno,2\n", "partners"
    )
    with store.uow() as uow:
        changed = partners.get_partner(uow, acme_id)
    assert (changed.legal_name, len(changed.ior_numbers), changed.ctpat_tier) == (
        "Acme Renamed",
        2,
        CtpatTier(2),
    )
    reverted(store, batch)
    with store.uow() as uow:
        after = partners.get_partner(uow, acme_id)
    assert (after.legal_name, after.city, after.ior_numbers, after.version) == (
        before.legal_name,
        before.city,
        before.ior_numbers,
        before.version,
    )
    assert after.enrollments == ()


def test_a_created_partner_with_new_records_is_not_reverted(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    batch = imported(store, tmp_path, PARTNERS + "Newco,55-5555555AB,,\n", "partners")
    with store.uow() as uow:
        newco = partners.find_partner_id(uow, "55-5555555AB")
        touch_points.record_touch_point(uow, newco, TouchPointInput(date(2026, 1, 2), "exam"))
        uow.commit()
    with store.uow() as uow, pytest.raises(ConflictError, match="added to partner"):
        revert_import(uow, batch)


def test_a_created_partner_goes_away_with_its_import(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    batch = imported(store, tmp_path, PARTNERS + "Newco,55-5555555AB,,3\n", "partners")
    reverted(store, batch)
    with store.uow() as uow, pytest.raises(NotFoundError):
        partners.find_partner_id(uow, "55-5555555AB", include_deleted=True)


def test_a_run_of_created_records_is_reverted_whole_or_not_at_all(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    rows = "".join(f"{IOR},2026-02-{day:02d},exam,0101,,row {day}\n" for day in range(1, 8))
    path = tmp_path / "seven.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with store.uow() as uow:
        batch = import_file(uow, "touch-points", path, ImportOptions(chunk_size=3)).batch_id
        uow.commit()
    assert batch is not None
    ids = [r[0] for r in state(store)]
    assert len(ids) == 7
    with store.uow() as uow:  # a record from the middle of a run, deleted by hand
        uow.connection.execute(TouchPoint.__table__.delete().where(TouchPoint.id == ids[4]))  # type: ignore[attr-defined]
        uow.commit()
    kept = state(store)
    with store.uow() as uow, pytest.raises(ConflictError, match="1 of its records") as refused:
        revert_import(uow, batch)
    assert "deleted" in str(refused.value)
    assert state(store) == kept
    # The other six are still the import's own: once the seventh is back, it reverts.
    with store.uow() as uow:
        uow.connection.execute(
            TouchPoint.__table__.insert(),  # type: ignore[attr-defined]
            {
                "id": ids[4], "partner_id": acme_id, "occurred_on": date(2026, 2, 5),
                "kind": "exam", "port_code": "0101", "notes": "row 5",
            },
        )  # fmt: skip
        uow.commit()
    reverted(store, batch)
    assert state(store) == []
