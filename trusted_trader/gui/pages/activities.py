"""Engagement activities across the portfolio: the latest meetings, calls and visits."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QWidget

from trusted_trader.domain.enums import ActivityKind
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.tables import record_view
from trusted_trader.services.portfolio import ActivitySummary


def _kind(value: object) -> str:
    try:
        return ActivityKind(str(value)).label
    except ValueError:
        return str(value)


COLUMNS: list[Column[ActivitySummary]] = [
    Column("Date", lambda a: a.occurred_on),
    Column("Partner", lambda a: a.partner_name),
    Column("Kind", lambda a: a.kind, _kind),
    Column("Participants", lambda a: a.participants),
    Column("Summary", lambda a: a.summary, lambda v: str(v).replace("\n", " ")),
]


def _load(desk: Desk) -> list[ActivitySummary]:
    from trusted_trader.services.portfolio import recent_activities
    from trusted_trader.services.scope import Scope

    with desk.uow() as uow:
        return recent_activities(uow, Scope(), limit=2000)


class ActivitiesPage(Page):
    title = "Activities"
    watches = frozenset({Topic.ACTIVITIES, Topic.PARTNERS})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout, _row = page_layout(self, "Activities")
        self.model: RecordTableModel[ActivitySummary] = RecordTableModel(COLUMNS, self)
        self.table_view = record_view(self, "Activities", self.model, (95, 260, 120, 220))
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table_view.activated.connect(self._open)
        layout.addWidget(self.table_view, 1)

    def load(self) -> None:
        self.desk.pool.submit(lambda: _load(self.desk), self.model.set_rows, owner=self)

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            activity = self.model.record(index.row())
            self.desk.item_requested.emit(activity.partner_id, "engagement_activity", activity.id)
