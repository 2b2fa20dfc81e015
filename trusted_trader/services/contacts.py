"""The people at a partner the Account Executive deals with."""

from __future__ import annotations

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.partners import normalize_email
from trusted_trader.services.editing import add_row, delete_row, load_row, require_partner
from trusted_trader.services.records import ContactRecord, to_record
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
    require_partner(uow, partner_id)
    row = Contact(
        partner_id=partner_id,
        name=name.strip(),
        role=role.strip(),
        email=address,
        phone=phone.strip(),
    )
    return to_record(ContactRecord, add_row(uow, row, partner_id=partner_id))


def delete_contact(uow: UnitOfWork, contact_id: int) -> ContactRecord:
    """Delete a contact and return what it held (audited)."""
    row = load_row(uow, Contact, contact_id, "contact")
    record = to_record(ContactRecord, row)
    delete_row(uow, row, partner_id=row.partner_id)
    return record
