"""The deadline radar: responses due, action items, program reviews and plan reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.domain.deadlines import DUE_SOON_DAYS, Deadline, DeadlineKind
from trusted_trader.domain.enums import EnrollmentStatus, Program, TouchPointKind
from trusted_trader.domain.errors import NotFoundError
from trusted_trader.domain.programs import Enrollment
from trusted_trader.services.reference import executive_by_email
from trusted_trader.services.scope import Scope, partner_conditions
from trusted_trader.services.standing import open_action_item_conditions
from trusted_trader.store.models import (
    EngagementPlan,
    Partner,
    PlanActionItem,
    PlanReview,
    ProgramEnrollment,
    TouchPoint,
)
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class DeadlineQuery:
    """Whose deadlines, how far ahead, and whether overdue ones count."""

    scope: Scope = Scope()
    horizon_days: int = 60
    include_overdue: bool = True
    programs: bool = True  # program reviews follow rules worked out per enrollment: the slow part


def list_deadlines(uow: UnitOfWork, query: DeadlineQuery, today: date) -> list[Deadline]:
    """Every open obligation due by ``today + horizon`` (and overdue ones), soonest first."""
    until = today + timedelta(days=query.horizon_days)
    since = date.min if query.include_overdue else today
    found = [
        *_responses(uow, query, since, until),
        *_action_items(uow, query, since, until),
        *_plan_reviews(uow, query, since, until),
        *(_program_reviews(uow, query, since, until, today) if query.programs else []),
    ]
    return sorted(found, key=lambda d: (d.due_on, d.partner_name, d.title))


def _partner_filter(query: DeadlineQuery) -> list[Any]:
    return partner_conditions(query.scope)


def _owner_columns() -> tuple[Any, ...]:
    """The partner's id, name, Account Executive and Center, read beside every deadline."""
    return (
        col(Partner.id),
        col(Partner.legal_name),
        col(Partner.executive_id),
        col(Partner.center_id),
    )


def _owned(version: int | None, executive_id: int | None, center_id: int | None) -> Any:
    return {"version": version, "executive_id": executive_id, "center_id": center_id}


def _responses(uow: UnitOfWork, query: DeadlineQuery, since: date, until: date) -> list[Deadline]:
    stmt = (
        select(
            col(TouchPoint.id),
            col(TouchPoint.kind),
            col(TouchPoint.response_due),
            col(TouchPoint.entry_number),
            col(TouchPoint.version),
            *_owner_columns(),
        )
        .join(Partner, col(Partner.id) == col(TouchPoint.partner_id))
        .where(
            col(TouchPoint.response_due).between(since, until),
            # both conditions of the partial index of open responses, so it is used
            col(TouchPoint.response_due).is_not(None),
            col(TouchPoint.closed_on).is_(None),
            *_partner_filter(query),
        )
    )
    return [
        Deadline(
            DeadlineKind.RESPONSE,
            due,
            _response_title(kind, entry),
            pid,
            name,
            "touch_point",
            tid,
            **_owned(version, eid, cid),
        )
        for tid, kind, due, entry, version, pid, name, eid, cid in _rows(uow, stmt)
    ]


def _rows(uow: UnitOfWork, stmt: Any) -> list[Any]:
    return list(uow.connection.execute(stmt))


def _response_title(kind: str, entry_number: str) -> str:
    label = _KIND_LABELS.get(kind) or TouchPointKind(kind).label
    return f"{label} response due" + (f" (entry {entry_number})" if entry_number else "")


_KIND_LABELS = {kind.value: kind.label for kind in TouchPointKind}  # looked up per row


def _plan_rows(
    uow: UnitOfWork,
    query: DeadlineQuery,
    part: type[PlanActionItem] | type[PlanReview],
    columns: tuple[Any, ...],
    conditions: tuple[Any, ...],
) -> list[Any]:
    """Rows of a part of an engagement plan: ``columns``, then ``_owner_columns()``."""
    stmt = (
        select(*columns, *_owner_columns())
        .join(EngagementPlan, col(EngagementPlan.id) == col(part.plan_id))
        .join(Partner, col(Partner.id) == col(EngagementPlan.partner_id))
        .where(*conditions, *_partner_filter(query))
    )
    return _rows(uow, stmt)


def _action_items(
    uow: UnitOfWork, query: DeadlineQuery, since: date, until: date
) -> list[Deadline]:
    item = PlanActionItem
    columns = (col(item.id), col(item.description), col(item.due_on), col(item.version))
    due = (col(item.due_on).between(since, until), *open_action_item_conditions())
    rows = _plan_rows(uow, query, item, columns, due)
    return [
        Deadline(
            DeadlineKind.ACTION_ITEM,
            due,
            text,
            pid,
            name,
            "plan_action_item",
            aid,
            **_owned(version, eid, cid),
        )
        for aid, text, due, version, pid, name, eid, cid in rows
    ]


def _plan_reviews(
    uow: UnitOfWork, query: DeadlineQuery, since: date, until: date
) -> list[Deadline]:
    review = PlanReview
    pending = (
        col(review.review_on).between(since, until),
        col(review.done).is_(False),
        col(EngagementPlan.status) == "active",
    )
    columns = (col(review.id), col(review.review_on), col(EngagementPlan.title))
    rows = _plan_rows(uow, query, review, columns, pending)
    return [
        Deadline(
            DeadlineKind.PLAN_REVIEW,
            due,
            f"Plan review: {title or 'engagement plan'}",
            pid,
            name,
            "plan_review",
            rid,
            **_owned(None, eid, cid),
        )
        for rid, due, title, pid, name, eid, cid in rows
    ]


