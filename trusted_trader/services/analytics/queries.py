"""The counting queries behind the touch-point statistics: every sum is a GROUP BY."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.services.scope import Scope, partners_in
from trusted_trader.services.standing import ctpat_tier_ranks, tier_of
from trusted_trader.store.models import (
    MonthlyVolume,
    Partner,
    PartnerIor,
    PortVolume,
    TouchPoint,
)
from trusted_trader.store.sql import joined, month_key
from trusted_trader.store.uow import UnitOfWork

# The entries a partner-month counts (``models.VOLUME_ENTRIES``): those counted from its
# imported entries where it has any, else the reported total. Every statistic reads this
# one expression; the covering index (partner_id, month, entries, derived_entries) holds
# all it reads, so a sum reads the index only.
MONTH_ENTRIES = func.coalesce(col(MonthlyVolume.derived_entries), col(MonthlyVolume.entries))


def _touch_points_in(scope: Scope, months: MonthRange, kind: str | None) -> list[Any]:
    conditions = [
        col(TouchPoint.partner_id).in_(partners_in(scope)),
        col(TouchPoint.occurred_on) >= months.first,
        col(TouchPoint.occurred_on) < months.end_exclusive,
    ]
    if kind is not None:
        conditions.append(col(TouchPoint.kind) == kind)
    return conditions


def volume_in(scope: Scope, months: MonthRange) -> list[Any]:
    """Conditions on monthly volumes: the scope's partners, in the months given."""
    return [
        col(MonthlyVolume.partner_id).in_(partners_in(scope)),
        col(MonthlyVolume.month) >= months.first,
        col(MonthlyVolume.month) < months.end_exclusive,
    ]


def count_touch_points(uow: UnitOfWork, scope: Scope, months: MonthRange, kind: str | None) -> int:
    """Touch points of the scope in the months, of one kind or of all (None)."""
    stmt = (
        select(func.count()).select_from(TouchPoint).where(*_touch_points_in(scope, months, kind))
    )
    return int(uow.connection.execute(stmt).scalar_one())


def touch_points_on_days(uow: UnitOfWork, scope: Scope, first: date, last: date) -> int:
    """Touch points of the scope from ``first`` to ``last``, both days included."""
    stmt = (
        select(func.count())
        .select_from(TouchPoint)
        .where(
            col(TouchPoint.partner_id).in_(partners_in(scope)),
            col(TouchPoint.occurred_on) >= first,
            col(TouchPoint.occurred_on) <= last,
        )
    )
    return int(uow.connection.execute(stmt).scalar_one())


def touch_points_without_volume(
    uow: UnitOfWork, scope: Scope, months: MonthRange, kind: str | None
) -> int:
    """Touch points of the scope's partners that have no entries in any month of the period.

    The correlated NOT EXISTS seeks the (partner_id, month) key once per partner, so the
    check costs a few milliseconds for a Center, and nothing more when all report volume.
    """
    with_entries = (
        select(col(MonthlyVolume.id))
        .where(
            col(MonthlyVolume.partner_id) == col(Partner.id),
            col(MonthlyVolume.month) >= months.first,
            col(MonthlyVolume.month) < months.end_exclusive,
            MONTH_ENTRIES > 0,
        )
        .exists()
    )
    without = partners_in(scope).where(~with_entries)
    conditions = _touch_points_in(scope, months, kind)[1:]
    stmt = (
        select(func.count())
        .select_from(TouchPoint)
        .where(col(TouchPoint.partner_id).in_(without), *conditions)
    )
    return int(uow.connection.execute(stmt).scalar_one())


def sum_entries(uow: UnitOfWork, scope: Scope, months: MonthRange) -> int | None:
    """Entries in the period; None when no month of it has a volume on record."""
    stmt = select(func.sum(MONTH_ENTRIES)).where(*volume_in(scope, months))
    total = uow.connection.execute(stmt).scalar_one()
    return None if total is None else int(total)


