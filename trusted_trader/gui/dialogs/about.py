"""Help: the keyboard shortcuts and the About box."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trusted_trader import APP_NAME, __version__
from trusted_trader.gui.window_size import remember_size


class ShortcutsDialog(QDialog):
    def __init__(
        self, shortcuts: tuple[tuple[str, str], ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        remember_size(self, "shortcuts", QSize(520, 420))
        layout = QVBoxLayout(self)
        table = QTableWidget(len(shortcuts), 2, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setTabKeyNavigation(False)  # Tab goes on to Close
        table.setHorizontalHeaderLabels(["Keys", "What they do"])
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setColumnWidth(0, 170)
        for row, (keys, text) in enumerate(shortcuts):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(text))
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def about_text() -> str:
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>The Account Executive's desk for CBP trusted-partner engagement plans, "
        "touch points and their reduction.</p>"
        "<p>Rates are touch points per 1,000 entries, compared with exact conditional "
        "confidence intervals.</p>"
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_text())
