"""What the workspace tabs share: the partner they show and loading only when visible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.tables import record_view
from trusted_trader.services.records import PartnerRecord

R = TypeVar("R")


class WorkspaceTab(QWidget):
    """A tab reads its data when it is shown for a new partner or after its data changed."""

    title = ""
    watches: frozenset[Topic] = frozenset()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.partner: PartnerRecord | None = None
        self._stale = True
        self.read_only = False
        desk.data_changed.connect(self._on_data_changed)

    @property
    def partner_id(self) -> int:
        assert self.partner is not None
        return self.partner.id

    def set_partner(self, partner: PartnerRecord) -> None:
        changed = self.partner is None or self.partner.id != partner.id
        self.partner = partner
        if changed:
            self.clear()
        self.mark_stale()

    def set_read_only(self, read_only: bool) -> None:
        """Show the partner's records without the controls that would change them."""
        self.read_only = read_only
        for widget in self.edit_controls():
            widget.setEnabled(not read_only)

    def edit_controls(self) -> list[QWidget]:
        """The widgets that add, change or delete records: disabled when read-only."""
        return []

    def _on_data_changed(self, what: str) -> None:
        if what == Topic.ALL or what in self.watches:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible() and not self.has_unsaved_edits():
            self.reload()

    def has_unsaved_edits(self) -> bool:
        """True while the user is typing something a reload would throw away."""
        return False

    def reload(self) -> None:
        if self.partner is None or self.desk.store is None:
            return
        self._stale = False
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self.has_unsaved_edits():
            self.reload()

    def clear(self) -> None:
        """Forget the previous partner's rows before the new ones arrive."""

    def load(self) -> None:
        raise NotImplementedError

    def add_record_table(
        self, layout: QVBoxLayout, columns: Sequence[Column[R]], name: str, widths: Sequence[int]
    ) -> tuple[QLabel, RecordTableModel[R], QTableView]:
        """Below a tab's add row: the line that says why an entry was refused, then the
        read-only table of the partner's records, which keeps its selection on reload."""
        problem_label = QLabel("", self)
        problem_label.setObjectName("fieldProblem")
        layout.addWidget(problem_label)
        model = RecordTableModel(list(columns), self)
        view = record_view(self, name, model, widths)
        layout.addWidget(view, 1)
        return problem_label, model, view
