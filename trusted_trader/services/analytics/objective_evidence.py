"""The counts an objective is judged on, and the partner's recent monthly volume.

Recent volume is the mean of the last 12 full months: entries per month for a touch-point
objective, examined entries per month for a compliance objective. It is what the plan's
months still to come are expected to bring when its provability is worked out.
"""

from __future__ import annotations

from datetime import date

from trusted_trader.domain.objective_proof import COMPLIANCE, TOUCH_POINTS, Evidence
from trusted_trader.domain.periods import MonthRange, PlanDates, last_full_months, month_start
from trusted_trader.services.analytics.compliance import compliance_for_scope
from trusted_trader.services.analytics.core import ScopeReduction
from trusted_trader.services.analytics.queries import sum_entries
from trusted_trader.services.scope import Scope
from trusted_trader.store.uow import UnitOfWork

__all__ = ["RECENT_MONTHS", "compliance_evidence", "plan_months", "touch_point_evidence"]

RECENT_MONTHS = 12


def plan_months(plan: PlanDates) -> MonthRange:
    """The plan's whole period, first month to last."""
    return MonthRange(month_start(plan.period_start), month_start(plan.period_end))


def touch_point_evidence(
    uow: UnitOfWork, found: ScopeReduction, plan: PlanDates, started: bool, today: date
) -> Evidence:
    """A touch-point objective's counts, with the entries recent months brought."""
    recent = sum_entries(uow, found.scope, last_full_months(today, RECENT_MONTHS)) or 0
    before, after = found.baseline_counts, found.current_counts
    return Evidence(
        TOUCH_POINTS,
        before.touch_points,
        before.entries or 0,
        after.touch_points,
        after.entries or 0,
        recent / RECENT_MONTHS,
        plan_months(plan),
        started,
    )


def compliance_evidence(
    uow: UnitOfWork,
    scope: Scope,
    periods: tuple[MonthRange, MonthRange],
    plan: PlanDates,
    started: bool,
    today: date,
) -> tuple[Evidence, str]:
    """A compliance objective's counts and which inspections they are over ("random"/"all")."""
    found = compliance_for_scope(uow, scope, *periods)
    recent_months = last_full_months(today, RECENT_MONTHS)
    recent = compliance_for_scope(uow, scope, recent_months, recent_months)
    same = recent.change if recent.selection == found.selection else recent.all_inspections
    # Both periods are the same months; the query counts each inspection in one of them.
    recent_exams = max(same.baseline.examined, same.current.examined)
    before, after = found.change.baseline, found.change.current
    evidence = Evidence(
        COMPLIANCE,
        before.clean,
        before.examined,
        after.clean,
        after.examined,
        recent_exams / RECENT_MONTHS,
        plan_months(plan),
        started,
    )
    return evidence, found.selection
