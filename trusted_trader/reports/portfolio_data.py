"""The portfolio report's data: every partner in scope, the roll-up and who needs attention."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from trusted_trader.domain.deadlines import DeadlineKind
from trusted_trader.domain.enums import PlanStatus
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.domain.statistics import PeriodCounts, Reduction, Verdict
from trusted_trader.reports.progress_data import TrendPoint, trend_points
from trusted_trader.services import analytics
from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
from trusted_trader.services.facilitation import facilitation_counts
from trusted_trader.services.portfolio import PlanSummary, centers_of, list_plan_summaries
from trusted_trader.store.uow import UnitOfWork

# A plan is stale when none of its action items moved in this many days.
STALE_PLAN_DAYS = 90
NO_PLAN = "No plan"
# An Account Executive's partners may sit in several Centers: a funnel page for each, up to
# this many (the Centers holding most of them), so a scattered portfolio stays readable.
MOST_FUNNELS = 4


@dataclass(frozen=True)
class PortfolioRow:
    partner_id: int
    legal_name: str
    ior_numbers: str
    tier: CtpatTier | None
    baseline_counts: PeriodCounts
    current_counts: PeriodCounts
    result: Reduction
    open_deadlines: int
    overdue_actions: int
    plan_status: str
    stale_plan: bool
    compliance: str = "not measurable"  # the compliance verdict of the two periods
    facilitation: int = 0  # facilitation records in the current period


@dataclass(frozen=True)
class AttentionLine:
    legal_name: str
    ior_numbers: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FunnelPage:
    """A Center's funnel plot; `highlight` are the portfolio's partners, named on the plot."""

    funnel: analytics.CenterFunnel
    highlight: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PortfolioSnapshot:
    scope_label: str
    scope_type: str
    baseline: MonthRange
    current: MonthRange
    sort_key: str
    rows: tuple[PortfolioRow, ...]
    total_baseline: PeriodCounts
    total_current: PeriodCounts
    total: Reduction
    statement: str
    trend: tuple[TrendPoint, ...]
    verdicts: tuple[tuple[str, int], ...]
    attention: tuple[AttentionLine, ...]
    today: date
    compliance: analytics.ScopeCompliance | None = None  # the whole scope's
    funnels: tuple[FunnelPage, ...] = ()
    more_centers: int = 0  # Centers of the portfolio left without a funnel page


def _rate_or_low(rate: float | None) -> float:
    return rate if rate is not None else float("-inf")


# Each key sorts so the row that needs reading first comes first.
SORTS: dict[str, Callable[[PortfolioRow], Any]] = {
    "name": lambda r: r.legal_name.casefold(),
    "tier": lambda r: (-(r.tier.rank if r.tier else 0), r.legal_name.casefold()),
    "rate": lambda r: (-_rate_or_low(r.result.current_rate), r.legal_name.casefold()),
    "baseline-rate": lambda r: (-_rate_or_low(r.result.baseline_rate), r.legal_name.casefold()),
    "reduction": lambda r: (
        r.result.reduction is None,
        -(r.result.reduction or 0.0),
        r.legal_name.casefold(),
    ),
    "verdict": lambda r: (
        list(Verdict).index(r.result.verdict),
        -(r.result.reduction or 0.0),
        r.legal_name.casefold(),
    ),
    "deadlines": lambda r: (-r.open_deadlines, r.legal_name.casefold()),
    "plan": lambda r: (r.plan_status, r.legal_name.casefold()),
}
SORT_KEYS = tuple(SORTS)


def build_portfolio_snapshot(
    uow: UnitOfWork,
    scope: analytics.Scope,
    baseline: MonthRange,
    current: MonthRange,
    sort_key: str,
    today: date,
) -> PortfolioSnapshot:
    if sort_key not in SORTS:
        raise ValueError(f"cannot sort by '{sort_key}'; use one of: {', '.join(SORT_KEYS)}")
    rows = _rows(uow, scope, baseline, current, today)
    rows.sort(key=SORTS[sort_key])
    total = analytics.reduction_for_scope(uow, scope, baseline, current)
    return PortfolioSnapshot(
        scope_label=scope.label,
        scope_type=scope.type,
        baseline=baseline,
        current=current,
        sort_key=sort_key,
        rows=tuple(rows),
        total_baseline=total.baseline_counts,
        total_current=total.current_counts,
        total=total.result,
        statement=total.result.sentence(),
        trend=trend_points(uow, scope, baseline, current),
        verdicts=_verdict_counts(rows),
        attention=tuple(_attention(rows)),
        today=today,
        compliance=analytics.compliance_for_scope(uow, scope, baseline, current),
        **_funnel_pages(uow, scope, current),
    )


def _funnel_pages(uow: UnitOfWork, scope: analytics.Scope, current: MonthRange) -> dict[str, Any]:
    """A Center's own funnel; for an Account Executive, each Center of their partners."""
    if scope.center_id is not None:
        return {"funnels": (FunnelPage(analytics.center_funnel(uow, scope.center_id, current)),)}
    if scope.executive_id is None:
        return {}  # everyone: the Centers are compared on their own reports
    centers = centers_of(uow, scope)
    pages = tuple(
        FunnelPage(analytics.center_funnel(uow, center_id, current), mine)
        for center_id, mine in centers[:MOST_FUNNELS]
    )
    return {"funnels": pages, "more_centers": max(0, len(centers) - MOST_FUNNELS)}


