"""The people at a partner the Account Executive deals with."""

from __future__ import annotations

from typing import Any

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.partners import normalize_email
from trusted_trader.services.editing import OwnedRows
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


CONTACTS = OwnedRows(Contact, ContactRecord, "contact", contact_columns)


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
    return CONTACTS.add(uow, partner_id, name=name, role=role, email=email, phone=phone)


# Reading, changing, deleting and undoing a delete are alike for every row a partner owns.
update_contact = CONTACTS.update
get_contact = CONTACTS.get
delete_contact = CONTACTS.delete
restore_contact = CONTACTS.restore
