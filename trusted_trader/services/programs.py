"""Program enrollments (CTPAT, Trade Compliance, FAST, Mutual Recognition) and their checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.periods import check_day
from trusted_trader.domain.programs import Enrollment, ProgramFlag, check_programs
from trusted_trader.services.editing import OwnedRows, add_owned
from trusted_trader.services.records import EnrollmentRecord
from trusted_trader.services.reference import mutual_recognition_arrangements
from trusted_trader.store.models import ProgramEnrollment
from trusted_trader.store.uow import UnitOfWork

ENROLLMENTS = OwnedRows(ProgramEnrollment, EnrollmentRecord, "program enrollment")


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
    """Check an enrollment by the program rules; raise every problem at once."""
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
    if program == Program.MUTUAL_RECOGNITION:
        problems.extend(_arrangement_problems(data.foreign_program))
    problems.extend(_date_problems(data))
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


def _date_problems(data: EnrollmentInput) -> list[Problem]:
    """A validation comes after the certification it checks; every date within range."""
    problems: list[Problem] = []
    for field in ("certified_on", "last_validated_on", "last_reviewed_on", "anniversary"):
        day = getattr(data, field)
        if day is None:
            continue
        try:
            check_day(day)
        except ValueError as exc:
            problems.append(Problem(field, str(day), str(exc)))
    certified, validated = data.certified_on, data.last_validated_on
    if certified is not None and validated is not None and validated < certified:
        problems.append(
            Problem("last_validated_on", str(validated), f"is before certification on {certified}")
        )
    return problems


def _arrangement_problems(name: str) -> list[Problem]:
    """A Mutual Recognition enrollment names one of CBP's arrangements (the pick-list)."""
    known = mutual_recognition_arrangements()
    if name.strip().casefold() in {k.casefold() for k in known}:
        return []
    reason = "must be one of CBP's Mutual Recognition arrangements: " + ", ".join(known)
    return [Problem("foreign_program", name, reason)]


def arrangement_name(name: str) -> str:
    """The pick-list's own spelling of an arrangement typed in any case."""
    key = name.strip().casefold()
    return next((k for k in mutual_recognition_arrangements() if k.casefold() == key), name)


def enroll(uow: UnitOfWork, partner_id: int, data: EnrollmentInput) -> EnrollmentRecord:
    """Enroll a partner in a program (audited)."""
    validate_enrollment(data)
    row = ProgramEnrollment(partner_id=partner_id, **_columns(data))
    return add_owned(uow, row, EnrollmentRecord)


def update_enrollment(
    uow: UnitOfWork, enrollment_id: int, data: EnrollmentInput, expected_version: int | None = None
) -> EnrollmentRecord:
    """Save a changed enrollment (audited)."""
    validate_enrollment(data)
    return ENROLLMENTS.change(uow, enrollment_id, _columns(data), expected_version)


get_enrollment = ENROLLMENTS.get


def end_enrollment(
    uow: UnitOfWork, enrollment_id: int, status: str, expected_version: int | None = None
) -> EnrollmentRecord:
    """End an enrollment (withdrawn or expired) or put back a status (undo); audited."""
    ending = EnrollmentStatus(status)
    return ENROLLMENTS.change(uow, enrollment_id, {"status": ending.value}, expected_version)


def _columns(data: EnrollmentInput) -> dict[str, Any]:
    values = dict(data.__dict__)
    if data.program == Program.MUTUAL_RECOGNITION:
        values["foreign_program"] = arrangement_name(data.foreign_program)
    return values


def as_enrollment(record: EnrollmentRecord) -> Enrollment:
    """An enrollment record as the domain's program rules take it."""
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
    """What needs attention in a partner's enrollments on ``today``."""
    return check_programs((as_enrollment(r) for r in records), today)


def enrollment_outlook(
    rules: Enrollment, today: date, show: Callable[[date], str] = date.isoformat
) -> list[str]:
    """The dates an enrollment sets, in the rules' words; ``show`` writes a date."""
    if not rules.in_force:
        return [f"{rules.status.label}: no dates run while the enrollment is not certified."]
    dated = (
        ("Revalidation due by", rules.revalidation_due()),  # 6 U.S.C. 969
        ("First validation expected by", rules.first_validation_expected()),  # 965(a)
        ("Annual Notification Letter due by", rules.notification_letter_due()),
    )
    lines = [f"{words} {show(day)}" for words, day in dated if day is not None]
    if rules.program == Program.CTPAT and rules.anniversary is not None:
        lines.insert(0, f"Annual review: {rules.annual_review_state(today, show)}")
    return lines
