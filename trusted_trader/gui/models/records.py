"""Column sets for the smaller record tables: touch points, activities, contacts, history."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from trusted_trader.domain.enums import ActivityKind, Outcome, TouchPointKind
from trusted_trader.domain.identifiers import format_hts
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.qt_dates import show_moment

if TYPE_CHECKING:  # the records module is imported after the first paint
    from trusted_trader.services.records import (
        ActivityRecord,
        AuditRecord,
        ContactRecord,
        TouchPointRecord,
    )


def _label(enum: Any) -> Callable[[object], str]:
    def text(value: object) -> str:
        return str(enum.label_of(str(value or "")))

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

# A contact's fields by name and title, in the order the tab's add row, the dialog and the
# table show them.
CONTACT_FIELDS = (("name", "Name"), ("role", "Role"), ("email", "E-mail"), ("phone", "Phone"))
CONTACT_COLUMNS: list[Column[ContactRecord]] = [
    Column(title, attrgetter(name)) for name, title in CONTACT_FIELDS
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
        elif record.action == "conflict":
            parts.append(_conflict_part(label, before, after))
        else:
            parts.append(f"{label}: {_plain(after if after is not None else before)}")
    return "; ".join(parts)


def _conflict_part(label: str, aside: object, kept: object) -> str:
    """A field of a settled conflict: which value was kept, which set aside."""
    if label == "resolution":
        return f"conflict settled: {_plain(kept)}"
    return f"{label}: kept {_plain(kept)}, set aside {_plain(aside)}"


HISTORY_COLUMNS: list[Column[AuditRecord]] = [
    Column("When", lambda a: a.at, show_moment),
    Column("Who", lambda a: a.actor),
    Column("Action", lambda a: a.action, lambda v: str(v).capitalize()),
    Column("Record", lambda a: a.table_name, lambda v: str(v).replace("_", " ")),
    Column("Changes", _changes, tooltip=_changes),
]
