"""Partners: create, edit, find, list and (softly) delete trusted partners."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, union_all
from sqlmodel import col

from trusted_trader.domain.errors import NotFoundError, Problem, ValidationError
from trusted_trader.domain.identifiers import IdentifierError, parse_ior_number
from trusted_trader.domain.partners import (
    DEFAULT_COUNTRY,
    DEFAULT_RISK_RATING,
    DEFAULT_STATUS,
    validate_profile,
)
from trusted_trader.services import audit, editing
from trusted_trader.services.records import (
    ContactRecord,
    DeletedPartnerRecord,
    EnrollmentRecord,
    PartnerRecord,
    PartnerSummary,
    to_record,
)
from trusted_trader.services.scope import Scope, partner_conditions
from trusted_trader.services.standing import (
    ctpat_tier_ranks,
    open_action_item_conditions,
    tier_of,
)
from trusted_trader.store.models import (
    AccountExecutive,
    Center,
    Contact,
    EngagementPlan,
    Partner,
    PartnerFilerCode,
    PartnerIor,
    PlanActionItem,
    ProgramEnrollment,
    TouchPoint,
    utc_now,
)
from trusted_trader.store.sql import joined
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class PartnerInput:
    """What a form or an import row says about a partner."""

    legal_name: str
    ior_numbers: tuple[str, ...] | str
    filer_codes: tuple[str, ...] | str = ()
    dba: str = ""
    ctpat_account: str = ""
    center_id: int | None = None
    executive_id: int | None = None
    address: str = ""
    city: str = ""
    country: str = DEFAULT_COUNTRY
    status: str = DEFAULT_STATUS.value
    risk_rating: str = DEFAULT_RISK_RATING.value
    notes: str = ""


def create_partner(uow: UnitOfWork, data: PartnerInput) -> PartnerRecord:
    """Create a partner with its identifiers (audited); its record."""
    profile = validate_profile(**_profile_args(data))
    _check_iors_free(uow, profile.ior_numbers, partner_id=None)
    partner = Partner(**_columns(data, profile))
    uow.session.add(partner)
    uow.session.flush()
    assert partner.id is not None
    write_identifiers(uow.connection, partner.id, profile.ior_numbers, profile.filer_codes)
    after = {
        **audit.snapshot(partner),
        **_identifiers(profile.ior_numbers, profile.filer_codes),
    }
    audit.record_change(
        uow,
        action="create",
        table="partner",
        record_id=partner.id,
        partner_id=partner.id,
        after=after,
    )
    return get_partner(uow, partner.id)


def update_partner(
    uow: UnitOfWork, partner_id: int, data: PartnerInput, *, expected_version: int | None = None
) -> PartnerRecord:
    """Save a changed profile; refuses if someone else saved it since ``expected_version``."""
    partner = editing.require_partner(uow, partner_id)
    profile = validate_profile(**_profile_args(data))
    _check_iors_free(uow, profile.ior_numbers, partner_id=partner_id)
    before = _identifiers(_iors_of(uow, partner_id), _filers_of(uow, partner_id))
    after = _identifiers(profile.ior_numbers, profile.filer_codes)
    editing.change_row(
        uow,
        partner,
        _columns(data, profile),
        partner_id=partner_id,
        expected_version=expected_version,
        what=partner.legal_name,
        audited=(before, after),
    )
    write_identifiers(
        uow.connection, partner_id, profile.ior_numbers, profile.filer_codes, replace=True
    )
    return get_partner(uow, partner_id)


def _identifiers(iors: Sequence[str], filers: Sequence[str]) -> dict[str, list[str]]:
    """A partner's identifiers as its audit rows show them."""
    return {"ior_numbers": list(iors), "filer_codes": list(filers)}


def delete_partner(uow: UnitOfWork, partner_id: int) -> None:
    """Mark a partner deleted; its records stay and it can be restored."""
    _mark_deleted(uow, partner_id, editing.require_partner(uow, partner_id), utc_now())


def restore_partner(uow: UnitOfWork, partner_id: int) -> PartnerRecord:
    """Undo a partner's deletion (audited); its record."""
    partner = uow.session.get(Partner, partner_id)
    if partner is None:
        raise NotFoundError(f"There is no partner #{partner_id}.")
    _mark_deleted(uow, partner_id, partner, None)
    uow.session.flush()
    return get_partner(uow, partner_id)


def _mark_deleted(
    uow: UnitOfWork, partner_id: int, partner: Partner, deleted_at: datetime | None
) -> None:
    """Set (delete) or clear (restore) a partner's deletion mark; audited by its name."""
    partner.deleted_at = deleted_at
    partner.version += 1
    name = {"legal_name": partner.legal_name}
    deleting = deleted_at is not None
    audit.record_change(
        uow,
        action="delete" if deleting else "restore",
        table="partner",
        record_id=partner_id,
        partner_id=partner_id,
        before=name if deleting else None,
        after=None if deleting else name,
    )


