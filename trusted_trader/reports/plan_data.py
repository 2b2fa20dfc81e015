"""The engagement-plan document's data: one plan, its partner and programs, as a snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.enums import (
    ActionStatus,
    EnrollmentStatus,
    OwnerSide,
    PlanStatus,
    Program,
    RiskArea,
    RiskRating,
)
from trusted_trader.domain.periods import MonthRange
from trusted_trader.domain.plans import OPEN_ACTION_STATUSES
from trusted_trader.reports.formatting import DASH, measure_label
from trusted_trader.services import analytics
from trusted_trader.services.partners import get_partner
from trusted_trader.services.plans import get_plan, list_plans
from trusted_trader.services.programs import as_enrollment
from trusted_trader.services.records import (
    ActionItemRecord,
    EnrollmentRecord,
    PartnerRecord,
    PlanRecord,
)
from trusted_trader.store.uow import UnitOfWork

OPEN_STATUSES = frozenset(status.value for status in OPEN_ACTION_STATUSES)


@dataclass(frozen=True)
class PartnerProfileLines:
    legal_name: str
    dba: str
    ior_numbers: tuple[str, ...]
    filer_codes: tuple[str, ...]
    ctpat_account: str
    center: str
    executive_name: str
    executive_email: str
    location: str


@dataclass(frozen=True)
class ProgramLine:
    program: str
    tier: int | None
    status: str
    certified_on: date | None
    anniversary: date | None
    review_window: tuple[date, date] | None
    revalidation_due: date | None
    # Never validated: expected within 1 year of certification, shown but never late.
    first_validation_expected: date | None = None


@dataclass(frozen=True)
class RiskLine:
    area: str
    rating: str
    notes: str


@dataclass(frozen=True)
class ObjectiveLine:
    description: str
    measure: str
    baseline: float | None
    target: float | None


@dataclass(frozen=True)
class PlanObjectiveLine(ObjectiveLine):
    """An objective as the plan prints it: with its result so far (met or not, and whether
    the change is statistically clear) and by when its target could be shown at this volume."""

    result: str = DASH
    provable: str = ""
    met: bool | None = None
    clear: bool | None = None


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner_side: str
    owner: str
    due_on: date | None
    status: str
    completed_on: date | None
    overdue: bool


@dataclass(frozen=True)
class ReviewLine:
    review_on: date
    done: bool
    notes: str


@dataclass(frozen=True)
class PlanHeading:
    """A plan as both printed documents head it."""

    plan_id: int
    title: str
    period: MonthRange
    baseline: MonthRange
    status: str
    revision: int


@dataclass(frozen=True)
class PlanSnapshot(PlanHeading):
    """Everything the printed plan shows, in reading order after its heading."""

    partner: PartnerProfileLines
    review_cadence_months: int
    summary: str
    programs: tuple[ProgramLine, ...]
    risks: tuple[RiskLine, ...]
    objectives: tuple[PlanObjectiveLine, ...]
    actions: tuple[ActionLine, ...]
    reviews: tuple[ReviewLine, ...]
    partner_representative: str
    today: date


def default_plan_id(uow: UnitOfWork, partner_id: int) -> int:
    """The partner's active plan, else its newest; NotFoundError when it has none."""
    from trusted_trader.domain.errors import NotFoundError

    plans = list_plans(uow, partner_id)
    if not plans:
        raise NotFoundError("This partner has no engagement plan yet.")
    active = [p for p in plans if p.status == PlanStatus.ACTIVE.value]
    return (active or plans)[0].id


def build_plan_snapshot(uow: UnitOfWork, plan_id: int, today: date) -> PlanSnapshot:
    plan = get_plan(uow, plan_id)
    partner = get_partner(uow, plan.partner_id)
    return PlanSnapshot(
        **vars(plan_heading(plan)),
        partner=profile_lines(partner),
        review_cadence_months=plan.review_cadence_months,
        summary=plan.summary.strip(),
        programs=tuple(program_line(e, today) for e in partner.enrollments),
        risks=tuple(_risk_lines(plan)),
        objectives=tuple(_objective_lines(uow, plan, today)),
        actions=tuple(action_line(a, today) for a in plan.action_items),
        reviews=tuple(ReviewLine(r.review_on, r.done, r.notes) for r in plan.reviews),
        partner_representative=_representative(partner),
        today=today,
    )


