"""Dates written into the domain's words follow whatever writer the window hands them."""

from __future__ import annotations

from datetime import date

from trusted_trader.domain.deadlines import Deadline, DeadlineKind
from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.programs import Enrollment

TODAY = date(2026, 11, 16)


def us(day: date) -> str:
    return f"{day:%m/%d/%Y}"


def test_an_annual_review_state_writes_its_dates_as_asked() -> None:
    enrollment = Enrollment(
        Program.CTPAT, EnrollmentStatus.CERTIFIED, tier=2,
        certified_on=date(2022, 12, 31), anniversary=date(2022, 12, 31),
        last_reviewed_on=date(2025, 11, 1),
    )  # fmt: skip
    assert enrollment.annual_review_state(TODAY, us) == "open, due 12/31/2026"
    assert enrollment.annual_review_state(TODAY) == "open, due 2026-12-31"


def test_a_deadline_status_writes_its_dates_as_asked() -> None:
    opens_later = Deadline(
        DeadlineKind.ANNUAL_REVIEW, date(2027, 3, 31), "review", 1, "Acme", "x", 1,
        opens_on=date(2027, 1, 1),
    )  # fmt: skip
    assert opens_later.status(TODAY, day_text=us) == "opens 01/01/2027, due 03/31/2027"
    assert opens_later.status(TODAY) == "opens 2027-01-01, due 2027-03-31"
