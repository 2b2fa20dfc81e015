"""Partners side by side: each partner's reduction, and a Center's funnel plot of rates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.domain.errors import NotFoundError
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.domain.statistics import (
    PeriodCounts,
    Reduction,
    Verdict,
    funnel_limits_for,
    rate_ratio,
    reductions_between,
    verdicts_between,
)
from trusted_trader.services.analytics.queries import (
    PartnerRow,
    entries_by_partner,
    partners_of,
    touch_points_by,
)
from trusted_trader.services.scope import Scope, partners_in
from trusted_trader.store.models import Center, Partner, TouchPoint
from trusted_trader.store.uow import UnitOfWork

# Two-sided 99.8% (three-sigma-like) limits, the outer lines of a funnel plot.
Z_998 = 3.090232306167813

__all__ = [
    "CenterFunnel",
    "FunnelLimits",
    "FunnelPoint",
    "PartnerChange",
    "PartnerRate",
    "center_funnel",
    "partner_changes",
    "partner_names",
    "partner_reductions",
]


@dataclass(frozen=True)
class PartnerRate:
    partner_id: int
    legal_name: str
    ior_numbers: str
    ctpat_tier: CtpatTier | None
    baseline_counts: PeriodCounts
    current_counts: PeriodCounts
    result: Reduction


def partner_reductions(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> list[PartnerRate]:
    """Every partner in scope, by name, from five GROUP BY queries (not one per partner)."""
    partners = partners_of(uow, scope)
    before = _PartnerCounts(uow, scope, baseline)
    after = _PartnerCounts(uow, scope, current)
    pairs = [(before(p.id), after(p.id)) for p in partners]
    return [
        PartnerRate(p.id, p.legal_name, p.ior_numbers, p.ctpat_tier, b, c, result)
        for p, (b, c), result in zip(partners, pairs, reductions_between(pairs), strict=True)
    ]


class _PartnerCounts:
    """Touch points and entries of one period for each partner of a scope."""

    def __init__(self, uow: UnitOfWork, scope: Scope, months: MonthRange) -> None:
        self.months = months.months
        self.touch_points = touch_points_by(uow, scope, months, col(TouchPoint.partner_id))
        self.entries = entries_by_partner(uow, scope, months)

    def __call__(self, partner_id: int) -> PeriodCounts:
        return PeriodCounts(
            self.touch_points.get(partner_id, 0), self.entries.get(partner_id), self.months
        )


@dataclass(frozen=True)
class PartnerChange:
    """A partner's counts in both periods and its verdict; the interval is left to the few
    that are shown (`reduction_between` on the two counts)."""

    partner_id: int
    baseline_counts: PeriodCounts
    current_counts: PeriodCounts
    rate_ratio: float | None
    verdict: Verdict


def partner_changes(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> list[PartnerChange]:
    """Every partner in scope with the verdict `partner_reductions` gives it, at a tenth of
    the cost: four GROUP BY queries and one binomial tail per partner, no names."""
    ids = [int(row[0]) for row in uow.connection.execute(partners_in(scope))]
    before = _PartnerCounts(uow, scope, baseline)
    after = _PartnerCounts(uow, scope, current)
    pairs = [(before(i), after(i)) for i in ids]
    return [
        PartnerChange(i, b, c, rate_ratio(b, c), verdict)
        for i, (b, c), verdict in zip(ids, pairs, verdicts_between(pairs), strict=True)
    ]


def partner_names(uow: UnitOfWork, ids: list[int]) -> dict[int, str]:
    """The legal names of a few partners, by id."""
    stmt = select(col(Partner.id), col(Partner.legal_name)).where(col(Partner.id).in_(ids))
    return {int(m["id"]): str(m["legal_name"]) for m in uow.connection.execute(stmt).mappings()}


@dataclass(frozen=True)
class FunnelPoint:
    partner_id: int
    legal_name: str
    touch_points: int
    entries: int
    rate: float | None  # per 1,000 entries
    lower: float  # 95% control limits for this volume around the Center rate
    upper: float
    position: str  # "above", "below" or "within" the 95% limits
    # 99.8% limits (z = 3.09): beyond them a rate is very unlikely to be chance.
    lower_998: float = 0.0
    upper_998: float = math.inf

    @property
    def beyond_998(self) -> bool:
        return self.rate is not None and not self.lower_998 <= self.rate <= self.upper_998


@dataclass(frozen=True)
class FunnelLimits:
    """The limits at one volume, for drawing the funnel's curves."""

    entries: int
    lower: float
    upper: float
    lower_998: float
    upper_998: float


