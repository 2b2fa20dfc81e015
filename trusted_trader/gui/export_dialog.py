"""File → Export…: records to .csv/.xlsx, or the deadlines to an .ics calendar, off-thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.errors import DomainError
from trusted_trader.gui.error_dialog import show_error
from trusted_trader.gui.replace_prompt import SAVE_OPTIONS, ask_to_replace
from trusted_trader.services.calendar_export import export_deadlines
from trusted_trader.services.deadlines import DeadlineQuery
from trusted_trader.services.exporting import ExportCancelled, ExportFilter, export_file
from trusted_trader.services.scope import Scope
from trusted_trader.services.store import Store
from trusted_trader.store.errors import StoreError

KINDS = (
    ("partners", "Partners"),
    ("touch-points", "Touch points"),
    ("volumes", "Monthly volumes"),
    ("activities", "Engagement activities"),
    ("plans", "Plans (action items)"),
    ("deadlines", "Deadlines (calendar .ics)"),
)


class _JobSignals(QObject):
    progressed = Signal(int)
    finished = Signal(int)
    failed = Signal(object)


class _ExportJob(QRunnable):
    def __init__(
        self, store: Store, kind: str, path: Path, where: ExportFilter, overwrite: bool
    ) -> None:
        super().__init__()
        self.signals = _JobSignals()
        self.cancel = threading.Event()
        self._store, self._kind, self._path, self._where = store, kind, path, where
        self._overwrite = overwrite
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            with self._store.uow() as uow:
                if self._kind == "deadlines":
                    query = DeadlineQuery(
                        Scope.of(partner_id=self._where.partner_id, center_id=self._where.center_id)
                    )
                    count = export_deadlines(uow, self._path, query, overwrite=self._overwrite)
                else:
                    count = export_file(
                        uow,
                        self._kind,
                        self._path,
                        self._where,
                        progress=self.signals.progressed.emit,
                        cancelled=self.cancel.is_set,
                        overwrite=self._overwrite,
                    ).rows
        except Exception as exc:  # reported on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(count)


class ExportDialog(QDialog):
    """Export in the import's column names, of the current filter or of everything."""

    export_finished = Signal(int)
    export_failed = Signal(object)

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        current_filter: ExportFilter | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._store = store
        self._current = current_filter
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._job: _ExportJob | None = None
        self._build()

    def _build(self) -> None:
        self._kind_combo = QComboBox()
        for value, label in KINDS:
            self._kind_combo.addItem(label, value)
        self._file_line_edit = QLineEdit()
        self._file_line_edit.setPlaceholderText("a .csv, .xlsx or (deadlines) .ics file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self._file_line_edit)
        file_row.addWidget(browse)
        self._all_radio = QRadioButton("Everything")
        self._filtered_radio = QRadioButton("The current filter")
        self._filtered_radio.setEnabled(self._current is not None)
        (self._filtered_radio if self._current else self._all_radio).setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self._all_radio)
        scope.addButton(self._filtered_radio)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self._all_radio)
        scope_row.addWidget(self._filtered_radio)
        form = QFormLayout()
        form.addRow("What", self._kind_combo)
        form.addRow("To file", file_row)
        form.addRow("Of", scope_row)
        self._progress_bar = QProgressBar()
        self._progress_bar.setRange(0, 0)
        self._progress_bar.setVisible(False)
        self._status_label = QLabel()
        self._status_label.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._export_button = self._buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self._cancel_button = self._buttons.addButton(
            "Cancel export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self._cancel_button.setEnabled(False)
        self._export_button.clicked.connect(self.start_export)
        self._cancel_button.clicked.connect(self.cancel_export)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self._progress_bar, self._status_label, self._buttons):
            layout.addWidget(widget)

    def set_kind(self, kind: str) -> None:
        self._kind_combo.setCurrentIndex(self._kind_combo.findData(kind))

    def set_file(self, path: Path) -> None:
        self._file_line_edit.setText(str(path))

    @Slot()
    def _browse(self) -> None:
        kind = str(self._kind_combo.currentData())
        wanted = "Calendar (*.ics)" if kind == "deadlines" else "CSV (*.csv);;Excel (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", "", wanted, options=SAVE_OPTIONS)
        if chosen:
            self.set_file(Path(chosen))

    @Slot()
    def start_export(self) -> None:
        text = self._file_line_edit.text().strip()
        kind = str(self._kind_combo.currentData())
        path = Path(text)
        expected = (".ics",) if kind == "deadlines" else (".csv", ".xlsx")
        if not text or path.suffix.lower() not in expected:
            self._status_label.setText(f"Choose a {' or '.join(expected)} file to export to.")
            return
        overwrite = ask_to_replace(self, path, "Export")
        if overwrite is None:
            self._status_label.setText(f"Not exported: {path.name} was left as it is.")
            return
        where = self._current if self._filtered_radio.isChecked() and self._current else None
        job = _ExportJob(self._store, kind, path, where or ExportFilter(), overwrite)
        job.signals.progressed.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self._job = job
        self._set_running(True)
        self._status_label.setText(f"Exporting to {path.name}…")
        self._pool.start(job)

    @Slot()
    def cancel_export(self) -> None:
        if self._job is not None:
            self._job.cancel.set()

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _set_running(self, running: bool) -> None:
        self._export_button.setEnabled(not running)
        self._cancel_button.setEnabled(running)
        self._progress_bar.setVisible(running)

    @Slot(int)
    def _on_progress(self, rows: int) -> None:
        self._status_label.setText(f"Exporting… {rows:,} rows written")

    @Slot(int)
    def _on_finished(self, count: int) -> None:
        self._job = None
        self._set_running(False)
        self._status_label.setText(f"Exported {count:,} row(s) to {self._file_line_edit.text()}.")
        self.export_finished.emit(count)

    @Slot(object)
    def _on_failed(self, exc: Any) -> None:
        self._job = None
        self._set_running(False)
        if isinstance(exc, ExportCancelled):
            self._status_label.setText("Export cancelled; no file was left behind.")
        elif isinstance(exc, DomainError | StoreError | OSError):
            self._status_label.setText(str(exc))
        else:
            self._status_label.setText("The export failed.")
            show_error(self, exc)
        self.export_failed.emit(exc)

    def reject(self) -> None:
        self.cancel_export()
        self.wait()
        super().reject()
