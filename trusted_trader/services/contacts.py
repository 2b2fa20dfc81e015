"""The people at a partner the Account Executive deals with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.partners import normalize_email
from trusted_trader.services.editing import (
    add_owned,
    change_owned,
    delete_owned,
    read_owned,
    restore_owned,
)
from trusted_trader.services.records import ContactRecord
from trusted_trader.store.models import Contact
from trusted_trader.store.uow import UnitOfWork


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
    return change_owned(
        uow,
        Contact,
        contact_id,
        contact_columns(**fields),
        ContactRecord,
        what="contact",
        expected_version=expected_version,
    )


def get_contact(uow: UnitOfWork, contact_id: int) -> ContactRecord:
    """A contact as stored now (NotFoundError once deleted)."""
    return read_owned(uow, Contact, contact_id, "contact", ContactRecord)


def delete_contact(uow: UnitOfWork, contact_id: int) -> ContactRecord:
    """Delete a contact and return what it held (audited)."""
    return delete_owned(uow, Contact, contact_id, "contact", ContactRecord)


def restore_contact(uow: UnitOfWork, record: ContactRecord) -> ContactRecord:
    """Put back a deleted contact (undo)."""
    return restore_owned(uow, Contact, record, ContactRecord)
