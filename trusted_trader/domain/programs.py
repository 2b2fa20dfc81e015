"""Trusted-trader program rules: review windows, revalidation and cross-program checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.periods import add_months_clamped

__all__ = [
    "ANNUAL_REVIEW_LEAD_DAYS",
    "FAST_MEMBERSHIP_YEARS",
    "REVALIDATION_YEARS",
    "Enrollment",
    "ProgramFlag",
    "check_programs",
]

# CTPAT: the annual security-profile review window opens 90 days before the
# anniversary; Tier 2/3 partners are revalidated at least every 4 years; FAST
# memberships run 5 years.
ANNUAL_REVIEW_LEAD_DAYS = 90
REVALIDATION_YEARS = 4
FAST_MEMBERSHIP_YEARS = 5


@dataclass(frozen=True)
class Enrollment:
    """A partner's enrollment in one program, as far as the rules need it."""

    program: Program
    status: EnrollmentStatus
    tier: int | None = None
    certified_on: date | None = None
    last_validated_on: date | None = None
    anniversary: date | None = None
    last_reviewed_on: date | None = None

    @property
    def in_force(self) -> bool:
        """True while the partner is certified in the program."""
        return self.status == EnrollmentStatus.CERTIFIED

    def next_anniversary(self, today: date) -> date | None:
        """The first anniversary on or after ``today``."""
        if self.anniversary is None:
            return None
        years = max(0, today.year - self.anniversary.year)
        candidate = add_months_clamped(self.anniversary, 12 * years)
        if candidate < today:
            candidate = add_months_clamped(self.anniversary, 12 * (years + 1))
        return candidate

    def previous_anniversary(self, today: date) -> date | None:
        """The last anniversary before the next one, if the enrollment had one."""
        following = self.next_anniversary(today)
        if following is None or self.anniversary is None:
            return None
        previous = add_months_clamped(following, -12)
        return previous if previous >= self.anniversary else None

    def annual_review_window(self, today: date) -> tuple[date, date] | None:
        """The next annual-review window: it opens 90 days before the anniversary."""
        following = self.next_anniversary(today)
        if following is None:
            return None
        return following - timedelta(days=ANNUAL_REVIEW_LEAD_DAYS), following

    def revalidation_due(self) -> date | None:
        """Tier 2 and 3 partners are revalidated within 4 years of the last validation."""
        if self.program != Program.CTPAT or (self.tier or 0) < 2:
            return None
        since = self.last_validated_on or self.certified_on
        return None if since is None else add_months_clamped(since, 12 * REVALIDATION_YEARS)

    def membership_expires(self) -> date | None:
        """When a FAST membership runs out (five years from certification)."""
        if self.program != Program.FAST or self.certified_on is None:
            return None
        return add_months_clamped(self.certified_on, 12 * FAST_MEMBERSHIP_YEARS)


@dataclass(frozen=True)
class ProgramFlag:
    """Something inconsistent or lapsed across a partner's programs, with a plain reason."""

    code: str
    program: Program
    reason: str


def check_programs(enrollments: Iterable[Enrollment], today: date) -> list[ProgramFlag]:
    """Check a partner's programs against each other: they must be "married together"."""
    items = list(enrollments)
    ctpat = [e for e in items if e.program == Program.CTPAT and e.in_force]
    best_tier = max((e.tier or 1 for e in ctpat), default=0)
    flags: list[ProgramFlag] = []
    for enrollment in items:
        if not enrollment.in_force:
            continue
        flags.extend(_flags_for(enrollment, best_tier, today))
    return flags


def _flags_for(enrollment: Enrollment, best_tier: int, today: date) -> list[ProgramFlag]:
    program = enrollment.program
    flags: list[ProgramFlag] = []
    if program == Program.TRADE_COMPLIANCE and best_tier < 2:
        flags.append(
            ProgramFlag(
                "trade_compliance_without_tier",
                program,
                "CTPAT Trade Compliance needs a certified CTPAT Tier 2 or Tier 3 enrollment.",
            )
        )
    if program == Program.FAST and best_tier == 0:
        flags.append(
            ProgramFlag(
                "fast_without_ctpat",
                program,
                "FAST needs every link of the supply chain CTPAT certified, "
                "and this partner has no certified CTPAT enrollment.",
            )
        )
    if program == Program.CTPAT:
        flags.extend(_ctpat_flags(enrollment, today))
    expires = enrollment.membership_expires()
    if expires is not None and expires < today:
        flags.append(
            ProgramFlag("membership_expired", program, f"FAST membership expired on {expires}.")
        )
    return flags


def _ctpat_flags(enrollment: Enrollment, today: date) -> list[ProgramFlag]:
    flags: list[ProgramFlag] = []
    previous = enrollment.previous_anniversary(today)
    if previous is not None and (
        enrollment.certified_on is None or enrollment.certified_on < previous
    ):
        opened = previous - timedelta(days=ANNUAL_REVIEW_LEAD_DAYS)
        reviewed = enrollment.last_reviewed_on
        if reviewed is None or reviewed < opened:
            flags.append(
                ProgramFlag(
                    "annual_review_lapsed",
                    Program.CTPAT,
                    f"The annual security-profile review due by {previous} was not done.",
                )
            )
    due = enrollment.revalidation_due()
    if due is not None and due < today:
        flags.append(
            ProgramFlag(
                "revalidation_overdue",
                Program.CTPAT,
                f"Tier {enrollment.tier} revalidation was due by {due} "
                f"({REVALIDATION_YEARS} years after the last validation).",
            )
        )
    return flags
