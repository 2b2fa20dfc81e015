"""Activities: the facilitation timeline (meetings, calls, visits), newest first, with quick add."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from trusted_trader.domain.enums import ActivityKind
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.fields import date_edit
from trusted_trader.gui.models.records import ACTIVITY_COLUMNS
from trusted_trader.gui.qt_dates import py_date
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.base import RecordListTab


class ActivitiesTab(RecordListTab):
    title = "Activities"
    watches = frozenset({Topic.ACTIVITIES})
    record_dialog = ("activity_dialog", "ActivityDialog")
    record_delete = "delete_activity_with_undo"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.edit_button, self.delete_button = self.build_record_list(
            self._build_quick_add(), ACTIVITY_COLUMNS, (95, 120, 220), "activity"
        )

    def _build_quick_add(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.date_edit = date_edit(self.desk.today(), self, "Activity date")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Activity kind")
        for value, label in ActivityKind.choices():
            self.kind_combo.addItem(label, value)
        self.participants_edit = QLineEdit(self)
        self.participants_edit.setPlaceholderText("Participants")
        self.participants_edit.setAccessibleName("Participants")
        self.summary_edit = QLineEdit(self)
        self.summary_edit.setPlaceholderText("What was discussed or done")
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.returnPressed.connect(self.add_activity)
        self.add_button = push_button(
            "Log activity", self, self.add_activity, "Add the activity to the timeline (Enter)"
        )
        for widget, stretch in (
            (self.date_edit, 0),
            (self.kind_combo, 0),
            (self.participants_edit, 1),
            (self.summary_edit, 2),
            (self.add_button, 0),
        ):
            row.addWidget(widget, stretch)
        return row

    def edit_controls(self) -> list[QWidget]:
        return [self.date_edit, self.kind_combo, self.participants_edit, self.summary_edit,
                self.add_button, self.edit_button, self.delete_button]  # fmt: skip

    def load(self) -> None:
        from trusted_trader.services.activities import list_activities

        with self.desk.uow() as uow:
            self.model.set_rows(list_activities(uow, self.partner_id))

    def add_activity(self) -> None:
        from trusted_trader.errors import describe
        from trusted_trader.services.activities import log_activity

        if self.read_only:
            return
        if not self.summary_edit.text().strip():
            self.problem_label.setText("Say in a few words what happened.")
            return
        day = py_date(self.date_edit.date())
        try:
            with self.desk.uow() as uow:
                added = log_activity(
                    uow,
                    self.partner_id,
                    occurred_on=day,
                    kind=str(self.kind_combo.currentData()),
                    participants=self.participants_edit.text(),
                    summary=self.summary_edit.text(),
                )
                uow.commit()
        except Exception as exc:
            self.problem_label.setText(describe(exc)[0])
            return
        self.problem_label.setText("")
        self.summary_edit.clear()
        self.participants_edit.clear()
        self.desk.changed(Topic.ACTIVITIES)
        if not self.isVisible():
            self.reload()
        self.select_record(added.id)
