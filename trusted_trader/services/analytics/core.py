"""Touch-point reduction of a scope between two periods, its monthly series and breakdowns."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import col

from trusted_trader.domain.enums import PortBasis, TouchPointKind, parse_touch_point_kind
from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.identifiers import parse_ior_number
from trusted_trader.domain.periods import MonthRange, add_months, rolling_comparison
from trusted_trader.domain.statistics import (
    Basis,
    PeriodCounts,
    Reduction,
    declared_unmeasurable,
    rate_per_thousand,
    reduction_between,
    reductions_between,
)
from trusted_trader.domain.wording import port_basis_words, port_unrated_words
from trusted_trader.services.analytics.queries import (
    count_touch_points,
    entries_by_month,
    entries_by_port,
    month_text,
    sum_entries,
    touch_points_by,
    touch_points_by_month,
    touch_points_without_volume,
)
from trusted_trader.services.partners import find_partner_id
from trusted_trader.services.reference import center_by_code, executive_by_email
from trusted_trader.services.scope import Scope
from trusted_trader.store.models import Partner, TouchPoint
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "MonthPoint",
    "PortReductions",
    "Scope",
    "ScopeReduction",
    "default_periods",
    "monthly_series",
    "normal_kind",
    "reduction_by_kind",
    "reduction_by_port",
    "reduction_for_scope",
    "scope_for",
]

ALL_PARTNERS = "All partners"


def scope_for(
    uow: UnitOfWork,
    *,
    partner_ior: str | None = None,
    executive_email: str | None = None,
    center_code: str | None = None,
) -> Scope:
    """The scope the user named, resolved and labelled; everyone when nothing is named.

    Deleted partners cannot be named (NotFoundError), like unknown ones.
    """
    named = [x for x in (partner_ior, executive_email, center_code) if x is not None]
    if len(named) > 1:
        raise ValueError("name at most one of a partner, an Account Executive and a Center")
    if partner_ior is not None:
        partner_id = find_partner_id(uow, partner_ior)
        partner = uow.session.get(Partner, partner_id)
        label = partner.legal_name if partner else ""
        return Scope("partner", partner_id, label, parse_ior_number(partner_ior))
    if executive_email is not None:
        executive = executive_by_email(uow, executive_email)
        return Scope("executive", executive.id, executive.name, executive.email)
    if center_code is not None:
        center = center_by_code(uow, center_code)
        return Scope("center", center.id, center.code, center.code)
    return Scope("all", None, ALL_PARTNERS)


def normal_kind(kind: str | None) -> str | None:
    """A touch-point kind in its stored form (``cf28``); None stays None (all kinds)."""
    if kind is None:
        return None
    try:
        return parse_touch_point_kind(kind).value
    except ValueError as exc:
        raise ValidationError.single("kind", kind, str(exc)) from None


def default_periods(today: date) -> tuple[MonthRange, MonthRange]:
    """(baseline, current): the 12 full months before today's month, and the 12 before those."""
    found = rolling_comparison(today)
    return found.baseline, found.current


@dataclass(frozen=True)
class ScopeReduction:
    scope: Scope
    baseline: MonthRange
    current: MonthRange
    kind: str | None
    baseline_counts: PeriodCounts
    current_counts: PeriodCounts
    result: Reduction

    def as_json(self) -> dict[str, Any]:
        """The ``stats --json`` object; an interval with an infinite bound is written null."""
        result = self.result
        return {
            "scope": {"type": self.scope.type, "id": _scope_key(self.scope)},
            "basis": result.basis.value,
            "baseline": _period_json(self.baseline, self.baseline_counts, result.baseline_rate),
            "current": _period_json(self.current, self.current_counts, result.current_rate),
            "rate_ratio": _finite(result.rate_ratio),
            "reduction": _finite(result.reduction),
            "reduction_ci95": _interval_json(result.reduction_ci95),
            "p_value": _finite(result.p_value),
            "verdict": result.verdict.value,
            "note": result.note,
        }


def _scope_key(scope: Scope) -> str | None:
    if scope.type == "all":
        return None
    return scope.key or str(scope.id)


def _period_json(months: MonthRange, counts: PeriodCounts, rate: float | None) -> dict[str, Any]:
    return {
        "from": month_text(months.first),
        "to": month_text(months.last),
        "touch_points": counts.touch_points,
        "entries": counts.entries,
        "rate": _finite(rate),
    }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _interval_json(interval: tuple[float, float] | None) -> list[float] | None:
    if interval is None or not all(math.isfinite(v) for v in interval):
        return None
    return [interval[0], interval[1]]


