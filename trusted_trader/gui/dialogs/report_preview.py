"""Preview a generated PDF document, then print it or save it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Slot
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.replace_prompt import SAVE_OPTIONS, ask_to_replace
from trusted_trader.gui.window_size import remember_size
from trusted_trader.services.exporting import save_document
from trusted_trader.store.errors import StoreError

# Pages are rendered to images for the printer; beyond this the images only grow.
PRINT_DPI_LIMIT = 300


class ReportPreviewDialog(QDialog):
    """Shows every page of a PDF; Print… and Save as PDF… use the same bytes."""

    def __init__(
        self,
        pdf_bytes: bytes,
        title: str,
        suggested_file_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        remember_size(self, "report_preview", QSize(820, 960))
        self._suggested_file_name = suggested_file_name
        self._document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.show_pdf(pdf_bytes)
        self._pdf_view = QPdfView(self)
        self._pdf_view.setAccessibleName(f"{title}: preview of the pages")
        self._pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self._pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._pdf_view.setDocument(self._document)
        self._page_label = QLabel(self)
        self._build_buttons()
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self._pdf_view, 1)
        layout.addWidget(self._page_label)
        layout.addWidget(self._button_box)
        self._pdf_view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self._show_page_number(0)

    def _build_buttons(self) -> None:
        self._button_box = QDialogButtonBox(self)
        self._print_button = QPushButton("Print…", self)
        self._save_button = QPushButton("Save as PDF…", self)
        self._button_box.addButton(self._print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._button_box.addButton(self._save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._button_box.addButton(QDialogButtonBox.StandardButton.Close)
        self._button_box.rejected.connect(self.reject)
        self._print_button.clicked.connect(self._print)
        self._save_button.clicked.connect(self._save)

    def show_pdf(self, pdf_bytes: bytes) -> None:
        """Show (and print or save) these bytes from now on, e.g. the report made again."""
        self._pdf_bytes = pdf_bytes
        old = self._buffer
        self._document.close()
        # The document reads from the buffer for as long as it is open: keep both alive.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document.load(self._buffer)
        if old is not None:
            old.deleteLater()
        if hasattr(self, "_page_label"):
            self._show_page_number(0)

    def add_top_widget(self, widget: QWidget) -> None:
        """A control above the pages (the progress report's period picker)."""
        self._layout.insertWidget(0, widget)

    @property
    def page_count(self) -> int:
        return self._document.pageCount()

    @Slot(int)
    def _show_page_number(self, page: int) -> None:
        count = self.page_count
        if count == 0:
            self._page_label.setText("The document could not be shown.")
            return
        self._page_label.setText(f"Page {page + 1} of {count}")

    @Slot()
    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Draw each page, scaled to fit the printable area and centred on it."""
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Print", "The printer could not be started.")
            return
        try:
            dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
            for page in range(self.page_count):
                if page:
                    printer.newPage()
                self._paint_page(painter, page, dpi)
        finally:
            painter.end()

    def _paint_page(self, painter: QPainter, page: int, dpi: int) -> None:
        points = self._document.pagePointSize(page)
        image = self._document.render(
            page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        )
        area = QRectF(painter.viewport())
        scale = min(area.width() / image.width(), area.height() / image.height())
        target = QRectF(0, 0, image.width() * scale, image.height() * scale)
        target.moveCenter(area.center())
        painter.drawImage(target, image)

    @Slot()
    def _save(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "Save as PDF",
            self._suggested_file_name,
            "PDF documents (*.pdf)",
            options=SAVE_OPTIONS,
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = (
                path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")
            )
        overwrite = ask_to_replace(self, path, "Save as PDF")
        if overwrite is None:
            return
        try:
            save_document(path, self._pdf_bytes, overwrite=overwrite)
        except StoreError as exc:
            QMessageBox.warning(self, "Save as PDF", f"The file was not saved: {exc}")
        except OSError as exc:
            QMessageBox.warning(
                self, "Save as PDF", f"The file could not be saved: {exc.strerror}."
            )
