"""Engagement activities across the portfolio: every meeting, call and visit, page by page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from trusted_trader.domain.enums import ActivityKind
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.pages.base import RecordListPage
from trusted_trader.services.portfolio import ActivitySummary


def _kind(value: object) -> str:
    return ActivityKind.label_of(str(value))


COLUMNS: list[Column[ActivitySummary]] = [
    Column("Date", lambda a: a.occurred_on),
    Column("Partner", lambda a: a.partner_name),
    Column("Kind", lambda a: a.kind, _kind),
    Column("Participants", lambda a: a.participants),
    Column("Summary", lambda a: a.summary, lambda v: str(v).replace("\n", " ")),
]


# The database order each header click asks for (Participants and Summary: by date).
ORDER_OF_COLUMN = {0: "date", 1: "partner", 2: "kind"}


class ActivitiesPage(RecordListPage):
    title = "Activities"
    watches = frozenset({Topic.ACTIVITIES, Topic.PARTNERS})
    order_of_column = ORDER_OF_COLUMN
    record_table = "engagement_activity"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        # All of them, read a page at a time as the list scrolls (once it stopped at 2,000).
        self.model: PagedTableModel[ActivitySummary] = PagedTableModel(COLUMNS, parent=self)
        self.table_view = self.add_record_table((95, 260, 120, 220))

    def load(self) -> None:
        from trusted_trader.services.portfolio import count_activities, recent_activities
        from trusted_trader.services.scope import Scope

        order, descending = self._order
        with self.desk.uow() as uow:
            total = count_activities(uow, Scope())

        def page(offset: int, limit: int) -> list[ActivitySummary]:
            with self.desk.uow() as uow:
                return recent_activities(
                    uow, Scope(), limit, offset=offset, order=order, descending=descending
                )

        self.model.set_source(page, total)
        self._count_label.setText(f"{total:,} activities")
