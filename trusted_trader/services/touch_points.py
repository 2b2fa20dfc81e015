"""Touch points: record, change, delete and list the CBP interventions on a partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from trusted_trader.domain.deadlines import response_due
from trusted_trader.domain.enums import (
    INSPECTING_KINDS,
    ExamSelection,
    Outcome,
    parse_touch_point_kind,
)
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.identifiers import (
    IdentifierError,
    parse_entry_number,
    parse_hts_number,
    parse_port_code,
)
from trusted_trader.domain.periods import check_day
from trusted_trader.services.editing import (
    OwnedRows,
    add_row,
    change_row,
    load_row,
    require_partner,
)
from trusted_trader.services.records import TouchPointRecord, to_record
from trusted_trader.store.models import Partner, TouchPoint
from trusted_trader.store.uow import UnitOfWork

TOUCH_POINTS = OwnedRows(TouchPoint, TouchPointRecord, "touch point")


@dataclass(frozen=True)
class TouchPointInput:
    occurred_on: date
    kind: str
    port_code: str = ""
    entry_number: str = ""
    hts_number: str = ""
    agency: str = "CBP"
    outcome: str = ""
    closed_on: date | None = None
    notes: str = ""
    # A due date set by hand, with the officer's reason; None: the kind's response
    # window decides it, reckoned again whenever the date or the kind changes.
    response_due: date | None = None
    response_due_reason: str = ""
    selection: str = ""  # exams and CF-28s: "targeted" or "random"; empty when not known


def validate_touch_point(data: TouchPointInput) -> dict[str, Any]:
    """Check every field; return the columns in normal form or raise with every problem."""
    problems: list[Problem] = []
    values: dict[str, Any] = {"occurred_on": data.occurred_on, "notes": data.notes}
    try:
        check_day(data.occurred_on)
    except ValueError as exc:
        problems.append(Problem("occurred_on", str(data.occurred_on), str(exc)))
        raise ValidationError(problems) from None  # no window can be reckoned from it
    try:
        kind = parse_touch_point_kind(data.kind)
        values["kind"] = kind.value
        values["response_due"] = response_due(kind, data.occurred_on)
    except ValueError as exc:
        problems.append(Problem("kind", data.kind, str(exc)))
    values["response_due_reason"] = ""
    if data.response_due is not None:
        values.update(_due_set_by_hand(data, problems))
    for field, parse in (
        ("port_code", parse_port_code),
        ("entry_number", parse_entry_number),
        ("hts_number", parse_hts_number),
    ):
        raw = str(getattr(data, field) or "").strip()
        try:
            values[field] = parse(raw) if raw else ""
        except IdentifierError as exc:
            problems.append(Problem(field, raw, str(exc)))
    outcome = data.outcome.strip().lower().replace(" ", "_")
    if outcome and outcome not in {o.value for o in Outcome}:
        allowed = ", ".join(o.label.lower() for o in Outcome)
        problems.append(Problem("outcome", data.outcome, f"must be one of: {allowed}"))
    values["outcome"] = outcome
    values["selection"] = _selection(data.selection, values.get("kind"), problems)
    values["agency"] = data.agency.strip()[:40] or "CBP"
    if data.closed_on is not None and data.closed_on < data.occurred_on:
        problems.append(Problem("closed_on", str(data.closed_on), "is before the touch point"))
    values["closed_on"] = data.closed_on
    if problems:
        raise ValidationError(problems)
    return values


def _selection(given: str, kind: str | None, problems: list[Problem]) -> str:
    """How an inspection was chosen; only exams and document reviews (CF-28) are chosen."""
    selection = given.strip().lower()
    if not selection:
        return ""
    if selection not in {s.value for s in ExamSelection}:
        allowed = ", ".join(s.value for s in ExamSelection)
        problems.append(Problem("selection", given, f"must be one of: {allowed}"))
    elif kind is not None and kind not in INSPECTING_KINDS:
        problems.append(Problem("selection", given, "only exams and CF-28 reviews are selected"))
    return selection


def _due_set_by_hand(data: TouchPointInput, problems: list[Problem]) -> dict[str, Any]:
    """A due date the officer set (say, a window CBP shortened), kept only with a reason."""
    reason = " ".join(data.response_due_reason.split())
    due = data.response_due
    if not reason:
        problems.append(Problem("response_due_reason", "", "a due date set by hand needs a reason"))
    elif len(reason) > 300:
        problems.append(Problem("response_due_reason", reason[:40] + "…", "is over 300 characters"))
    if due is not None and due < data.occurred_on:
        problems.append(Problem("response_due", str(due), "is before the touch point"))
    return {"response_due": due, "response_due_reason": reason}


def record_touch_point(uow: UnitOfWork, partner_id: int, data: TouchPointInput) -> TouchPointRecord:
    """Record a touch point for a partner (audited)."""
    require_partner(uow, partner_id)
    row = TouchPoint(partner_id=partner_id, **validate_touch_point(data))
    return to_record(TouchPointRecord, add_row(uow, row, partner_id=partner_id))


def update_touch_point(
    uow: UnitOfWork, touch_point_id: int, data: TouchPointInput, expected_version: int | None = None
) -> TouchPointRecord:
    """Save a changed touch point; refuses a stale version (audited)."""
    row = load_row(uow, TouchPoint, touch_point_id, "touch point")
    changed = change_row(
        uow,
        row,
        validate_touch_point(data),
        partner_id=row.partner_id,
        expected_version=expected_version,
    )
    return to_record(TouchPointRecord, changed)


# Reading, deleting and undoing a delete are alike for every row a partner owns.
get_touch_point = TOUCH_POINTS.get
delete_touch_point = TOUCH_POINTS.delete
restore_touch_point = TOUCH_POINTS.restore


@dataclass(frozen=True)
class TouchPointQuery:
    partner_id: int | None = None
    kind: str | None = None
    executive_id: int | None = None  # only this Account Executive's partners
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 1000
    offset: int = 0
    outcome: str | None = None  # one outcome's value; "" for "not known yet"; None for any
    response: str = ""  # "open": a response is awaited; "overdue": and its due date has passed
    today: date | None = None  # the day "overdue" is measured on (required with "overdue")
    order: str = "date"  # one of ORDERS
    descending: bool = True


# What a list of touch points can be ordered by (ties: newest first).
ORDERS = (
    "date", "partner", "kind", "outcome", "response_due",
    "port", "entry", "hts", "agency", "closed", "notes",
)  # fmt: skip


def _order(query: TouchPointQuery) -> list[Any]:
    partner_name = (
        select(col(Partner.legal_name)).where(col(Partner.id) == col(TouchPoint.partner_id))
    ).scalar_subquery()
    keys = {
        "date": col(TouchPoint.occurred_on),
        "partner": func.lower(partner_name),
        "kind": col(TouchPoint.kind),
        "outcome": col(TouchPoint.outcome),
        "response_due": col(TouchPoint.response_due),
        "port": col(TouchPoint.port_code),
        "entry": col(TouchPoint.entry_number),
        "hts": col(TouchPoint.hts_number),
        "agency": func.lower(col(TouchPoint.agency)),
        "closed": col(TouchPoint.closed_on),
        "notes": func.lower(col(TouchPoint.notes)),
    }
    key = keys.get(query.order, keys["date"])
    first = key.desc() if query.descending else key.asc()
    # Empty due dates go last whichever way (SQLite and PostgreSQL differ by default).
    return [key.is_(None), first, col(TouchPoint.occurred_on).desc(), col(TouchPoint.id).desc()]


def _response_conditions(query: TouchPointQuery) -> list[Any]:
    if query.response not in ("open", "overdue"):
        return []
    awaited: list[Any] = [
        col(TouchPoint.response_due).is_not(None),
        col(TouchPoint.closed_on).is_(None),
    ]
    if query.response == "overdue":
        awaited.append(col(TouchPoint.response_due) < (query.today or date.today()))
    return awaited


def touch_point_conditions(query: TouchPointQuery) -> list[Any]:
    """The WHERE conditions of ``query`` (an export of what a page shows uses them too)."""
    return _conditions(query)


def _conditions(query: TouchPointQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.partner_id is not None:
        conditions.append(col(TouchPoint.partner_id) == query.partner_id)
    if query.kind:
        conditions.append(col(TouchPoint.kind) == query.kind)
    if query.executive_id is not None:
        mine = select(col(Partner.id)).where(col(Partner.executive_id) == query.executive_id)
        conditions.append(col(TouchPoint.partner_id).in_(mine))
    if query.date_from:
        conditions.append(col(TouchPoint.occurred_on) >= query.date_from)
    if query.date_to:
        conditions.append(col(TouchPoint.occurred_on) <= query.date_to)
    if query.outcome is not None:
        conditions.append(col(TouchPoint.outcome) == query.outcome)
    return conditions + _response_conditions(query)


def list_touch_points(uow: UnitOfWork, query: TouchPointQuery) -> list[TouchPointRecord]:
    """A page of touch points, newest first; the database filters and pages."""
    stmt = (
        select(TouchPoint)
        .where(*_conditions(query))
        .order_by(*_order(query))
        .limit(query.limit)
        .offset(query.offset)
    )
    rows = uow.connection.execute(stmt).mappings()
    return [to_record(TouchPointRecord, dict(r)) for r in rows]


def count_touch_points(uow: UnitOfWork, query: TouchPointQuery) -> int:
    """How many touch points the query matches."""
    stmt = select(func.count()).select_from(TouchPoint).where(*_conditions(query))
    return int(uow.connection.execute(stmt).scalar_one())
