"""What the import and export dialogs share: the kind and file rows, the status and buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

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


def kind_and_file(
    kinds: Sequence[tuple[str, str]], placeholder: str, browse: Callable[[], None]
) -> tuple[QComboBox, QLineEdit, QHBoxLayout]:
    """The kind of records (value, label), and the file: a line to type it and Browse…."""
    kind_combo = QComboBox()
    for value, label in kinds:
        kind_combo.addItem(label, value)
    file_line_edit = QLineEdit()
    file_line_edit.setPlaceholderText(placeholder)
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
