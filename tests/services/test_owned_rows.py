"""The shared path of a partner's own rows: a new row and a change pass the same field check."""

from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.errors import ValidationError
from trusted_trader.services.activities import ACTIVITIES
from trusted_trader.services.contacts import CONTACTS
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TOUCH_POINTS


def test_a_change_is_checked_as_a_new_row_is(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        made = CONTACTS.add(uow, acme_id, name="  Ana Ruiz ", email="ANA@Acme.example")
        uow.commit()
    assert (made.name, made.email) == ("Ana Ruiz", "ana@acme.example")
    with store.uow() as uow, pytest.raises(ValidationError) as raised:
        CONTACTS.update(uow, made.id, {"name": " ", "email": "not mail"}, made.version)
    assert [p.field for p in raised.value.problems] == ["name", "email"]


def test_an_activity_of_an_unknown_kind_is_refused_before_it_is_stored(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow, pytest.raises(ValidationError):
        ACTIVITIES.add(uow, acme_id, occurred_on=date(2026, 3, 2), kind="party")


def test_a_kind_without_a_shared_field_check_is_added_only_by_its_own_service(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow, pytest.raises(TypeError, match="its own service"):
        TOUCH_POINTS.add(uow, acme_id, occurred_on=date(2026, 3, 2), kind="exam")
