"""The people at a partner the Account Executive deals with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.partners import normalize_email
from trusted_trader.services.editing import OwnedRows, add_owned
from trusted_trader.services.records import ContactRecord
from trusted_trader.store.models import Contact
from trusted_trader.store.uow import UnitOfWork

CONTACTS = OwnedRows(Contact, ContactRecord, "contact")


def contact_columns(
    *, name: str, role: str = "", email: str = "", phone: str = ""
) -> dict[str, Any]:
    """A contact's columns in normal form, or ValidationError with every problem."""
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem("name", name, "a contact needs a name"))
    address = ""
    if email.strip():
        try:
            address = normalize_email(email)
        except ValueError as exc:
            problems.append(Problem("email", email, str(exc)))
    if problems:
        raise ValidationError(problems)
    return {"name": name.strip(), "role": role.strip(), "email": address, "phone": phone.strip()}


def add_contact(
    uow: UnitOfWork,
    partner_id: int,
    *,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
) -> ContactRecord:
    """Add a person to a partner's contacts (audited)."""
    columns = contact_columns(name=name, role=role, email=email, phone=phone)
    return add_owned(uow, Contact(partner_id=partner_id, **columns), ContactRecord)


def update_contact(
    uow: UnitOfWork, contact_id: int, fields: Mapping[str, str], expected_version: int | None
) -> ContactRecord:
    """Save a contact's changed name, role, e-mail or phone; refuses a stale version (audited)."""
    return CONTACTS.change(uow, contact_id, contact_columns(**fields), expected_version)


# Reading, deleting and undoing a delete are alike for every row a partner owns.
get_contact = CONTACTS.get
delete_contact = CONTACTS.delete
restore_contact = CONTACTS.restore
