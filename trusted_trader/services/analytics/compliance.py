"""Compliance of a scope between two periods: examined entries and the clean share of them.

An entry counts as examined in a period when an exam or a CF-28 review of it has a recorded
finding there (no discrepancy, discrepancy, penalty assessed); it is clean when none of its
findings is a discrepancy. Touch points without an entry number count as entries of their
own. Where random (compliance measurement) inspections exist in both periods, their rate is
the unbiased figure the verdict rests on; the figure over all inspections, targeted ones
included, is kept beside it. One GROUP BY over the scope's inspections gives every count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, case, cast, func, literal, or_, select
from sqlmodel import col

from trusted_trader.domain.compliance import (
    ComplianceChange,
    ComplianceCounts,
    ComplianceVerdict,
    compliance_change,
)
from trusted_trader.domain.enums import INSPECTING_KINDS, ExamSelection, Outcome
from trusted_trader.domain.periods import MonthRange
from trusted_trader.services.scope import Scope, partners_in
from trusted_trader.store.models import TouchPoint
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "FINDINGS",
    "ComplianceOverview",
    "ScopeCompliance",
    "compliance_by_partner",
    "compliance_for_scope",
    "compliance_overview",
]

# Outcomes that say what an inspection found; pending, released and empty ones do not.
FINDINGS = (Outcome.NO_DISCREPANCY.value, Outcome.DISCREPANCY.value, Outcome.PENALTY_ASSESSED.value)


@dataclass(frozen=True)
class ScopeCompliance:
    scope: Scope
    baseline: MonthRange
    current: MonthRange
    selection: str  # "random" when both periods have random inspections, else "all"
    change: ComplianceChange  # over the inspections `selection` names
    all_inspections: ComplianceChange

    def as_json(self) -> dict[str, Any]:
        """The ``compliance`` object of ``stats --json``; a value that is not finite is null."""
        change = self.change
        interval = change.difference_ci95
        return {
            "selection": self.selection,
            "baseline": _counts_json(change.baseline),
            "current": _counts_json(change.current),
            "difference": _finite(change.difference),
            "difference_ci95": (
                [interval[0], interval[1]]
                if interval is not None and all(math.isfinite(v) for v in interval)
                else None
            ),
            "p_value": _finite(change.p_value),
            "verdict": change.verdict.value,
        }


def compliance_for_scope(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> ScopeCompliance:
    """Compliance in both periods and its change, over random inspections where there are."""
    rows = _inspected_entries(uow, scope, (baseline, current), by_partner=False)
    return _compliance(scope, baseline, current, {k[1:]: v for k, v in rows.items()})


def compliance_by_partner(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> dict[int, ScopeCompliance]:
    """Each partner's compliance in the scope, from one query; partners never inspected are
    left out (their compliance is not measurable)."""
    found = _counts_by_partner(uow, scope, (baseline, current))
    return {
        partner_id: _compliance(Scope("partner", partner_id, ""), baseline, current, counts)
        for partner_id, counts in found.items()
    }


Counts = dict[tuple[int, bool], tuple[int, int]]  # (period, random) -> (examined, clean)


@dataclass(frozen=True)
class ComplianceOverview:
    """A scope's compliance with the partners whose compliance worsened clearly."""

    overall: ScopeCompliance
    inspected: int  # partners with an examined entry in either period
    worsened: dict[int, ScopeCompliance]


def compliance_overview(
    uow: UnitOfWork, scope: Scope, baseline: MonthRange, current: MonthRange
) -> ComplianceOverview:
    """What `compliance_for_scope` and the worsened ones of `compliance_by_partner` say, from
    one query: the scope's counts are the sum of its partners' (both count an entry once per
    partner), and only a partner whose clean share fell on some basis is tested, since no
    other can have worsened; on 10,000 partners that halves the dashboard's wait."""
    found = _counts_by_partner(uow, scope, (baseline, current))
    total: Counts = {}
    for counts in found.values():
        for key, (examined, clean) in counts.items():
            held = total.get(key, (0, 0))
            total[key] = (held[0] + examined, held[1] + clean)
    worsened = {}
    for partner_id, counts in found.items():
        if not _share_fell(counts):
            continue
        found_change = _compliance(Scope("partner", partner_id, ""), baseline, current, counts)
        if found_change.change.verdict is ComplianceVerdict.WORSENED:
            worsened[partner_id] = found_change
    overall = _compliance(scope, baseline, current, total)
    return ComplianceOverview(overall, len(found), worsened)


