"""The progress report's data: one partner's reduction, trend, objectives, actions and deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.deadlines import Deadline, DeadlineKind, Urgency
from trusted_trader.domain.enums import ActionStatus, TouchPointKind
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.plans import OPEN_ACTION_STATUSES
from trusted_trader.domain.statistics import PeriodCounts, Reduction
from trusted_trader.reports.formatting import DASH
from trusted_trader.reports.plan_data import (
    ActionLine,
    ObjectiveLine,
    PartnerProfileLines,
    PlanHeading,
    action_line,
    objective_line,
    plan_heading,
    profile_lines,
)
from trusted_trader.services import analytics
from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
from trusted_trader.services.facilitation import kind_label, list_facilitation
from trusted_trader.services.partners import get_partner
from trusted_trader.services.plans import get_plan, list_plans
from trusted_trader.services.records import PlanRecord
from trusted_trader.services.scope import Scope
from trusted_trader.store.uow import UnitOfWork

# Deadlines up to this far ahead are listed (and every overdue one).
DEADLINE_HORIZON_DAYS = 90
PORTS_SHOWN = 10  # the busiest ports, by touch points in both periods
_OPEN_LABELS = frozenset(status.label for status in OPEN_ACTION_STATUSES)


@dataclass(frozen=True)
class TrendPoint:
    month: date
    touch_points: int
    entries: int
    rate: float | None


@dataclass(frozen=True)
class KindLine:
    kind: str
    baseline_touch_points: int
    current_touch_points: int
    result: Reduction


@dataclass(frozen=True)
class ObjectiveProgress(ObjectiveLine):
    """A plan objective and where its measure stands now."""

    current: float | None
    met: bool | None
    # "Met, statistically clear", "Met, but not yet distinguishable from chance", "Not met"
    result: str = DASH
    provable: str = ""
    clear: bool | None = None


@dataclass(frozen=True)
class ActionCounts:
    done: int
    open: int
    overdue: int


@dataclass(frozen=True)
class DeadlineLine:
    due_on: date
    kind: str
    title: str
    overdue: bool
    status: str = ""  # "open, due 2026-12-31", "overdue", "due soon", …


@dataclass(frozen=True)
class FacilitationLine:
    occurred_on: date
    kind: str  # its label
    description: str
    plan: str  # the plan it served, or empty


@dataclass(frozen=True)
class ProgressSnapshot:
    partner: PartnerProfileLines
    plan: PlanHeading | None
    baseline: MonthRange
    current: MonthRange
    baseline_counts: PeriodCounts
    current_counts: PeriodCounts
    result: Reduction
    statement: str
    trend: tuple[TrendPoint, ...]
    plan_start: date | None
    completions: tuple[date, ...]
    kinds: tuple[KindLine, ...]
    objectives: tuple[ObjectiveProgress, ...]
    action_counts: ActionCounts
    open_actions: tuple[ActionLine, ...]
    deadlines: tuple[DeadlineLine, ...]
    today: date
    comparison_text: str = ""  # which periods are compared, in words
    compliance: analytics.ScopeCompliance | None = None
    facilitation: tuple[FacilitationLine, ...] = ()  # delivered in the current period
    ports: tuple[KindLine, ...] = ()  # the busiest ports, each line's ``kind`` its port code
    port_caption: str = ""  # what the port rates divide by


def plan_periods(plan: PlanRecord, today: date) -> tuple[MonthRange, MonthRange]:
    """A plan's baseline, and its period up to the last full month before ``today``."""
    baseline, current, _started = analytics.plan_periods(plan, today)
    return baseline, current


def latest_plan(uow: UnitOfWork, partner_id: int) -> PlanRecord | None:
    """The plan a progress report follows: the active one, else the latest (as in the window)."""
    return analytics.comparison_plan(uow, partner_id)


