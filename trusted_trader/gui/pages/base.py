"""What pages share: loading when shown, reloading when data changes, the title row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.tables import record_view
from trusted_trader.gui.widgets import caption_label


class Page(QWidget):
    """A page loads its data when shown after the store opens, and again when data changes."""

    title = ""
    watches: frozenset[Topic] = frozenset()  # which data_changed topics make it reload

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._stale = True
        desk.store_opened.connect(self.mark_stale)
        desk.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, what: str) -> None:
        if what == Topic.ALL or what in self.watches:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.desk.store is None:
            return
        self._stale = False
        self.load()

    def load(self) -> None:
        """Read the page's data (off the GUI thread when it can be large)."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def focus_filter(self) -> None:
        """Ctrl+F: pages with a filter field focus it."""


class RecordListPage(Page):
    """A page of one kind of record across the portfolio, read page by page in the order a
    header click asks of the database; Enter or a double-click opens the record in its
    partner's workspace."""

    # The database order each column's header asks for (other columns: by date), and the
    # table the records come from, as item_requested names it.
    order_of_column: ClassVar[Mapping[int, str]] = {}
    record_table = ""
    model: PagedTableModel[Any]

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._order = ("date", True)  # the order asked for, and whether it runs newest first
        self._layout, self._title_row = page_layout(self, self.title)
        self._count_label = caption_label("", self)
        self._title_row.addWidget(self._count_label)

    def add_record_table(self, widths: Sequence[int]) -> QTableView:
        """The page's table of ``self.model``, named by its title, newest first until a header
        is clicked."""
        view = record_view(self, self.title, self.model, widths)
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.model.sort_requested = self._sort
        view.activated.connect(self._open)
        self._layout.addWidget(view, 1)
        return view

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        wanted = (self.order_of_column.get(column, "date"), order == Qt.SortOrder.DescendingOrder)
        if wanted != self._order:
            self._order = wanted
            self.reload()

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            record = self.model.record(index.row())
            self.desk.item_requested.emit(record.partner_id, self.record_table, record.id)


def page_layout(widget: QWidget, title: str) -> tuple[QVBoxLayout, QHBoxLayout]:
    """A page's outer layout with its title row; returns (layout, title row)."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(20, 16, 20, 12)
    layout.setSpacing(10)
    row = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("pageTitle")
    row.addWidget(label)
    row.addStretch(1)
    layout.addLayout(row)
    return layout, row
