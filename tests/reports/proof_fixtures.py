"""A partner whose objectives are known to be met clearly, met by chance, and provable or not.

1,000 entries a month from Jan 2025 to Oct 2026. Baseline year (2025): 10 exams a month,
9 clean and 1 with a discrepancy (108 of 120 clean), and 2 CF-28s. Plan year so far (Jan to
Oct 2026): 4 exams a month, all clean (40 of 40), and 1 CF-28.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.periods import MonthRange, add_months, parse_month_range
from trusted_trader.services import partners, plans, reference, touch_points, volumes
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.plans import ObjectiveInput, PlanInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

BASELINE = parse_month_range("2025-01:2025-12")
CURRENT = parse_month_range("2026-01:2026-10")
# (description, measure): met by chance, met clearly, then the same for compliance.
OBJECTIVES = (
    ("CF-28 rate down 30%", "rate:cf28"),
    ("Exam rate down 50%", "rate:exam"),
    ("Compliance rate at least 97%", "compliance"),
    ("Compliance rate at least 85%", "compliance"),
)


@dataclass(frozen=True)
class ProofPartner:
    partner_id: int
    plan_id: int


def add_proof_partner(store: Store, name: str = "Proof Traders") -> ProofPartner:
    with store.uow() as uow:
        center = reference.center_by_code(uow, "PHC")
        partner = partners.create_partner(
            uow, PartnerInput(legal_name=name, ior_numbers="55-1234567AB", center_id=center.id)
        )
        for index in range(BASELINE.months + CURRENT.months):
            month = add_months(BASELINE.first, index)
            volumes.set_monthly_volume(uow, partner.id, month, 1000)
            _exams(uow, partner.id, month, month in BASELINE)
        for day in (date(2025, 3, 5), date(2025, 9, 5), date(2026, 4, 5)):
            touch_points.record_touch_point(uow, partner.id, TouchPointInput(day, "cf28"))
        plan = plans.create_plan(uow, partner.id, _plan())
        plans.set_plan_status(uow, plan.id, "active")
        uow.commit()
    return ProofPartner(partner.id, plan.id)


def _exams(uow: object, partner_id: int, month: date, baseline: bool) -> None:
    for day in range(1, 11 if baseline else 5):
        outcome = "discrepancy" if baseline and day == 1 else "no_discrepancy"
        found = TouchPointInput(
            month.replace(day=day),
            "exam",
            outcome=outcome,
            closed_on=month.replace(day=20),
        )
        touch_points.record_touch_point(uow, partner_id, found)  # type: ignore[arg-type]


def _plan() -> PlanInput:
    return PlanInput(
        period=MonthRange(date(2026, 1, 1), date(2026, 12, 1)),
        baseline=BASELINE,
        title="Plan 2026",
        objectives=[ObjectiveInput(words, measure, None, None) for words, measure in OBJECTIVES],
    )
