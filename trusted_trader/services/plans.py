"""Engagement plans: write, revise, activate, close and copy a partner's plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select
from sqlmodel import col

from trusted_trader.domain.enums import ActionStatus, OwnerSide, PlanStatus, RiskArea, RiskRating
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.periods import MonthRange, add_months
from trusted_trader.domain.plans import ALLOWED_TRANSITIONS, check_periods
from trusted_trader.services import audit
from trusted_trader.services.editing import (
    add_row,
    change_row,
    delete_row,
    load_row,
    require_partner,
)
from trusted_trader.services.records import (
    ActionItemRecord,
    ObjectiveRecord,
    PlanRecord,
    PlanReviewRecord,
    RiskAreaRecord,
    to_record,
)
from trusted_trader.store.models import (
    EngagementPlan,
    PlanActionItem,
    PlanObjective,
    PlanReview,
    PlanRiskArea,
)
from trusted_trader.store.uow import UnitOfWork

R = TypeVar("R")
PlanPart = PlanRiskArea | PlanObjective | PlanActionItem | PlanReview


@dataclass(frozen=True)
class ObjectiveInput:
    description: str
    measure: str = "rate"
    baseline_value: float | None = None
    target_value: float | None = None
    id: int | None = None


@dataclass(frozen=True)
class ActionItemInput:
    description: str
    owner_side: str = "partner"
    owner_name: str = ""
    due_on: date | None = None
    status: str = "open"
    completed_on: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class PlanInput:
    period: MonthRange
    baseline: MonthRange
    title: str = ""
    summary: str = ""
    review_cadence_months: int = 3
    risk_areas: Sequence[RiskAreaRecord] = ()
    objectives: Sequence[ObjectiveInput] = ()
    action_items: Sequence[ActionItemInput] = ()
    review_dates: Sequence[date] = field(default_factory=tuple)


def validate_plan(data: PlanInput) -> None:
    """Check a plan's periods and risk areas; raise every problem at once."""
    problems = check_periods(data.period, data.baseline)
    for index, risk in enumerate(data.risk_areas, 1):
        if risk.area not in {a.value for a in RiskArea}:
            problems.append(Problem(f"risk area {index}", risk.area, "is not a risk area"))
        if risk.rating not in {r.value for r in RiskRating}:
            problems.append(
                Problem(f"risk area {index}", risk.rating, "rating must be low, medium or high")
            )
    for index, objective in enumerate(data.objectives, 1):
        if not objective.description.strip():
            problems.append(Problem(f"objective {index}", "", "needs a description"))
    for index, item in enumerate(data.action_items, 1):
        problems.extend(_action_problems(index, item))
    if problems:
        raise ValidationError(problems)


def _action_problems(index: int, item: ActionItemInput) -> list[Problem]:
    where = f"action item {index}"
    problems: list[Problem] = []
    if not item.description.strip():
        problems.append(Problem(where, "", "needs a description"))
    if item.owner_side not in {o.value for o in OwnerSide}:
        problems.append(Problem(where, item.owner_side, "owner must be CBP or the partner"))
    if item.status not in {s.value for s in ActionStatus}:
        problems.append(Problem(where, item.status, "is not an action-item status"))
    if item.status == ActionStatus.DONE and item.completed_on is None:
        problems.append(Problem(where, "", "a done action item needs its completion date"))
    return problems


def create_plan(uow: UnitOfWork, partner_id: int, data: PlanInput) -> PlanRecord:
    """Create a partner's engagement plan with its parts (audited)."""
    validate_plan(data)
    require_partner(uow, partner_id)
    plan = EngagementPlan(partner_id=partner_id, **_plan_columns(data))
    add_row(uow, plan, partner_id=partner_id)
    assert plan.id is not None
    _write_children(uow, plan.id, partner_id, data)
    return get_plan(uow, plan.id)


def save_plan(
    uow: UnitOfWork, plan_id: int, data: PlanInput, expected_version: int | None = None
) -> PlanRecord:
    """Save the plan; a change to an active plan makes a new revision."""
    validate_plan(data)
    plan = load_row(uow, EngagementPlan, plan_id, "engagement plan")
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError.single("status", plan.status, "a closed plan cannot be changed")
    columns = _plan_columns(data)
    if plan.status == PlanStatus.ACTIVE:
        columns["revision"] = plan.revision + 1
    change_row(uow, plan, columns, partner_id=plan.partner_id, expected_version=expected_version)
    _write_children(uow, plan_id, plan.partner_id, data)
    return get_plan(uow, plan_id)


