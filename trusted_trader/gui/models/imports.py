"""The recorded imports, newest first, for File → Import history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from trusted_trader.domain.enums import ImportKind
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.qt_dates import show_moment as local_time

if TYPE_CHECKING:
    from trusted_trader.services.importing import ImportBatchRecord

KIND_LABELS = {kind.value: kind.label for kind in ImportKind}


def status_text(batch: ImportBatchRecord) -> str:
    if batch.status == "reverted":
        return f"Reverted {local_time(batch.reverted_at)}".rstrip()
    return "Imported" if batch.status == "done" else batch.status.capitalize()


def _count(title: str, value: Any) -> Column[ImportBatchRecord]:
    return Column(title, value, numeric=True)


COLUMNS: list[Column[ImportBatchRecord]] = [
    Column("When", lambda b: b.started_at, local_time),
    Column("Kind", lambda b: b.kind, lambda v: KIND_LABELS.get(str(v), str(v))),
    Column("File", lambda b: b.file_name, tooltip=lambda b: f"Import #{b.id}: {b.file_name}"),
    Column("By", lambda b: b.actor),
    _count("Created", lambda b: b.created),
    _count("Updated", lambda b: b.updated),
    _count("Unchanged", lambda b: b.unchanged),
    _count("Rejected", lambda b: b.rejected),
    Column("Status", status_text),
]
STATUS = len(COLUMNS) - 1


class ImportBatchTableModel(RecordTableModel["ImportBatchRecord"]):
    """One row per recorded import; a reverted one is greyed out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def extra_data(self, record: ImportBatchRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and record.status == "reverted":
            return QApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None
