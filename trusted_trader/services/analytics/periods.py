"""Which plan a partner's figures are compared by, and the periods that gives."""

from __future__ import annotations

from datetime import date

from trusted_trader.domain.enums import PeriodMode, PlanStatus
from trusted_trader.domain.periods import Comparison, MonthRange, choose_comparison
from trusted_trader.services.plans import list_plans
from trusted_trader.services.records import PlanRecord
from trusted_trader.store.uow import UnitOfWork

__all__ = ["comparison_plan", "partner_comparison"]


def comparison_plan(uow: UnitOfWork, partner_id: int) -> PlanRecord | None:
    """The partner's active plan, else its latest one (None without a plan)."""
    plans = list_plans(uow, partner_id)
    active = [p for p in plans if p.status == PlanStatus.ACTIVE]
    chosen = active or plans
    return chosen[0] if chosen else None


def partner_comparison(
    uow: UnitOfWork,
    partner_id: int,
    today: date,
    mode: PeriodMode = PeriodMode.PLAN,
    custom: tuple[MonthRange, MonthRange] | None = None,
) -> tuple[Comparison, PlanRecord | None]:
    """The periods a partner's figures compare by ``mode``, and the plan they come from."""
    plan = comparison_plan(uow, partner_id)
    return choose_comparison(mode, today, plan, custom), plan
