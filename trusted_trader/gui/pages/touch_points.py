"""Touch points across the portfolio, read page by page from the database, sorted and filtered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from trusted_trader.domain.enums import Outcome, TouchPointKind
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.models.records import TOUCH_POINT_COLUMNS
from trusted_trader.gui.pages.base import RecordListPage
from trusted_trader.gui.style import DUE_SOON, OVERDUE
from trusted_trader.gui.widgets import (
    MyPartnersCheckBox,
    filter_combo,
    select_data,
    touch_point_kind_filter,
)
from trusted_trader.services.records import TouchPointRecord

# The page's columns by position, and the database order each header click asks for. Where a
# response stands comes early, so a 1366-pixel screen shows it without a sideways scroll.
DATE, PARTNER, KIND, RESPONSE, RESPONSE_DUE, OUTCOME = range(6)
# The rest of the shared touch point columns, in their usual order, after those.
LATER = ("Port", "Entry number", "HTS", "Agency", "Closed", "Notes")
ORDER_OF_COLUMN = {
    DATE: "date",
    PARTNER: "partner",
    KIND: "kind",
    OUTCOME: "outcome",
    RESPONSE_DUE: "response_due",
    RESPONSE: "response_due",
    # The later columns, in LATER's order.
    **dict(enumerate(("port", "entry", "hts", "agency", "closed", "notes"), start=6)),
}
PERIODS = (("Any date", None), ("Last 30 days", 30), ("Last 90 days", 90), ("Last 12 months", 365))
RESPONSES = (("Any response", ""), ("Response open", "open"), ("Response overdue", "overdue"))


def response_words(record: TouchPointRecord, today: date, soon_days: int) -> str:
    """Where the partner's response stands, in words (colour alone would not say it)."""
    due = record.response_due
    if due is None:
        return ""
    if record.closed_on is not None:
        return "Closed"
    days = (due - today).days
    if days < 0:
        return f"Overdue by {-days:,} day{'s' if days != -1 else ''}"
    when = "today" if days == 0 else f"in {days:,} day{'s' if days != 1 else ''}"
    return f"Due soon: {when}" if days <= soon_days else f"Open, due {when}"


def kind_words(value: str) -> str:
    """A kind as CBP names it, with what it is: "CF-28 — Request for Information"."""
    try:
        kind = TouchPointKind(value)
    except ValueError:
        return value
    return f"{kind.label} — {kind.description}"


class TouchPointPageModel(PagedTableModel[TouchPointRecord]):
    """The page's rows; an overdue response is red and says "Overdue", one due soon amber."""

    def __init__(self, columns: list[Column[TouchPointRecord]], desk: Desk, parent: QObject):
        super().__init__(columns, parent=parent)
        self._desk = desk

    def extra_data(self, record: TouchPointRecord, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.ForegroundRole or column not in (RESPONSE_DUE, RESPONSE):
            return None
        words = response_words(record, self._desk.today(), self._desk.settings.due_soon_days)
        if words.startswith("Overdue"):
            return OVERDUE
        return DUE_SOON if words.startswith("Due soon") else None


class TouchPointsPage(RecordListPage):
    title = "Touch points"
    watches = frozenset({Topic.TOUCH_POINTS, Topic.PARTNERS})
    order_of_column = ORDER_OF_COLUMN
    record_table = "touch_point"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._names: dict[int, str] = {}
        self._mine_check_box = MyPartnersCheckBox(self, self.reload)
        self._title_row.addWidget(self._mine_check_box)
        self._layout.addLayout(self._build_filter_bar())
        partner: Column[TouchPointRecord] = Column(
            "Partner", lambda t: self._names.get(t.partner_id, f"#{t.partner_id}")
        )
        response: Column[TouchPointRecord] = Column(
            "Response", lambda t: response_words(t, desk.today(), desk.settings.due_soon_days)
        )
        shared = {column.title: column for column in TOUCH_POINT_COLUMNS}
        # A long kind ("CF-29 action proposed") is elided in its column: whole in the tooltip.
        kind = replace(shared["Kind"], tooltip=lambda t: kind_words(t.kind))
        columns = [shared["Date"], partner, kind, response, shared["Response due"]]
        columns += [shared["Outcome"], *(shared[title] for title in LATER)]
        self.model = TouchPointPageModel(columns, desk, self)
        widths = (95, 200, 110, 150, 100, 120, 50, 130, 110, 60, 95)
        self.table_view = self.add_record_table(widths)

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self._partner_combo = self._combo("Partner filter", [("All partners", None)])
        self._kind_combo = touch_point_kind_filter(self, self.reload)
        outcomes = [(o.label, o.value) for o in Outcome]
        self._outcome_combo = self._combo(
            "Outcome filter", [("Any outcome", None), ("Not known yet", ""), *outcomes]
        )
        self._response_combo = self._combo("Response filter", list(RESPONSES))
        self._period_combo = self._combo("Date filter", list(PERIODS))
        for combo in (
            self._partner_combo,
            self._kind_combo,
            self._outcome_combo,
            self._response_combo,
            self._period_combo,
        ):
            bar.addWidget(combo)
        bar.addStretch(1)
        return bar

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        tip = f"Show only the touch points of one {name.split()[0].lower()}"
        return filter_combo(self, name, items, self.reload, tip)

    def query(self, limit: int = 1000, offset: int = 0) -> Any:
        """The page's filter and order as a TouchPointQuery (what the page shows)."""
        from trusted_trader.services.touch_points import TouchPointQuery

        days = self._period_combo.currentData()
        today = self.desk.today()
        return TouchPointQuery(
            partner_id=self._partner_combo.currentData(),
            kind=self._kind_combo.currentData(),
            executive_id=self._mine_check_box.mine(),
            date_from=today - timedelta(days=days) if days else None,
            outcome=self._outcome_combo.currentData(),
            response=self._response_combo.currentData(),
            today=today,
            order=self._order[0],
            descending=self._order[1],
            limit=limit,
            offset=offset,
        )

    def is_filtered(self) -> bool:
        combos = (self._partner_combo, self._kind_combo, self._outcome_combo)
        rest = (self._response_combo, self._period_combo)
        mine = self._mine_check_box.mine() is not None
        return mine or any(c.currentIndex() > 0 for c in (*combos, *rest))

    def load(self) -> None:
        from trusted_trader.services.portfolio import partner_names
        from trusted_trader.services.touch_points import count_touch_points, list_touch_points

        self._mine_check_box.follow(self.desk.executive_id)
        query = self.query()
        with self.desk.uow() as uow:
            self._names = partner_names(uow)
            total = count_touch_points(uow, query)
        self._fill_partners()

        def page(offset: int, limit: int) -> list[TouchPointRecord]:
            with self.desk.uow() as uow:
                return list_touch_points(uow, replace(query, limit=limit, offset=offset))

        self.model.set_source(page, total)
        matching = " match the filter" if self.is_filtered() else ""
        self._count_label.setText(f"{total:,} touch points{matching}")

    def export_filter(self) -> Any:
        """What the page shows, for File → Export's "current filter"."""
        from trusted_trader.services.exporting import ExportFilter

        query = self.query()
        label = f"the {self.model.total:,} touch points shown"
        return ExportFilter(
            partner_id=query.partner_id, touch_points=query, kind="touch-points", label=label
        )

    def _fill_partners(self) -> None:
        combo, chosen = self._partner_combo, self._partner_combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for partner_id, name in sorted(self._names.items(), key=lambda item: item[1].casefold()):
            combo.addItem(name, partner_id)
        select_data(combo, chosen)
        combo.blockSignals(False)