@dataclass(frozen=True)
class CenterFunnel:
    center_id: int
    center_code: str
    months: MonthRange
    center_rate: float | None
    points: list[FunnelPoint]  # ranked by rate, highest first
    curve: list[FunnelLimits] = field(default_factory=list)  # volumes from least to most

    @property
    def beyond(self) -> list[FunnelPoint]:
        """Partners outside the 95% limits, highest rate first."""
        return [p for p in self.points if p.position != "within"]


def center_funnel(uow: UnitOfWork, center_id: int, months: MonthRange) -> CenterFunnel:
    """Each partner's rate against the Center's, with 95% control limits for its volume.

    The Center rate is taken over the partners with entries in the period, the same
    partners whose rates can be placed on the plot; partners without entries are listed
    last, with no rate, limits (0, inf) and position "within".
    """
    code = uow.connection.execute(
        select(col(Center.code)).where(col(Center.id) == center_id)
    ).scalar_one_or_none()
    if code is None:
        raise NotFoundError(f"There is no Center #{center_id}.")
    scope = Scope("center", center_id, str(code), str(code))
    counts = _PartnerCounts(uow, scope, months)
    partners = partners_of(uow, scope)
    measured = [p for p in partners if counts.entries.get(p.id)]
    total_entries = sum(counts.entries[p.id] for p in measured)
    total_touch_points = sum(counts.touch_points.get(p.id, 0) for p in measured)
    center_rate = total_touch_points / total_entries * 1000.0 if total_entries else None
    volumes = [counts.entries.get(p.id, 0) for p in partners]
    limits = funnel_limits_for(center_rate, volumes)
    wide = funnel_limits_for(center_rate, volumes, Z_998)
    points = [
        _funnel_point(p, counts.touch_points.get(p.id, 0), entries, bounds, wider)
        for p, entries, bounds, wider in zip(partners, volumes, limits, wide, strict=True)
    ]
    points.sort(key=lambda f: (f.rate is None, -(f.rate or 0.0), f.legal_name))
    curve = _curve(center_rate, [v for v in volumes if v > 0])
    return CenterFunnel(center_id, str(code), months, center_rate, points, curve)


def _curve(center_rate: float | None, volumes: list[int], steps: int = 40) -> list[FunnelLimits]:
    """Limits at volumes spaced evenly on a log scale from the least to the most entries."""
    if center_rate is None or not volumes:
        return []
    least, most = max(1, min(volumes)), max(volumes)
    ratio = (most / least) ** (1 / steps) if most > least else 1.0
    grid = sorted({round(least * ratio**i) for i in range(steps + 1)} | {least, most})
    narrow = funnel_limits_for(center_rate, grid)
    wide = funnel_limits_for(center_rate, grid, Z_998)
    return [
        FunnelLimits(n, lo, hi, wlo, whi)
        for n, (lo, hi), (wlo, whi) in zip(grid, narrow, wide, strict=True)
    ]


def _funnel_point(
    partner: PartnerRow,
    touch_points: int,
    entries: int,
    bounds: tuple[float, float],
    wider: tuple[float, float],
) -> FunnelPoint:
    rate = touch_points / entries * 1000.0 if entries else None
    lower, upper = bounds
    if rate is None or lower <= rate <= upper:
        position = "within"
    else:
        position = "above" if rate > upper else "below"
    return FunnelPoint(
        partner.id, partner.legal_name, touch_points, entries, rate, lower, upper, position, *wider
    )