def plan_heading(plan: PlanRecord) -> PlanHeading:
    return PlanHeading(
        plan_id=plan.id,
        title=plan.title or "Engagement plan",
        period=MonthRange(plan.period_start, plan.period_end),
        baseline=MonthRange(plan.baseline_start, plan.baseline_end),
        status=PlanStatus(plan.status).label,
        revision=plan.revision,
    )


def profile_lines(partner: PartnerRecord) -> PartnerProfileLines:
    center = (
        f"{partner.center_code} — {partner.center_name}" if partner.center_code else "No Center"
    )
    location = ", ".join(p for p in (partner.city, partner.country) if p)
    return PartnerProfileLines(
        legal_name=partner.legal_name,
        dba=partner.dba,
        ior_numbers=partner.ior_numbers,
        filer_codes=partner.filer_codes,
        ctpat_account=partner.ctpat_account,
        center=center,
        executive_name=partner.executive_name,
        executive_email=partner.executive_email,
        location=location,
    )


def program_line(record: EnrollmentRecord, today: date) -> ProgramLine:
    """A program with its next review dates by the CTPAT rules (only while in force)."""
    rules = as_enrollment(record)
    in_force = rules.status == EnrollmentStatus.CERTIFIED
    name = Program(record.program).label
    if record.foreign_program:
        name = f"{name} ({record.foreign_program})"
    is_ctpat = rules.program == Program.CTPAT
    return ProgramLine(
        program=name,
        tier=record.tier,
        status=EnrollmentStatus(record.status).label,
        certified_on=record.certified_on,
        anniversary=rules.next_anniversary(today) if in_force else None,
        review_window=rules.annual_review_window(today) if in_force and is_ctpat else None,
        revalidation_due=rules.revalidation_due() if in_force else None,
        first_validation_expected=rules.first_validation_expected() if in_force else None,
    )


def action_line(item: ActionItemRecord, today: date) -> ActionLine:
    overdue = item.status in OPEN_STATUSES and item.due_on is not None and item.due_on < today
    return ActionLine(
        description=item.description,
        owner_side=OwnerSide(item.owner_side).label,
        owner=item.owner_name,
        due_on=item.due_on,
        status=ActionStatus(item.status).label,
        completed_on=item.completed_on,
        overdue=overdue,
    )


def _objective_lines(uow: UnitOfWork, plan: PlanRecord, today: date) -> list[PlanObjectiveLine]:
    return [objective_line(m) for m in analytics.measure_objectives(uow, plan, today=today)]


def objective_line(m: analytics.MeasuredObjective) -> PlanObjectiveLine:
    """An objective with its result and provability where measured; a measured objective left
    without baseline or target shows the ones the progress report reads."""
    objective = m.objective
    return PlanObjectiveLine(
        objective.description,
        measure_label(objective.measure),
        m.baseline_value if m.measured else objective.baseline_value,
        m.target_rate if m.measured else objective.target_value,
        m.result,
        m.provable,
        m.target_met,
        m.clear,
    )


def _risk_lines(plan: PlanRecord) -> list[RiskLine]:
    order = {area.value: index for index, area in enumerate(RiskArea)}
    risks = sorted(plan.risk_areas, key=lambda r: order.get(r.area, len(order)))
    return [RiskLine(RiskArea(r.area).label, RiskRating(r.rating).label, r.notes) for r in risks]


def _representative(partner: PartnerRecord) -> str:
    """The partner's first contact signs for it; a blank line when none is on file."""
    if not partner.contacts:
        return ""
    contact = partner.contacts[0]
    return f"{contact.name}, {contact.role}" if contact.role else contact.name
