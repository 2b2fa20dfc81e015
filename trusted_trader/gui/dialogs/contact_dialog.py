"""Change a contact: name, role, e-mail and phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from trusted_trader.gui.context import Topic
from trusted_trader.gui.dialogs.record_dialog import RecordDialog
from trusted_trader.services.records import ContactRecord

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

FIELDS = (("name", "&Name"), ("role", "&Role"), ("email", "&E-mail"), ("phone", "&Phone"))


class ContactDialog(RecordDialog[ContactRecord]):
    what = "contact"
    topic = Topic.CONTACTS

    def build(self) -> None:
        self.edits: dict[str, QLineEdit] = {}
        for key, label in FIELDS:
            edit = QLineEdit(self)
            edit.setAccessibleName(label.replace("&", ""))
            edit.setText(str(getattr(self.record, key, "")))
            self.form.addRow(label, edit)
            self.edits[key] = edit

    def store(self, uow: UnitOfWork) -> ContactRecord:
        from trusted_trader.services.contacts import add_contact, update_contact

        fields = {key: edit.text() for key, edit in self.edits.items()}
        if self.record is None:
            return add_contact(uow, self.partner_id, **fields)
        return update_contact(uow, self.record.id, fields, self.record.version)
