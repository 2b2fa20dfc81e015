"""Data checks: the stored records that fail a rule, listed so they can be corrected."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
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
from trusted_trader.gui.window_size import remember_size
from trusted_trader.services.data_checks import DataProblem, run_data_checks
from trusted_trader.services.store import Store

COLUMNS = ("Partner", "Record", "Date", "Value", "Problem")


class DataChecksDialog(QDialog):
    """Lists every stored record that fails a data check (today: entry check digits)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("Data checks")
        self._summary_label = QLabel()
        self._summary_label.setWordWrap(True)
        self._problems_table = QTableWidget(0, len(COLUMNS))
        self._problems_table.setHorizontalHeaderLabels(COLUMNS)
        self._problems_table.setAccessibleName("Records that fail a check")
        self._problems_table.setTabKeyNavigation(False)
        self._problems_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._problems_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self._problems_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._problems_table.verticalHeader().setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        stack(self, self._summary_label, self._problems_table, buttons)
        remember_size(self, "data_checks", QSize(820, 380))
        self.problems: list[DataProblem] = []
        self.refresh()

    def refresh(self) -> None:
        with self._store.uow() as uow:
            self.problems = run_data_checks(uow)
        self._summary_label.setText(self.summary())
        self._problems_table.setRowCount(len(self.problems))
        for row, problem in enumerate(self.problems):
            cells = (
                problem.partner_name,
                f"{problem.table.replace('_', ' ')} #{problem.record_id}",
                str(problem.occurred_on or ""),
                problem.value,
                problem.reason,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, problem.record_id)
                self._problems_table.setItem(row, column, item)

    def summary(self) -> str:
        if not self.problems:
            return "Every stored entry number passes CBP's check digit."
        count = len(self.problems)
        noun = "touch point has" if count == 1 else "touch points have"
        return (
            f"{count} {noun} an entry number that fails CBP's check digit. "
            "Open each partner's touch points and correct the number."
        )

    def row_texts(self) -> list[list[str]]:
        table = self._problems_table
        return [
            [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
            for r in range(table.rowCount())
        ]
