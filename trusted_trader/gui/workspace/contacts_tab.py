"""Contacts: the people at the partner the Account Executive deals with."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.records import CONTACT_COLUMNS, CONTACT_FIELDS
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.base import RecordListTab


class ContactsTab(RecordListTab):
    title = "Contacts"
    watches = frozenset({Topic.PARTNERS, Topic.CONTACTS})
    record_dialog = ("contact_dialog", "ContactDialog")
    record_delete = "delete_contact_with_undo"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        row = QHBoxLayout()
        self._edits: dict[str, QLineEdit] = {}
        for key, label in CONTACT_FIELDS:
            edit = QLineEdit(self)
            edit.setPlaceholderText(label)
            edit.setAccessibleName(f"Contact {label.lower()}")
            edit.returnPressed.connect(self.add_contact)
            self._edits[key] = edit
            row.addWidget(edit, 2 if key in ("name", "email") else 1)
        self.add_button = push_button("Add contact", self, self.add_contact)
        row.addWidget(self.add_button)
        self.edit_button, self.remove_button = self.build_record_list(
            row, CONTACT_COLUMNS, (200, 200, 240), "contact"
        )

    def edit_controls(self) -> list[QWidget]:
        return [*self._edits.values(), self.add_button, self.edit_button, self.remove_button]

    def load(self) -> None:
        from trusted_trader.services.partners import get_partner

        with self.desk.uow() as uow:
            self.model.set_rows(get_partner(uow, self.partner_id).contacts)

    def add_contact(self) -> None:
        from trusted_trader.errors import describe
        from trusted_trader.services.contacts import add_contact

        if self.read_only:
            return
        values = {k: e.text() for k, e in self._edits.items()}
        try:
            with self.desk.uow() as uow:
                added = add_contact(uow, self.partner_id, **values)
                uow.commit()
        except Exception as exc:
            self.problem_label.setText(describe(exc)[0])
            return
        self.problem_label.setText("")
        for edit in self._edits.values():
            edit.clear()
        self.desk.changed(Topic.CONTACTS)
        self.select_record(added.id)