def _counts_by_partner(
    uow: UnitOfWork, scope: Scope, periods: tuple[MonthRange, MonthRange]
) -> dict[int, Counts]:
    rows = _inspected_entries(uow, scope, periods, by_partner=True)
    found: dict[int, Counts] = {}
    for (partner_id, period, random), value in rows.items():
        found.setdefault(partner_id, {})[(period, random)] = value
    return found


def _share_fell(counts: Counts) -> bool:
    """Whether the clean share fell over random inspections or over all of them."""
    for random_only in (False, True):
        before, after = (_counts(counts, p, random_only=random_only) for p in (0, 1))
        measured = before.examined and after.examined
        if measured and after.clean * before.examined < before.clean * after.examined:
            return True
    return False


def _compliance(
    scope: Scope, baseline: MonthRange, current: MonthRange, counts: Counts
) -> ScopeCompliance:
    everything = compliance_change(
        _counts(counts, 0, random_only=False), _counts(counts, 1, random_only=False)
    )
    random_before, random_after = (_counts(counts, p, random_only=True) for p in (0, 1))
    if random_before.examined and random_after.examined:
        chosen, selection = compliance_change(random_before, random_after), "random"
    else:
        chosen, selection = everything, "all"
    return ScopeCompliance(scope, baseline, current, selection, chosen, everything)


def _inspected_entries(
    uow: UnitOfWork,
    scope: Scope,
    periods: tuple[MonthRange, MonthRange],
    *,
    by_partner: bool,
) -> dict[tuple[int, int, bool], tuple[int, int]]:
    """(partner id or 0, period, random) -> (examined entries, clean ones)."""
    t = TouchPoint
    day = col(t.occurred_on)
    in_period = [(day >= p.first) & (day < p.end_exclusive) for p in periods]
    entry = case(
        (col(t.entry_number) != "", col(t.entry_number)),
        else_=literal("#") + cast(col(t.id), String),
    )
    inspected = (
        select(
            col(t.partner_id).label("partner_id"),
            case((in_period[0], 0), else_=1).label("period"),
            func.max(case((col(t.outcome) == Outcome.NO_DISCREPANCY.value, 0), else_=1)).label(
                "found"
            ),
            func.max(case((col(t.selection) == ExamSelection.RANDOM.value, 1), else_=0)).label(
                "random"
            ),
        )
        .where(
            col(t.partner_id).in_(partners_in(scope)),
            # One date range over both periods lets the index seek each partner's span;
            # the OR alone would read every partner's whole history.
            day >= min(p.first for p in periods),
            day < max(p.end_exclusive for p in periods),
            or_(*in_period),
            col(t.kind).in_(sorted(INSPECTING_KINDS)),
            col(t.outcome).in_(FINDINGS),
        )
        .group_by(col(t.partner_id), entry, "period")
        .subquery()
    )
    partner = inspected.c.partner_id if by_partner else literal(0)
    keys = (partner, inspected.c.period, inspected.c.random)
    stmt = select(*keys, func.count(), func.sum(1 - inspected.c.found)).group_by(*keys)
    return {
        (int(pid), int(period), bool(random)): (int(examined), int(clean or 0))
        for pid, period, random, examined, clean in uow.connection.execute(stmt)
    }


def _counts(counts: Counts, period: int, *, random_only: bool) -> ComplianceCounts:
    flags = (True,) if random_only else (False, True)
    examined = sum(counts.get((period, flag), (0, 0))[0] for flag in flags)
    clean = sum(counts.get((period, flag), (0, 0))[1] for flag in flags)
    return ComplianceCounts(examined, clean)


def _counts_json(counts: ComplianceCounts) -> dict[str, Any]:
    interval = counts.interval()  # exact (Clopper-Pearson) 95%; None when nothing examined
    return {
        "examined": counts.examined,
        "clean": counts.clean,
        "rate": counts.rate,
        "rate_ci95": list(interval) if interval is not None else None,
    }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