def set_plan_status(uow: UnitOfWork, plan_id: int, status: str) -> PlanRecord:
    """Move a plan to a status its current one allows (audited)."""
    plan = load_row(uow, EngagementPlan, plan_id, "engagement plan")
    target = PlanStatus(status)
    if target not in ALLOWED_TRANSITIONS[PlanStatus(plan.status)]:
        raise ValidationError.single(
            "status", status, f"a {plan.status} plan cannot become {target.value}"
        )
    change_row(uow, plan, {"status": target.value}, partner_id=plan.partner_id)
    return get_plan(uow, plan_id)


def reopen_plan(uow: UnitOfWork, plan_id: int, status: str = PlanStatus.ACTIVE) -> PlanRecord:
    """Undo a close: the plan takes back ``status`` as a new revision (audited).

    Should another of the partner's plans have become active meanwhile, it comes back
    as a draft: a partner has one active plan at a time.
    """
    plan = load_row(uow, EngagementPlan, plan_id, "engagement plan")
    target = PlanStatus(status)
    if plan.status != PlanStatus.CLOSED or target == PlanStatus.CLOSED:
        raise ValidationError.single("status", plan.status, "only a closed plan can be reopened")
    active = uow.connection.execute(
        select(col(EngagementPlan.id)).where(
            col(EngagementPlan.partner_id) == plan.partner_id,
            col(EngagementPlan.status) == PlanStatus.ACTIVE.value,
        )
    ).first()
    if target == PlanStatus.ACTIVE and active is not None:
        target = PlanStatus.DRAFT
    columns = {"status": target.value, "revision": plan.revision + 1}
    change_row(uow, plan, columns, partner_id=plan.partner_id)
    return get_plan(uow, plan_id)


def copy_plan(uow: UnitOfWork, plan_id: int, *, months_later: int = 12) -> PlanRecord:
    """Start next period's plan from this one: same content, periods moved, items reopened."""
    source = get_plan(uow, plan_id)
    shift = months_later
    period = MonthRange(
        add_months(source.period_start, shift), add_months(source.period_end, shift)
    )
    data = PlanInput(
        period=period,
        baseline=MonthRange(source.period_start, source.period_end),
        title=source.title,
        summary=source.summary,
        review_cadence_months=source.review_cadence_months,
        risk_areas=source.risk_areas,
        objectives=[
            ObjectiveInput(o.description, o.measure, o.current_value, o.target_value)
            for o in source.objectives
        ],
        action_items=[
            ActionItemInput(a.description, a.owner_side, a.owner_name)
            for a in source.action_items
            if a.status not in (ActionStatus.DONE, ActionStatus.CANCELLED)
        ],
    )
    return create_plan(uow, source.partner_id, data)


def get_plan(uow: UnitOfWork, plan_id: int) -> PlanRecord:
    """A plan with its objectives, action items and risk areas."""
    plan = load_row(uow, EngagementPlan, plan_id, "engagement plan")
    parts = partial(_parts, uow, plan_id)
    return replace(
        to_record(PlanRecord, plan),
        risk_areas=parts(PlanRiskArea, RiskAreaRecord, col(PlanRiskArea.id)),
        objectives=parts(PlanObjective, ObjectiveRecord, col(PlanObjective.id)),
        action_items=parts(
            PlanActionItem, ActionItemRecord, col(PlanActionItem.due_on), col(PlanActionItem.id)
        ),
        reviews=parts(PlanReview, PlanReviewRecord, col(PlanReview.review_on)),
    )


def _parts(
    uow: UnitOfWork, plan_id: int, model: type[PlanPart], record: type[R], *order: Any
) -> tuple[R, ...]:
    """The rows of one part of a plan (risk areas, objectives, ...) as records, in order."""
    stmt = select(model).where(col(model.plan_id) == plan_id).order_by(*order)
    return tuple(to_record(record, dict(r)) for r in uow.connection.execute(stmt).mappings())


