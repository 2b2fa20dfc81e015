"""Trusted-trader program rules: review windows, validations, the current tier, cross-checks.

Each rule's value and public source is listed in docs/customs-rules.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.periods import add_months_clamped

__all__ = [
    "ANNUAL_REVIEW_LEAD_DAYS",
    "FIRST_VALIDATION_MONTHS",
    "NOTIFICATION_LETTER_COVER_DAYS",
    "NOTIFICATION_LETTER_FIRST_MONTHS",
    "REVALIDATION_YEARS",
    "TIER_HOLDING_STATUSES",
    "CtpatTier",
    "Enrollment",
    "ProgramFlag",
    "check_programs",
    "current_ctpat_tier",
]

# CTPAT annual security-profile review: the window opens 90 days before the
# partner's anniversary and the review is due by the anniversary.
ANNUAL_REVIEW_LEAD_DAYS = 90
# 6 U.S.C. 969: Tier 2 and 3 partners revalidated at least once in every 4-year
# period after the last validation.
REVALIDATION_YEARS = 4
# 6 U.S.C. 965(a): a certified partner's first validation within 1 year of
# certification "to the extent practicable" — an expectation, not a deadline.
FIRST_VALIDATION_MONTHS = 12
# CTPAT Trade Compliance: the Annual Notification Letter is first due 13 months
# after acceptance, then every 12 months.
NOTIFICATION_LETTER_FIRST_MONTHS = 13
# Our reading, the sources being silent: a letter sent up to 90 days before a due
# date (or after it) answers that due date.
NOTIFICATION_LETTER_COVER_DAYS = 90

# A CTPAT enrollment holds its tier while certified or suspended; an application,
# an expired or a withdrawn enrollment holds none.
TIER_HOLDING_STATUSES = (EnrollmentStatus.CERTIFIED, EnrollmentStatus.SUSPENDED)


@dataclass(frozen=True)
class CtpatTier:
    """A partner's current CTPAT tier: the one rule every screen, report and file reads.

    The highest tier of a certified CTPAT enrollment; when none is certified, the highest
    tier of a suspended one, which reads "Tier 2 (suspended)" and is not in good standing.
    """

    tier: int
    suspended: bool = False

    @property
    def label(self) -> str:
        """The tier as people read it, e.g. "Tier 2" or "Tier 3 (suspended)"."""
        return f"Tier {self.tier}" + (" (suspended)" if self.suspended else "")

    @property
    def in_good_standing(self) -> bool:
        """True unless the tier is suspended."""
        return not self.suspended

    @property
    def rank(self) -> int:
        """Orders tiers: any certified tier before any suspended one, then by tier."""
        return self.tier + (0 if self.suspended else 10)

    @classmethod
    def from_rank(cls, rank: int | None) -> CtpatTier | None:
        """The tier back from the largest rank a query found (see ``rank``)."""
        if rank is None:
            return None
        return cls(rank % 10, suspended=rank < 10)

    @classmethod
    def parse(cls, text: str) -> CtpatTier | None:
        """Read "2", "Tier 2" or "Tier 2 (suspended)" (how files write it); None if not."""
        words = text.casefold().replace("(", " ").replace(")", " ").split()
        suspended = "suspended" in words
        rest = [w for w in words if w not in {"tier", "suspended"}]
        if len(rest) != 1 or rest[0] not in {"1", "2", "3", "1.0", "2.0", "3.0"}:
            return None
        return cls(int(float(rest[0])), suspended)


def current_ctpat_tier(enrollments: Iterable[Enrollment]) -> CtpatTier | None:
    """The current CTPAT tier of a partner's enrollments (see :class:`CtpatTier`)."""
    ranks = [
        CtpatTier(e.tier, e.status == EnrollmentStatus.SUSPENDED).rank
        for e in enrollments
        if e.program == Program.CTPAT and e.status in TIER_HOLDING_STATUSES and e.tier
    ]
    return CtpatTier.from_rank(max(ranks, default=None))


