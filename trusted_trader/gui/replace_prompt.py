"""Ask before a file the user chose is replaced: the one question every save in the window asks."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

# The file dialogs leave the question to ask_to_replace, so that it is asked once, the same
# way, also for a name typed into a field.
SAVE_OPTIONS = QFileDialog.Option.DontConfirmOverwrite


def ask_to_replace(parent: QWidget | None, path: Path, title: str) -> bool | None:
    """False for a new file; True when the user agrees to replace ``path``; None if not."""
    if not os.path.lexists(path):
        return False
    answer = QMessageBox.question(
        parent,
        title,
        f"{path.name} already exists in {path.parent}.\n\nReplace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return True if answer == QMessageBox.StandardButton.Yes else None
