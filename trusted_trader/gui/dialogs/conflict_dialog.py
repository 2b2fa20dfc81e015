"""When a record changed elsewhere since it was opened: compare and let the user choose."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum

from PySide6.QtCore import QSize, Slot
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from trusted_trader.gui.dialogs.stack import stack
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.style import DUE_SOON, tint
from trusted_trader.gui.window_size import remember_size

YOURS, THEIRS = "Yours", "Saved meanwhile"
# Field names whose plain spelling is not just the name with spaces.
LABELS = {
    "dba": "DBA",
    "ior_numbers": "IOR numbers",
    "ctpat_account": "CTPAT account",
    "center_id": "Center",
    "executive_id": "Account Executive",
    "hts_number": "HTS number",
    "entered_value_usd": "entered value (USD)",
    "plan_id": "plan",
}
Show = Callable[[str, object], str]  # (field, value) -> the value in words


class ConflictChoice(Enum):
    KEEP_MINE = "applied yours"  # my edits over the stored values
    TAKE_THEIRS = "kept theirs"  # drop my edits, keep what is stored
    PER_FIELD = "chosen per field"  # the "Keep" column decides, field by field
    CANCEL = "cancel"  # go back to editing


class ConflictDialog(QDialog):
    """Per field: my values, the values stored now (theirs), and those I started from.

    Where my value and theirs differ, the "Keep" column chooses one; it starts on mine
    where I changed the field and on theirs where only they did, so no edit is lost.
    """

    COLUMNS = ("Field", "Yours", "Saved meanwhile", "When you opened it", "Keep")

    def __init__(
        self,
        mine: Mapping[str, object],
        theirs: Mapping[str, object],
        original: Mapping[str, object],
        parent: QWidget | None = None,
        *,
        what: str = "This record",
        show: Show | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = ConflictChoice.CANCEL
        self._show: Show = show or (lambda _name, value: shown(value))
        self._values = (dict(mine), dict(theirs), dict(original))
        self._names = list(dict.fromkeys([*mine, *theirs, *original]))
        self.setWindowTitle("Changed by someone else")
        intro = QLabel(
            f"{what} was changed by someone else since you opened it. Apply your changes "
            "over theirs, keep theirs, or choose field by field in the Keep column.",
            self,
        )
        intro.setWordWrap(True)
        self._fields_table = QTableWidget(0, len(self.COLUMNS), self)
        self._fields_table.setAccessibleName("Fields: yours, saved meanwhile, when opened")
        self._fields_table.setHorizontalHeaderLabels(self.COLUMNS)
        self._fields_table.setTabKeyNavigation(False)
        self._fields_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._fields_table.setWordWrap(True)
        self._fields_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._fields_table.verticalHeader().setVisible(False)
        self._keep: dict[str, QComboBox] = {}
        self._fill()
        self._fields_table.resizeRowsToContents()
        stack(self, intro, self._fields_table, self._build_buttons(), grows=self._fields_table)
        remember_size(self, "conflict", QSize(760, 420))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fields_table.resizeRowsToContents()  # wrapped at the widths now shown

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        for text, choice, button_role, tip in (
            ("Apply mine", ConflictChoice.KEEP_MINE, role.AcceptRole,
             "Save your changes over theirs; fields only they changed keep their value"),
            ("Keep theirs", ConflictChoice.TAKE_THEIRS, role.DestructiveRole,
             "Drop your changes and keep what was saved meanwhile"),
            ("Apply chosen", ConflictChoice.PER_FIELD, role.AcceptRole,
             "Save the value chosen in the Keep column of each field"),
        ):  # fmt: skip
            button = buttons.addButton(text, button_role)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        return buttons

    def _fill(self) -> None:
        mine, theirs, original = self._values
        self._fields_table.setRowCount(len(self._names))
        for row, name in enumerate(self._names):
            values = (mine.get(name), theirs.get(name), original.get(name))
            differs = len({shown(v) for v in values}) > 1
            cells = (label(name), *(self._show(name, v) for v in values))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:  # tinted and bold: not by colour alone
                    item.setBackground(QBrush(tint(DUE_SOON)))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self._fields_table.setItem(row, column, item)
            if shown(values[0]) != shown(values[1]):
                self._keep[name] = self._keep_combo(name, row, self._mine_wins(name))

    def _keep_combo(self, name: str, row: int, mine_wins: bool) -> QComboBox:
        combo = QComboBox(self._fields_table)
        combo.addItems([YOURS, THEIRS])
        combo.setCurrentIndex(0 if mine_wins else 1)
        combo.setAccessibleName(f"Keep for {label(name)}")
        self._fields_table.setCellWidget(row, 4, combo)
        return combo

    def _mine_wins(self, name: str) -> bool:
        """My value wins where I changed the field since I opened the record."""
        mine, _theirs, original = self._values
        return shown(mine.get(name)) != shown(original.get(name))

    def differing_fields(self) -> list[str]:
        """Field names whose three values are not all the same (highlighted rows)."""
        found = []
        for row in range(self._fields_table.rowCount()):
            texts = {self._fields_table.item(row, c).text() for c in (1, 2, 3)}  # type: ignore[union-attr]
            if len(texts) > 1:
                found.append(self._fields_table.item(row, 0).text())  # type: ignore[union-attr]
        return found

    def set_keep(self, name: str, mine: bool) -> None:
        """Choose, for one field, my value (True) or theirs (False) in the Keep column."""
        self._keep[name].setCurrentIndex(0 if mine else 1)

    def resolved(self) -> tuple[dict[str, object], list[str]]:
        """The values to save for the choice made, and the fields where mine beat theirs."""
        mine, theirs, _original = self._values
        values: dict[str, object] = {}
        applied: list[str] = []
        for name in self._names:
            if name not in self._keep:
                values[name] = theirs.get(name, mine.get(name))
                continue
            if self.choice is ConflictChoice.KEEP_MINE:
                use_mine = self._mine_wins(name)
            elif self.choice is ConflictChoice.PER_FIELD:
                use_mine = self._keep[name].currentIndex() == 0
            else:
                use_mine = False
            values[name] = mine.get(name) if use_mine else theirs.get(name)
            if use_mine:
                applied.append(name)
        return values, applied

    def contested(self) -> list[str]:
        """The fields where my value and theirs differ (those with a Keep choice)."""
        return list(self._keep)

    @Slot()
    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()

    def ask(self) -> ConflictChoice:
        """Show the dialog and return what the user chose (Cancel when closed)."""
        self.choice = ConflictChoice.CANCEL
        self.exec()
        return self.choice


def label(name: str) -> str:
    """A field's name in plain words."""
    return LABELS.get(name, name.replace("_", " "))


def shown(value: object) -> str:
    """A field's value as the dialog and the audit trail show it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = (getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "id")
        return " · ".join(shown(p) for p in parts if p not in (None, ""))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
