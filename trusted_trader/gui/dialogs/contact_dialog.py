"""Change a contact: name, role, e-mail and phone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from trusted_trader.gui.dialogs.record_dialog import RecordDialog
from trusted_trader.gui.models.records import CONTACT_FIELDS
from trusted_trader.services.records import ContactRecord


class ContactDialog(RecordDialog[ContactRecord]):
    what = "contact"
    table = "contact"
    service = ("contacts", "add_contact", "update_contact", "get_contact")

    def build(self) -> None:
        self.edits: dict[str, QLineEdit] = {}
        for key, label in CONTACT_FIELDS:
            edit = QLineEdit(self)
            edit.setAccessibleName(label)
            edit.setText(str(getattr(self.record, key, "")))
            self.form.addRow(f"&{label}", edit)
            self.edits[key] = edit

    def described(self, record: ContactRecord) -> str:
        return f"The contact {record.name}"

    def values(self) -> dict[str, Any]:
        return {key: edit.text() for key, edit in self.edits.items()}