def list_recently_deleted(
    uow: UnitOfWork, days: int = 30, now: datetime | None = None
) -> list[DeletedPartnerRecord]:
    """Partners deleted in the last ``days`` days, newest deletion first (they can be restored)."""
    since = (now or utc_now()) - timedelta(days=days)
    iors = (
        select(col(PartnerIor.partner_id), joined(PartnerIor.ior_number).label("iors"))
        .group_by(col(PartnerIor.partner_id))
        .subquery()
    )
    stmt = (
        select(col(Partner.id), col(Partner.legal_name), iors.c.iors, col(Partner.deleted_at))
        .outerjoin(iors, iors.c.partner_id == col(Partner.id))
        .where(col(Partner.deleted_at).is_not(None), col(Partner.deleted_at) >= since)
        .order_by(col(Partner.deleted_at).desc())
    )
    return [
        DeletedPartnerRecord(id=r[0], legal_name=r[1], ior_numbers=r[2] or "", deleted_at=r[3])
        for r in uow.connection.execute(stmt)
    ]


def get_partner(uow: UnitOfWork, partner_id: int) -> PartnerRecord:
    """A partner with its identifiers, programs and contacts."""
    partner = editing.require_partner(uow, partner_id)
    center = uow.session.get(Center, partner.center_id) if partner.center_id else None
    executive = (
        uow.session.get(AccountExecutive, partner.executive_id) if partner.executive_id else None
    )
    filers = uow.connection.execute(
        select(col(PartnerFilerCode.filer_code))
        .where(col(PartnerFilerCode.partner_id) == partner_id)
        .order_by(col(PartnerFilerCode.filer_code))
    ).scalars()
    enrollments = uow.session.execute(
        select(ProgramEnrollment)
        .where(col(ProgramEnrollment.partner_id) == partner_id)
        .order_by(col(ProgramEnrollment.id))
    ).scalars()
    contacts = uow.session.execute(
        select(Contact).where(col(Contact.partner_id) == partner_id).order_by(col(Contact.name))
    ).scalars()
    # The partner's own columns, then what its Center, executive and other tables add.
    return to_record(
        PartnerRecord,
        {
            **partner.model_dump(),
            "ior_numbers": _iors_of(uow, partner_id),
            "filer_codes": tuple(str(f) for f in filers),
            "center_code": center.code if center else "",
            "center_name": center.name if center else "",
            "executive_name": executive.name if executive else "",
            "executive_email": executive.email if executive else "",
            "enrollments": tuple(to_record(EnrollmentRecord, e) for e in enrollments),
            "contacts": tuple(to_record(ContactRecord, c) for c in contacts),
        },
    )


def find_partner_id(uow: UnitOfWork, ior_number: str, *, include_deleted: bool = False) -> int:
    """The partner holding an IOR number (in any of its written forms)."""
    try:
        normal = parse_ior_number(ior_number)
    except IdentifierError as exc:
        raise ValidationError.single("ior_number", ior_number, str(exc)) from exc
    stmt = (
        select(col(PartnerIor.partner_id))
        .join(Partner, col(Partner.id) == col(PartnerIor.partner_id))
        .where(col(PartnerIor.ior_number) == normal)
    )
    if not include_deleted:
        stmt = stmt.where(col(Partner.deleted_at).is_(None))
    found = uow.connection.execute(stmt).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"No partner has IOR number {normal}.")
    return int(found)


def list_partners(
    uow: UnitOfWork, scope: Scope = Scope(), today: date | None = None
) -> list[PartnerSummary]:
    """Partner rows with their counts, aggregated by the database in a few queries."""
    today = today or date.today()
    conn = uow.connection
    iors = (
        select(col(PartnerIor.partner_id), joined(PartnerIor.ior_number).label("iors"))
        .group_by(col(PartnerIor.partner_id))
        .subquery()
    )
    counts = (
        select(col(TouchPoint.partner_id), func.count().label("n"))
        .where(col(TouchPoint.occurred_on) >= today - timedelta(days=365))
        .group_by(col(TouchPoint.partner_id))
        .subquery()
    )
    tiers = ctpat_tier_ranks()
    deadlines = _next_deadlines(today).subquery()
    stmt = (
        select(
            col(Partner.id),
            col(Partner.legal_name),
            iors.c.iors,
            col(Center.code),
            col(AccountExecutive.name),
            col(AccountExecutive.email),
            tiers.c.tier_rank,
            col(Partner.status),
            counts.c.n,
            deadlines.c.due,
        )
        .outerjoin(iors, iors.c.partner_id == col(Partner.id))
        .outerjoin(Center, col(Center.id) == col(Partner.center_id))
        .outerjoin(AccountExecutive, col(AccountExecutive.id) == col(Partner.executive_id))
        .outerjoin(counts, counts.c.partner_id == col(Partner.id))
        .outerjoin(tiers, tiers.c.partner_id == col(Partner.id))
        .outerjoin(deadlines, deadlines.c.partner_id == col(Partner.id))
        .where(*partner_conditions(scope))
        .order_by(col(Partner.legal_name))
    )
    return [
        PartnerSummary(
            id=r[0],
            legal_name=r[1],
            ior_numbers=r[2] or "",
            center_code=r[3] or "",
            executive_name=r[4] or "",
            executive_email=r[5] or "",
            ctpat_tier=tier_of(r[6]),
            status=r[7],
            touch_points_12m=r[8] or 0,
            next_deadline=_as_date(r[9]),
        )
        for r in conn.execute(stmt)
    ]


