"""The people at a partner the Account Executive deals with."""

from __future__ import annotations

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.partners import normalize_email
from trusted_trader.services.editing import add_owned, delete_owned
from trusted_trader.services.records import ContactRecord
from trusted_trader.store.models import Contact
from trusted_trader.store.uow import UnitOfWork


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
    row = Contact(
        partner_id=partner_id,
        name=name.strip(),
        role=role.strip(),
        email=address,
        phone=phone.strip(),
    )
    return add_owned(uow, row, ContactRecord)


def delete_contact(uow: UnitOfWork, contact_id: int) -> ContactRecord:
    """Delete a contact and return what it held (audited)."""
    return delete_owned(uow, Contact, contact_id, "contact", ContactRecord)
