"""Engagement plans across the portfolio, with their status and open action items."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QWidget

from trusted_trader.domain.enums import PlanStatus
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.qt_dates import show_month
from trusted_trader.gui.tables import record_view
from trusted_trader.gui.widgets import MyPartnersCheckBox, filter_combo, filter_edit
from trusted_trader.services.portfolio import PlanSummary

COLUMNS: list[Column[PlanSummary]] = [
    Column("Partner", lambda p: p.partner_name),
    Column("Plan", lambda p: p.title),
    Column("Status", lambda p: p.status, lambda v: str(v).capitalize()),
    Column("Rev.", lambda p: p.revision, numeric=True),
    Column("From", lambda p: p.period_start, show_month),
    Column("To", lambda p: p.period_end, show_month),
    Column("Open action items", lambda p: p.open_items, numeric=True),
    Column("Last action item update", lambda p: p.last_item_update),
]


def _load(desk: Desk, executive_id: int | None) -> list[PlanSummary]:
    from trusted_trader.services.portfolio import list_plan_summaries
    from trusted_trader.services.scope import Scope

    with desk.uow() as uow:
        return list_plan_summaries(uow, Scope.of(executive_id=executive_id))


class PlansPage(Page):
    title = "Engagement plans"
    watches = frozenset({Topic.PLANS, Topic.PARTNERS})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._all: list[PlanSummary] = []
        layout, row = page_layout(self, "Engagement plans")
        self._search_line_edit = filter_edit(
            self, "Filter plans", "Filter by partner or plan", self._apply_filter
        )
        self._search_line_edit.setMinimumWidth(280)
        self._status_combo = filter_combo(
            self,
            "Plan status",
            [("Any status", ""), *((s.label, s.value) for s in PlanStatus)],
            self._apply_filter,
        )
        row.addWidget(self._search_line_edit)
        row.addWidget(self._status_combo)
        self._mine_check_box = MyPartnersCheckBox(self, self.reload)
        row.addWidget(self._mine_check_box)
        self.model: RecordTableModel[PlanSummary] = RecordTableModel(COLUMNS, self)
        widths = (260, 200, 70, 50, 80, 80, 130)
        self.table_view = record_view(self, "Engagement plans", self.model, widths)
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table_view.activated.connect(self._open)
        layout.addWidget(self.table_view, 1)

    def load(self) -> None:
        self._mine_check_box.follow(self.desk.executive_id)
        mine = self._mine_check_box.mine()
        self.desk.pool.submit(lambda: _load(self.desk, mine), self._set_rows, owner=self)

    def _set_rows(self, rows: list[PlanSummary]) -> None:
        self._all = rows
        self._apply_filter()

    def _apply_filter(self) -> None:
        words = self._search_line_edit.text().casefold().split()
        status = self._status_combo.currentData()
        self.model.set_rows(
            p
            for p in self._all
            if (not status or p.status == status)
            and all(w in f"{p.partner_name} {p.title}".casefold() for w in words)
        )

    def focus_filter(self) -> None:
        self._search_line_edit.setFocus()

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            plan = self.model.record(index.row())
            self.desk.item_requested.emit(plan.partner_id, "engagement_plan", plan.plan_id)
