"""Partners deleted in the last 30 days, any of which can be restored."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from trusted_trader.gui.dialogs.error_dialog import show_error
from trusted_trader.gui.dialogs.stack import stack
from trusted_trader.gui.qt_dates import show_moment
from trusted_trader.gui.tables import set_up_choice_table
from trusted_trader.gui.window_size import remember_size
from trusted_trader.services import partners
from trusted_trader.services.store import Store

DAYS = 30
COLUMNS = ("Partner", "IOR numbers", "Deleted")


class RecentlyDeletedDialog(QDialog):
    """Lists recently deleted partners; Restore brings the selected one back."""

    partner_restored = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("Recently deleted partners")
        intro = QLabel(f"Partners deleted in the last {DAYS} days keep all their records.")
        intro.setWordWrap(True)
        self._partners_table = QTableWidget()
        set_up_choice_table(self._partners_table, COLUMNS)
        self._partners_table.setAccessibleName("Recently deleted partners")
        self._partners_table.itemSelectionChanged.connect(self._selection_changed)
        self._restore_button = QPushButton("Restore")
        self._restore_button.setEnabled(False)
        self._restore_button.clicked.connect(self._restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self._restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        stack(self, intro, self._partners_table, buttons)
        remember_size(self, "recently_deleted", QSize(560, 340))
        self.refresh()

    def refresh(self) -> None:
        with self._store.uow() as uow:
            deleted = partners.list_recently_deleted(uow, days=DAYS)
        self._partners_table.setRowCount(len(deleted))
        for row, partner in enumerate(deleted):
            name = QTableWidgetItem(partner.legal_name)
            name.setData(Qt.ItemDataRole.UserRole, partner.id)
            self._partners_table.setItem(row, 0, name)
            self._partners_table.setItem(row, 1, QTableWidgetItem(partner.ior_numbers))
            when = show_moment(partner.deleted_at)
            self._partners_table.setItem(row, 2, QTableWidgetItem(when))
        self._restore_button.setEnabled(False)

    def partner_ids(self) -> list[int]:
        return [
            int(self._partners_table.item(r, 0).data(Qt.ItemDataRole.UserRole))  # type: ignore[union-attr]
            for r in range(self._partners_table.rowCount())
        ]

    @Slot()
    def _selection_changed(self) -> None:
        self._restore_button.setEnabled(bool(self._partners_table.selectionModel().selectedRows()))

    @Slot()
    def _restore_selected(self) -> None:
        rows = self._partners_table.selectionModel().selectedRows()
        if rows:
            self.restore(self.partner_ids()[rows[0].row()])

    def restore(self, partner_id: int) -> bool:
        try:
            with self._store.uow() as uow:
                partners.restore_partner(uow, partner_id)
                uow.commit()
        except Exception as exc:
            show_error(self, exc)
            return False
        self.partner_restored.emit(partner_id)
        self.refresh()
        return True
