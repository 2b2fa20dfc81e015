"""Change a logged activity: its date, kind, participants and what happened."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from trusted_trader.domain.enums import ActivityKind
from trusted_trader.gui.dialogs.record_dialog import DatedRecordDialog
from trusted_trader.gui.widgets import select_data
from trusted_trader.services.records import ActivityRecord


class ActivityDialog(DatedRecordDialog[ActivityRecord]):
    what = "activity"
    table = "engagement_activity"
    service = ("activities", "log_activity", "update_activity", "get_activity")

    def build(self) -> None:
        super().build()
        record = self.record
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Kind")
        for value, label in ActivityKind.choices():
            self.kind_combo.addItem(label, value)
        if record is not None:
            select_data(self.kind_combo, record.kind)
        self.form.addRow("&Kind", self.kind_combo)
        self.participants_edit = QLineEdit(record.participants if record else "", self)
        self.participants_edit.setAccessibleName("Participants")
        self.form.addRow("&Participants", self.participants_edit)
        self.summary_edit = QPlainTextEdit(record.summary if record else "", self)
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setTabChangesFocus(True)
        self.form.addRow("&Summary", self.summary_edit)

    def values(self) -> dict[str, Any]:
        return {
            "occurred_on": self.day(),
            "kind": str(self.kind_combo.currentData()),
            "participants": self.participants_edit.text(),
            "summary": self.summary_edit.toPlainText(),
        }
