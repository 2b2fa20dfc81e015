"""Create or edit a partner's profile; IOR numbers and filer codes are checked as typed."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from trusted_trader.domain.enums import PartnerStatus, RiskRating
from trusted_trader.domain.identifiers import parse_filer_code, parse_ior_number
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.conflict_dialog import Show, shown
from trusted_trader.gui.dialogs.conflict_save import (
    Values,
    VersionedSave,
    fields_of,
    save_versioned,
)
from trusted_trader.gui.dialogs.fields import CheckedLineEdit, FormDialog, list_parser
from trusted_trader.gui.widgets import select_data
from trusted_trader.services.records import PartnerRecord

if TYPE_CHECKING:
    from trusted_trader.services.partners import PartnerInput
    from trusted_trader.store.uow import UnitOfWork


def _required_text(text: str) -> str:
    if not text.strip():
        raise ValueError("Legal name is required")
    return text.strip()


class PartnerDialog(FormDialog):
    def __init__(
        self, desk: Desk, parent: QWidget | None = None, record: PartnerRecord | None = None
    ) -> None:
        super().__init__("Edit partner" if record else "New partner", parent)
        self.desk = desk
        self.record = record
        self.saved: PartnerRecord | None = None
        self.name_field = self.checked(
            "Legal &name",
            CheckedLineEdit(_required_text, required=True, name="Legal name"),
        )
        self.dba_edit = self._line("Doing business as", "&DBA")
        self.ior_field = self.checked(
            "&IOR numbers",
            CheckedLineEdit(
                list_parser(parse_ior_number),
                required=True,
                name="IOR numbers",
                placeholder="12-3456789AB, 123-45-6789 (comma-separated)",
            ),
        )
        self.filer_field = self.checked(
            "&Filer codes",
            CheckedLineEdit(list_parser(parse_filer_code), name="Filer codes", placeholder="ABC"),
        )
        self.ctpat_edit = self._line("CTPAT account", "CTPAT &account")
        self.center_combo = self._combo("Center", "&Center")
        self.executive_combo = self._combo("Account Executive", "Account &Executive")
        self.address_edit = self._line("Address", "Add&ress")
        self.city_edit = self._line("City", "Cit&y")
        self.country_edit = self._line("Country", "C&ountry")
        self.country_edit.setText("US")
        self.country_edit.setMaxLength(2)
        self.status_combo = self._combo("Status", "&Status")
        for value, label in PartnerStatus.choices():
            self.status_combo.addItem(label, value)
        self.risk_combo = self._combo("Risk rating", "Ris&k rating")
        for value, label in RiskRating.choices():
            self.risk_combo.addItem(label, value)
        self.risk_combo.setCurrentIndex(1)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        self.form.addRow("No&tes", self.notes_edit)
        self._load_reference()
        if record is not None:
            self._fill(record)

    def _line(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        self.form.addRow(label, edit)
        return edit

    def _combo(self, name: str, label: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        self.form.addRow(label, combo)
        return combo

    def _load_reference(self) -> None:
        from trusted_trader.services.reference import list_centers, list_executives

        with self.desk.uow() as uow:
            centers = list_centers(uow)
            executives = list_executives(uow)
        self.center_combo.addItem("(none)", None)
        for center in centers:
            self.center_combo.addItem(f"{center.code} — {center.name}", center.id)
        self.executive_combo.addItem("(none)", None)
        for executive in executives:
            self.executive_combo.addItem(
                f"{executive.name} ({executive.center_code})", executive.id
            )
        me = next((e for e in executives if e.id == self.desk.executive_id), None)
        if me is not None:  # a new partner is mine, in my Center, unless the user says otherwise
            select_data(self.executive_combo, me.id)
            select_data(self.center_combo, me.center_id)

    def _fill(self, record: PartnerRecord) -> None:
        self.name_field.set_text(record.legal_name)
        self.dba_edit.setText(record.dba)
        self.ior_field.set_text(", ".join(record.ior_numbers))
        self.filer_field.set_text(", ".join(record.filer_codes))
        self.ctpat_edit.setText(record.ctpat_account)
        select_data(self.center_combo, record.center_id)
        select_data(self.executive_combo, record.executive_id)
        self.address_edit.setText(record.address)
        self.city_edit.setText(record.city)
        self.country_edit.setText(record.country)
        select_data(self.status_combo, record.status)
        select_data(self.risk_combo, record.risk_rating)
        self.notes_edit.setPlainText(record.notes)

    def save(self) -> bool:
        from trusted_trader.services.partners import PartnerInput, create_partner

        data = PartnerInput(
            legal_name=str(self.name_field.value),
            ior_numbers=tuple(self.ior_field.value or ()),  # type: ignore[arg-type]
            filer_codes=tuple(self.filer_field.value or ()),  # type: ignore[arg-type]
            dba=self.dba_edit.text(),
            ctpat_account=self.ctpat_edit.text(),
            center_id=self.center_combo.currentData(),
            executive_id=self.executive_combo.currentData(),
            address=self.address_edit.text(),
            city=self.city_edit.text(),
            country=self.country_edit.text() or "US",
            status=str(self.status_combo.currentData()),
            risk_rating=str(self.risk_combo.currentData()),
            notes=self.notes_edit.toPlainText(),
        )
        if self.record is None:
            with self.desk.uow() as uow:
                self.saved = create_partner(uow, data)
                uow.commit()
        else:
            job = partner_save(self.record, data, self.value_in_words)
            self.saved = save_versioned(self, self.desk, job)
        self.desk.changed(Topic.PARTNERS)
        return self.saved is not None

    def value_in_words(self, name: str, value: object) -> str:
        """A Center or Account Executive by name, as the form's lists show them."""
        combo = {"center_id": self.center_combo, "executive_id": self.executive_combo}.get(name)
        if combo is None:
            return shown(value)
        if value is None:
            return "(none)"
        index = combo.findData(value)
        return combo.itemText(index) if index >= 0 else f"#{value}"


def partner_save(
    record: PartnerRecord, data: PartnerInput, show: Show | None = None
) -> VersionedSave[PartnerRecord]:
    """How a changed profile is saved against the version it was opened at."""
    from trusted_trader.services.partners import PartnerInput, get_partner, update_partner

    def fields(saved: PartnerRecord) -> dict[str, object]:
        return {name: getattr(saved, name) for name in fields_of(data)}

    def write(uow: UnitOfWork, values: Values, version: int) -> PartnerRecord:
        return update_partner(
            uow,
            record.id,
            PartnerInput(**values),  # type: ignore[arg-type]
            expected_version=version,
        )

    what, load = f"The partner {record.legal_name}", partial(get_partner, partner_id=record.id)
    return VersionedSave(what, "partner", record, fields_of(data), fields, write, load, show)