def _rows(
    uow: UnitOfWork,
    scope: analytics.Scope,
    baseline: MonthRange,
    current: MonthRange,
    today: date,
) -> list[PortfolioRow]:
    """One row per partner: its rates, deadlines and plan, from a handful of queries."""
    rates = analytics.partner_reductions(uow, scope, baseline, current)
    plans = _plan_by_partner(list_plan_summaries(uow, scope))
    open_deadlines, overdue = _deadline_counts(uow, scope, today)
    stale_since = today - timedelta(days=STALE_PLAN_DAYS)
    compliance = analytics.compliance_by_partner(uow, scope, baseline, current)
    delivered = facilitation_counts(uow, scope, current)
    return [
        PortfolioRow(
            partner_id=r.partner_id,
            legal_name=r.legal_name,
            ior_numbers=r.ior_numbers,
            tier=r.ctpat_tier,
            baseline_counts=r.baseline_counts,
            current_counts=r.current_counts,
            result=r.result,
            open_deadlines=open_deadlines[r.partner_id],
            overdue_actions=overdue[r.partner_id],
            plan_status=_plan_status(plans.get(r.partner_id)),
            stale_plan=_is_stale(plans.get(r.partner_id), stale_since),
            compliance=(
                compliance[r.partner_id].change.verdict.value
                if r.partner_id in compliance
                else "not measurable"
            ),
            facilitation=delivered.get(r.partner_id, 0),
        )
        for r in rates
    ]


def _deadline_counts(
    uow: UnitOfWork, scope: analytics.Scope, today: date
) -> tuple[Counter[int], Counter[int]]:
    """Open deadlines (overdue or due within 60 days) and overdue action items, per partner."""
    found = list_deadlines(uow, DeadlineQuery(scope), today)
    open_ = Counter(d.partner_id for d in found)
    overdue = Counter(
        d.partner_id for d in found if d.kind is DeadlineKind.ACTION_ITEM and d.due_on < today
    )
    return open_, overdue


def _plan_by_partner(summaries: list[PlanSummary]) -> dict[int, PlanSummary]:
    """Each partner's active plan, else its newest (summaries come newest first)."""
    chosen: dict[int, PlanSummary] = {}
    for plan in summaries:
        held = chosen.get(plan.partner_id)
        if held is None or (plan.status == "active" and held.status != "active"):
            chosen[plan.partner_id] = plan
    return chosen


def _plan_status(plan: PlanSummary | None) -> str:
    return PlanStatus(plan.status).label if plan else NO_PLAN


def _is_stale(plan: PlanSummary | None, since: date) -> bool:
    if plan is None or plan.status != PlanStatus.ACTIVE.value:
        return False
    return plan.last_item_update is None or plan.last_item_update < since


def _verdict_counts(rows: list[PortfolioRow]) -> tuple[tuple[str, int], ...]:
    counts = Counter(r.result.verdict for r in rows)
    return tuple((v.value, counts[v]) for v in Verdict)


def _attention(rows: list[PortfolioRow]) -> list[AttentionLine]:
    """Rising rate, stale plan, overdue action items: most reasons first, then by name."""
    found = []
    for row in rows:
        reasons = []
        if row.result.verdict is Verdict.ROSE:
            reasons.append("Touch-point rate rose")
        if row.stale_plan:
            reasons.append(f"Plan stale (no action item updated in {STALE_PLAN_DAYS} days)")
        if row.overdue_actions:
            noun = "item" if row.overdue_actions == 1 else "items"
            reasons.append(f"{row.overdue_actions} overdue action {noun}")
        if reasons:
            found.append(AttentionLine(row.legal_name, row.ior_numbers, tuple(reasons)))
    found.sort(key=lambda a: (-len(a.reasons), a.legal_name.casefold()))
    return found
