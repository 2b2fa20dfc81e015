"""Monthly entries and entered value as an editable grid; each edit is saved at once.

A month counts its imported entries where it has any (shown, not editable); its reported
total is then shown beside them, with the difference, and that total is what an edit changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from trusted_trader.domain.wording import signed_count, volume_source_words
from trusted_trader.gui.models.base import SORT_ROLE
from trusted_trader.gui.number_cells import editable_number, read_number
from trusted_trader.gui.qt_dates import show_month

Index = QModelIndex | QPersistentModelIndex
MONTH, ENTRIES, VALUE, SOURCE, REPORTED, DIFFERENCE = range(6)
HEADERS = (
    "Month",
    "Entries",
    "Entered value (USD)",
    "Source",
    "Reported entries",
    "Reported − counted",
)
_NUMBERS = (ENTRIES, VALUE, REPORTED, DIFFERENCE)


@dataclass(frozen=True)
class VolumeRow:
    month: date
    entries: int | None  # the reported total; None: none reported
    entered_value_usd: float | None
    counted_entries: int | None = None  # from the month's imported entries; None: none
    counted_value_usd: float | None = None

    @property
    def counted(self) -> bool:
        return self.counted_entries is not None

    def used(self) -> tuple[int | None, float | None]:
        """The entries and value the month counts: its imported entries where it has any."""
        if self.counted:
            return self.counted_entries, self.counted_value_usd
        return self.entries, self.entered_value_usd


# Saves one month's reported total; raises with a message the user can read if refused.
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

    def row(self, number: int) -> VolumeRow:
        return self._rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        raw = _raw(row, index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _text(row, index.column(), raw, role == Qt.ItemDataRole.EditRole)
        if role == SORT_ROLE:
            return raw
        if role == Qt.ItemDataRole.ToolTipRole and row.counted and index.column() == REPORTED:
            return "The month counts its imported entries; this is the total reported for it."
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._save is not None and index.column() in _editable(self._rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        if index.column() not in _editable(row):
            return False
        text = str(value).strip()
        whole = index.column() != VALUE
        try:
            # "12,5" is 12.5 or refused as the locale has it, never 125; empty is nothing.
            number = read_number(text, whole=whole) if text else 0.0
        except ValueError as exc:
            self.last_problem = f"{HEADERS[index.column()]}: {exc}"
            return False
        changed: dict[str, Any] = (
            {"entries": int(number)} if whole else {"entered_value_usd": number}
        )
        new = replace(row, **changed)
        if self._save is not None:
            try:
                self._save(new.month, new.entries or 0, new.entered_value_usd or 0.0)
            except ValueError as exc:
                self.last_problem = str(exc)
                return False
        self.last_problem = ""
        self._rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), ENTRIES), self.index(index.row(), DIFFERENCE))
        return True


def _editable(row: VolumeRow) -> tuple[int, ...]:
    """A month that counts its entries has only its reported total to edit."""
    return (REPORTED,) if row.counted else (ENTRIES, VALUE)


def _raw(row: VolumeRow, column: int) -> object:
    entries, value = row.used()
    if column == MONTH:
        return row.month
    if column in (ENTRIES, VALUE):
        return entries if column == ENTRIES else value
    if column == SOURCE:
        return volume_source_words(row.counted_entries, row.entries is not None)
    if not row.counted:
        return None  # the reported total is the figure itself: nothing beside it
    if column == REPORTED:
        return row.entries
    return None if row.entries is None else row.entries - (row.counted_entries or 0)


def _text(row: VolumeRow, column: int, raw: object, editing: bool) -> str:
    if column == MONTH:
        return show_month(row.month)
    if raw is None:
        return ""
    if editing and isinstance(raw, int | float):
        return editable_number(raw)
    if column == DIFFERENCE and isinstance(raw, int):
        return signed_count(raw)
    if isinstance(raw, float):
        return f"{raw:,.0f}"
    return f"{raw:,}" if isinstance(raw, int) else str(raw)
