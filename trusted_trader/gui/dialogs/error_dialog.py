"""Error messages in the window: a plain message for the environment, an apology for a bug."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from trusted_trader import APP_NAME
from trusted_trader.errors import describe, details
from trusted_trader.gui.window_size import remember_size


class ErrorDialog(QDialog):
    """Shows one message; for a bug, also offers to copy the details for a report."""

    def __init__(self, message: str, details: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        remember_size(self, "error")
        self._details = details
        self.setWindowTitle(APP_NAME if details is None else f"{APP_NAME} — something went wrong")
        self._message_label = QLabel(message)
        self._message_label.setWordWrap(True)
        self._message_label.setMinimumWidth(360)
        icon = QStyle.StandardPixmap.SP_MessageBoxCritical
        if details is None:
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
        self.setWindowIcon(self.style().standardIcon(icon))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._copy_button: QPushButton | None = None
        if details is not None:
            self._copy_button = buttons.addButton(
                "Copy details", QDialogButtonBox.ButtonRole.ActionRole
            )
            self._copy_button.clicked.connect(self._copy_details)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message_label)
        layout.addWidget(buttons)

    @property
    def message(self) -> str:
        return self._message_label.text()

    @property
    def offers_details(self) -> bool:
        return self._copy_button is not None

    @Slot()
    def _copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self._details is not None:
            clipboard.setText(self._details)


def show_error(parent: QWidget | None, exc: BaseException) -> ErrorDialog:
    """Tell the user what went wrong; a bug is logged with its traceback first."""
    message, is_bug = describe(exc)
    dialog = ErrorDialog(message, details(exc) if is_bug else None, parent)
    dialog.exec()
    return dialog