def trend_points(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> tuple[TrendPoint, ...]:
    """The monthly series from the earlier period's first month to the later one's last."""
    months = MonthRange(min(baseline.first, current.first), max(baseline.last, current.last))
    return tuple(
        TrendPoint(p.month, p.touch_points, p.entries, p.rate)
        for p in analytics.monthly_series(uow, scope, months)
    )


def build_progress_snapshot(
    uow: UnitOfWork,
    partner_id: int,
    plan_id: int | None,
    baseline: MonthRange,
    current: MonthRange,
    today: date,
    description: str = "",
) -> ProgressSnapshot:
    partner = get_partner(uow, partner_id)
    plan = get_plan(uow, plan_id) if plan_id is not None else None
    scope = analytics.Scope("partner", partner.id, partner.legal_name)
    overall = analytics.reduction_for_scope(uow, scope, baseline, current)
    ports = analytics.reduction_by_port(uow, scope, baseline, current, limit=PORTS_SHOWN)
    actions = tuple(action_line(a, today) for a in plan.action_items) if plan else ()
    return ProgressSnapshot(
        partner=profile_lines(partner),
        plan=plan_heading(plan) if plan else None,
        baseline=baseline,
        current=current,
        baseline_counts=overall.baseline_counts,
        current_counts=overall.current_counts,
        result=overall.result,
        statement=overall.result.sentence(),
        trend=trend_points(uow, scope, baseline, current),
        plan_start=plan.period_start if plan else None,
        completions=tuple(sorted(a.completed_on for a in actions if a.completed_on)),
        kinds=tuple(_kind_lines(uow, scope, baseline, current)),
        objectives=tuple(_objectives(uow, plan, today)) if plan else (),
        action_counts=_count_actions(actions),
        open_actions=tuple(a for a in actions if a.status in _OPEN_LABELS),
        deadlines=tuple(_deadline_lines(uow, partner_id, today)),
        today=today,
        comparison_text=description or f"{current.label()} against baseline {baseline.label()}",
        compliance=analytics.compliance_for_scope(uow, scope, baseline, current),
        facilitation=tuple(_facilitation_lines(uow, partner_id, current)),
        ports=tuple(_line(port, found) for port, found in ports.ports),
        port_caption=ports.caption,
    )


def _facilitation_lines(
    uow: UnitOfWork, partner_id: int, months: MonthRange
) -> list[FacilitationLine]:
    """What CBP delivered in the period, oldest first, with the plan each served."""
    titles = {p.id: p.title or "Engagement plan" for p in list_plans(uow, partner_id)}
    return [
        FacilitationLine(
            r.occurred_on,
            kind_label(r.kind),
            r.description,
            titles.get(r.plan_id, "") if r.plan_id is not None else "",
        )
        for r in reversed(list_facilitation(uow, partner_id, months))
    ]


def _kind_lines(
    uow: UnitOfWork, scope: analytics.Scope, baseline: MonthRange, current: MonthRange
) -> list[KindLine]:
    """Kinds seen in either period, in the enum's order."""
    lines = []
    for found in analytics.reduction_by_kind(uow, scope, baseline, current):
        if found.baseline_counts.touch_points or found.current_counts.touch_points:
            lines.append(_line(TouchPointKind(found.kind).label if found.kind else "All", found))
    return lines


def _line(label: str, found: analytics.ScopeReduction) -> KindLine:
    b, c = found.baseline_counts.touch_points, found.current_counts.touch_points
    return KindLine(label, b, c, found.result)


def _objectives(uow: UnitOfWork, plan: PlanRecord, today: date) -> list[ObjectiveProgress]:
    """The plan's objectives as the plan prints them, each with its measure's value now."""
    return [
        ObjectiveProgress(**vars(objective_line(m)), current=m.current_value)
        for m in analytics.measure_objectives(uow, plan, today=today)
    ]


def _count_actions(actions: tuple[ActionLine, ...]) -> ActionCounts:
    done = sum(1 for a in actions if a.status == ActionStatus.DONE.label)
    open_ = sum(1 for a in actions if a.status in _OPEN_LABELS)
    return ActionCounts(done=done, open=open_, overdue=sum(1 for a in actions if a.overdue))


def _deadline_lines(uow: UnitOfWork, partner_id: int, today: date) -> list[DeadlineLine]:
    """Responses due and program and plan reviews; action items have their own section."""
    query = DeadlineQuery(Scope.of(partner_id=partner_id), horizon_days=DEADLINE_HORIZON_DAYS)
    return [
        deadline_line(d, today)
        for d in list_deadlines(uow, query, today)
        if d.kind is not DeadlineKind.ACTION_ITEM
    ]


def deadline_line(deadline: Deadline, today: date) -> DeadlineLine:
    return DeadlineLine(
        due_on=deadline.due_on,
        kind=deadline.kind.value.capitalize(),
        title=deadline.title,
        overdue=deadline.urgency(today) == Urgency.OVERDUE,
        status=deadline.status(today),
    )
