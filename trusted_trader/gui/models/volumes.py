"""Monthly entries and entered value as an editable grid; each edit is saved at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from trusted_trader.gui.models.base import SORT_ROLE
from trusted_trader.gui.number_cells import editable_number, read_number
from trusted_trader.gui.qt_dates import show_month

Index = QModelIndex | QPersistentModelIndex
MONTH, ENTRIES, VALUE = range(3)
HEADERS = ("Month", "Entries", "Entered value (USD)")


@dataclass(frozen=True)
class VolumeRow:
    month: date
    entries: int | None
    entered_value_usd: float | None


# Saves one month; raises with a message the user can read if the value is refused.
VolumeSaver = Callable[[date, int, float], None]


class VolumeTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[VolumeRow] = []
        self._save: VolumeSaver | None = None
        self.last_problem = ""

    def set_rows(self, rows: list[VolumeRow], save: VolumeSaver | None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._save = save
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        raw = (row.month, row.entries, row.entered_value_usd)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == MONTH:
                return show_month(row.month)
            if raw is None:
                return ""
            if role == Qt.ItemDataRole.EditRole and isinstance(raw, int | float):
                return editable_number(raw)
            return f"{raw:,.0f}" if index.column() == VALUE else f"{raw:,}"
        if role == SORT_ROLE:
            return raw
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != MONTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section != MONTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != MONTH and self._save is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == MONTH:
            return False
        row = self._rows[index.row()]
        text = str(value).strip()
        name = HEADERS[index.column()]
        try:
            # "12,5" is 12.5 or refused as the locale has it, never 125; empty is nothing.
            number = read_number(text, whole=index.column() == ENTRIES) if text else 0.0
        except ValueError as exc:
            self.last_problem = f"{name}: {exc}"
            return False
        if index.column() == ENTRIES:
            new = replace(row, entries=int(number))
        else:
            new = replace(row, entered_value_usd=number)
        if self._save is not None:
            try:
                self._save(new.month, new.entries or 0, new.entered_value_usd or 0.0)
            except ValueError as exc:
                self.last_problem = str(exc)
                return False
        self.last_problem = ""
        self._rows[index.row()] = new
        self.dataChanged.emit(
            self.index(index.row(), ENTRIES), self.index(index.row(), VALUE), [role]
        )
        return True
