"""Plan objectives measured: each touch-point-rate objective's value now, against its target."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from trusted_trader.domain.measures import measure_kind, reduction_in_words
from trusted_trader.domain.periods import MonthRange, PlanDates, plan_comparison
from trusted_trader.domain.statistics import Basis, Verdict
from trusted_trader.services.analytics.core import ScopeReduction, reduction_for_scope
from trusted_trader.services.records import ObjectiveRecord, PlanRecord
from trusted_trader.services.scope import Scope
from trusted_trader.store.models import Partner
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "MeasureNow",
    "MeasuredObjective",
    "measure_now",
    "measure_objectives",
    "objective_kind",
    "plan_periods",
]

_NOT_STARTED = "The plan period has no full month yet."


@dataclass(frozen=True)
class MeasuredObjective:
    """An objective with its value measured from the data (nothing is written back).

    ``current_value`` and ``baseline_value`` are touch points per 1,000 entries (None without
    volume); ``baseline_value`` is the plan's own when it has one, else the measured one.
    ``target_rate`` is the objective's target, or, when the description says "down N%", the
    baseline rate less N% (``target_reduction`` = N / 100). The target is met when the
    current rate is at or below the target rate (the point estimate; the interval in
    ``reduction`` says how sure that is).
    """

    objective: ObjectiveRecord
    kind: str | None  # parsed from measure "rate" / "rate:<kind>"; None for all kinds
    reduction: ScopeReduction | None  # None when the measure is not a touch-point rate
    current_value: float | None
    target_met: bool | None  # None when not measurable / no target
    baseline_value: float | None = None
    target_rate: float | None = None
    target_reduction: float | None = None


def objective_kind(measure: str) -> tuple[bool, str | None]:
    """(is a touch-point rate, kind) for a measure: "rate", "rate:<kind>" or free text."""
    return measure_kind(measure)


def plan_periods(plan: PlanRecord, today: date) -> tuple[MonthRange, MonthRange, bool]:
    """The plan's baseline, its period up to the last full month, and whether it has one.

    A plan that has not run a full month yet gets its first month as the current period.
    """
    found = plan_comparison(plan, today)
    return found.baseline, found.current, found.measurable


def measure_objectives(
    uow: UnitOfWork, plan: PlanRecord, *, today: date | None = None
) -> list[MeasuredObjective]:
    """Each objective of the plan, measured for the plan's partner (one count per kind)."""
    baseline, current, started = plan_periods(plan, today or date.today())
    partner = uow.session.get(Partner, plan.partner_id)
    scope = Scope("partner", plan.partner_id, partner.legal_name if partner else "")
    found: dict[str | None, ScopeReduction] = {}
    measured = []
    for objective in plan.objectives:
        is_rate, kind = objective_kind(objective.measure)
        if not is_rate:
            measured.append(MeasuredObjective(objective, None, None, None, None))
            continue
        if kind not in found:
            reduction = reduction_for_scope(uow, scope, baseline, current, kind)
            found[kind] = reduction if started else _not_started(reduction)
        measured.append(_measured(objective, kind, found[kind]))
    return measured


def _not_started(found: ScopeReduction) -> ScopeReduction:
    """The plan has not run a full month: say so rather than compare with a month in progress."""
    result = replace(
        found.result,
        current_rate=None,
        rate_ratio=None,
        reduction=None,
        reduction_ci95=None,
        rate_ratio_ci95=None,
        p_value=None,
        verdict=Verdict.NOT_MEASURABLE,
        note=_NOT_STARTED,
    )
    return replace(found, result=result)


def _measured(
    objective: ObjectiveRecord, kind: str | None, reduction: ScopeReduction
) -> MeasuredObjective:
    per_entries = reduction.result.basis is Basis.ENTRIES
    current = reduction.result.current_rate if per_entries else None
    measured_baseline = reduction.result.baseline_rate if per_entries else None
    baseline = objective.baseline_value
    if baseline is None:
        baseline = measured_baseline
    target_reduction = _target_reduction(objective)
    target = objective.target_value
    if target is None and target_reduction is not None and baseline is not None:
        target = baseline * (1.0 - target_reduction)
    met = None if current is None or target is None else current <= target
    return MeasuredObjective(
        objective, kind, reduction, current, met, baseline, target, target_reduction
    )


def _target_reduction(objective: ObjectiveRecord) -> float | None:
    return reduction_in_words(objective.description)


@dataclass(frozen=True)
class MeasureNow:
    """A measure's rate in a plan's baseline and in its period so far (None: not measurable)."""

    baseline: float | None
    current: float | None
    note: str = ""


def measure_now(
    uow: UnitOfWork, partner_id: int, measure: str, plan: PlanDates, today: date
) -> MeasureNow:
    """What an objective's measure reads for the partner, as the data stands today."""
    measurable, kind = measure_kind(measure)
    if not measurable:
        return MeasureNow(None, None, f"'{measure}' is not a quantity the app can measure.")
    comparison = plan_comparison(plan, today)
    partner = uow.session.get(Partner, partner_id)
    scope = Scope("partner", partner_id, partner.legal_name if partner else "")
    found = reduction_for_scope(uow, scope, comparison.baseline, comparison.current, kind)
    if found.result.basis is not Basis.ENTRIES:
        return MeasureNow(None, None, "No entry volume recorded: rates cannot be worked out.")
    current = found.result.current_rate if comparison.measurable else None
    note = "" if comparison.measurable else comparison.description
    return MeasureNow(found.result.baseline_rate, current, note)
