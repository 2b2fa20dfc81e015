"""File → Import…: choose a file, map its columns if needed, import off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.column_memory import ColumnMemory
from trusted_trader.domain.enums import ImportKind
from trusted_trader.domain.errors import DomainError
from trusted_trader.gui.dialogs.error_dialog import show_error
from trusted_trader.gui.dialogs.file_job import FailureTexts, FileJobDialog, kind_and_file
from trusted_trader.gui.dialogs.import_history import confirm_revert, revert_batch, reverted_text
from trusted_trader.gui.window_size import fitted
from trusted_trader.gui.workers import JobControl
from trusted_trader.services.importing import (
    FilePreview,
    ImportCancelled,
    ImportOptions,
    ImportResult,
    default_error_file,
    import_file,
    preview_file,
)
from trusted_trader.services.importing.rows import COLUMNS, REQUIRED
from trusted_trader.services.store import Store

KINDS = tuple(ImportKind.choices())
NOT_MAPPED = "(not in the file)"
# Rows a list shows at least, so a laptop user sees a useful part of it without scrolling.
ROWS_SHOWN = 8
# Abbreviations written as CBP writes them in a column's plain label.
_CAPITALS = {"ior": "IOR", "hts": "HTS", "ctpat": "CTPAT", "usd": "(USD)"}
# Columns whose name alone says too little in one kind: an entries file has a row per line.
_KIND_LABELS: dict[str, dict[str, str]] = {
    ImportKind.ENTRIES: {
        "summary_date": "Entry summary date",
        "entered_value_usd": "Line entered value (USD)",
        "lines": "Lines this row stands for",
    },
}
REMEMBERED = "Columns matched as for your last file with these headers."
FAILURES = FailureTexts(
    ImportCancelled,
    "Import cancelled: nothing was changed.",
    (DomainError,),
    "The import failed: nothing was changed.",
)


def _run_import(
    store: Store, kind: str, path: Path, options: ImportOptions, control: JobControl
) -> ImportResult:
    """One import on a pool thread, in its own unit of work; cancel rolls it all back."""

    def progress(rows: int, share: float | None) -> None:
        control.progress((rows, share))

    with store.exclusive("import", control.say), store.uow() as uow:
        result = import_file(
            uow,
            kind,
            path,
            options,
            error_file=default_error_file(path),
            progress=progress,
            cancelled=control.cancelled,
        )
        if result.written:
            uow.commit()
    return result


class ImportDialog(FileJobDialog):
    """Import partners, touch points, volumes, facilitation or entries from a .csv or .xlsx
    file; columns mapped by hand are remembered for the next file with the same headers."""

    import_finished = Signal(object)
    import_failed = Signal(object)
    import_undone = Signal(object)  # RevertResult
    failures = FAILURES

    def __init__(
        self, store: Store, parent: QWidget | None = None, memory: ColumnMemory | None = None
    ) -> None:
        super().__init__("Import", parent)
        self._store = store
        self._memory = memory or ColumnMemory()
        self._remembered: dict[str, str] | None = None
        self._last_import: ImportResult | None = None
        self._preview: FilePreview | None = None
        self._build()
        self._runner.said.connect(self._status_label.setText)  # another job holds the file

    def _build(self) -> None:
        self._kind_combo, self._file_line_edit, file_row = kind_and_file(
            KINDS, "a .csv or .xlsx file", self._browse
        )
        self._sheet_line_edit = QLineEdit()
        self._sheet_line_edit.setPlaceholderText("the first sheet")
        self._partial_check_box = QCheckBox("Import the valid rows; set the rejected ones aside")
        form = QFormLayout()
        form.addRow("What", self._kind_combo)
        form.addRow("File", file_row)
        form.addRow("Excel sheet", self._sheet_line_edit)
        form.addRow("", self._partial_check_box)
        remembered_row = self._build_remembered()
        self._mapping_group = self._build_mapping()
        self._build_controls(self.start_import, self.cancel_import)
        self._errors_table = _table(("Row", "Column", "Value", "Reason"))
        self._errors_table.setWordWrap(True)
        self._details_tabs = QTabWidget()
        self._details_tabs.addTab(self._mapping_group, "Columns")
        self._details_tabs.addTab(self._errors_table, "Problems")
        self._unknown_table = _table(("Importer number", "Entries"))
        self._details_tabs.addTab(self._unknown_table, "Importers not in any portfolio")
        for page in (self._mapping_group, self._errors_table, self._unknown_table):
            self._show_details(page, False)
        self.undo_button = self._buttons.addButton(
            "Undo this import", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.undo_button.setToolTip("Delete what this import created and restore what it changed")
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo_import)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(remembered_row)
        for widget in (self._details_tabs, self._progress_bar, self._status_label, self._buttons):
            layout.addWidget(widget)
        self._file_line_edit.editingFinished.connect(self._refresh_preview)
        self._kind_combo.currentIndexChanged.connect(self._refresh_preview)
        self._sheet_line_edit.editingFinished.connect(self._refresh_preview)

    def _build_remembered(self) -> QHBoxLayout:
        """The line that says the columns were matched from memory, and a way to change them."""
        self._remembered_label = QLabel(REMEMBERED)
        self._remembered_label.setWordWrap(True)
        self._change_columns_button = QPushButton("Change the columns…")
        self._change_columns_button.setToolTip(
            "See and change which of the file's columns is which"
        )
        self._change_columns_button.clicked.connect(self.change_columns)
        row = QHBoxLayout()
        row.addWidget(self._remembered_label, 1)
        row.addWidget(self._change_columns_button)
        self._show_remembered(False)
        return row

    def _show_remembered(self, shown: bool) -> None:
        self._remembered_label.setVisible(shown)
        self._change_columns_button.setVisible(shown)

    @property
    def remembered_shown(self) -> bool:
        """True when the columns were matched as for an earlier file with the same headers."""
        return not self._remembered_label.isHidden()

    def _build_mapping(self) -> QGroupBox:
        group = QGroupBox("The file's columns do not all match: say which is which")
        self._mapping_table = _table(("Our column", "The file's column"))
        # Room for "Entered value (USD) (required)" and a header of the file beside it.
        self._mapping_table.setMinimumWidth(460)
        self._preview_table = _table(())
        self._preview_table.setMinimumWidth(320)
        # Side by side: a laptop screen is wide, not tall.
        preview = QVBoxLayout()
        preview.addWidget(QLabel("The first rows of the file:"))
        preview.addWidget(self._preview_table)
        box = QHBoxLayout(group)
        box.addWidget(self._mapping_table, 2)
        box.addLayout(preview, 3)
        return group

    @property
    def kind(self) -> str:
        return str(self._kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self._kind_combo.setCurrentIndex(self._kind_combo.findData(kind))

    def set_file(self, path: Path) -> None:
        self._file_line_edit.setText(str(path))
        self._refresh_preview()

    @property
    def mapping_shown(self) -> bool:
        return self._details_shown(self._mapping_group)

    def _details_shown(self, page: QWidget) -> bool:
        index = self._details_tabs.indexOf(page)
        return not self._details_tabs.isHidden() and self._details_tabs.isTabVisible(index)

    def _show_details(self, page: QWidget, shown: bool) -> None:
        """Show or hide the columns or the problems tab; the dialog grows to show the list."""
        tabs = self._details_tabs
        tabs.setTabVisible(tabs.indexOf(page), shown)
        tabs.setVisible(any(tabs.isTabVisible(i) for i in range(tabs.count())))
        if shown:
            tabs.setCurrentWidget(page)
            self.resize(fitted(self.size().expandedTo(self.sizeHint()), self))

    def map_column(self, ours: str, theirs: str) -> None:
        """Choose which of the file's columns holds one of ours (the mapping step)."""
        row = COLUMNS[self.kind].index(ours)
        if not self.mapping_shown:
            self.change_columns()
        combo = self._mapping_table.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentText(theirs)

    @Slot()
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import from", "", "Spreadsheets (*.csv *.xlsx);;All files (*)"
        )
        if chosen:
            self.set_file(Path(chosen))

    @Slot()
    def change_columns(self) -> None:
        """Show the columns matched from memory in the mapping step, to change them."""
        if self._preview is None:
            return
        self._show_remembered(False)
        self._show_mapping(self._preview, self._remembered)

    @Slot()
    def _refresh_preview(self) -> None:
        text = self._file_line_edit.text().strip()
        self._preview = None
        self._remembered = None
        self._show_remembered(False)
        self._show_details(self._mapping_group, False)
        if not text or not Path(text).is_file():
            return
        try:
            self._preview = preview_file(Path(text), self.kind, self._sheet() or None)
        except DomainError as exc:
            self._status_label.setText(str(exc))
            return
        self._status_label.clear()
        if self._preview.needs_mapping:
            self._remembered = self._memory.recall(self.kind, self._preview.headers)
            if self._remembered is None:
                self._show_mapping(self._preview)
            else:
                self._show_remembered(True)

    def _show_mapping(self, preview: FilePreview, chosen: dict[str, str] | None = None) -> None:
        ours = COLUMNS[self.kind]
        matched = preview.mapping if chosen is None else chosen
        self._mapping_table.setRowCount(len(ours))
        for row, name in enumerate(ours):
            required = " (required)" if name in REQUIRED[self.kind] else ""
            label = plain_column(name, self.kind) + required
            self._mapping_table.setItem(row, 0, QTableWidgetItem(label))
            combo = QComboBox()
            combo.addItems([NOT_MAPPED, *[h for h in preview.headers if h]])
            combo.setAccessibleName(f"The file's column for {label}")
            self._mapping_table.setCellWidget(row, 1, combo)
            combo.setCurrentText(matched.get(name, NOT_MAPPED))
        self._preview_table.setColumnCount(len(preview.headers))
        self._preview_table.setHorizontalHeaderLabels(list(preview.headers))
        self._preview_table.setRowCount(len(preview.rows))
        for row, cells in enumerate(preview.rows):
            for column, value in enumerate(cells[: len(preview.headers)]):
                self._preview_table.setItem(row, column, QTableWidgetItem(value))
        self._mapping_table.resizeColumnToContents(0)
        self._show_details(self._mapping_group, True)

    def _mapping(self) -> dict[str, str] | None:
        if not self.mapping_shown:
            return None if self._remembered is None else dict(self._remembered)
        chosen: dict[str, str] = {}
        for row, name in enumerate(COLUMNS[self.kind]):
            combo = self._mapping_table.cellWidget(row, 1)
            if isinstance(combo, QComboBox) and combo.currentText() != NOT_MAPPED:
                chosen[name] = combo.currentText()
        return chosen

    def _sheet(self) -> str:
        return self._sheet_line_edit.text().strip()

    @Slot()
    def start_import(self) -> None:
        path = Path(self._file_line_edit.text().strip())
        if not path.is_file():
            self._status_label.setText("Choose a .csv or .xlsx file to import.")
            return
        mapping = self._mapping()
        if self.mapping_shown and mapping and self._preview is not None:
            # Matched by hand: the next file with these headers is matched the same way.
            self._memory.remember(self.kind, self._preview.headers, mapping)
        options = ImportOptions(
            sheet=self._sheet() or None,
            partial=self._partial_check_box.isChecked(),
            mapping=mapping,
        )
        store, kind = self._store, self.kind
        self._set_running(True)
        self._status_label.setText(f"Importing {path.name}…")
        self._runner.start(
            lambda control: _run_import(store, kind, path, options, control),
            self._on_finished,
            self._on_failed,
        )

    @Slot()
    def cancel_import(self) -> None:
        if self._runner.running:
            self._runner.cancel()
            self._status_label.setText("Cancelling…")

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)
        self.undo_button.setVisible(False)
        self._progress_bar.setRange(0, 0)
        self._show_details(self._errors_table, False)
        self._show_details(self._unknown_table, False)

    @Slot(object)
    def _on_progress(self, progress: tuple[int, float | None]) -> None:
        rows, share = progress
        if share is not None:
            self._progress_bar.setRange(0, 1000)
            self._progress_bar.setValue(int(share * 1000))
        self._status_label.setText(f"Importing… {rows:,} rows read")

    @Slot(object)
    def _on_finished(self, result: ImportResult) -> None:
        self._set_running(False)
        self._status_label.setText(_summary(result))
        self._show_errors(result)
        self._show_unknown(result)
        self._last_import = result if result.written else None
        self.undo_button.setVisible(result.written)
        self.import_finished.emit(result)

    @Slot(object)
    def _on_failed(self, exc: Any) -> None:
        self._report_failure(exc)
        self.import_failed.emit(exc)

    @Slot()
    def undo_import(self) -> None:
        """Revert the import just made, as File → Import history would."""
        done = self._last_import
        if done is None or done.batch_id is None:
            return
        if not confirm_revert(self, done.file_name, done.created, done.updated):
            return
        batch_id, store = done.batch_id, self._store
        self._set_running(True)
        self._cancel_button.setEnabled(False)
        self._status_label.setText(f"Undoing the import of {done.file_name}…")
        self._runner.start(
            lambda _control: revert_batch(store, batch_id), self._on_undone, self._on_undo_failed
        )

    def _on_undone(self, result: Any) -> None:
        assert self._last_import is not None
        self._set_running(False)
        self._status_label.setText(reverted_text(self._last_import.file_name, result))
        self._last_import = None
        self.import_undone.emit(result)

    def _on_undo_failed(self, exc: Any) -> None:
        self._set_running(False)
        self.undo_button.setVisible(True)
        self._status_label.setText("The import was not undone: nothing was changed.")
        show_error(self, exc)

    def _show_errors(self, result: ImportResult) -> None:
        table = self._errors_table
        table.setRowCount(len(result.errors))
        for row, error in enumerate(result.errors):
            for column, value in enumerate((error.row, error.column, error.value, error.reason)):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))  # the whole reason, however narrow the column
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeRowsToContents()  # a long reason wraps instead of stopping mid-word
        self._details_tabs.setTabText(1, f"Problems ({len(result.errors):,})")
        self._show_details(table, bool(result.errors))

    def _show_unknown(self, result: ImportResult) -> None:
        """The file's importer numbers no partner holds, with their entries, most first."""
        table = self._unknown_table
        unknown = result.unknown_importers
        table.setRowCount(len(unknown))
        for row, importer in enumerate(unknown):
            table.setItem(row, 0, QTableWidgetItem(importer.ior_number))
            table.setItem(row, 1, QTableWidgetItem(f"{importer.entries:,}"))
        table.resizeColumnsToContents()
        index = self._details_tabs.indexOf(table)
        self._details_tabs.setTabText(index, f"Importers not in any portfolio ({len(unknown):,})")
        self._show_details(table, bool(unknown))


