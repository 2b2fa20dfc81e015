"""Portfolio views: plans and activities across partners, stale plans, entry look-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from trusted_trader.domain.enums import ActionStatus
from trusted_trader.domain.identifiers import IdentifierError, parse_entry_number
from trusted_trader.domain.plans import OPEN_ACTION_STATUSES, is_open_action_item
from trusted_trader.services.scope import Scope, partner_conditions
from trusted_trader.store.models import (
    EngagementActivity,
    EngagementPlan,
    Partner,
    PlanActionItem,
    TouchPoint,
)
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    partner_id: int
    partner_name: str
    title: str
    status: str
    revision: int
    period_start: date
    period_end: date
    open_items: int
    last_item_update: date | None


@dataclass(frozen=True)
class ActivitySummary:
    id: int
    partner_id: int
    partner_name: str
    occurred_on: date
    kind: str
    participants: str
    summary: str


OPEN_ACTION_VALUES = [s.value for s in OPEN_ACTION_STATUSES]


def _scoped(scope: Scope) -> list[Any]:
    return partner_conditions(scope)


def list_plan_summaries(
    uow: UnitOfWork, scope: Scope, status: str | None = None
) -> list[PlanSummary]:
    """Every plan in scope with its open action items and the last time one was touched."""
    items = (
        select(
            col(PlanActionItem.plan_id),
            func.sum(case((col(PlanActionItem.status).in_(OPEN_ACTION_VALUES), 1), else_=0)).label(
                "open_items"
            ),
            func.max(col(PlanActionItem.updated_at)).label("last"),
        )
        .group_by(col(PlanActionItem.plan_id))
        .subquery()
    )
    stmt = (
        select(
            col(EngagementPlan.id),
            col(Partner.id),
            col(Partner.legal_name),
            col(EngagementPlan.title),
            col(EngagementPlan.status),
            col(EngagementPlan.revision),
            col(EngagementPlan.period_start),
            col(EngagementPlan.period_end),
            items.c.open_items,
            items.c.last,
        )
        .join(Partner, col(Partner.id) == col(EngagementPlan.partner_id))
        .outerjoin(items, items.c.plan_id == col(EngagementPlan.id))
        .where(*_scoped(scope))
        .order_by(col(Partner.legal_name), col(EngagementPlan.period_start).desc())
    )
    if status:
        stmt = stmt.where(col(EngagementPlan.status) == status)
    return [
        PlanSummary(
            int(r[0]),
            int(r[1]),
            r[2],
            r[3],
            r[4],
            int(r[5]),
            _day(r[6]),
            _day(r[7]),
            # the domain's open action item: none on a closed plan
            int(r[8] or 0) if is_open_action_item(ActionStatus.OPEN, r[4]) else 0,
            _day(r[9]) if r[9] is not None else None,
        )
        for r in uow.connection.execute(stmt)
    ]


def stale_among(plans: list[PlanSummary], today: date, days: int = 90) -> list[PlanSummary]:
    """Those of ``plans`` with no action item updated in ``days`` days, stalest first."""
    since = today - timedelta(days=days)
    found = [p for p in plans if p.last_item_update is None or p.last_item_update < since]
    return sorted(found, key=lambda p: (p.last_item_update or date.min, p.partner_name))


# What the activities list can be ordered by (ties: newest first).
ACTIVITY_ORDERS = ("date", "partner", "kind")


def count_activities(uow: UnitOfWork, scope: Scope) -> int:
    """How many engagement activities the scope holds (what the Activities page pages through)."""
    stmt = (
        select(func.count())
        .select_from(EngagementActivity)
        .join(Partner, col(Partner.id) == col(EngagementActivity.partner_id))
        .where(*_scoped(scope))
    )
    return int(uow.connection.execute(stmt).scalar_one())


def recent_activities(
    uow: UnitOfWork,
    scope: Scope,
    limit: int = 500,
    *,
    offset: int = 0,
    order: str = "date",
    descending: bool = True,
) -> list[ActivitySummary]:
    """A page of the scope's engagement activities, newest first unless ``order`` says else."""
    keys = {
        "date": col(EngagementActivity.occurred_on),
        "partner": func.lower(col(Partner.legal_name)),
        "kind": col(EngagementActivity.kind),
    }
    key = keys.get(order, keys["date"])
    stmt = (
        select(
            col(EngagementActivity.id),
            col(Partner.id),
            col(Partner.legal_name),
            col(EngagementActivity.occurred_on),
            col(EngagementActivity.kind),
            col(EngagementActivity.participants),
            col(EngagementActivity.summary),
        )
        .join(Partner, col(Partner.id) == col(EngagementActivity.partner_id))
        .where(*_scoped(scope))
        .order_by(
            key.desc() if descending else key.asc(),
            col(EngagementActivity.occurred_on).desc(),
            col(EngagementActivity.id).desc(),
        )
        .limit(limit)
        .offset(offset)
    )
    return [
        ActivitySummary(_int(r[0]), _int(r[1]), r[2], _day(r[3]), r[4], r[5], r[6])
        for r in uow.connection.execute(stmt)
    ]


def partners_with_entry(uow: UnitOfWork, entry_number: str) -> list[tuple[int, str]]:
    """The partners (id, name) with a touch point on this entry; empty if it is not an entry."""
    try:
        normal = parse_entry_number(entry_number)
    except IdentifierError:
        return []
    stmt = (
        select(col(Partner.id), col(Partner.legal_name))
        .join(TouchPoint, col(TouchPoint.partner_id) == col(Partner.id))
        .where(col(TouchPoint.entry_number) == normal, col(Partner.deleted_at).is_(None))
        .distinct()
    )
    return [(_int(r[0]), str(r[1])) for r in uow.connection.execute(stmt)]


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int:
    return int(value)


def count_partners(uow: UnitOfWork, scope: Scope) -> int:
    """How many partners the scope holds (deleted ones left out)."""
    stmt = select(func.count()).select_from(Partner).where(*_scoped(scope))
    return int(uow.connection.execute(stmt).scalar_one())


def partner_names(uow: UnitOfWork) -> dict[int, str]:
    """Every partner's name by id, for tables that list records of many partners."""
    rows = uow.connection.execute(select(col(Partner.id), col(Partner.legal_name)))
    return {_int(r[0]): str(r[1]) for r in rows}


def centers_of(uow: UnitOfWork, scope: Scope) -> list[tuple[int, frozenset[int]]]:
    """The Centers the scope's partners belong to, each with those partners' ids; the Center
    holding most of them first (then by id, so reports come out the same each time)."""
    stmt = select(col(Partner.center_id), col(Partner.id)).where(
        *partner_conditions(scope), col(Partner.center_id).is_not(None)
    )
    found: dict[int, set[int]] = {}
    for center_id, partner_id in uow.connection.execute(stmt):
        found.setdefault(int(center_id or 0), set()).add(int(partner_id or 0))
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(center_id, frozenset(ids)) for center_id, ids in ranked]