def touch_points_by(
    uow: UnitOfWork, scope: Scope, months: MonthRange, column: Any, kind: str | None = None
) -> dict[Any, int]:
    """Touch points in the period grouped by one column (kind, port, partner)."""
    stmt = (
        select(column, func.count()).where(*_touch_points_in(scope, months, kind)).group_by(column)
    )
    return {key: int(n) for key, n in uow.connection.execute(stmt)}


def touch_points_by_month(
    uow: UnitOfWork, scope: Scope, months: MonthRange, kind: str | None
) -> dict[str, int]:
    """Touch points per ``YYYY-MM`` month."""
    return touch_points_by(uow, scope, months, _month_of(col(TouchPoint.occurred_on), uow), kind)


def _month_of(column: Any, uow: UnitOfWork) -> Any:
    # SQLite holds dates as ISO text: the first seven characters are the month, and cutting
    # them is a third cheaper than strftime over a Center's tens of thousands of rows.
    if uow.dialect == "sqlite":
        return func.substr(column, 1, 7)
    return month_key(column, uow.dialect)


def entries_by_month(uow: UnitOfWork, scope: Scope, months: MonthRange) -> dict[str, int]:
    """Entries per ``YYYY-MM`` month, for the months that have a volume on record."""
    month = col(MonthlyVolume.month)  # always the first of its month: group by it as it is
    stmt = select(month, func.sum(MONTH_ENTRIES)).where(*volume_in(scope, months)).group_by(month)
    return {month_text(key): int(n or 0) for key, n in uow.connection.execute(stmt)}


def entries_by_partner(uow: UnitOfWork, scope: Scope, months: MonthRange) -> dict[int, int]:
    """Entries filed in the months, per partner of the scope."""
    stmt = (
        select(col(MonthlyVolume.partner_id), func.sum(MONTH_ENTRIES))
        .where(*volume_in(scope, months))
        .group_by(col(MonthlyVolume.partner_id))
    )
    return {int(pid): int(n or 0) for pid, n in uow.connection.execute(stmt)}


def entries_by_port(uow: UnitOfWork, scope: Scope, months: MonthRange) -> dict[str, int]:
    """Entries in the period per port, counted from the scope's imported entries."""
    port = col(PortVolume.port_code)
    stmt = (
        select(port, func.sum(col(PortVolume.entries)))
        .where(
            col(PortVolume.partner_id).in_(partners_in(scope)),
            col(PortVolume.month) >= months.first,
            col(PortVolume.month) < months.end_exclusive,
        )
        .group_by(port)
    )
    return {str(code): int(n or 0) for code, n in uow.connection.execute(stmt)}


@dataclass(frozen=True)
class PartnerRow:
    id: int
    legal_name: str
    ior_numbers: str
    ctpat_tier: CtpatTier | None


def partners_of(uow: UnitOfWork, scope: Scope) -> list[PartnerRow]:
    """The scope's partners with their IOR numbers and CTPAT tier, by name."""
    iors = (
        select(col(PartnerIor.partner_id), joined(PartnerIor.ior_number).label("iors"))
        .group_by(col(PartnerIor.partner_id))
        .subquery()
    )
    tiers = ctpat_tier_ranks()
    stmt = (
        select(col(Partner.id), col(Partner.legal_name), iors.c.iors, tiers.c.tier_rank)
        .outerjoin(iors, iors.c.partner_id == col(Partner.id))
        .outerjoin(tiers, tiers.c.partner_id == col(Partner.id))
        .where(col(Partner.id).in_(partners_in(scope)))
        .order_by(col(Partner.legal_name), col(Partner.id))
    )
    return [
        PartnerRow(int(r[0]), str(r[1]), r[2] or "", tier_of(r[3]))
        for r in uow.connection.execute(stmt)
    ]


def month_text(day: date) -> str:
    """A month as the queries group it: ``YYYY-MM``."""
    return f"{day:%Y-%m}"
