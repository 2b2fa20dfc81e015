"""Entries: the partner's entry summaries imported from ACE, filtered and paged by the database."""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from trusted_trader.domain.identifiers import format_hts
from trusted_trader.domain.periods import add_months
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.period_picker import _month, _month_edit  # the pages' month fields
from trusted_trader.gui.qt_dates import qdate
from trusted_trader.gui.tables import record_view, restore_header, save_header, text_width
from trusted_trader.gui.widgets import caption_label, filter_combo, filter_edit, push_button
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.services.records import EntryRecord

if TYPE_CHECKING:
    from trusted_trader.services.entries import EntryQuery

STATE_KEY = "workspace/entries"
SEARCH_PAUSE_MS = 250  # a search waits for a pause in the typing, not every keystroke
EMPTY_TEXT = (
    "No entries have been imported for this partner.\n\n"
    "Entries come from ACE's entry summary reports (such as ES-003, one row per entry "
    "summary line):\n"
    "    •  File → Import… → Entries, or\n"
    "    •  on the command line: trusted-trader import entries FILE\n\n"
    "The partner's monthly volume, and its volume at each port, are then counted from them."
)


def _hts_list(value: object) -> str:
    return ", ".join(format_hts(h) for h in str(value or "").split())


# Columns shown as stored, by title and field; then the ones with a reading of their own.
_AS_STORED = (
    ("Entry number", "entry_number"), ("Entry date", "entry_date"),
    ("Summary date", "summary_date"), ("Port", "port_code"), ("Filer", "filer_code"),
)  # fmt: skip
ENTRY_COLUMNS: list[Column[EntryRecord]] = [
    *(Column(title, attrgetter(name)) for title, name in _AS_STORED),
    Column("Lines", lambda e: e.lines, numeric=True),
    Column("Entered value (USD)", lambda e: e.entered_value_usd, lambda v: f"{v:,.2f}", True),
    Column(
        "HTS numbers",
        lambda e: e.hts_numbers,
        _hts_list,
        tooltip=lambda e: _hts_list(e.hts_numbers),
    ),
]
# The service's order for each column (see services.entries.ENTRY_ORDERS).
ORDER_OF_COLUMN = ("entry", "date", "summary_date", "port", "filer", "lines", "value", "hts")
DATE_COLUMN = 1


