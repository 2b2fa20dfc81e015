"""Plan objectives measured: each objective's value now against its target, and how sure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from trusted_trader.domain.measures import (
    compliance_target_in_words,
    is_compliance,
    measure_kind,
    reduction_in_words,
)
from trusted_trader.domain.objective_proof import Evidence, Judgement, judge
from trusted_trader.domain.periods import MonthRange, PlanDates, plan_comparison
from trusted_trader.domain.statistics import Basis, declared_unmeasurable
from trusted_trader.services.analytics.core import ScopeReduction, reduction_for_scope
from trusted_trader.services.analytics.objective_evidence import (
    compliance_evidence,
    touch_point_evidence,
)
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
    current rate is at or below the target rate (the point estimate); ``clear`` says whether
    the change is statistically clear (the reduction's verdict is a fall), ``result`` says
    both in words and ``provable`` by when the target could be shown at recent volume.

    A compliance objective (measure "compliance") has its rates in percent, no reduction,
    and is met when the current rate is at or above the target (domain.objective_proof).
    """

    objective: ObjectiveRecord
    kind: str | None  # parsed from measure "rate" / "rate:<kind>"; None for all kinds
    reduction: ScopeReduction | None  # None when the measure is not a touch-point rate
    current_value: float | None
    target_met: bool | None  # None when not measurable / no target
    baseline_value: float | None = None
    target_rate: float | None = None
    target_reduction: float | None = None
    clear: bool | None = None
    result: str = "—"
    provable: str = ""
    evidence: Evidence | None = None

    @property
    def measured(self) -> bool:
        """Whether the app measured this objective (a touch-point rate or compliance)."""
        return self.evidence is not None


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
    day = today or date.today()
    baseline, current, started = plan_periods(plan, day)
    scope = _partner_scope(uow, plan.partner_id)
    found: dict[str | None, tuple[ScopeReduction, Evidence]] = {}
    measured = []
    for objective in plan.objectives:
        is_rate, kind = objective_kind(objective.measure)
        if is_compliance(objective.measure):
            periods = (baseline, current)
            evidence = compliance_evidence(uow, scope, periods, plan, started, day)[0]
            measured.append(_compliance_measured(objective, evidence))
            continue
        if not is_rate:
            measured.append(MeasuredObjective(objective, None, None, None, None))
            continue
        if kind not in found:
            reduction = reduction_for_scope(uow, scope, baseline, current, kind)
            reduction = reduction if started else _not_started(reduction)
            found[kind] = (reduction, touch_point_evidence(uow, reduction, plan, started, day))
        measured.append(_measured(objective, kind, *found[kind]))
    return measured


def _partner_scope(uow: UnitOfWork, partner_id: int) -> Scope:
    partner = uow.session.get(Partner, partner_id)
    return Scope("partner", partner_id, partner.legal_name if partner else "")


def _compliance_measured(objective: ObjectiveRecord, evidence: Evidence) -> MeasuredObjective:
    """A compliance objective: rates in percent, met at or above the target."""
    baseline = objective.baseline_value
    if baseline is None:
        baseline = evidence.baseline_rate
    target = objective.target_value
    if target is None:
        target = compliance_target_in_words(objective.description)
    judged = judge(evidence, target)
    return MeasuredObjective(
        objective,
        None,
        None,
        evidence.current_rate,
        judged.met,
        baseline,
        target,
        None,
        judged.clear,
        judged.result,
        judged.provable,
        evidence,
    )


def _not_started(found: ScopeReduction) -> ScopeReduction:
    """The plan has not run a full month: say so rather than compare with a month in progress."""
    rates = (found.result.baseline_rate, None)
    return replace(found, result=declared_unmeasurable(found.result, _NOT_STARTED, rates))


def _measured(
    objective: ObjectiveRecord, kind: str | None, reduction: ScopeReduction, evidence: Evidence
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
    judged = judge(evidence, target, baseline)
    met = None if current is None or target is None else current <= target
    clear = judged.clear if met is not None else None
    return MeasuredObjective(
        objective,
        kind,
        reduction,
        current,
        met,
        baseline,
        target,
        target_reduction,
        clear,
        judged.result if met is not None else "—",
        judged.provable,
        evidence,
    )


def _target_reduction(objective: ObjectiveRecord) -> float | None:
    return reduction_in_words(objective.description)


@dataclass(frozen=True)
class MeasureNow:
    """A measure's rate in a plan's baseline and in its period so far (None: not measurable).

    ``evidence`` holds the counts behind them, so a target typed later is judged (met,
    clear, provable) without reading the data again.
    """

    baseline: float | None
    current: float | None
    note: str = ""
    evidence: Evidence | None = None

    def judged(self, target: float | None, baseline: float | None) -> Judgement | None:
        """The result and provability of ``target``; None when nothing was measured."""
        return None if self.evidence is None else judge(self.evidence, target, baseline)


def measure_now(
    uow: UnitOfWork, partner_id: int, measure: str, plan: PlanDates, today: date
) -> MeasureNow:
    """What an objective's measure reads for the partner, as the data stands today."""
    measurable, kind = measure_kind(measure)
    if not measurable and not is_compliance(measure):
        return MeasureNow(None, None, f"'{measure}' is not a quantity the app can measure.")
    comparison = plan_comparison(plan, today)
    scope = _partner_scope(uow, partner_id)
    note = "" if comparison.measurable else comparison.description
    periods = (comparison.baseline, comparison.current)
    if is_compliance(measure):
        evidence, selection = compliance_evidence(
            uow, scope, periods, plan, comparison.measurable, today
        )
        if selection == "random":
            note = " ".join(t for t in (note, "Over random (compliance measurement) exams.") if t)
        return MeasureNow(evidence.baseline_rate, evidence.current_rate, note, evidence)
    found = reduction_for_scope(uow, scope, *periods, kind)
    if found.result.basis is not Basis.ENTRIES:
        return MeasureNow(None, None, "No entry volume recorded: rates cannot be worked out.")
    current = found.result.current_rate if comparison.measurable else None
    evidence = touch_point_evidence(uow, found, plan, comparison.measurable, today)
    return MeasureNow(found.result.baseline_rate, current, note, evidence)
