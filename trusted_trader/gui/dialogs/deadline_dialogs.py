"""Mark a deadline done on a date, or move it to another date with a reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from trusted_trader.domain.deadlines import Deadline, DeadlineKind
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.fields import FormDialog, date_edit
from trusted_trader.gui.qt_dates import py_date, qdate, qt_date_format, show_date
from trusted_trader.gui.undo import change_deadline

# What "done" means for each kind, as the date field's label says it.
DONE_LABELS = {
    DeadlineKind.RESPONSE: "Response received on",
    DeadlineKind.ACTION_ITEM: "Done on",
    DeadlineKind.PLAN_REVIEW: "Review held on",
    DeadlineKind.ANNUAL_REVIEW: "Review done on",
    DeadlineKind.REVALIDATION: "Validated on",
    DeadlineKind.FIRST_VALIDATION: "Validated on",
    DeadlineKind.NOTIFICATION_LETTER: "Letter sent on",
}


class _DeadlineDialog(FormDialog):
    def __init__(
        self, desk: Desk, item: Deadline, title: str, label: str, day: date, parent: QWidget
    ) -> None:
        super().__init__(title, parent)
        self.desk = desk
        self.item = item
        what = QLabel(f"{item.partner_name}: {item.title} (due {show_date(item.due_on)})", self)
        what.setWordWrap(True)
        self.form.addRow(what)
        self.date_edit = date_edit(day, self, label)
        self.date_edit.setDisplayFormat(qt_date_format())
        self.form.addRow(label, self.date_edit)

    def chosen_date(self) -> date:
        return py_date(self.date_edit.date())


class MarkDoneDialog(_DeadlineDialog):
    """Close a deadline on a date: the response received, the item or the review done."""

    def __init__(self, desk: Desk, item: Deadline, parent: QWidget) -> None:
        label = DONE_LABELS.get(item.kind, "Done on")
        super().__init__(desk, item, "Mark done", label, desk.today(), parent)
        self.date_edit.setMaximumDate(qdate(desk.today()))  # done is never in the future
        self.save_button.setText("Mark done")

    def save(self) -> None:
        from trusted_trader.services.deadline_actions import mark_done

        item, day = self.item, self.chosen_date()
        change_deadline(self.desk, lambda uow: mark_done(uow, item, day))


class RescheduleDialog(_DeadlineDialog):
    """Move a deadline to a new date; the reason is kept in the record's history."""

    def __init__(self, desk: Desk, item: Deadline, parent: QWidget) -> None:
        super().__init__(desk, item, "Reschedule", "New date", item.due_on, parent)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setPlaceholderText("Why the date moves (kept in the history)")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(90)
        self.form.addRow("Reason", self.reason_edit)
        self.save_button.setText("Reschedule")

    def save(self) -> None:
        from trusted_trader.services.deadline_actions import reschedule

        item, day, reason = self.item, self.chosen_date(), self.reason_edit.toPlainText()
        change_deadline(self.desk, lambda uow: reschedule(uow, item, day, reason))
