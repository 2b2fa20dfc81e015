"""Program enrollments (CTPAT, Trade Compliance, FAST, Mutual Recognition) and their checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.programs import Enrollment, ProgramFlag, check_programs
from trusted_trader.services.editing import add_row, change_row, load_row, require_partner
from trusted_trader.services.records import EnrollmentRecord, to_record
from trusted_trader.store.models import ProgramEnrollment
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class EnrollmentInput:
    program: str
    status: str = "certified"
    tier: int | None = None
    certified_on: date | None = None
    last_validated_on: date | None = None
    last_reviewed_on: date | None = None
    anniversary: date | None = None
    foreign_program: str = ""


def validate_enrollment(data: EnrollmentInput) -> Enrollment:
    problems: list[Problem] = []
    try:
        program = Program(data.program)
    except ValueError:
        problems.append(Problem("program", data.program, "is not a program the app knows"))
        program = Program.CTPAT
    try:
        status = EnrollmentStatus(data.status)
    except ValueError:
        problems.append(Problem("status", data.status, "is not an enrollment status"))
        status = EnrollmentStatus.CERTIFIED
    if program == Program.CTPAT and data.tier not in (1, 2, 3):
        problems.append(Problem("tier", str(data.tier), "CTPAT tier must be 1, 2 or 3"))
    if program != Program.CTPAT and data.tier is not None:
        problems.append(Problem("tier", str(data.tier), "only CTPAT has tiers"))
    if program == Program.MUTUAL_RECOGNITION and not data.foreign_program.strip():
        problems.append(Problem("foreign_program", "", "name the foreign program, e.g. EU AEO"))
    if problems:
        raise ValidationError(problems)
    return Enrollment(
        program=program,
        status=status,
        tier=data.tier,
        certified_on=data.certified_on,
        last_validated_on=data.last_validated_on,
        anniversary=data.anniversary,
        last_reviewed_on=data.last_reviewed_on,
    )


def enroll(uow: UnitOfWork, partner_id: int, data: EnrollmentInput) -> EnrollmentRecord:
    validate_enrollment(data)
    require_partner(uow, partner_id)
    row = ProgramEnrollment(partner_id=partner_id, **data.__dict__)
    return to_record(EnrollmentRecord, add_row(uow, row, partner_id=partner_id))


def update_enrollment(
    uow: UnitOfWork, enrollment_id: int, data: EnrollmentInput, expected_version: int | None = None
) -> EnrollmentRecord:
    validate_enrollment(data)
    row = load_row(uow, ProgramEnrollment, enrollment_id, "program enrollment")
    changed = change_row(
        uow, row, data.__dict__, partner_id=row.partner_id, expected_version=expected_version
    )
    return to_record(EnrollmentRecord, changed)


def as_enrollment(record: EnrollmentRecord) -> Enrollment:
    return Enrollment(
        program=Program(record.program),
        status=EnrollmentStatus(record.status),
        tier=record.tier,
        certified_on=record.certified_on,
        last_validated_on=record.last_validated_on,
        anniversary=record.anniversary,
        last_reviewed_on=record.last_reviewed_on,
    )


def program_flags(records: tuple[EnrollmentRecord, ...], today: date) -> list[ProgramFlag]:
    return check_programs((as_enrollment(r) for r in records), today)