def period_counts(
    uow: UnitOfWork, scope: Scope, months: MonthRange, kind: str | None = None
) -> PeriodCounts:
    """Touch points and entries of a scope in one period, counted by the database."""
    return PeriodCounts(
        touch_points=count_touch_points(uow, scope, months, kind),
        entries=sum_entries(uow, scope, months),
        months=months.months,
    )


def reduction_for_scope(
    uow: UnitOfWork,
    scope: Scope,
    baseline: MonthRange,
    current: MonthRange,
    kind: str | None = None,
) -> ScopeReduction:
    """The scope's change in touch points per 1,000 entries from baseline to current."""
    kind = normal_kind(kind)
    before = period_counts(uow, scope, baseline, kind)
    after = period_counts(uow, scope, current, kind)
    result = reduction_between(before, after)
    if result.basis is Basis.ENTRIES and scope.type != "partner":
        result = _note_unmeasured(uow, scope, (baseline, current), kind, result)
    return ScopeReduction(scope, baseline, current, kind, before, after, result)


def _note_unmeasured(
    uow: UnitOfWork,
    scope: Scope,
    periods: tuple[MonthRange, MonthRange],
    kind: str | None,
    result: Reduction,
) -> Reduction:
    """Say so when partners without entries add touch points but no entries to a rate."""
    baseline, current = (touch_points_without_volume(uow, scope, p, kind) for p in periods)
    if not baseline and not current:
        return result
    said = (
        f"{baseline} baseline and {current} current touch points are of partners with no "
        "entries on record for the period; they are counted, their entries are missing."
    )
    return replace(result, note=f"{result.note} {said}" if result.note else said)


@dataclass(frozen=True)
class MonthPoint:
    month: date
    touch_points: int
    entries: int
    rate: float | None  # per 1,000 entries; None when entries == 0


def monthly_series(
    uow: UnitOfWork, scope: Scope, months: MonthRange, kind: str | None = None
) -> list[MonthPoint]:
    """One point per month of the range (months without data are zeros)."""
    kind = normal_kind(kind)
    counts = touch_points_by_month(uow, scope, months, kind)
    entries = entries_by_month(uow, scope, months)
    points = []
    for index in range(months.months):
        month = add_months(months.first, index)
        key = month_text(month)
        n, e = counts.get(key, 0), entries.get(key, 0)
        points.append(MonthPoint(month, n, e, n / e * 1000.0 if e else None))
    return points


