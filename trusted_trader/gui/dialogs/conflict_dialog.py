"""When a record changed elsewhere since it was opened: compare and let the user choose."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from PySide6.QtCore import Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from trusted_trader.gui.dialogs.stack import stack
from trusted_trader.gui.style import DUE_SOON, tint


class ConflictChoice(Enum):
    KEEP_MINE = "keep_mine"  # save again over the stored values
    TAKE_THEIRS = "take_theirs"  # drop my edits and reload what is stored
    CANCEL = "cancel"  # go back to editing


class ConflictDialog(QDialog):
    """Per field: my values, the values stored now (theirs), and those I started from."""

    COLUMNS = ("Field", "Yours", "Saved meanwhile", "When you opened it")

    def __init__(
        self,
        mine: Mapping[str, object],
        theirs: Mapping[str, object],
        original: Mapping[str, object],
        parent: QWidget | None = None,
        *,
        what: str = "This record",
    ) -> None:
        super().__init__(parent)
        self.choice = ConflictChoice.CANCEL
        self.setWindowTitle("Changed by someone else")
        intro = QLabel(
            f"{what} was changed by someone else since you opened it. "
            "Keep your version, take the one saved meanwhile, or go back to editing."
        )
        intro.setWordWrap(True)
        self._fields_table = QTableWidget(0, len(self.COLUMNS))
        self._fields_table.setHorizontalHeaderLabels(self.COLUMNS)
        self._fields_table.setAccessibleName("Fields: mine, theirs and the original")
        self._fields_table.setTabKeyNavigation(False)
        self._fields_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._fields_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._fill(mine, theirs, original)
        buttons = QDialogButtonBox()
        self._keep_button = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self._take_button = buttons.addButton(
            "Take theirs", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self._cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._keep_button.clicked.connect(self._keep_mine)
        self._take_button.clicked.connect(self._take_theirs)
        self._cancel_button.clicked.connect(self.reject)
        stack(self, intro, self._fields_table, buttons)
        self.resize(640, 360)

    def _fill(
        self,
        mine: Mapping[str, object],
        theirs: Mapping[str, object],
        original: Mapping[str, object],
    ) -> None:
        names = [n for n in mine if n in theirs or n in original]
        self._fields_table.setRowCount(len(names))
        for row, name in enumerate(names):
            values = (mine.get(name), theirs.get(name), original.get(name))
            differs = len({_shown(v) for v in values}) > 1
            cells = (name.replace("_", " "), *(_shown(v) for v in values))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if differs:  # tinted and bold: not by colour alone
                    item.setBackground(QBrush(tint(DUE_SOON)))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self._fields_table.setItem(row, column, item)

    def differing_fields(self) -> list[str]:
        """Field names whose three values are not all the same (highlighted rows)."""
        found = []
        for row in range(self._fields_table.rowCount()):
            texts = {self._fields_table.item(row, c).text() for c in (1, 2, 3)}  # type: ignore[union-attr]
            if len(texts) > 1:
                found.append(self._fields_table.item(row, 0).text())  # type: ignore[union-attr]
        return found

    @Slot()
    def _keep_mine(self) -> None:
        self.choice = ConflictChoice.KEEP_MINE
        self.accept()

    @Slot()
    def _take_theirs(self) -> None:
        self.choice = ConflictChoice.TAKE_THEIRS
        self.accept()

    def ask(self) -> ConflictChoice:
        """Show the dialog and return what the user chose (Cancel when closed)."""
        self.choice = ConflictChoice.CANCEL
        self.exec()
        return self.choice


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
