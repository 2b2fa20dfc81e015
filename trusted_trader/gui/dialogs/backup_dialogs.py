"""Back up the database now, or restore one of its backups in its place.

Copying a large file takes a second or more, so both run on a pool thread
while the dialog shows that it is busy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from trusted_trader.gui.dialogs.error_dialog import show_error
from trusted_trader.gui.dialogs.stack import stack
from trusted_trader.gui.qt_dates import show_local_moment
from trusted_trader.gui.tables import set_up_choice_table
from trusted_trader.gui.window_size import remember_size
from trusted_trader.gui.workers import JobRunner
from trusted_trader.services import backups
from trusted_trader.services.store import Store

COLUMNS = ("Taken", "Why", "Size")


class _BusyDialog(QDialog):
    """A dialog that runs one task at a time and cannot be closed while it runs."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._runner = JobRunner(self)
        self._runner.running_changed.connect(self._set_busy)
        self._busy_bar = QProgressBar()
        self._busy_bar.setRange(0, 0)
        self._busy_bar.setVisible(False)

    @property
    def busy(self) -> bool:
        return self._runner.running

    def _start(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._runner.start(lambda _control: work(), done, self._task_failed)

    @Slot(bool)
    def _set_busy(self, busy: bool) -> None:
        self._busy_bar.setVisible(busy)
        if busy:
            for child in self.findChildren(QPushButton):
                child.setEnabled(False)
        else:
            self._enable_buttons()

    def _enable_buttons(self) -> None:
        for child in self.findChildren(QPushButton):
            child.setEnabled(True)

    @Slot(object)
    def _task_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def reject(self) -> None:
        if not self.busy:
            super().reject()


class _BackupTable(QTableWidget):
    """The database's backups, newest first; each row keeps its file in the user role."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_up_choice_table(self, COLUMNS)
        self.setAccessibleName("Backups")

    def show_backups(self, found: list[backups.BackupInfo]) -> None:
        self.setRowCount(len(found))
        for row, backup in enumerate(found):
            taken = QTableWidgetItem(show_local_moment(backup.taken_at))
            taken.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.setItem(row, 0, taken)
            self.setItem(row, 1, QTableWidgetItem(backup.reason.replace("-", " ")))
            self.setItem(row, 2, QTableWidgetItem(f"{backup.size / 1024:,.0f} KB"))

    def chosen_path(self) -> Path | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return Path(str(self.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)))  # type: ignore[union-attr]


def _stem(store: Store) -> str | None:
    return store.path.stem if store.path else None


class BackupNowDialog(_BusyDialog):
    """Copy the open database into the backups folder and show the backups kept."""

    backup_made = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("Back up the database")
        self._status_label = QLabel(
            f"Backups of {store.display_name} are kept in {backups.backup_folder()}."
        )
        self._status_label.setWordWrap(True)
        self._backups_table = _BackupTable()
        self._backup_button = QPushButton("Back up now")
        self._backup_button.clicked.connect(self._back_up)
        self._backup_button.setEnabled(store.path is not None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        stack(
            self,
            self._status_label,
            self._backups_table,
            self._backup_button,
            self._busy_bar,
            buttons,
        )
        remember_size(self, "backup_now", QSize(560, 360))
        self._refresh()

    def _refresh(self) -> None:
        stem = _stem(self._store)
        self._backups_table.show_backups(backups.list_backups(stem) if stem else [])

    @Slot()
    def _back_up(self) -> None:
        store = self._store
        self._status_label.setText("Backing up…")
        self._start(lambda: backups.backup_now(store), self._backed_up)

    def _enable_buttons(self) -> None:
        super()._enable_buttons()
        self._backup_button.setEnabled(self._store.path is not None)

    @Slot(object)
    def _backed_up(self, target: Path) -> None:
        self._status_label.setText(f"Backed up to {target}")
        self._refresh()
        self.backup_made.emit(str(target))


class RestoreDialog(_BusyDialog):
    """Choose a backup (from the list or any file) and restore it over the open database."""

    restored = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._source: Path | None = None
        self.setWindowTitle("Restore from a backup")
        intro = QLabel(
            "Restoring replaces everything in the database by the backup. "
            "The current database is backed up first, so this can be undone."
        )
        intro.setWordWrap(True)
        self._backups_table = _BackupTable()
        self._file_button = QPushButton("Choose another file…")
        self._file_button.clicked.connect(self._choose_file)
        self._restore_button = QPushButton("Restore")
        self._restore_button.setEnabled(False)
        self._restore_button.clicked.connect(self._restore_selected)
        self._backups_table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self._file_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self._restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        stack(self, intro, self._backups_table, self._busy_bar, buttons)
        remember_size(self, "restore", QSize(560, 360))
        stem = _stem(store)
        self._backups_table.show_backups(backups.list_backups(stem) if stem else [])

    @Slot()
    def _selection_changed(self) -> None:
        self._restore_button.setEnabled(self._backups_table.chosen_path() is not None)

    @Slot()
    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Restore from", str(backups.backup_folder()), "Databases (*.sqlite *.db);;All (*)"
        )
        if name:
            self.restore(Path(name))

    @Slot()
    def _restore_selected(self) -> None:
        path = self._backups_table.chosen_path()
        if path is not None:
            self.restore(path)

    def confirm(self, source: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Restore from a backup",
            f"Replace {self._store.display_name} by {source.name}?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore(self, source: Path) -> bool:
        """Start restoring ``source`` once the user confirms; errors are shown, never raised.

        ``restored`` is emitted when it is done.
        """
        if not self.confirm(source):
            return False
        store = self._store
        self._source = source
        self._start(lambda: backups.restore_backup(store, source), self._restored)
        return True

    @Slot(object)
    def _restored(self, _kept: Path | None) -> None:
        self.restored.emit(str(self._source))
        self.accept()

    def _enable_buttons(self) -> None:
        self._file_button.setEnabled(True)
        self._restore_button.setEnabled(self._backups_table.chosen_path() is not None)