def _summary(result: ImportResult) -> str:
    unknown = f" {result.unknown_summary} (listed below)." if result.unknown_summary else ""
    if not result.written:
        return (
            f"Nothing was imported: {result.rejected:,} row(s) have problems (listed below, "
            f"and in {result.error_file}). Fix them and import again, or tick "
            "“Import the valid rows”." + unknown
        )
    # An entries file counts entries made of its lines, and rejects lines.
    made, rows = ("entries ", "line(s) ") if result.kind == ImportKind.ENTRIES else ("", "")
    text = (
        f"Imported {result.file_name}: {result.created:,} {made}created, {result.updated:,} "
        f"updated, {result.unchanged:,} unchanged, {result.rejected:,} {rows}rejected."
    )
    if result.error_file is not None:
        text += f" The rejected rows are in {result.error_file}."
    return text + unknown


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the table
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    # High enough for ROWS_SHOWN rows under the header and a scroll bar, whatever the font.
    rows = table.verticalHeader().defaultSectionSize() * ROWS_SHOWN
    header = table.horizontalHeader().sizeHint().height()
    scroll_bar = table.horizontalScrollBar().sizeHint().height()
    table.setMinimumHeight(rows + header + scroll_bar + 2 * table.frameWidth() + 4)
    return table


def plain_column(name: str, kind: str = "") -> str:
    """A column's name in words: ``ior_number`` → "IOR number", ``entered_value_usd`` → …"(USD)";
    a few columns of one kind have a label of their own ("Line entered value (USD)")."""
    own = _KIND_LABELS.get(kind, {}).get(name)
    if own is not None:
        return own
    words = [_CAPITALS.get(word, word) for word in name.split("_")]
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])
