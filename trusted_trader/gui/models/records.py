"""Column sets for the smaller record tables: touch points, activities, contacts, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from trusted_trader.domain.deadlines import Deadline, Urgency
from trusted_trader.domain.enums import ActivityKind, Outcome, TouchPointKind
from trusted_trader.domain.identifiers import format_hts
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.qt_dates import show_date, show_moment
from trusted_trader.gui.style import DUE_SOON, OVERDUE, on_base

if TYPE_CHECKING:  # the records module is imported after the first paint
    from trusted_trader.services.records import (
        ActivityRecord,
        AuditRecord,
        ContactRecord,
        TouchPointRecord,
    )


def _label(enum: Any) -> Callable[[object], str]:
    def text(value: object) -> str:
        try:
            return str(enum(value).label)
        except ValueError:
            return str(value or "")

    return text


TOUCH_POINT_COLUMNS: list[Column[TouchPointRecord]] = [
    Column("Date", lambda t: t.occurred_on),
    Column("Kind", lambda t: t.kind, _label(TouchPointKind)),
    Column("Port", lambda t: t.port_code),
    Column("Entry number", lambda t: t.entry_number),
    Column("HTS", lambda t: t.hts_number, lambda v: format_hts(str(v)) if v else ""),
    Column("Agency", lambda t: t.agency),
    Column("Outcome", lambda t: t.outcome, _label(Outcome)),
    Column("Response due", lambda t: t.response_due),
    Column("Closed", lambda t: t.closed_on),
    Column("Notes", lambda t: t.notes, lambda v: str(v).replace("\n", " ")),
]

ACTIVITY_COLUMNS: list[Column[ActivityRecord]] = [
    Column("Date", lambda a: a.occurred_on),
    Column("Kind", lambda a: a.kind, _label(ActivityKind)),
    Column("Participants", lambda a: a.participants),
    Column("Summary", lambda a: a.summary, lambda v: str(v).replace("\n", " ")),
]

CONTACT_COLUMNS: list[Column[ContactRecord]] = [
    Column("Name", lambda c: c.name),
    Column("Role", lambda c: c.role),
    Column("E-mail", lambda c: c.email),
    Column("Phone", lambda c: c.phone),
]


_HIDDEN_FIELDS = {"id", "partner_id", "plan_id"}


def _plain(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def _changes(record: AuditRecord) -> str:
    parts = []
    shown = [(k, v) for k, v in record.changes.items() if k not in _HIDDEN_FIELDS]
    for key, (before, after) in shown[:6]:
        label = key.replace("_", " ")
        if record.action == "update":
            parts.append(f"{label}: {_plain(before)} → {_plain(after)}")
        else:
            parts.append(f"{label}: {_plain(after if after is not None else before)}")
    return "; ".join(parts)


HISTORY_COLUMNS: list[Column[AuditRecord]] = [
    Column("When", lambda a: a.at, show_moment),
    Column("Who", lambda a: a.actor),
    Column("Action", lambda a: a.action, lambda v: str(v).capitalize()),
    Column("Record", lambda a: a.table_name, lambda v: str(v).replace("_", " ")),
    Column("Changes", _changes, tooltip=_changes),
]


def _status_words(deadline: Deadline, today: date, soon_days: int) -> str:
    """The status, naming the urgency its colour shows ("due soon" as well as amber)."""
    status = deadline.status(today, soon_days, show_date)
    if deadline.urgency(today, soon_days) == Urgency.DUE_SOON and "due soon" not in status:
        return f"due soon · {status}"
    return status


class DeadlineTableModel(RecordTableModel[Deadline]):
    """The deadline radar: overdue in red, due soon in amber."""

    def __init__(
        self, today: Callable[[], date], soon_days: int, parent: QObject | None = None
    ) -> None:
        super().__init__(
            [
                Column("Due", lambda d: d.due_on),
                Column(
                    "Status",
                    lambda d: _status_words(d, today(), soon_days),
                    lambda v: str(v).capitalize(),
                    tooltip=lambda d: _status_words(d, today(), soon_days).capitalize(),
                ),
                Column("What", lambda d: d.kind.value, lambda v: str(v).capitalize()),
                Column("Partner", lambda d: d.partner_name),
                Column("Item", lambda d: d.title, tooltip=lambda d: d.title),
            ],
            parent,
        )
        self._today = today
        self._soon_days = soon_days

    def extra_data(self, record: Deadline, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 1):
            urgency = record.urgency(self._today(), self._soon_days)
            if urgency == Urgency.OVERDUE:
                return on_base(OVERDUE)
            if urgency == Urgency.DUE_SOON:
                return on_base(DUE_SOON)
        return None
