"""The one query of a partner's current CTPAT tier and of open action items.

The rules live in ``domain.programs.CtpatTier`` and ``domain.plans``; every list,
header, analytics row, import and export reads them through these helpers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from trusted_trader.domain.enums import EnrollmentStatus, PlanStatus, Program
from trusted_trader.domain.plans import OPEN_ACTION_STATUSES
from trusted_trader.domain.programs import TIER_HOLDING_STATUSES, CtpatTier
from trusted_trader.store.models import EngagementPlan, PlanActionItem, ProgramEnrollment

__all__ = ["ctpat_tier_ranks", "open_action_item_conditions", "tier_of"]


def ctpat_tier_ranks() -> Any:
    """A subquery (partner_id, tier_rank); ``tier_of(rank)`` reads the current tier."""
    enrollment = ProgramEnrollment
    certified = col(enrollment.status) == EnrollmentStatus.CERTIFIED.value
    rank = case((certified, col(enrollment.tier) + 10), else_=col(enrollment.tier))
    return (
        select(col(enrollment.partner_id), func.max(rank).label("tier_rank"))
        .where(
            col(enrollment.program) == Program.CTPAT.value,
            col(enrollment.status).in_([s.value for s in TIER_HOLDING_STATUSES]),
            col(enrollment.tier).is_not(None),
        )
        .group_by(col(enrollment.partner_id))
        .subquery()
    )


def tier_of(rank: Any) -> CtpatTier | None:
    """The CTPAT tier a rank of ``ctpat_tier_ranks`` stands for; None for none."""
    return CtpatTier.from_rank(None if rank is None else int(rank))


def open_action_item_conditions() -> list[Any]:
    """Conditions on PlanActionItem joined to its EngagementPlan: the item is open."""
    return [
        col(PlanActionItem.status).in_([s.value for s in OPEN_ACTION_STATUSES]),
        col(EngagementPlan.status) != PlanStatus.CLOSED.value,
    ]