_RULE_DATES = ("certified_on", "last_validated_on", "anniversary", "last_reviewed_on")


def _program_reviews(
    uow: UnitOfWork, query: DeadlineQuery, since: date, until: date, today: date
) -> list[Deadline]:
    """CTPAT reviews and validations and Trade Compliance letters, by the domain rules."""
    enrollment = ProgramEnrollment
    # Only the columns the rules read: whole rows cost a third more (their timestamps).
    needed = ("id", "partner_id", "program", "tier", "version", *_RULE_DATES)
    stmt: Any = (
        select(
            *(col(getattr(enrollment, name)) for name in needed),
            col(Partner.legal_name).label("partner_name"),
            col(Partner.executive_id).label("executive_id"),
            col(Partner.center_id).label("center_id"),
        )
        .join(Partner, col(Partner.id) == col(ProgramEnrollment.partner_id))
        .where(
            col(ProgramEnrollment.program).in_(
                [Program.CTPAT.value, Program.TRADE_COMPLIANCE.value]
            ),
            col(ProgramEnrollment.status) == EnrollmentStatus.CERTIFIED.value,
            *_partner_filter(query),
        )
    )
    found: list[Deadline] = []
    for row in uow.connection.execute(stmt).mappings():
        rules = Enrollment(
            Program(row["program"]),
            EnrollmentStatus.CERTIFIED,
            tier=row["tier"],
            **{name: row[name] for name in _RULE_DATES},
        )
        where = (row["partner_id"], row["partner_name"], "program_enrollment", row["id"])
        owned = _owned(row["version"], row["executive_id"], row["center_id"])
        found.extend(
            d
            for d in _program_deadlines(rules, where, today, owned)
            if since <= d.due_on <= until
            # an annual review shows from the day its window opens, whatever the horizon
            or (d.opens_on is not None and d.opens_on <= until and d.due_on >= since)
        )
    return found


def _program_deadlines(
    rules: Enrollment, where: tuple[int, str, str, int], today: date, owned: Any
) -> list[Deadline]:
    found: list[Deadline] = []
    window = rules.annual_review_window(today)
    if (
        rules.program == Program.CTPAT
        and window is not None
        and not rules.annual_review_done(today)
    ):
        title = f"CTPAT annual review (window opens {window[0]})"
        found.append(
            Deadline(DeadlineKind.ANNUAL_REVIEW, window[1], title, *where, window[0], **owned)
        )
    due = rules.revalidation_due()
    if due is not None:
        title = f"CTPAT Tier {rules.tier} revalidation due (4 years after the last validation)"
        found.append(Deadline(DeadlineKind.REVALIDATION, due, title, *where, **owned))
    expected = rules.first_validation_expected()
    if expected is not None:
        title = "CTPAT first validation expected (within 1 year of certification)"
        found.append(
            Deadline(DeadlineKind.FIRST_VALIDATION, expected, title, *where, advisory=True, **owned)
        )
    letter = rules.notification_letter_due()
    if letter is not None:
        title = "Trade Compliance Annual Notification Letter due"
        found.append(Deadline(DeadlineKind.NOTIFICATION_LETTER, letter, title, *where, **owned))
    return found


ALL_AHEAD_DAYS = 3660  # "every open item": ten years ahead holds every window the rules set


@dataclass(frozen=True)
class WeekItems:
    """Every open deadline of every partner one may read, and who "me" is, for My week."""

    deadlines: list[Deadline]
    executive_id: int | None  # the user's own Account Executive record, if set
    center_id: int | None  # their Center
    complete: bool = True  # False for the first screen's quick read (see ``near_items``)


def near_items(uow: UnitOfWork, today: date, executive_email: str = "") -> WeekItems:
    """The first screen's quick read: responses, action items and plan reviews of 30 days.

    Each is one range over an index. Program reviews (worked out per enrollment by the
    rules), the overdue and the later items follow with ``week_items``.
    """
    me_id, center_id = _me(uow, executive_email)
    query = DeadlineQuery(
        Scope(), horizon_days=DUE_SOON_DAYS, include_overdue=False, programs=False
    )
    return WeekItems(list_deadlines(uow, query, today), me_id, center_id, complete=False)


def week_items(uow: UnitOfWork, today: date, executive_email: str = "") -> WeekItems:
    """My week's list in one read: the filters (mine, my Center, kind) then work in memory."""
    me_id, center_id = _me(uow, executive_email)
    query = DeadlineQuery(Scope(), horizon_days=ALL_AHEAD_DAYS)
    return WeekItems(list_deadlines(uow, query, today), me_id, center_id)


def _me(uow: UnitOfWork, executive_email: str) -> tuple[int | None, int | None]:
    """The user's Account Executive id and Center, when the settings name one that exists."""
    if executive_email:
        try:
            me = executive_by_email(uow, executive_email)
        except NotFoundError:
            return None, None
        return me.id, me.center_id
    return None, None
