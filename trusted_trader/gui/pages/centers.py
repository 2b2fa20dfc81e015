"""The ten Centers and their Account Executives (reference data)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QSplitter, QTableView, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.tables import prepare_table, text_width
from trusted_trader.services.records import CenterRecord, ExecutiveRecord

CENTER_COLUMNS: list[Column[CenterRecord]] = [
    Column("Code", lambda c: c.code),
    Column("Center", lambda c: c.name),
    Column("Office", lambda c: c.office),
    Column("HTS coverage", lambda c: len(c.hts_prefixes), lambda v: f"{v} prefixes"),
]

EXECUTIVE_COLUMNS: list[Column[ExecutiveRecord]] = [
    Column("Account Executive", lambda e: e.name),
    Column("E-mail", lambda e: e.email),
    Column("Phone", lambda e: e.phone),
    Column("Center", lambda e: e.center_code),
    Column("Active", lambda e: e.active),
]


def _load(desk: Desk) -> tuple[list[CenterRecord], list[ExecutiveRecord]]:
    from trusted_trader.services.reference import list_centers, list_executives

    with desk.uow() as uow:
        return list_centers(uow), list_executives(uow)


class CentersPage(Page):
    title = "Centers & executives"
    watches = frozenset({Topic.REFERENCE})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout, _row = page_layout(self, "Centers & executives")
        self.center_model: RecordTableModel[CenterRecord] = RecordTableModel(CENTER_COLUMNS, self)
        self.executive_model: RecordTableModel[ExecutiveRecord] = RecordTableModel(
            EXECUTIVE_COLUMNS, self
        )
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        for model, name, widths in (
            (self.center_model, "Centers of Excellence and Expertise", (70, 320, 160)),
            (self.executive_model, "Account Executives", (220, 280, 130, 70)),
        ):
            box = QWidget(splitter)
            from PySide6.QtWidgets import QVBoxLayout

            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            title = QLabel(name, box)
            title.setObjectName("sectionTitle")
            inner.addWidget(title)
            view = QTableView(box)
            prepare_table(view, name)
            view.setModel(model)
            view.setSortingEnabled(True)
            view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            for column, width in enumerate(widths):
                view.setColumnWidth(column, text_width(view, width))
            inner.addWidget(view)
            splitter.addWidget(box)
        layout.addWidget(splitter, 1)

    def load(self) -> None:
        self.desk.pool.submit(lambda: _load(self.desk), self._show, owner=self)

    def _show(self, loaded: tuple[list[CenterRecord], list[ExecutiveRecord]]) -> None:
        centers, executives = loaded
        self.center_model.set_rows(centers)
        self.executive_model.set_rows(executives)
