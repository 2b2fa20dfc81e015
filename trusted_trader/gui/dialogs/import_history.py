"""File → Import history: the recorded imports, any of which can be reverted in one action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.error_dialog import show_error
from trusted_trader.gui.dialogs.stack import stack
from trusted_trader.gui.models.imports import ImportBatchTableModel
from trusted_trader.gui.window_size import remember_size

if TYPE_CHECKING:
    from trusted_trader.services.importing import ImportBatchRecord
    from trusted_trader.services.importing.revert import RevertResult
    from trusted_trader.services.store import Store


def confirm_revert(parent: QWidget, file_name: str, created: int, updated: int) -> bool:
    """Ask before reverting, saying what it deletes and what it puts back."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Revert import",
        f"Revert the import of {file_name}?",
        parent=parent,
    )
    undoes = [f"deletes the {created:,} record(s) it created"] if created else []
    if updated:
        undoes.append(f"puts back the {updated:,} record(s) it changed as they were")
    box.setInformativeText(
        f"This {' and '.join(undoes) or 'changes no records'}. If any of them were changed "
        "since, nothing is reverted."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("Revert")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def revert_batch(store: Store, batch_id: int) -> RevertResult:
    """Run on a pool thread: the revert in its own unit of work, committed only if it all went."""
    from trusted_trader.services.importing.revert import revert_import

    with store.exclusive("revert"), store.uow() as uow:
        result = revert_import(uow, batch_id)
        uow.commit()
    return result


def reverted_text(file_name: str, result: RevertResult) -> str:
    return (
        f"Reverted the import of {file_name}: {result.deleted:,} record(s) deleted, "
        f"{result.restored:,} restored."
    )


def _load_imports(store: Store) -> list[ImportBatchRecord]:
    from trusted_trader.services.importing import list_imports

    with store.uow() as uow:
        return list_imports(uow)


class ImportHistoryDialog(QDialog):
    """Lists the recorded imports; Revert… undoes the selected one, off the GUI thread."""

    import_reverted = Signal(object)  # RevertResult
    revert_failed = Signal(object)
    loaded = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import history")
        self._desk = desk
        self._busy = False
        intro = QLabel(
            "Every import is recorded. Reverting one deletes what it created and puts back "
            "what it changed, as long as nobody has changed those records since."
        )
        intro.setWordWrap(True)
        self.model = ImportBatchTableModel(self)
        self._imports_table_view = self._build_table()
        self._progress_bar = QProgressBar()
        self._progress_bar.setRange(0, 0)
        self._progress_bar.setVisible(False)
        self._status_label = QLabel()
        self._status_label.setWordWrap(True)
        self.revert_button = QPushButton("Revert…")
        self.revert_button.setToolTip("Undo the selected import")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self._revert_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        stack(
            self,
            intro,
            self._imports_table_view,
            self._progress_bar,
            self._status_label,
            buttons,
            grows=self._imports_table_view,
        )
        remember_size(self, "import_history", QSize(940, 420))
        self.refresh()

    def _build_table(self) -> QTableView:
        view = QTableView(self)
        view.setAccessibleName("Recorded imports")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().selectionChanged.connect(self._update_button)
        self.model.modelReset.connect(self._update_button)
        return view

    # --- data -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list off the GUI thread."""
        store = self._desk.store
        if store is not None:
            self._desk.pool.submit(lambda: _load_imports(store), self._set_rows, owner=self)

    def _set_rows(self, rows: list[ImportBatchRecord]) -> None:
        self.model.set_rows(rows)
        if not rows:
            self._status_label.setText("No imports are recorded in this database yet.")
        self.loaded.emit()

    def select_import(self, batch_id: int) -> None:
        row = self.model.row_of(lambda b: b.id == batch_id)
        if row >= 0:
            self._imports_table_view.selectRow(row)

    def selected_import(self) -> ImportBatchRecord | None:
        rows = self._imports_table_view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot()
    def _update_button(self) -> None:
        chosen = self.selected_import()
        self.revert_button.setEnabled(
            not self._busy and chosen is not None and chosen.status != "reverted"
        )

    # --- reverting ------------------------------------------------------------------------
    @Slot()
    def _revert_selected(self) -> None:
        batch = self.selected_import()
        store = self._desk.store
        if batch is None or batch.status == "reverted" or store is None:
            return
        if not confirm_revert(self, batch.file_name, batch.created, batch.updated):
            return
        self._set_busy(True)
        self._status_label.setText(f"Reverting the import of {batch.file_name}…")
        self._desk.pool.submit(
            lambda: revert_batch(store, batch.id),
            lambda result: self._on_reverted(batch, result),
            self._on_failed,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._progress_bar.setVisible(busy)
        self._update_button()

    def _on_reverted(self, batch: ImportBatchRecord, result: RevertResult) -> None:
        self._set_busy(False)
        self._status_label.setText(reverted_text(batch.file_name, result))
        self.refresh()
        self._desk.changed(Topic.ALL)
        self.import_reverted.emit(result)

    def _on_failed(self, exc: Any) -> None:
        self._set_busy(False)
        self._status_label.setText("Nothing was reverted.")
        self.refresh()
        self.revert_failed.emit(exc)
        show_error(self, exc)
