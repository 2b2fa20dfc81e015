"""Text longer than its field: refused alike on SQLite and PostgreSQL, the database unchanged.

SQLite keeps any length; PostgreSQL refuses text longer than its column and the user
saw "something went wrong" there, while the same record on a local file could never be
copied to the team database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.services import contacts, plans
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store
from trusted_trader.store.models import Contact, Partner, PlanObjective

PERIOD = parse_month_range("2026-01:2026-12")
BASELINE = parse_month_range("2025-01:2025-12")


def _partner(uow: Any, _partner_id: int) -> None:
    create_partner(uow, PartnerInput("N" * 201, "98-7654321AB"))


def _contact_name(uow: Any, partner_id: int) -> None:
    contacts.add_contact(uow, partner_id, name="C" * 121)


def _contact_phone(uow: Any, partner_id: int) -> None:
    contacts.add_contact(uow, partner_id, name="Pat", phone="5" * 41)


def _objective_measure(uow: Any, partner_id: int) -> None:
    objective = plans.ObjectiveInput("Fewer CF-28s", "m" * 41, 4.0, 3.0)
    data = plans.PlanInput(PERIOD, BASELINE, title="Plan", objectives=[objective])
    plans.create_plan(uow, partner_id, data)


# (case, the write, the field named, the table that must stay as it was)
CASES: list[tuple[str, Callable[[Any, int], None], str, type]] = [
    ("partner legal name of 201", _partner, "legal_name", Partner),
    ("contact name of 121", _contact_name, "name", Contact),
    ("contact phone of 41", _contact_phone, "phone", Contact),
    ("objective measure of 41", _objective_measure, "measure", PlanObjective),
]


@pytest.mark.parametrize(("case", "write", "field", "table"), CASES, ids=[c[0] for c in CASES])
def test_text_longer_than_its_field_is_refused_alike_on_both_databases(
    store: Store, acme_id: int, case: str, write: Callable[[Any, int], None], field: str,
    table: type,
) -> None:  # fmt: skip
    def count() -> int:
        with store.uow() as uow:
            return int(uow.session.execute(select(func.count()).select_from(table)).scalar_one())

    before = count()
    with pytest.raises(ValidationError) as refused, store.uow() as uow:
        write(uow, acme_id)
        uow.commit()
    assert f"{field}: is " in str(refused.value), case
    limit = {"legal_name": "200", "name": "120", "phone": "40", "measure": "40"}[field]
    assert limit in str(refused.value), "the message says how much fits"
    assert count() == before
