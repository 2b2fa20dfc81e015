"""Engagement activities (meetings, calls, visits): the facilitation side, not touch points."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.domain.enums import ActivityKind
from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.periods import check_day
from trusted_trader.services.editing import OwnedRows
from trusted_trader.services.records import ActivityRecord, to_record
from trusted_trader.store.models import EngagementActivity
from trusted_trader.store.uow import UnitOfWork


def activity_columns(
    *, occurred_on: date, kind: str, participants: str = "", summary: str = ""
) -> dict[str, Any]:
    """An activity's columns in normal form, or ValidationError naming the field."""
    try:
        activity_kind = ActivityKind(kind)
    except ValueError as exc:
        allowed = ", ".join(k.label.lower() for k in ActivityKind)
        raise ValidationError.single("kind", kind, f"must be one of: {allowed}") from exc
    try:
        check_day(occurred_on)
    except ValueError as exc:
        raise ValidationError.single("occurred_on", str(occurred_on), str(exc)) from None
    return {
        "occurred_on": occurred_on,
        "kind": activity_kind.value,
        "participants": participants.strip(),
        "summary": summary.strip(),
    }


ACTIVITIES = OwnedRows(EngagementActivity, ActivityRecord, "activity", activity_columns)


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
    return ACTIVITIES.add(
        uow,
        partner_id,
        occurred_on=occurred_on,
        kind=kind,
        participants=participants,
        summary=summary,
    )


# Reading, changing, deleting and undoing a delete are alike for every row a partner owns.
update_activity = ACTIVITIES.update
get_activity = ACTIVITIES.get
delete_activity = ACTIVITIES.delete
restore_activity = ACTIVITIES.restore


def list_activities(uow: UnitOfWork, partner_id: int, limit: int = 500) -> list[ActivityRecord]:
    """Newest first, as a timeline reads."""
    stmt = (
        select(EngagementActivity)
        .where(col(EngagementActivity.partner_id) == partner_id)
        .order_by(col(EngagementActivity.occurred_on).desc(), col(EngagementActivity.id).desc())
        .limit(limit)
    )
    return [to_record(ActivityRecord, dict(r)) for r in uow.connection.execute(stmt).mappings()]
