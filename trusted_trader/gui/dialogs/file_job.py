"""What the import and export dialogs share: the kind and file rows, the status and buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
)

from trusted_trader.gui.dialogs.error_dialog import show_error


def kind_and_file(
    kinds: Sequence[tuple[str, str]], placeholder: str, browse: Callable[[], None]
) -> tuple[QComboBox, QLineEdit, QHBoxLayout]:
    """The kind of records (value, label), and the file: a line to type it and Browse…."""
    kind_combo = QComboBox()
    for value, label in kinds:
        kind_combo.addItem(label, value)
    file_line_edit = QLineEdit()
    file_line_edit.setPlaceholderText(placeholder)
    file_line_edit.setAccessibleName("File")  # its form row holds a layout, not a buddy
    browse_button = QPushButton("Browse…")
    browse_button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(file_line_edit)
    row.addWidget(browse_button)
    return kind_combo, file_line_edit, row


@dataclass(frozen=True)
class JobControls:
    """Below the form: the progress bar, the status line and Close / Start / Cancel."""

    progress_bar: QProgressBar
    status_label: QLabel
    buttons: QDialogButtonBox
    start_button: QPushButton
    cancel_button: QPushButton


def job_controls(
    dialog: QDialog, verb: str, start: Callable[[], None], cancel: Callable[[], None]
) -> JobControls:
    """The controls of a file job called ``verb`` ("Import"); closing the dialog rejects it."""
    progress_bar = QProgressBar()
    progress_bar.setRange(0, 0)
    progress_bar.setVisible(False)
    status_label = QLabel()
    status_label.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    start_button = buttons.addButton(verb, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel_button = buttons.addButton(
        f"Cancel {verb.lower()}", QDialogButtonBox.ButtonRole.ActionRole
    )
    cancel_button.setEnabled(False)
    start_button.clicked.connect(start)
    cancel_button.clicked.connect(cancel)
    buttons.rejected.connect(dialog.reject)
    return JobControls(progress_bar, status_label, buttons, start_button, cancel_button)


@dataclass(frozen=True)
class FailureTexts:
    """What a file job's status line says when it stops early."""

    cancelled_type: type[BaseException]
    cancelled: str  # the user cancelled
    plain_types: tuple[type[BaseException], ...]  # the file's or the data's fault: said plainly
    failed: str  # anything else is a bug: this line, and the error dialog with details


def report_failure(dialog: QDialog, label: QLabel, exc: Any, texts: FailureTexts) -> None:
    if isinstance(exc, texts.cancelled_type):
        label.setText(texts.cancelled)
    elif isinstance(exc, texts.plain_types):
        label.setText(str(exc))
    else:
        label.setText(texts.failed)
        show_error(dialog, exc)
