"""Acting on a deadline from My week: mark it done, or move it with a reason; each undoable.

Each action is one transaction through the shared edit path (``change_row``): the
version read with the deadline is checked, and the change is audited, a reason with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import SQLModel

from trusted_trader.domain.deadlines import Deadline, DeadlineKind
from trusted_trader.domain.enums import ActionStatus
from trusted_trader.domain.errors import ConflictError, ValidationError
from trusted_trader.services.editing import change_row, load_row
from trusted_trader.store.models import PlanActionItem, PlanReview, ProgramEnrollment, TouchPoint
from trusted_trader.store.uow import UnitOfWork

__all__ = ["REASON_MAX", "DeadlineChange", "mark_done", "reschedule", "undo_change"]

REASON_MAX = 300  # as long as a touch point's reason for a due date set by hand

_MODELS: dict[str, type[SQLModel]] = {
    "touch_point": TouchPoint,
    "plan_action_item": PlanActionItem,
    "plan_review": PlanReview,
    "program_enrollment": ProgramEnrollment,
}
# Which date of the enrollment a program deadline's "done" sets.
_PROGRAM_DONE = {
    DeadlineKind.ANNUAL_REVIEW: "last_reviewed_on",
    DeadlineKind.NOTIFICATION_LETTER: "last_reviewed_on",
    DeadlineKind.REVALIDATION: "last_validated_on",
    DeadlineKind.FIRST_VALIDATION: "last_validated_on",
}
# Which column holds the due date of the deadlines a user may move.
_DUE_COLUMN = {
    DeadlineKind.RESPONSE: "response_due",
    DeadlineKind.ACTION_ITEM: "due_on",
    DeadlineKind.PLAN_REVIEW: "review_on",
}


@dataclass(frozen=True)
class DeadlineChange:
    """What an action changed: the record, its values before, its version after; for undo."""

    record_table: str
    record_id: int
    partner_id: int
    before: tuple[tuple[str, Any], ...]
    version: int | None
    summary: str


def mark_done(uow: UnitOfWork, deadline: Deadline, done_on: date) -> DeadlineChange:
    """Close the deadline on ``done_on``: a response received, an item done, a review done."""
    row = _load_open(uow, deadline)
    changes = _done_changes(deadline, row, done_on)
    return _change(uow, row, changes, _of(deadline, f"Done: {deadline.title}"))


def reschedule(uow: UnitOfWork, deadline: Deadline, new_due: date, reason: str) -> DeadlineChange:
    """Move the deadline to ``new_due``; the reason goes into the record's history."""
    column = _DUE_COLUMN.get(deadline.kind)
    if column is None:
        raise ValidationError.single(
            "due",
            deadline.due_on,
            "follows the program's dates: change the enrollment's dates on the partner's page",
        )
    text = _reason(reason)
    if new_due == deadline.due_on:
        raise ValidationError.single("due", new_due, "is the date it is already due")
    row = _load_open(uow, deadline)
    occurred = getattr(row, "occurred_on", None)
    if occurred is not None and new_due < occurred:
        raise ValidationError.single("due", new_due, f"is before the touch point ({occurred})")
    changes: dict[str, Any] = {column: new_due}
    if deadline.kind == DeadlineKind.RESPONSE:
        changes["response_due_reason"] = text
    summary = f"Rescheduled to {new_due}: {deadline.title}"
    noted = {"reschedule_reason": text}
    return _change(uow, row, changes, _of(deadline, summary), noted=noted)


def undo_change(uow: UnitOfWork, change: DeadlineChange) -> DeadlineChange:
    """Put back what ``change`` changed, unless the record was changed again since."""
    row = load_row(uow, _MODELS[change.record_table], change.record_id, "record")
    return _change(uow, row, dict(change.before), change, expected_version=change.version)


def _load_open(uow: UnitOfWork, deadline: Deadline) -> Any:
    """The deadline's record, unless someone changed it since the list was read."""
    model = _MODELS.get(deadline.record_table)
    if model is None:
        raise ValidationError.single("record", deadline.record_table, "cannot be changed here")
    row: Any = load_row(uow, model, deadline.record_id, "record")
    version = getattr(row, "version", None)
    moved = deadline.kind == DeadlineKind.PLAN_REVIEW and (
        row.done or row.review_on != deadline.due_on
    )
    if moved or (deadline.version is not None and version != deadline.version):
        raise ConflictError(f"{deadline.title} was changed by someone else since you opened it.")
    return row


def _done_changes(deadline: Deadline, row: Any, done_on: date) -> dict[str, Any]:
    kind = deadline.kind
    if kind == DeadlineKind.RESPONSE:
        if done_on < row.occurred_on:
            raise ValidationError.single(
                "received on", done_on, f"is before the touch point ({row.occurred_on})"
            )
        return {"closed_on": done_on}
    if kind == DeadlineKind.ACTION_ITEM:
        return {"status": ActionStatus.DONE.value, "completed_on": done_on}
    if kind == DeadlineKind.PLAN_REVIEW:
        return {"done": True}
    if deadline.opens_on is not None and done_on < deadline.opens_on:
        raise ValidationError.single(
            "done on", done_on, f"is before the review window opens ({deadline.opens_on})"
        )
    return {_PROGRAM_DONE[kind]: done_on}


def _reason(text: str) -> str:
    """A reason on one line, required, at most REASON_MAX characters, no control characters."""
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ValidationError.single("reason", text[:40], "contains a control character")
    reason = " ".join(text.split())
    if not reason:
        raise ValidationError.single("reason", "", "a new date needs a reason")
    if len(reason) > REASON_MAX:
        raise ValidationError.single(
            "reason", reason[:40] + "…", f"is over {REASON_MAX} characters"
        )
    return reason


def _of(deadline: Deadline, summary: str) -> DeadlineChange:
    return DeadlineChange(
        deadline.record_table, deadline.record_id, deadline.partner_id, (), None, summary
    )


def _change(
    uow: UnitOfWork,
    row: Any,
    changes: dict[str, Any],
    done: DeadlineChange,
    *,
    noted: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> DeadlineChange:
    """Change the row through the shared edit path; what it held before, for undo."""
    before = tuple((key, getattr(row, key)) for key in changes)
    change_row(
        uow,
        row,
        changes,
        partner_id=done.partner_id,
        expected_version=expected_version,
        what="This record",
        audited=({}, noted or {}),
    )
    return replace(done, before=before, version=getattr(row, "version", None))
