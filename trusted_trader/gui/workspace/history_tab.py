"""History: who changed which of the partner's records, newest first, with filters."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import RecordTableModel
from trusted_trader.gui.models.records import HISTORY_COLUMNS
from trusted_trader.gui.tables import prepare_table, text_width
from trusted_trader.gui.widgets import select_data
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.services.records import AuditRecord


class HistoryTab(WorkspaceTab):
    title = "History"
    watches = frozenset(
        {
            Topic.PARTNERS,
            Topic.TOUCH_POINTS,
            Topic.PLANS,
            Topic.ACTIVITIES,
            Topic.CONTACTS,
            Topic.VOLUMES,
        }
    )

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._records: list[AuditRecord] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.table_combo = QComboBox(self)
        self.table_combo.setAccessibleName("Record filter")
        self.action_combo = QComboBox(self)
        self.action_combo.setAccessibleName("Action filter")
        self.action_combo.addItem("All actions", "")
        for action in ("create", "update", "delete", "restore", "conflict"):
            self.action_combo.addItem(action.capitalize(), action)
        for combo in (self.table_combo, self.action_combo):
            combo.currentIndexChanged.connect(self._apply_filter)
            bar.addWidget(combo)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model: RecordTableModel[AuditRecord] = RecordTableModel(HISTORY_COLUMNS, self)
        self.table_view = QTableView(self)
        prepare_table(self.table_view, "History")
        self.table_view.setModel(self.model)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for column, width in enumerate((130, 170, 70, 140)):
            self.table_view.setColumnWidth(column, text_width(self.table_view, width))
        layout.addWidget(self.table_view, 1)
        self.empty_label = QLabel(
            "No changes recorded yet: every change made in the app or by an import is listed "
            "here, with who made it and when.",
            self,
        )
        self.empty_label.setObjectName("placeholder")
        self.empty_label.setWordWrap(True)
        layout.insertWidget(1, self.empty_label)

    def load(self) -> None:
        from trusted_trader.services.audit import partner_history

        with self.desk.uow() as uow:
            self._records = partner_history(uow, self.partner_id)
        current = self.table_combo.currentData()
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        self.table_combo.addItem("All records", "")
        for table in sorted({r.table_name for r in self._records}):
            self.table_combo.addItem(table.replace("_", " ").capitalize(), table)
        select_data(self.table_combo, current)
        self.table_combo.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        table = self.table_combo.currentData() or ""
        action = self.action_combo.currentData() or ""
        self.model.set_rows(
            r
            for r in self._records
            if (not table or r.table_name == table) and (not action or r.action == action)
        )
        self.empty_label.setVisible(not self._records)
