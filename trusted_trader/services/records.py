"""Read-only records the services hand to the GUI, the command line and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, TypeVar

from trusted_trader.domain.enums import EnrollmentStatus, Program, VolumeSource
from trusted_trader.domain.programs import CtpatTier, Enrollment, current_ctpat_tier

R = TypeVar("R")


def to_record(cls: type[R], row: Any) -> R:
    """Copy a row's values into a read-only record of the same field names."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if isinstance(row, dict):
        return cls(**{n: row[n] for n in names if n in row})
    return cls(**{n: getattr(row, n) for n in names if hasattr(row, n)})


@dataclass(frozen=True)
class CenterRecord:
    id: int
    code: str
    name: str
    office: str
    hts_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExecutiveRecord:
    id: int
    name: str
    email: str
    phone: str
    center_id: int | None
    center_code: str
    active: bool


@dataclass(frozen=True)
class EnrollmentRecord:
    id: int
    partner_id: int
    program: str
    tier: int | None
    status: str
    certified_on: date | None
    last_validated_on: date | None
    last_reviewed_on: date | None
    anniversary: date | None
    foreign_program: str
    version: int


@dataclass(frozen=True)
class ContactRecord:
    id: int
    partner_id: int
    name: str
    role: str
    email: str
    phone: str
    version: int


@dataclass(frozen=True)
class PartnerRecord:
    """A partner with everything its profile shows."""

    id: int
    legal_name: str
    dba: str
    ior_numbers: tuple[str, ...]
    filer_codes: tuple[str, ...]
    ctpat_account: str
    center_id: int | None
    center_code: str
    center_name: str
    executive_id: int | None
    executive_name: str
    executive_email: str
    address: str
    city: str
    country: str
    status: str
    risk_rating: str
    notes: str
    version: int
    updated_at: datetime
    enrollments: tuple[EnrollmentRecord, ...] = ()
    contacts: tuple[ContactRecord, ...] = ()

    @property
    def ctpat_tier(self) -> CtpatTier | None:
        """The partner's current CTPAT tier, by the one rule of ``domain.programs``."""
        return current_ctpat_tier(
            Enrollment(Program(e.program), EnrollmentStatus(e.status), tier=e.tier)
            for e in self.enrollments
        )


@dataclass(frozen=True)
class PartnerSummary:
    """One row of the partners table."""

    id: int
    legal_name: str
    ior_numbers: str
    center_code: str
    executive_name: str
    executive_email: str
    ctpat_tier: CtpatTier | None
    status: str
    touch_points_12m: int
    next_deadline: date | None


@dataclass(frozen=True)
class TouchPointRecord:
    id: int
    partner_id: int
    occurred_on: date
    kind: str
    port_code: str
    entry_number: str
    hts_number: str
    agency: str
    outcome: str
    response_due: date | None
    closed_on: date | None
    notes: str
    version: int
    response_due_reason: str = ""  # empty: the due date follows the kind's window
    selection: str = ""  # exams and CF-28s: "targeted" or "random"; empty when not recorded


@dataclass(frozen=True)
class ActivityRecord:
    id: int
    partner_id: int
    occurred_on: date
    kind: str
    participants: str
    summary: str
    version: int


@dataclass(frozen=True)
class FacilitationRecord:
    id: int
    partner_id: int
    occurred_on: date
    kind: str
    description: str
    plan_id: int | None
    version: int


@dataclass(frozen=True)
class VolumeRecord:
    """A partner-month's volume: the reported total, and the one its imported entries give.

    ``entries`` and ``entered_value_usd`` are the reported total (0 when none was reported);
    ``derived_*`` are counted from the month's imported entries (None when it has none).
    """

    id: int
    partner_id: int
    month: date
    entries: int
    entered_value_usd: float
    version: int
    reported: bool = True  # False: only imported entries gave the month
    derived_entries: int | None = None
    derived_value_usd: float | None = None

    @property
    def source(self) -> VolumeSource:
        """Where the month's figure comes from: its imported entries where it has any."""
        return VolumeSource.REPORTED if self.derived_entries is None else VolumeSource.ENTRIES


@dataclass(frozen=True)
class RiskAreaRecord:
    area: str
    rating: str
    notes: str = ""


@dataclass(frozen=True)
class ObjectiveRecord:
    id: int
    description: str
    measure: str
    baseline_value: float | None
    target_value: float | None
    current_value: float | None


@dataclass(frozen=True)
class ActionItemRecord:
    id: int
    description: str
    owner_side: str
    owner_name: str
    due_on: date | None
    status: str
    completed_on: date | None
    updated_at: datetime


@dataclass(frozen=True)
class PlanReviewRecord:
    id: int
    review_on: date
    done: bool
    notes: str


@dataclass(frozen=True)
class PlanRecord:
    id: int
    partner_id: int
    title: str
    period_start: date
    period_end: date
    baseline_start: date
    baseline_end: date
    status: str
    revision: int
    review_cadence_months: int
    summary: str
    version: int
    updated_at: datetime
    risk_areas: tuple[RiskAreaRecord, ...] = ()
    objectives: tuple[ObjectiveRecord, ...] = ()
    action_items: tuple[ActionItemRecord, ...] = ()
    reviews: tuple[PlanReviewRecord, ...] = ()


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    table_name: str
    record_id: int
    partner_id: int | None
    changes: dict[str, list[object]] = field(default_factory=dict)


@dataclass(frozen=True)
class DeletedPartnerRecord:
    """A partner deleted recently, which can still be restored."""

    id: int
    legal_name: str
    ior_numbers: str
    deleted_at: datetime


@dataclass(frozen=True)
class EntryRecord:
    """One entry summary imported from ACE, its lines summed."""

    id: int
    partner_id: int
    entry_number: str
    ior_number: str
    filer_code: str
    entry_date: date | None
    summary_date: date | None
    month: date
    port_code: str
    lines: int
    entered_value_usd: float
    hts_numbers: str  # distinct HTS digits, sorted, space separated
    version: int
