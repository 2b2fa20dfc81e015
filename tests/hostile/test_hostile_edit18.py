"""Hostile and careless edits in the record dialogs: refused with a reason, or kept whole.

Each row opens a real dialog on a real database (SQLite, and PostgreSQL where it runs),
types what a careless or hostile user would, and saves. A refused row must say why in the
dialog and leave the stored record as it was; a kept row must read back exactly as typed.
Programs, contacts and activities became editable in #18; touch points gained a due date
set by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QSettings

from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.activity_dialog import ActivityDialog
from trusted_trader.gui.dialogs.contact_dialog import ContactDialog
from trusted_trader.gui.dialogs.program_dialog import ProgramDialog
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.services.activities import log_activity
from trusted_trader.services.contacts import add_contact
from trusted_trader.services.partners import get_partner
from trusted_trader.services.programs import EnrollmentInput, enroll
from trusted_trader.services.touch_points import (
    TouchPointInput,
    TouchPointQuery,
    list_touch_points,
    record_touch_point,
)
from trusted_trader.settings import Settings

TODAY = date(2026, 11, 16)
PAGE = "Long notes, word after word. " * 345  # about 10,000 characters
NUL = "Dana\x00Reyes"


def contact_dialog(desk: Desk, partner_id: int) -> ContactDialog:
    with desk.uow() as uow:
        record = add_contact(uow, partner_id, name="Dana Reyes")
        uow.commit()
    return ContactDialog(desk, partner_id, record)


def activity_dialog(desk: Desk, partner_id: int) -> ActivityDialog:
    with desk.uow() as uow:
        record = log_activity(uow, partner_id, occurred_on=TODAY, kind="call", summary="call")
        uow.commit()
    return ActivityDialog(desk, partner_id, record)


def program_dialog(desk: Desk, partner_id: int) -> ProgramDialog:
    with desk.uow() as uow:
        record = enroll(uow, partner_id, EnrollmentInput("ctpat", tier=2))
        uow.commit()
    return ProgramDialog(desk, partner_id, (record,), record)


def touch_point_dialog(desk: Desk, partner_id: int) -> TouchPointDialog:
    with desk.uow() as uow:
        record = record_touch_point(uow, partner_id, TouchPointInput(TODAY, "cf28"))
        uow.commit()
    return TouchPointDialog(desk, partner_id, record)


def stored(desk: Desk, dialog: Any) -> Any:
    """The record the dialog edits, as the database holds it now."""
    with desk.uow() as uow:
        if isinstance(dialog, TouchPointDialog):
            return list_touch_points(uow, TouchPointQuery(partner_id=dialog.partner_id))[0]
        partner = get_partner(uow, dialog.partner_id)
    if isinstance(dialog, ContactDialog):
        return partner.contacts[0]
    if isinstance(dialog, ProgramDialog):
        return partner.enrollments[0]
    from trusted_trader.services.activities import list_activities

    with desk.uow() as uow:
        return list_activities(uow, dialog.partner_id)[0]


def dates(dialog: ProgramDialog, **days: date) -> None:
    for key, day in days.items():
        dialog.dates[key].set_value(day)


def program_as(dialog: ProgramDialog, program: str, tier: int = 0, arrangement: str = "") -> None:
    dialog.program_combo.setCurrentIndex(dialog.program_combo.findData(program))
    if tier:
        dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findData(tier))
    dialog.arrangement_combo.setCurrentText(arrangement)


def due_by_hand(dialog: TouchPointDialog, day: date, reason: str) -> None:
    dialog.due_override.check_box.setChecked(True)
    dialog.due_override.date_edit.setDate(QDate(day.year, day.month, day.day))
    dialog.due_reason_edit.setText(reason)


@dataclass(frozen=True)
class Case:
    name: str
    open: Callable[[Desk, int], Any]
    type_in: Callable[[Any], None]
    # refused: words the dialog must show; kept: (field, value) read back from the database
    refused: str = ""
    kept: tuple[str, object] | None = None


CASES = [
    Case(
        "certified on after last validated on",
        program_dialog,
        lambda d: dates(d, certified_on=date(2024, 5, 1), last_validated_on=date(2024, 1, 1)),
        refused="last validated on: is before certification on 2024-05-01",
    ),
    Case(
        "a tier without CTPAT",
        program_dialog,
        lambda d: program_as(d, "fast", tier=2),
        refused="only CTPAT has tiers",
    ),
    Case(
        "CTPAT without a tier",
        program_dialog,
        lambda d: d.tier_combo.setCurrentIndex(0),
        refused="CTPAT tier must be 1, 2 or 3",
    ),
    Case(
        "an arrangement CBP has not signed",
        program_dialog,
        lambda d: program_as(d, "mutual_recognition", arrangement="Atlantis <script>"),
        refused="must be one of CBP's Mutual Recognition arrangements",
    ),
    Case(
        "an anniversary in the 1800s",
        program_dialog,
        lambda d: dates(d, anniversary=date(1850, 1, 1)),
        refused="out of range",
    ),
    Case(
        "a 10,000-character contact name",
        contact_dialog,
        lambda d: d.edits["name"].setText(PAGE),
        refused="at most 120 fit",
    ),
    Case(
        "a NUL in a contact name",
        contact_dialog,
        lambda d: d.edits["name"].setText(NUL),
        refused="NUL character",
    ),
    Case(
        "a contact name of spaces",
        contact_dialog,
        lambda d: d.edits["name"].setText("   "),
        refused="a contact needs a name",
    ),
    Case(
        "a contact e-mail without an @",
        contact_dialog,
        lambda d: d.edits["email"].setText("dana at acme"),
        refused="e-mail",
    ),
    Case(
        "10,000 characters of activity summary",
        activity_dialog,
        lambda d: d.summary_edit.setPlainText(PAGE),
        kept=("summary", PAGE.strip()),
    ),
    Case(
        "a NUL in an activity summary",
        activity_dialog,
        lambda d: d.summary_edit.setPlainText(NUL),
        refused="NUL character",
    ),
    Case(
        "10,000 characters of participants",
        activity_dialog,
        lambda d: d.participants_edit.setText(PAGE),
        refused="at most 300 fit",
    ),
    Case(
        "10,000 characters of touch-point notes",
        touch_point_dialog,
        lambda d: d.notes_edit.setPlainText(PAGE),
        kept=("notes", PAGE),
    ),
    Case(
        "a due date set by hand with a 10,000-character reason",
        touch_point_dialog,
        lambda d: due_by_hand(d, date(2026, 12, 1), PAGE),
        refused="is over 300 characters",
    ),
    Case(
        "a due date set by hand before the touch point",
        touch_point_dialog,
        lambda d: due_by_hand(d, date(2026, 1, 1), "typo"),
        refused="is before the touch point",
    ),
    Case(
        "a due date set by hand with a NUL in its reason",
        touch_point_dialog,
        lambda d: due_by_hand(d, date(2026, 12, 1), "asked\x00by port"),
        refused="NUL character",
    ),
]


@pytest.fixture
def desk(qtbot: Any, store: Any, tmp_path: Path) -> Desk:
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    made = Desk(Settings(), state, today=lambda: TODAY)
    made.set_store(store)
    return made


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_edit_is_refused_with_its_reason_or_kept_whole(
    qtbot: Any, desk: Desk, acme_id: int, case: Case
) -> None:
    dialog = case.open(desk, acme_id)
    qtbot.addWidget(dialog)
    before = stored(desk, dialog)
    case.type_in(dialog)
    dialog.try_save()
    after = stored(desk, dialog)
    if case.refused:
        outlook = getattr(dialog, "outlook_label", None)  # programs say it as they are typed
        shown = dialog.error_label.text() + (outlook.text() if outlook is not None else "")
        assert case.refused in shown
        assert dialog.saved is None and after == before
    else:
        assert case.kept is not None
        field, value = case.kept
        assert dialog.saved is not None and getattr(after, field) == value
        assert after.version == before.version + 1
