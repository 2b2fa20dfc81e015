"""Engagement activities (meetings, calls, visits): the facilitation side, not touch points."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.domain.enums import ActivityKind
from trusted_trader.domain.errors import ValidationError
from trusted_trader.services.editing import add_owned, delete_owned
from trusted_trader.services.records import ActivityRecord, to_record
from trusted_trader.store.models import EngagementActivity
from trusted_trader.store.uow import UnitOfWork


def log_activity(
    uow: UnitOfWork,
    partner_id: int,
    *,
    occurred_on: date,
    kind: str,
    participants: str = "",
    summary: str = "",
) -> ActivityRecord:
    """Record a meeting, call or visit with a partner (audited)."""
    try:
        activity_kind = ActivityKind(kind)
    except ValueError as exc:
        allowed = ", ".join(k.label.lower() for k in ActivityKind)
        raise ValidationError.single("kind", kind, f"must be one of: {allowed}") from exc
    row = EngagementActivity(
        partner_id=partner_id,
        occurred_on=occurred_on,
        kind=activity_kind.value,
        participants=participants.strip(),
        summary=summary.strip(),
    )
    return add_owned(uow, row, ActivityRecord)


def delete_activity(uow: UnitOfWork, activity_id: int) -> ActivityRecord:
    """Delete an activity and return what it held (audited)."""
    return delete_owned(uow, EngagementActivity, activity_id, "activity", ActivityRecord)


def list_activities(uow: UnitOfWork, partner_id: int, limit: int = 500) -> list[ActivityRecord]:
    """Newest first, as a timeline reads."""
    stmt = (
        select(EngagementActivity)
        .where(col(EngagementActivity.partner_id) == partner_id)
        .order_by(col(EngagementActivity.occurred_on).desc(), col(EngagementActivity.id).desc())
        .limit(limit)
    )
    return [to_record(ActivityRecord, dict(r)) for r in uow.connection.execute(stmt).mappings()]