def reduction_by_kind(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> list[ScopeReduction]:
    """The reduction of each touch-point kind, in the enum's order; entries are the scope's."""
    column = col(TouchPoint.kind)
    return _breakdown(uow, scope, baseline, current, column, [k.value for k in TouchPointKind])


@dataclass(frozen=True)
class PortReductions:
    """The busiest ports' reductions, and what their rates divide by."""

    scope: Scope
    ports: list[tuple[str, ScopeReduction]]
    basis: PortBasis

    @property
    def caption(self) -> str:
        """What the rates divide by, in the words of the window, the CLI and the report."""
        per_month = any(r.result.basis is Basis.MONTHS for _, r in self.ports)
        one_partner = self.scope.type == "partner"
        return port_basis_words(self.basis, one_partner=one_partner, per_month=per_month)

    def as_json(self) -> dict[str, Any]:
        """The ports of ``stats --json``: what the rates divide by, and each port's figures."""
        return {
            "basis": self.basis.value,
            "caption": self.caption,
            "ports": [
                {
                    "port": port,
                    "baseline": _period_json(r.baseline, r.baseline_counts, r.result.baseline_rate),
                    "current": _period_json(r.current, r.current_counts, r.result.current_rate),
                    "rate_ratio": _finite(r.result.rate_ratio),
                    "verdict": r.result.verdict.value,
                    "note": r.result.note,
                }
                for port, r in self.ports
            ],
        }


def reduction_by_port(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange, limit: int = 15
) -> PortReductions:
    """The busiest ports (touch points in both periods) first, with their rates.

    Where the scope's entries of both periods are counted from imported entries, each
    port's rate divides by that port's own entries; a port with touch points but no
    entries there has no rate. Otherwise the rates divide by the scope's entries, as
    the basis says. Touch points without a port are left out.
    """
    column = col(TouchPoint.port_code)
    before = touch_points_by(uow, scope, baseline, column)
    after = touch_points_by(uow, scope, current, column)
    ports = [p for p in set(before) | set(after) if p]
    ports.sort(key=lambda p: (-(before.get(p, 0) + after.get(p, 0)), p))
    busiest = ports[:limit]
    periods, counts = (baseline, current), (before, after)
    basis, by_port = _port_entries(uow, scope, periods)
    if by_port is None:
        found = _reductions(uow, scope, periods, counts, busiest, by_kind=False)
    else:
        own = by_port  # each port's rate divides by the port's own entries
        found = _rated(scope, periods, counts, busiest, lambda i, port: own[i].get(port, 0))
        found = [_unrated(f) for f in found]
    return PortReductions(scope, list(zip(busiest, found, strict=True)), basis)


PortEntries = tuple[dict[str, int], dict[str, int]]


def _port_entries(
    uow: UnitOfWork, scope: Scope, periods: tuple[MonthRange, MonthRange]
) -> tuple[PortBasis, PortEntries | None]:
    """Each period's entries per port, when they are all of the scope's entries."""
    by_port = (entries_by_port(uow, scope, periods[0]), entries_by_port(uow, scope, periods[1]))
    if not by_port[0] and not by_port[1]:
        return PortBasis.NO_PORT_ENTRIES, None
    totals = (sum_entries(uow, scope, periods[0]), sum_entries(uow, scope, periods[1]))
    # A month with a reported total but no imported entries has no ports: dividing the
    # ports' touch points of all months by the ports' entries of some would inflate them.
    counted = [sum(ports.values()) for ports in by_port]
    if counted != [total or 0 for total in totals]:
        return PortBasis.PART_BY_PORT, None
    return PortBasis.PORT_ENTRIES, by_port


def _unrated(found: ScopeReduction) -> ScopeReduction:
    """A port with no entries there in a period: its touch points counted, no rate."""
    pair = (found.baseline_counts, found.current_counts)
    empty = [(n, c) for n, c in zip(("baseline", "current"), pair, strict=True) if not c.entries]
    if not empty:
        return found
    note = port_unrated_words([n for n, _ in empty], sum(c.touch_points for _, c in empty))
    rates = (
        rate_per_thousand(pair[0].touch_points, pair[0].entries or 0),
        rate_per_thousand(pair[1].touch_points, pair[1].entries or 0),
    )
    result = replace(declared_unmeasurable(found.result, note, rates), basis=Basis.ENTRIES)
    return replace(found, result=result)


def _breakdown(
    uow: UnitOfWork,
    scope: Scope,
    baseline: MonthRange,
    current: MonthRange,
    column: Any,
    keys: list[str],
) -> list[ScopeReduction]:
    before = touch_points_by(uow, scope, baseline, column)
    after = touch_points_by(uow, scope, current, column)
    return _reductions(uow, scope, (baseline, current), (before, after), keys, by_kind=True)


def _reductions(
    uow: UnitOfWork,
    scope: Scope,
    periods: tuple[MonthRange, MonthRange],
    counts: tuple[dict[Any, int], dict[Any, int]],
    keys: list[str],
    *,
    by_kind: bool,
) -> list[ScopeReduction]:
    """One reduction per key (kind or port) from grouped counts; entries are the scope's."""
    entries = [sum_entries(uow, scope, period) for period in periods]
    kind = (lambda key: key) if by_kind else (lambda _key: None)
    return _rated(scope, periods, counts, keys, lambda i, _key: entries[i], kind)


def _rated(
    scope: Scope,
    periods: tuple[MonthRange, MonthRange],
    counts: tuple[dict[Any, int], dict[Any, int]],
    keys: list[str],
    entries: Callable[[int, str], int | None],
    kind: Callable[[str], str | None] = lambda _key: None,
) -> list[ScopeReduction]:
    """One reduction per key; ``entries(i, key)`` are the key's entries in period i."""
    baseline, current = periods
    pairs = [
        (
            PeriodCounts(counts[0].get(key, 0), entries(0, key), baseline.months),
            PeriodCounts(counts[1].get(key, 0), entries(1, key), current.months),
        )
        for key in keys
    ]
    return [
        ScopeReduction(scope, baseline, current, kind(key), b, c, result)
        for key, (b, c), result in zip(keys, pairs, reductions_between(pairs), strict=True)
    ]
