"""What the workspace tabs share: the partner they show and loading only when visible; and
the tabs that list one kind of record, edited in a dialog."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.tables import record_view
from trusted_trader.gui.widgets import push_button
from trusted_trader.services.records import PartnerRecord

if TYPE_CHECKING:
    from trusted_trader.gui.dialogs.record_dialog import RecordDialog


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

    def refused_read_only(self) -> bool:
        """True, with a word in the status bar, when this partner's records are read-only."""
        if self.read_only:
            self.desk.say("This partner's records are read-only for you.")
        return self.read_only

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

    @staticmethod
    def add_context_menu(
        view: QWidget, entries: Sequence[tuple[str, Callable[[], object]]]
    ) -> None:
        """Right-click (or the menu key) on ``view`` offers ``entries``, each calling its own."""
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in entries:
            action = QAction(text, view)
            action.triggered.connect(lambda _checked=False, call=slot: call())
            view.addAction(action)


class RecordListTab(WorkspaceTab):
    """A tab of one kind of the partner's records: a row of controls that add one, the line
    that says why an entry was refused, then the table, which keeps its selection on reload;
    Edit… and Delete (buttons, context menu, Enter) act on the selected row."""

    # The dialog that edits a row (its module and class under gui/dialogs), and the function
    # of gui/record_undo that deletes one.
    record_dialog = ("", "")
    record_delete = ""
    model: RecordTableModel[Any]
    table_view: QTableView
    problem_label: QLabel

    def build_record_list(
        self, row: QHBoxLayout, columns: Sequence[Column[Any]], widths: Sequence[int], noun: str
    ) -> tuple[QPushButton, QPushButton]:
        """The tab's layout: ``row`` of add controls, then the problem line and the table named
        by the tab's title. Returns the Edit… and Delete buttons, put at the row's end."""
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("fieldProblem")
        layout.addWidget(self.problem_label)
        self.model = RecordTableModel(list(columns), self)
        self.table_view = record_view(self, self.title, self.model, widths)
        layout.addWidget(self.table_view, 1)
        edit, delete = self._record_actions(noun)
        row.addWidget(edit)
        row.addWidget(delete)
        return edit, delete

    def _record_actions(self, noun: str) -> list[QPushButton]:
        """Edit… and Delete buttons for the selected row, also on its context menu; a
        double-click or Enter edits."""
        view, edit, delete = self.table_view, self.edit_selected, self.delete_selected
        entries = (
            ("Edit…", edit, f"Change the selected {noun}"),
            ("Delete", delete, f"Delete the selected {noun} (Ctrl+Z brings it back)"),
        )

        def edit_at(index: QModelIndex) -> None:
            view.selectRow(index.row())
            edit()

        view.activated.connect(edit_at)
        self.add_context_menu(view, [(text, slot) for text, slot, _tip in entries])
        buttons = [push_button(text, self, slot, tip) for text, slot, tip in entries]
        for button, verb in zip(buttons, ("Edit", "Delete"), strict=True):
            button.setAccessibleName(f"{verb} {noun}")
        return buttons

    def clear(self) -> None:
        self.model.set_rows([])

    def selected(self) -> Any | None:
        """The record of the selected (or current) row, if any."""
        rows = self.table_view.selectionModel().selectedRows()
        index = rows[0] if rows else self.table_view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def select_record(self, record_id: int) -> None:
        """Select the row of the record with this id (after a reload if one is due)."""
        if self._stale:
            self.reload()
        row = self.model.row_of(lambda r: getattr(r, "id", None) == record_id)
        if row >= 0:
            self.table_view.selectRow(row)
            self.table_view.scrollTo(self.model.index(row, 0))

    def edit_selected(self) -> None:
        """Change the selected row's record in its dialog; it stays selected once saved."""
        module, name = self.record_dialog
        dialogs = importlib.import_module(f"trusted_trader.gui.dialogs.{module}")
        dialog_class: type[RecordDialog[Any]] = getattr(dialogs, name)
        record = self.selected()
        if record is None or self.refused_read_only():
            return
        dialog = dialog_class(self.desk, self.partner_id, record, self)
        if dialog.exec() and dialog.saved is not None:
            self.select_record(int(getattr(dialog.saved, "id")))  # noqa: B009

    def delete_selected(self) -> None:
        """Delete the selected row's record after asking; Ctrl+Z brings it back."""
        from trusted_trader.gui import record_undo

        record = self.selected()
        if record is not None and not self.refused_read_only():
            getattr(record_undo, self.record_delete)(self.desk, self, record)
