"""Edits made elsewhere are never silently overwritten; a deleted partner can be brought back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from trusted_trader.domain.errors import ConflictError, NotFoundError
from trusted_trader.services import partners, touch_points
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store, open_store
from trusted_trader.services.touch_points import TouchPointInput


@pytest.fixture
def second_desk(store: Store) -> Iterator[Store]:
    """The same file opened by another instance: its own engine and connections."""
    other = open_store(store.url, actor="colleague@cbp.dhs.gov")
    yield other
    other.close()


@pytest.fixture
def partner_id(store: Store) -> int:
    with store.uow() as uow:
        record = partners.create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
        uow.commit()
    return record.id


def test_a_partner_saved_elsewhere_is_not_overwritten(
    store: Store, second_desk: Store, partner_id: int
) -> None:
    with store.uow() as uow:
        opened = partners.get_partner(uow, partner_id)
    with second_desk.uow() as theirs:
        partners.update_partner(
            theirs,
            partner_id,
            PartnerInput("Acme Imports", "12-3456789AB", city="Laredo"),
            expected_version=opened.version,
        )
        theirs.commit()
    mine = PartnerInput("Acme Imports", "12-3456789AB", city="El Paso")
    with pytest.raises(ConflictError) as conflict, store.uow() as uow:
        partners.update_partner(uow, partner_id, mine, expected_version=opened.version)
    assert conflict.value.current["city"] == "Laredo"
    current_version = conflict.value.current["version"]
    assert current_version == opened.version + 1
    # "Keep mine": save again against the version now stored.
    with store.uow() as uow:
        saved = partners.update_partner(uow, partner_id, mine, expected_version=current_version)
        uow.commit()
    assert saved.city == "El Paso"


def test_a_touch_point_changed_elsewhere_is_not_overwritten(
    store: Store, second_desk: Store, partner_id: int
) -> None:
    with store.uow() as uow:
        made = touch_points.record_touch_point(
            uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam")
        )
        uow.commit()
    with second_desk.uow() as theirs:
        touch_points.update_touch_point(
            theirs, made.id, TouchPointInput(date(2026, 3, 2), "hold"), made.version
        )
        theirs.commit()
    with pytest.raises(ConflictError) as conflict, store.uow() as uow:
        touch_points.update_touch_point(
            uow, made.id, TouchPointInput(date(2026, 3, 2), "cf28"), made.version
        )
    assert conflict.value.current["kind"] == "hold"
    with store.uow() as uow:
        stored = touch_points.list_touch_points(uow, touch_points.TouchPointQuery(partner_id))
    assert [t.kind for t in stored] == ["hold"]


def test_a_deleted_partner_is_listed_for_thirty_days_and_can_be_restored(
    store: Store, partner_id: int
) -> None:
    with store.uow() as uow:
        partners.delete_partner(uow, partner_id)
        uow.commit()
    with store.uow() as uow:
        with pytest.raises(NotFoundError):
            partners.get_partner(uow, partner_id)
        deleted = partners.list_recently_deleted(uow)
        later = partners.list_recently_deleted(uow, now=datetime.now(UTC) + timedelta(days=31))
    assert [(d.id, d.legal_name, d.ior_numbers) for d in deleted] == [
        (partner_id, "Acme Imports", "12-3456789AB")
    ]
    assert later == []
    with store.uow() as uow:
        restored = partners.restore_partner(uow, partner_id)
        uow.commit()
    assert restored.legal_name == "Acme Imports"
    with store.uow() as uow:
        assert partners.list_recently_deleted(uow) == []
        assert partners.find_partner_id(uow, "12-3456789AB") == partner_id
