"""What the import and export dialogs share: the kind and file rows, and the job off-thread."""

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
    QWidget,
)

from trusted_trader.gui.dialogs.error_dialog import show_error
from trusted_trader.gui.window_size import remember_size
from trusted_trader.gui.workers import JobRunner


def kind_and_file(
    kinds: Sequence[tuple[str, str]], placeholder: str, browse: Callable[[], None]
) -> tuple[QComboBox, QLineEdit, QHBoxLayout]:
    """The kind of records (value, label), and the file: a line to type it and Browse…."""
    kind_combo = QComboBox()
    for value, label in kinds:
        kind_combo.addItem(label, value)
    file_line_edit = QLineEdit()
    file_line_edit.setPlaceholderText(placeholder)
    # Wide enough that the hint is read whole ("… or (deadlines) .ics file" was cut).
    hint = file_line_edit.fontMetrics().horizontalAdvance(placeholder)
    file_line_edit.setMinimumWidth(hint + 24)
    file_line_edit.setAccessibleName("File")  # its form row holds a layout, not a buddy
    browse_button = QPushButton("Browse…")
    browse_button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(file_line_edit)
    row.addWidget(browse_button)
    return kind_combo, file_line_edit, row


@dataclass(frozen=True)
class FailureTexts:
    """What a file job's status line says when it stops early."""

    cancelled_type: type[BaseException]
    cancelled: str  # the user cancelled
    plain_types: tuple[type[BaseException], ...]  # the file's or the data's fault: said plainly
    failed: str  # anything else is a bug: this line, and the error dialog with details


class FileJobDialog(QDialog):
    """A dialog that runs one file job at a time off the GUI thread, ``verb`` ("Import") its
    title: below its form the progress bar, the status line and Close / Start / Cancel; a job
    stopped early said on the status line; closing the dialog cancels a running job."""

    failures: FailureTexts  # each dialog's words for a job stopped early

    def __init__(self, verb: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        remember_size(self, verb.lower())
        self.setWindowTitle(verb)
        self._runner = JobRunner(self)

    def _build_controls(self, start: Callable[[], None], cancel: Callable[[], None]) -> None:
        verb = self.windowTitle()
        self._progress_bar = QProgressBar()
        self._progress_bar.setRange(0, 0)
        self._progress_bar.setVisible(False)
        self._status_label = QLabel()
        self._status_label.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._start_button = self._buttons.addButton(verb, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel_button = self._buttons.addButton(
            f"Cancel {verb.lower()}", QDialogButtonBox.ButtonRole.ActionRole
        )
        self._cancel_button.setEnabled(False)
        self._start_button.clicked.connect(start)
        self._cancel_button.clicked.connect(cancel)
        self._buttons.rejected.connect(self.reject)
        self._runner.progressed.connect(self._on_progress)

    def _on_progress(self, progress: Any) -> None:
        """What the job reports as it goes (each dialog says it in its own words)."""
        raise NotImplementedError

    def wait(self, msecs: int = 30000) -> bool:
        return self._runner.wait(msecs)

    def _set_running(self, running: bool) -> None:
        self._start_button.setEnabled(not running)
        self._cancel_button.setEnabled(running)
        self._progress_bar.setVisible(running)

    def _report_failure(self, exc: Any) -> None:
        """The job stopped early: cancelled, the file's or the data's fault, or a bug."""
        self._set_running(False)
        texts = self.failures
        if isinstance(exc, texts.cancelled_type):
            self._status_label.setText(texts.cancelled)
        elif isinstance(exc, texts.plain_types):
            self._status_label.setText(str(exc))
        else:
            self._status_label.setText(texts.failed)
            show_error(self, exc)

    def reject(self) -> None:
        # Closing while a job runs cancels it; its transaction rolls back.
        self._runner.cancel()
        self.wait()
        super().reject()