def _next_deadlines(today: date) -> Any:
    """Earliest open response or action item per partner, from today on or overdue."""
    responses: Any = select(
        col(TouchPoint.partner_id).label("partner_id"),
        col(TouchPoint.response_due).label("due"),
    ).where(col(TouchPoint.response_due).is_not(None), col(TouchPoint.closed_on).is_(None))
    actions: Any = (
        select(
            col(EngagementPlan.partner_id).label("partner_id"),
            col(PlanActionItem.due_on).label("due"),
        )
        .join(EngagementPlan, col(EngagementPlan.id) == col(PlanActionItem.plan_id))
        .where(
            col(PlanActionItem.due_on).is_not(None),
            *open_action_item_conditions(),
        )
    )
    both = union_all(responses, actions).subquery()
    return select(both.c.partner_id, func.min(both.c.due).label("due")).group_by(both.c.partner_id)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _profile_args(data: PartnerInput) -> dict[str, Any]:
    return {
        "legal_name": data.legal_name,
        "ior_numbers": data.ior_numbers,
        "filer_codes": data.filer_codes,
        "dba": data.dba,
        "ctpat_account": data.ctpat_account,
        "country": data.country,
        "status": data.status,
        "risk_rating": data.risk_rating,
    }


def _columns(data: PartnerInput, profile: Any) -> dict[str, Any]:
    return {
        "legal_name": profile.legal_name,
        "dba": profile.dba,
        "ctpat_account": profile.ctpat_account,
        "center_id": data.center_id,
        "executive_id": data.executive_id,
        "address": data.address.strip(),
        "city": data.city.strip(),
        "country": profile.country,
        "status": profile.status.value,
        "risk_rating": profile.risk_rating.value,
        "notes": data.notes,
    }


def _iors_of(uow: UnitOfWork, partner_id: int) -> tuple[str, ...]:
    iors = PartnerIor
    return _strings(uow, iors.ior_number, iors.partner_id == partner_id, col(iors.id))


def _filers_of(uow: UnitOfWork, partner_id: int) -> tuple[str, ...]:
    filers = PartnerFilerCode
    code = col(filers.filer_code)
    return _strings(uow, code, filers.partner_id == partner_id, code)


def _strings(uow: UnitOfWork, column: Any, where: Any, order: Any) -> tuple[str, ...]:
    """One column of the rows that match, in order."""
    return tuple(uow.connection.execute(select(col(column)).where(where).order_by(order)).scalars())


def _check_iors_free(uow: UnitOfWork, iors: tuple[str, ...], partner_id: int | None) -> None:
    stmt = (
        select(col(PartnerIor.ior_number), col(Partner.legal_name))
        .join(Partner, col(Partner.id) == col(PartnerIor.partner_id))
        .where(col(PartnerIor.ior_number).in_(iors))
    )
    if partner_id is not None:
        stmt = stmt.where(col(PartnerIor.partner_id) != partner_id)
    taken = uow.connection.execute(stmt).all()
    if taken:
        raise ValidationError(
            [Problem("ior_numbers", ior, f"already belongs to {name}") for ior, name in taken]
        )


def write_identifiers(
    conn: Connection,
    partner_id: int,
    iors: Sequence[str],
    filers: Sequence[str],
    *,
    replace: bool = False,
) -> None:
    """Store a partner's IOR numbers and filer codes, replacing the old ones if ``replace``."""
    if replace:
        conn.execute(delete(PartnerIor).where(col(PartnerIor.partner_id) == partner_id))
        conn.execute(delete(PartnerFilerCode).where(col(PartnerFilerCode.partner_id) == partner_id))
    conn.execute(insert(PartnerIor), [{"partner_id": partner_id, "ior_number": i} for i in iors])
    if filers:
        conn.execute(
            insert(PartnerFilerCode),
            [{"partner_id": partner_id, "filer_code": f} for f in filers],
        )
