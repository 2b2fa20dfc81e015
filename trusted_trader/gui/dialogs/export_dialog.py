"""File → Export…: records to .csv/.xlsx, or the deadlines to an .ics calendar, off-thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.errors import DomainError
from trusted_trader.gui.dialogs.file_job import FailureTexts, FileJobDialog, kind_and_file
from trusted_trader.gui.replace_prompt import SAVE_OPTIONS, ask_to_replace
from trusted_trader.gui.workers import JobControl
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
    ("facilitation", "Facilitation"),
    ("activities", "Engagement activities"),
    ("plans", "Plans (action items)"),
    ("deadlines", "Deadlines (calendar .ics)"),
)

FAILURES = FailureTexts(
    ExportCancelled,
    "Export cancelled; no file was left behind.",
    (DomainError, StoreError, OSError),
    "The export failed.",
)


def _run_export(
    store: Store, kind: str, path: Path, where: ExportFilter, overwrite: bool, control: JobControl
) -> int:
    """One export on a pool thread; the number of rows (or deadlines) written."""
    with store.uow() as uow:
        if kind == "deadlines":
            query = DeadlineQuery(Scope.of(partner_id=where.partner_id, center_id=where.center_id))
            return export_deadlines(uow, path, query, overwrite=overwrite)
        return export_file(
            uow,
            kind,
            path,
            where,
            progress=control.progress,
            cancelled=control.cancelled,
            overwrite=overwrite,
        ).rows


class ExportDialog(FileJobDialog):
    """Export in the import's column names, of the current filter or of everything."""

    export_finished = Signal(int)
    export_failed = Signal(object)
    failures = FAILURES

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        current_filter: ExportFilter | None = None,
    ) -> None:
        super().__init__("Export", parent)
        self._store = store
        self._current = current_filter
        self._build()

    def _build(self) -> None:
        self._kind_combo, self._file_line_edit, file_row = kind_and_file(
            KINDS, "a .csv, .xlsx or (deadlines) .ics file", self._browse
        )
        self._all_radio = QRadioButton("Everything")
        shown = self._current.label if self._current is not None else ""
        self._filtered_radio = QRadioButton(
            f"The current filter ({shown})" if shown else "The current filter"
        )
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
        self._build_controls(self.start_export, self.cancel_export)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self._progress_bar, self._status_label, self._buttons):
            layout.addWidget(widget)
        if self._current is not None and self._current.kind:
            self.set_kind(self._current.kind)  # what the page shows comes first

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
        store, chosen = self._store, where or ExportFilter()
        self._set_running(True)
        self._status_label.setText(f"Exporting to {path.name}…")
        self._runner.start(
            lambda control: _run_export(store, kind, path, chosen, overwrite, control),
            self._on_finished,
            self._on_failed,
        )

    @Slot()
    def cancel_export(self) -> None:
        self._runner.cancel()

    @Slot(object)
    def _on_progress(self, rows: int) -> None:
        self._status_label.setText(f"Exporting… {rows:,} rows written")

    @Slot(int)
    def _on_finished(self, count: int) -> None:
        self._set_running(False)
        self._status_label.setText(f"Exported {count:,} row(s) to {self._file_line_edit.text()}.")
        self.export_finished.emit(count)

    @Slot(object)
    def _on_failed(self, exc: Any) -> None:
        self._report_failure(exc)
        self.export_failed.emit(exc)