@dataclass(frozen=True)
class Enrollment:
    """A partner's enrollment in one program, as far as the rules need it.

    For CTPAT Trade Compliance, ``certified_on`` is the date of acceptance and
    ``last_reviewed_on`` the date of the last Annual Notification Letter.
    """

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
        """The next annual review: (the day its window opens, the anniversary it is due by)."""
        following = self.next_anniversary(today)
        if following is None:
            return None
        return following - timedelta(days=ANNUAL_REVIEW_LEAD_DAYS), following

    def annual_review_done(self, today: date) -> bool:
        """Whether the review of the next anniversary was already done in its window."""
        window = self.annual_review_window(today)
        reviewed = self.last_reviewed_on
        return window is not None and reviewed is not None and reviewed >= window[0]

    def annual_review_state(
        self, today: date, day_text: Callable[[date], str] = date.isoformat
    ) -> str:
        """How the next annual review stands: "open, due 2026-12-31" is not overdue.

        ``day_text`` writes each date (the window passes the user's date style).
        """
        window = self.annual_review_window(today)
        if window is None:
            return "no anniversary date"
        opens, due = window
        if self.annual_review_done(today) and self.last_reviewed_on is not None:
            return f"done {day_text(self.last_reviewed_on)}, for {day_text(due)}"
        if today >= opens:
            return f"open, due {day_text(due)}"
        return f"opens {day_text(opens)}, due {day_text(due)}"

    def revalidation_due(self) -> date | None:
        """Tier 2 and 3: within 4 years of the last validation (6 U.S.C. 969)."""
        if self.program != Program.CTPAT or (self.tier or 0) < 2:
            return None
        since = self.last_validated_on
        return None if since is None else add_months_clamped(since, 12 * REVALIDATION_YEARS)

    def first_validation_expected(self) -> date | None:
        """Certified, never validated: expected within 1 year (6 U.S.C. 965(a)), not due."""
        if self.program != Program.CTPAT or self.last_validated_on is not None:
            return None
        since = self.certified_on
        return None if since is None else add_months_clamped(since, FIRST_VALIDATION_MONTHS)

    def notification_letter_due(self) -> date | None:
        """Trade Compliance's Annual Notification Letter: 13 months after acceptance, yearly."""
        if self.program != Program.TRADE_COMPLIANCE or self.certified_on is None:
            return None
        due = add_months_clamped(self.certified_on, NOTIFICATION_LETTER_FIRST_MONTHS)
        sent = self.last_reviewed_on
        step = 0
        while sent is not None and due <= sent + timedelta(days=NOTIFICATION_LETTER_COVER_DAYS):
            step += 12
            due = add_months_clamped(self.certified_on, NOTIFICATION_LETTER_FIRST_MONTHS + step)
        return due


@dataclass(frozen=True)
class ProgramFlag:
    """Something inconsistent or lapsed across a partner's programs, with a plain reason."""

    code: str
    program: Program
    reason: str


def check_programs(enrollments: Iterable[Enrollment], today: date) -> list[ProgramFlag]:
    """Check a partner's programs against each other: they must be "married together"."""
    items = list(enrollments)
    current = current_ctpat_tier(items)
    good_tier = current.tier if current is not None and current.in_good_standing else 0
    flags: list[ProgramFlag] = []
    for enrollment in items:
        if not enrollment.in_force:
            continue
        flags.extend(_flags_for(enrollment, good_tier, today))
    return flags


def _flags_for(enrollment: Enrollment, good_tier: int, today: date) -> list[ProgramFlag]:
    program = enrollment.program
    flags: list[ProgramFlag] = []
    if program == Program.TRADE_COMPLIANCE and good_tier < 2:
        flags.append(
            ProgramFlag(
                "trade_compliance_without_tier",
                program,
                "CTPAT Trade Compliance needs a certified CTPAT Tier 2 or Tier 3 enrollment.",
            )
        )
    if program == Program.TRADE_COMPLIANCE:
        due = enrollment.notification_letter_due()
        if due is not None and due < today:
            flags.append(
                ProgramFlag(
                    "notification_letter_overdue",
                    program,
                    f"The Annual Notification Letter was due by {due}.",
                )
            )
    if program == Program.FAST and good_tier == 0:
        # A FAST approval has no term of its own (the 5-year term is a driver's card).
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
