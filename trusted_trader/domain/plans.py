"""Engagement-plan rules: periods, status transitions and review dates."""

from __future__ import annotations

from datetime import date

from trusted_trader.domain.enums import ActionStatus, PlanStatus
from trusted_trader.domain.errors import Problem
from trusted_trader.domain.periods import MonthRange, add_months

__all__ = [
    "ALLOWED_TRANSITIONS",
    "OPEN_ACTION_STATUSES",
    "check_periods",
    "is_open_action_item",
    "review_dates",
]

# An open action item: open or in progress, on a plan that is not closed (closing a
# plan settles its items). Every count, radar and report reads this one definition.
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def is_open_action_item(status: str, plan_status: str = PlanStatus.ACTIVE) -> bool:
    """True for an action item still to do, in a plan not closed."""
    return status in OPEN_ACTION_STATUSES and plan_status != PlanStatus.CLOSED


# A plan is written (draft), put into force (active) and closed; an active plan
# that changes gets a new revision rather than going back to draft.
ALLOWED_TRANSITIONS: dict[PlanStatus, set[PlanStatus]] = {
    PlanStatus.DRAFT: {PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.CLOSED},
    PlanStatus.ACTIVE: {PlanStatus.ACTIVE, PlanStatus.CLOSED},
    PlanStatus.CLOSED: {PlanStatus.CLOSED},
}


def check_periods(period: MonthRange, baseline: MonthRange) -> list[Problem]:
    """The baseline must end before the plan period starts."""
    if baseline.last >= period.first:
        return [
            Problem(
                "baseline",
                str(baseline),
                f"must end before the plan period starts ({period.first:%Y-%m})",
            )
        ]
    return []


def review_dates(period: MonthRange, cadence_months: int) -> list[date]:
    """Review dates every ``cadence_months`` from the start, within the period."""
    if cadence_months <= 0:
        return []
    dates: list[date] = []
    step = cadence_months
    while (review := add_months(period.first, step)) < period.end_exclusive:
        dates.append(review)
        step += cadence_months
    dates.append(period.last)
    return sorted(set(dates))