class EntriesTab(WorkspaceTab):
    title = "Entries"
    watches = frozenset({Topic.VOLUMES})  # entries come and go with the volumes they give

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._order = ("date", True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        self.empty_label = QLabel(EMPTY_TEXT, self)
        self.empty_label.setObjectName("placeholder")
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setVisible(False)
        layout.addWidget(self.empty_label)
        self.model: PagedTableModel[EntryRecord] = PagedTableModel(ENTRY_COLUMNS, parent=self)
        self.model.sort_requested = self._sort
        widths = (120, 90, 100, 50, 45, 50, 140)
        self.table_view = record_view(self, "Entries", self.model, widths)
        self.record_view = self.table_view
        self.table_view.setSortingEnabled(True)
        self.table_view.horizontalHeader().setSortIndicator(
            DATE_COLUMN, Qt.SortOrder.DescendingOrder
        )
        restore_header(desk, self.table_view, STATE_KEY)
        self.add_context_menu(self.table_view, [("Delete", self.delete_selected)])
        self.table_view.installEventFilter(self)  # the Delete key deletes the selected entry
        layout.addWidget(self.table_view, 1)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search_line_edit = filter_edit(
            self, "Search entries", "Entry or HTS number", self._search_timer.start
        )
        self.search_line_edit.setToolTip("Show the entries whose entry or HTS number holds this")
        self.search_line_edit.setMinimumWidth(text_width(self.search_line_edit, 170))
        bar.addWidget(self.search_line_edit)
        self.port_combo = filter_combo(
            self, "Port filter", [("All ports", "")], self.reload, "Show the entries of one port"
        )
        bar.addWidget(self.port_combo)
        bar.addLayout(self._build_months())
        self.count_label = caption_label("", self)
        self.count_label.setAccessibleName("Number of entries")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        tip = "Delete the selected entry (Ctrl+Z brings it back)"
        self.delete_button = push_button("Delete", self, self.delete_selected, tip)
        self.delete_button.setAccessibleName("Delete entry")
        bar.addWidget(self.delete_button)
        return bar

    def _build_months(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.months_check_box = QCheckBox("Months", self)
        self.months_check_box.setToolTip("Only the entries of these months (entry date's month)")
        self.from_month, self.to_month = (_month_edit(self, n) for n in ("From month", "To month"))
        last = self.desk.today().replace(day=1)  # the last twelve months when first ticked
        for edit, month in ((self.from_month, add_months(last, -11)), (self.to_month, last)):
            edit.setDate(qdate(month))
            edit.setEnabled(False)
            edit.dateChanged.connect(self.reload)
        self.months_check_box.toggled.connect(self._toggle_months)
        for widget in (self.months_check_box, self.from_month, QLabel("to", self), self.to_month):
            row.addWidget(widget)
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table_view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    def edit_controls(self) -> list[QWidget]:
        return [self.delete_button]

    @Slot(bool)
    def _toggle_months(self, on: bool) -> None:
        self.from_month.setEnabled(on)
        self.to_month.setEnabled(on)
        self.reload()

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        key = ORDER_OF_COLUMN[column] if 0 <= column < len(ORDER_OF_COLUMN) else "date"
        wanted = (key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self._order:
            self._order = wanted
            self.reload()

    def query(self, limit: int = 200, offset: int = 0) -> EntryQuery:
        from trusted_trader.domain.periods import MonthRange
        from trusted_trader.services.entries import EntryQuery

        months = None
        if self.months_check_box.isChecked():
            first, last = sorted((_month(self.from_month), _month(self.to_month)))
            months = MonthRange(first, last)
        return EntryQuery(
            self.partner_id,
            months=months,
            port_code=str(self.port_combo.currentData() or ""),
            text=self.search_line_edit.text(),
            order=self._order[0],
            descending=self._order[1],
            limit=limit,
            offset=offset,
        )

    def clear(self) -> None:
        self.model.set_source(lambda _o, _l: [], 0)
        self.count_label.setText("")

    def load(self) -> None:
        from trusted_trader.services.entries import (
            EntryQuery,
            count_entries,
            entry_ports,
            list_entries,
        )

        with self.desk.uow() as uow:
            ports = entry_ports(uow, self.partner_id)
            total = count_entries(uow, self.query())
            held = total or count_entries(uow, EntryQuery(self.partner_id))
        self._set_ports(ports)

        def page(offset: int, limit: int) -> list[EntryRecord]:
            with self.desk.uow() as uow:
                return list_entries(uow, self.query(limit, offset))

        self.model.set_source(page, total)
        self.count_label.setText(f"{total:,} {'entry' if total == 1 else 'entries'}")
        self.empty_label.setVisible(held == 0)
        self.table_view.setVisible(held > 0)

    def _set_ports(self, ports: list[str]) -> None:
        """The ports of the partner's entries; the one chosen stays chosen while it has any."""
        combo = self.port_combo
        chosen = combo.currentData()
        combo.blockSignals(True)  # the caller is loading already
        combo.clear()
        combo.addItem("All ports", "")
        for port in ports:
            combo.addItem(port, port)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected entry after asking; Ctrl+Z brings it back with its volume."""
        from trusted_trader.gui.record_undo import delete_entry_with_undo

        rows = self.table_view.selectionModel().selectedRows()
        index = rows[0] if rows else self.table_view.currentIndex()
        record = self.model.record(index.row()) if index.isValid() else None
        if isinstance(record, EntryRecord) and not self.refused_read_only():
            delete_entry_with_undo(self.desk, self, record)

    def save_state(self) -> None:
        save_header(self.desk, self.table_view, STATE_KEY)
