"""Add an Account Executive (name, e-mail, Center): the user adding themselves in Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from trusted_trader.domain.partners import normalize_email
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.fields import CheckedLineEdit, FormDialog
from trusted_trader.services.records import ExecutiveRecord

MAX_NAME = 120  # the executive table's name column


def _name(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("A name is required")
    if len(name) > MAX_NAME or not name.isprintable():
        raise ValueError(f"The name must be printable and at most {MAX_NAME} characters")
    return name


class ExecutiveDialog(FormDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__("Add an Account Executive", parent)
        self.desk = desk
        self.saved: ExecutiveRecord | None = None
        self.name_field = self.checked(
            "&Name", CheckedLineEdit(_name, required=True, name="Name", placeholder="Jane Doe")
        )
        self.email_field = self.checked(
            "&E-mail",
            CheckedLineEdit(
                normalize_email, required=True, name="E-mail", placeholder="jane.doe@cbp.dhs.gov"
            ),
        )
        self.center_combo = QComboBox(self)
        self.center_combo.setAccessibleName("Center")
        self.form.addRow("&Center", self.center_combo)
        self._load_centers()

    def _load_centers(self) -> None:
        from trusted_trader.services.reference import list_centers

        with self.desk.uow() as uow:
            centers = list_centers(uow)
        self.center_combo.addItem("(none)", None)
        for center in centers:
            self.center_combo.addItem(f"{center.code} — {center.name}", center.id)

    def save(self) -> None:
        from trusted_trader.services.reference import create_executive

        with self.desk.uow() as uow:
            self.saved = create_executive(
                uow,
                name=str(self.name_field.value),
                email=str(self.email_field.value),
                center_id=self.center_combo.currentData(),
            )
            uow.commit()