def list_plans(uow: UnitOfWork, partner_id: int) -> list[PlanRecord]:
    """A partner's plans, latest period first."""
    ids = uow.connection.execute(
        select(col(EngagementPlan.id))
        .where(col(EngagementPlan.partner_id) == partner_id)
        .order_by(col(EngagementPlan.period_start).desc(), col(EngagementPlan.id).desc())
    ).scalars()
    return [get_plan(uow, plan_id) for plan_id in list(ids) if plan_id is not None]


def _plan_columns(data: PlanInput) -> dict[str, Any]:
    return {
        "title": data.title.strip(),
        "summary": data.summary,
        "period_start": data.period.first,
        "period_end": data.period.last,
        "baseline_start": data.baseline.first,
        "baseline_end": data.baseline.last,
        "review_cadence_months": data.review_cadence_months,
    }


def _write_children(uow: UnitOfWork, plan_id: int, partner_id: int, data: PlanInput) -> None:
    conn = uow.connection
    before = _listed_content(uow, plan_id)
    conn.execute(delete(PlanRiskArea).where(col(PlanRiskArea.plan_id) == plan_id))
    if data.risk_areas:
        conn.execute(
            insert(PlanRiskArea),
            [
                {"plan_id": plan_id, "area": r.area, "rating": r.rating, "notes": r.notes}
                for r in data.risk_areas
            ],
        )
    conn.execute(delete(PlanReview).where(col(PlanReview.plan_id) == plan_id))
    if data.review_dates:
        conn.execute(
            insert(PlanReview),
            [{"plan_id": plan_id, "review_on": d} for d in sorted(set(data.review_dates))],
        )
    # Risk areas and review dates are rewritten wholesale: audit them as part of the plan.
    audit.record_change(
        uow,
        action="update",
        table=str(EngagementPlan.__tablename__),
        record_id=plan_id,
        partner_id=partner_id,
        before=before,
        after=_listed_content(uow, plan_id),
    )
    _sync(uow, PlanObjective, plan_id, partner_id, data.objectives)
    _sync(uow, PlanActionItem, plan_id, partner_id, data.action_items)


def _listed_content(uow: UnitOfWork, plan_id: int) -> dict[str, list[str]]:
    conn = uow.connection
    risks = conn.execute(
        select(col(PlanRiskArea.area), col(PlanRiskArea.rating), col(PlanRiskArea.notes))
        .where(col(PlanRiskArea.plan_id) == plan_id)
        .order_by(col(PlanRiskArea.area))
    ).all()
    reviews = conn.execute(
        select(col(PlanReview.review_on))
        .where(col(PlanReview.plan_id) == plan_id)
        .order_by(col(PlanReview.review_on))
    ).scalars()
    return {
        "risk_areas": [
            f"{area}: {rating}" + (f" ({notes})" if notes else "") for area, rating, notes in risks
        ],
        "review_dates": [str(d) for d in reviews],
    }


def _sync(
    uow: UnitOfWork,
    model: type[PlanObjective] | type[PlanActionItem],
    plan_id: int,
    partner_id: int,
    items: Sequence[ObjectiveInput] | Sequence[ActionItemInput],
) -> None:
    """Keep rows whose id comes back (updating only what changed), add new, drop missing."""
    existing = {
        row.id: row
        for row in uow.session.execute(select(model).where(col(model.plan_id) == plan_id)).scalars()
    }
    kept: set[int] = set()
    for item in items:
        values = {k: v for k, v in item.__dict__.items() if k != "id"}
        if isinstance(item, ActionItemInput) and item.description:
            values["description"] = item.description.strip()
        row = existing.get(item.id) if item.id is not None else None
        if row is None:
            add_row(uow, model(plan_id=plan_id, **values), partner_id=partner_id)
            continue
        kept.add(item.id)  # type: ignore[arg-type]
        changes = {k: v for k, v in values.items() if getattr(row, k) != v}
        if changes:
            change_row(uow, row, changes, partner_id=partner_id)
    for row_id, row in existing.items():
        if row_id not in kept:
            delete_row(uow, row, partner_id=partner_id)
    uow.session.flush()
