"""A contact, activity or enrollment changed by a colleague is never overwritten by a stale edit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from trusted_trader.domain.errors import ConflictError
from trusted_trader.services import activities, contacts, programs
from trusted_trader.services.programs import EnrollmentInput
from trusted_trader.services.store import Store, open_store
from trusted_trader.store.uow import UnitOfWork


@pytest.fixture
def colleague(store: Store) -> Iterator[Store]:
    """The same database opened by another instance: its own engine and connections."""
    other = open_store(store.url, actor="colleague@cbp.dhs.gov")
    yield other
    other.close()


def contact_edit(name: str) -> Callable[[UnitOfWork, Any], Any]:
    return lambda uow, made: contacts.update_contact(uow, made.id, {"name": name}, made.version)


def activity_edit(summary: str) -> Callable[[UnitOfWork, Any], Any]:
    fields = {"occurred_on": date(2026, 3, 2), "kind": "call", "summary": summary}
    return lambda uow, made: activities.update_activity(uow, made.id, fields, made.version)


def enrollment_edit(tier: int) -> Callable[[UnitOfWork, Any], Any]:
    data = EnrollmentInput("ctpat", tier=tier)
    return lambda uow, made: programs.update_enrollment(uow, made.id, data, made.version)


def ending(status: str) -> Callable[[UnitOfWork, Any], Any]:
    return lambda uow, made: programs.end_enrollment(uow, made.id, status, made.version)


# (record, how it is made, their edit, my stale edit, the field that shows theirs kept)
CASES = [
    (
        "contact",
        lambda uow, pid: contacts.add_contact(uow, pid, name="Dana"),
        contact_edit("Dana Reyes"),
        contact_edit("Dana Ortiz"),
        ("name", "Dana Reyes"),
    ),
    (
        "activity",
        lambda uow, pid: activities.log_activity(
            uow, pid, occurred_on=date(2026, 3, 2), kind="call", summary="first"
        ),
        activity_edit("theirs"),
        activity_edit("mine"),
        ("summary", "theirs"),
    ),
    (
        "enrollment",
        lambda uow, pid: programs.enroll(uow, pid, EnrollmentInput("ctpat", tier=1)),
        enrollment_edit(3),
        enrollment_edit(2),
        ("tier", 3),
    ),
    (
        "enrollment ended meanwhile",
        lambda uow, pid: programs.enroll(uow, pid, EnrollmentInput("ctpat", tier=1)),
        ending("withdrawn"),
        enrollment_edit(2),
        ("status", "withdrawn"),
    ),
]


@pytest.mark.parametrize(
    ("what", "make", "theirs", "mine", "kept"), CASES, ids=[c[0] for c in CASES]
)
def test_a_stale_edit_raises_a_conflict_and_keeps_the_colleagues_change(
    store: Store,
    colleague: Store,
    acme_id: int,
    what: str,
    make: Any,
    theirs: Any,
    mine: Any,
    kept: tuple[str, object],
) -> None:
    with store.uow() as uow:
        made = make(uow, acme_id)
        uow.commit()
    with colleague.uow() as uow:
        theirs(uow, made)
        uow.commit()
    with pytest.raises(ConflictError) as conflict, store.uow() as uow:
        mine(uow, made)
    field, value = kept
    assert conflict.value.current[field] == value
    assert conflict.value.current["version"] == made.version + 1
