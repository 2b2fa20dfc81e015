"""Editable grids of the plan editor: text, choice and date columns, checked as they change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.number_cells import editable_number, read_number
from trusted_trader.gui.qt_dates import py_date, qdate, qt_date_format, read_date, show_date
from trusted_trader.gui.style import OVERDUE, tint
from trusted_trader.gui.tables import GridTableWidget, text_width
from trusted_trader.gui.widgets import push_button, select_data

ID_ROLE = Qt.ItemDataRole.UserRole + 10
# A read-only cell's explanation (why "not met", by when provable): kept when checks re-mark it.
TIP_ROLE = Qt.ItemDataRole.UserRole + 11
Index = QModelIndex | QPersistentModelIndex
# A date cell's pop-up shows this, its earliest day, as "(none)": the cell is left empty.
NO_DATE = QDate(1900, 1, 1)


@dataclass(frozen=True)
class GridColumn:
    title: str
    kind: str = "text"  # "text", "number", "date" or "choice"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    width: int = 120
    required: bool = False


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor; the cell keeps the value in UserRole and shows the label."""

    def __init__(self, choices: tuple[tuple[str, str], ...], parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self._choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        select_data(editor, index.data(Qt.ItemDataRole.UserRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class DateDelegate(QStyledItemDelegate):
    """A date cell's editor: typed in the user's date style, or picked in a calendar pop-up."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._name = name  # the column's title, for assistive technology

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(qt_date_format())
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("(none)")
        edit.setAccessibleName(self._name)
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        try:
            day = read_date(str(index.data() or ""))
        except ValueError:
            editor.setDate(QDate.currentDate())  # empty or unreadable: start from today
            return
        editor.setDate(qdate(day))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        chosen = editor.date()
        text = "" if chosen == NO_DATE else show_date(py_date(chosen))
        model.setData(index, text, Qt.ItemDataRole.DisplayRole)


def parse_cell(column: GridColumn, text: str) -> tuple[Any, str]:
    """(value, problem) of a cell's text; an empty problem means the value is fine."""
    text = text.strip()
    if not text:
        return None, "is required" if column.required else ""
    if column.kind == "date":
        try:
            return read_date(text), ""
        except ValueError:
            return None, f"must be a date like {show_date(date(2026, 3, 31))}"
    if column.kind == "number":
        try:
            return read_number(text, negative=True), ""  # "12,5" never reads as 125
        except ValueError as exc:
            return None, str(exc)
    return text, ""


class PlanGrid(QWidget):
    """A titled grid with Add and Remove; ``problems()`` lists what is wrong, row by row."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        columns: list[GridColumn],
        parent: QWidget | None = None,
        fixed: bool = False,
        stretch: int = 0,
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self._title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        label = QLabel(title, self)
        label.setObjectName("sectionTitle")
        row.addWidget(label)
        row.addStretch(1)
        self.add_button = push_button(
            "Add", self, lambda: self.add_row(), f"Add a row to {title.lower()}"
        )
        self.remove_button = push_button(
            "Remove", self, self.remove_selected, "Remove the selected row"
        )
        for button in (self.add_button, self.remove_button):
            button.setVisible(not fixed)
            row.addWidget(button)
        layout.addLayout(row)
        self.table = GridTableWidget(0, len(columns), self)
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([c.title for c in columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        # Long owners and notes wrap and the row grows, so nothing is cut off.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        for index, column in enumerate(columns):
            self.table.setColumnWidth(index, text_width(self.table, column.width))
            if column.kind == "choice":
                self.table.setItemDelegateForColumn(index, ChoiceDelegate(column.choices, self))
            elif column.kind == "date":
                self.table.setItemDelegateForColumn(index, DateDelegate(column.title, self))
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self._fit_height())
        self.table.itemChanged.connect(self._on_item_changed)
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("fieldProblem")
        layout.addWidget(self.table)
        layout.addWidget(self.problem_label)

    def add_row(self, values: list[Any] | None = None, row_id: int | None = None) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        values = values or [None] * len(self.columns)
        for index in range(len(self.columns)):
            self.set_cell(row, index, values[index] if index < len(values) else None)
        first = self.table.item(row, 0)
        assert first is not None
        first.setData(ID_ROLE, row_id)
        self.table.blockSignals(False)
        self._fit_height()
        self.changed.emit()
        return row

    def set_cell(self, row: int, index: int, value: Any) -> None:
        column = self.columns[index]
        item = QTableWidgetItem()
        if column.kind == "choice":
            value = value if value is not None else column.choices[0][0]
            labels = dict(column.choices)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setText(labels.get(value, str(value)))
        elif isinstance(value, float):
            item.setText(editable_number(value))  # read back by parse_cell as typed
        elif isinstance(value, date):
            item.setText(show_date(value))
        else:
            item.setText("" if value is None else str(value))
        item.setToolTip(item.text())
        self.table.setItem(row, index, item)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        self.table.blockSignals(True)
        item.setToolTip(item.text())  # the whole text, even where the cell is narrow
        self.table.blockSignals(False)
        self._fit_height()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self._fit_height()
        self.changed.emit()

    def clear_rows(self) -> None:
        self.table.setRowCount(0)
        self._fit_height()

    def _fit_height(self) -> None:
        """Every row as tall as its wrapped text, and the grid as tall as its rows."""
        self.table.resizeRowsToContents()
        least = self.table.verticalHeader().defaultSectionSize()  # short rows keep their size
        for row in range(self.table.rowCount()):
            self.table.setRowHeight(row, max(least, self.table.rowHeight(row)))
        heights = [self.table.rowHeight(r) for r in range(self.table.rowCount())]
        spare = max(0, 2 - len(heights)) * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + sum(heights) + spare + 4)

    def row_values(self, row: int) -> tuple[list[Any], list[str]]:
        values: list[Any] = []
        problems: list[str] = []
        for index, column in enumerate(self.columns):
            item = self.table.item(row, index)
            if column.kind == "choice":
                values.append(item.data(Qt.ItemDataRole.UserRole) if item else column.choices[0][0])
                continue
            value, problem = parse_cell(column, item.text() if item else "")
            values.append(value)
            if problem:
                problems.append(f"row {row + 1}, {column.title.lower()} {problem}")
            if item is not None:
                self._mark(item, f"{column.title} {problem}" if problem else "")
        return values, problems

    def _mark(self, item: QTableWidgetItem, problem: str) -> None:
        """Show a cell's problem at the cell: tinted, and said in its tooltip."""
        self.table.blockSignals(True)  # marking is no edit: no itemChanged, no recheck
        # tinted with the warning colour, the reason in the tooltip: not by colour alone
        item.setBackground(QBrush(tint(OVERDUE)) if problem else QBrush())
        item.setToolTip(problem or item.data(TIP_ROLE) or item.text())
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, problem)
        self.table.blockSignals(False)

    def row_id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        value = item.data(ID_ROLE) if item else None
        return int(value) if value is not None else None

    def rows(self) -> list[tuple[int | None, list[Any]]]:
        return [(self.row_id(r), self.row_values(r)[0]) for r in range(self.table.rowCount())]

    def problems(self) -> list[str]:
        found: list[str] = []
        for row in range(self.table.rowCount()):
            found.extend(self.row_values(row)[1])
        self.problem_label.setText("; ".join(found[:3]))
        return found
