"""Touch points across the portfolio, newest first, read page by page from the database."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.models.records import TOUCH_POINT_COLUMNS
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.tables import record_view
from trusted_trader.gui.widgets import (
    MyPartnersCheckBox,
    caption_label,
    touch_point_kind_filter,
)
from trusted_trader.services.records import TouchPointRecord


class TouchPointsPage(Page):
    title = "Touch points"
    watches = frozenset({Topic.TOUCH_POINTS, Topic.PARTNERS})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._names: dict[int, str] = {}
        layout, row = page_layout(self, "Touch points")
        self._count_label = caption_label("", self)
        row.addWidget(self._count_label)
        self._kind_combo = touch_point_kind_filter(self, self.reload)
        row.addWidget(self._kind_combo)
        self._mine_check_box = MyPartnersCheckBox(self, self.reload)
        row.addWidget(self._mine_check_box)
        partner: Column[TouchPointRecord] = Column(
            "Partner", lambda t: self._names.get(t.partner_id, f"#{t.partner_id}")
        )
        columns = [TOUCH_POINT_COLUMNS[0], partner, *TOUCH_POINT_COLUMNS[1:]]
        self.model: PagedTableModel[TouchPointRecord] = PagedTableModel(columns, parent=self)
        widths = (95, 240, 110, 50, 130, 110, 60, 120, 100, 95)
        self.table_view = record_view(self, "Touch points", self.model, widths)
        self.table_view.activated.connect(self._open)
        layout.addWidget(self.table_view, 1)

    def load(self) -> None:
        from trusted_trader.services.portfolio import partner_names
        from trusted_trader.services.touch_points import (
            TouchPointQuery,
            count_touch_points,
            list_touch_points,
        )

        self._mine_check_box.follow(self.desk.executive_id)
        query = TouchPointQuery(
            kind=self._kind_combo.currentData(), executive_id=self._mine_check_box.mine()
        )
        with self.desk.uow() as uow:
            self._names = partner_names(uow)
            total = count_touch_points(uow, query)

        def page(offset: int, limit: int) -> list[TouchPointRecord]:
            with self.desk.uow() as uow:
                return list_touch_points(uow, replace(query, limit=limit, offset=offset))

        self.model.set_source(page, total)
        self._count_label.setText(f"{total:,} touch points")

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            record = self.model.record(index.row())
            self.desk.item_requested.emit(record.partner_id, "touch_point", record.id)
