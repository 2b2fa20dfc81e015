"""A partner whose every number is known, for checking the documents field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.periods import MonthRange, parse_month_range
from trusted_trader.reports.options import ReportOptions
from trusted_trader.services import (
    contacts,
    partners,
    plans,
    programs,
    reference,
    touch_points,
    volumes,
)
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.plans import ActionItemInput, ObjectiveInput, PlanInput
from trusted_trader.services.programs import EnrollmentInput
from trusted_trader.services.records import RiskAreaRecord
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

TODAY = date(2026, 11, 28)
BASELINE = parse_month_range("2025-01:2025-12")
CURRENT = parse_month_range("2026-01:2026-10")
HOSTILE_NAME = 'Smith & Sons <Import> "Ltd"'


@dataclass(frozen=True)
class KnownPartner:
    partner_id: int
    plan_id: int
    executive_email: str
    center_code: str


def invariant_options(**changes: object) -> ReportOptions:
    values: dict[str, object] = {"today": TODAY, "invariant": True, **changes}
    return ReportOptions(**values)  # type: ignore[arg-type]


def add_known_partner(
    store: Store,
    name: str = "Acme Imports",
    ior: str = "12-3456789AB",
    executive_email: str = "ana.muller@cbp.dhs.gov",
) -> KnownPartner:
    """100 entries a month; 4 exams a month in the baseline year, 2 CF-28s a month since."""
    with store.uow() as uow:
        center = reference.center_by_code(uow, "PHC")
        try:
            executive = reference.executive_by_email(uow, executive_email)
        except Exception:
            executive = reference.create_executive(
                uow, name="Ana Müller", email=executive_email, center_id=center.id
            )
        partner = partners.create_partner(
            uow,
            PartnerInput(
                legal_name=name,
                ior_numbers=f"{ior}; 98-7654321CD" if ior == "12-3456789AB" else ior,
                filer_codes="ABC",
                dba="S&S Trading",
                ctpat_account="CT-0042",
                center_id=center.id,
                executive_id=executive.id,
                city="Newark",
                country="US",
            ),
        )
        programs.enroll(
            uow,
            partner.id,
            EnrollmentInput(
                "ctpat",
                tier=2,
                certified_on=date(2022, 3, 15),
                last_validated_on=date(2023, 5, 1),
                anniversary=date(2022, 3, 15),
            ),
        )
        contacts.add_contact(uow, partner.id, name="Jane Roe", role="Compliance manager")
        _history(uow, partner.id)
        plan = plans.create_plan(uow, partner.id, _plan_input())
        plans.set_plan_status(uow, plan.id, "active")
        uow.commit()
    return KnownPartner(partner.id, plan.id, executive_email, "PHC")


def _history(uow: object, partner_id: int) -> None:
    for month in _months(MonthRange(BASELINE.first, CURRENT.last)):
        volumes.set_monthly_volume(uow, partner_id, month, 100)  # type: ignore[arg-type]
        baseline = month in BASELINE
        for day in range(1, 5 if baseline else 3):
            kind = "exam" if baseline else "cf28"
            closed = date(month.year, month.month, 20)
            touch_points.record_touch_point(
                uow,  # type: ignore[arg-type]
                partner_id,
                TouchPointInput(month.replace(day=day), kind, port_code="0101", closed_on=closed),
            )
    touch_points.record_touch_point(
        uow,  # type: ignore[arg-type]
        partner_id,
        TouchPointInput(date(2026, 11, 20), "cf28", port_code="0101"),
    )


def _months(period: MonthRange) -> list[date]:
    from trusted_trader.domain.periods import add_months

    return [add_months(period.first, i) for i in range(period.months)]


def _plan_input() -> PlanInput:
    return PlanInput(
        period=parse_month_range("2026-01:2026-12"),
        baseline=BASELINE,
        title="Engagement plan 2026",
        summary="Cut exams by fixing classification at the source.",
        review_cadence_months=3,
        risk_areas=[
            RiskAreaRecord("valuation", "high", "Assists not declared"),
            RiskAreaRecord("classification", "low"),
        ],
        objectives=[
            ObjectiveInput("Touch points per 1,000 entries down 25%", "rate", 40.0, 30.0),
            ObjectiveInput("Broker training held", "training sessions", None, 2.0),
        ],
        action_items=[
            ActionItemInput(
                "Train broker staff",
                "partner",
                "Compliance manager",
                date(2026, 3, 31),
                "done",
                date(2026, 3, 10),
            ),
            ActionItemInput("Review HTS of new lines", "partner", "Jane Roe", date(2026, 6, 30)),
            ActionItemInput("Validation visit", "cbp", "Ana Müller", date(2027, 1, 15)),
        ],
        review_dates=[date(2026, 4, 1), date(2026, 7, 1), date(2026, 12, 1)],
    )


def pdf_text(pdf: bytes) -> str:
    """The document's text as a reader would copy it, pages joined."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_reader(pdf: bytes):  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))
