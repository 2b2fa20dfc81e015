"""Deadlines: response windows of touch points and how urgent a due date is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from trusted_trader.domain.enums import TouchPointKind

__all__ = [
    "DUE_SOON_DAYS",
    "THIS_WEEK_DAYS",
    "Deadline",
    "DeadlineKind",
    "KindGroup",
    "Urgency",
    "WeekGroup",
    "response_due",
    "urgency_of",
    "week_group",
]

DUE_SOON_DAYS = 30
THIS_WEEK_DAYS = 7  # "this week" is today and the six days after it, whatever the weekday


def response_due(kind: TouchPointKind, occurred_on: date) -> date | None:
    """When the partner's response to a touch point is due, if CBP sets a window."""
    days = kind.response_days
    return None if days is None else occurred_on + timedelta(days=days)


class Urgency(StrEnum):
    """How close a deadline is: overdue, due soon, or later."""

    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    LATER = "later"
    EXPECTED = "expected"  # past a date the law asks for "to the extent practicable"


def urgency_of(due_on: date, today: date, soon_days: int = DUE_SOON_DAYS) -> Urgency:
    """Overdue before today, due soon within `soon_days`, later otherwise."""
    if due_on < today:
        return Urgency.OVERDUE
    if due_on <= today + timedelta(days=soon_days):
        return Urgency.DUE_SOON
    return Urgency.LATER


class DeadlineKind(StrEnum):
    """What a deadline is for: a response, an action item, a review or a revalidation."""

    RESPONSE = "response"
    ACTION_ITEM = "action item"
    ANNUAL_REVIEW = "annual review"
    REVALIDATION = "revalidation"
    FIRST_VALIDATION = "first validation"
    NOTIFICATION_LETTER = "notification letter"
    PLAN_REVIEW = "plan review"


@dataclass(frozen=True)
class Deadline:
    """One dated obligation, named so a user knows what to open."""

    kind: DeadlineKind
    due_on: date
    title: str
    partner_id: int
    partner_name: str
    record_table: str
    record_id: int
    opens_on: date | None = None  # a window that opens before the due date
    advisory: bool = False  # an expectation: past it is "expected", never overdue
    version: int | None = None  # the record's version when read, for a version-checked edit
    executive_id: int | None = None  # the partner's Account Executive, for "mine"
    center_id: int | None = None  # the partner's Center, for "my Center"

    def urgency(self, today: date, soon_days: int = DUE_SOON_DAYS) -> Urgency:
        """This deadline's urgency on `today`."""
        if self.advisory and self.due_on < today:
            return Urgency.EXPECTED
        return urgency_of(self.due_on, today, soon_days)

    def status(
        self,
        today: date,
        soon_days: int = DUE_SOON_DAYS,
        day_text: Callable[[date], str] = date.isoformat,
    ) -> str:
        """What a user reads beside it: "open, due 2026-12-31" for an open window.

        ``day_text`` writes each date (the window passes the user's date style).
        """
        urgency = self.urgency(today, soon_days)
        if urgency == Urgency.OVERDUE:
            return "overdue"
        if self.opens_on is not None:
            if today < self.opens_on:
                return f"opens {day_text(self.opens_on)}, due {day_text(self.due_on)}"
            return f"open, due {day_text(self.due_on)}"
        if urgency == Urgency.EXPECTED:
            return f"expected by {day_text(self.due_on)}"
        return urgency.value

    @property
    def uid(self) -> str:
        """A stable identifier, so calendars update an event rather than duplicate it."""
        return f"{self.record_table}-{self.record_id}-{self.kind.value.replace(' ', '-')}"


class KindGroup(StrEnum):
    """The kinds a user filters My week by: responses, action items, reviews."""

    RESPONSES = "responses"
    ACTION_ITEMS = "action items"
    REVIEWS = "program reviews"  # program reviews, validations and letters, and plan reviews

    @classmethod
    def of(cls, kind: DeadlineKind) -> KindGroup:
        """The group a deadline's kind falls in."""
        if kind == DeadlineKind.RESPONSE:
            return cls.RESPONSES
        if kind == DeadlineKind.ACTION_ITEM:
            return cls.ACTION_ITEMS
        return cls.REVIEWS


class WeekGroup(IntEnum):
    """The groups of My week, in the order they are shown: what is near comes first."""

    THIS_WEEK = 0
    NEXT_30_DAYS = 1
    OVERDUE = 2
    LATER = 3

    @property
    def label(self) -> str:
        return ("This week", "Next 30 days", "Overdue", "Later")[self]


def week_group(deadline: Deadline, today: date) -> WeekGroup:
    """Where a deadline stands in My week on ``today``; an expectation past is never overdue."""
    if deadline.due_on < today:
        return WeekGroup.LATER if deadline.advisory else WeekGroup.OVERDUE
    if deadline.due_on < today + timedelta(days=THIS_WEEK_DAYS):
        return WeekGroup.THIS_WEEK
    if deadline.due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return WeekGroup.NEXT_30_DAYS
    return WeekGroup.LATER
