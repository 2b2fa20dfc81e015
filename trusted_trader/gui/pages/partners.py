"""The Partners page: the whole portfolio in a table that filters as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QToolButton,
    QWidget,
)

from trusted_trader.domain.enums import PartnerStatus
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models import partners as columns
from trusted_trader.gui.models.partners import (
    PartnerFilter,
    PartnerTableModel,
    filter_partners,
    search_key,
)
from trusted_trader.gui.pages.base import Page, page_layout
from trusted_trader.gui.tables import record_view, restore_header, save_header, text_width
from trusted_trader.gui.widgets import (
    MyPartnersCheckBox,
    caption_label,
    filter_combo,
    filter_edit,
    select_data,
)
from trusted_trader.services.records import PartnerSummary

STATE_KEY = "partners"
# Every column but the partner's name (which stretches): together about 760 pixels, so the
# table fits beside the navigation on a 1366-pixel laptop screen without a sideways scroll.
DEFAULT_WIDTHS = (200, 130, 64, 150, 100, 76, 140, 104)
# On a narrower window these columns give way, first to last ("Next deadline" never does);
# they come back, last to first, when there is room again.
GIVE_WAY = (columns.CENTER, columns.STATUS, columns.IORS, columns.EXECUTIVE, columns.TOUCH_POINTS)
NAME_WIDTH = 150  # the least the partner's name keeps before a column gives way


def _load_partners(desk: Desk) -> list[PartnerSummary]:
    from trusted_trader.services.partners import list_partners

    with desk.uow() as uow:
        return list_partners(uow, today=desk.today())


class PartnersPage(Page):
    title = "Partners"
    watches = frozenset({Topic.PARTNERS, Topic.TOUCH_POINTS, Topic.PLANS})
    partner_opened = Signal(int)
    selection_changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._all: list[PartnerSummary] = []
        self._keys: list[str] = []
        layout, title_row = page_layout(self, "Partners")
        self._count_label = caption_label("")
        title_row.addWidget(self._count_label)
        layout.addLayout(self._build_filter_bar())
        self._model = PartnerTableModel(desk.today, desk.settings.due_soon_days, self)
        self._table_view = record_view(self, "Partners", self._model)
        self._table_view.selectionModel().selectionChanged.connect(self.selection_changed)
        self._table_view.setSortingEnabled(True)
        self._table_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._table_view.activated.connect(self._open_index)
        header = self._table_view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        header.setSectionsMovable(True)
        if not restore_header(desk, self._table_view, STATE_KEY):
            self._default_widths()
            self._table_view.sortByColumn(columns.NAME, Qt.SortOrder.AscendingOrder)
        self._fit_to_width()
        header.sectionResized.connect(self._save_header)
        header.sectionMoved.connect(self._save_header)
        layout.addWidget(self._table_view, 1)

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self._search_line_edit = filter_edit(
            self,
            "Filter partners",
            "Filter by name, IOR number, Center or executive",
            self._apply_filter,
        )
        self._search_line_edit.returnPressed.connect(self._open_first)
        bar.addWidget(self._search_line_edit, 3)
        self._mine_check_box = MyPartnersCheckBox(self, self._apply_filter)
        bar.addWidget(self._mine_check_box)
        self._center_combo = self._filter_combo("Center", [("All Centers", "")])
        self._tier_combo = self._filter_combo(
            "CTPAT tier", [("Any tier", None), *((f"Tier {t}", t) for t in (1, 2, 3))]
        )
        self._tier_combo.addItem("Not certified", 0)
        self._status_combo = self._filter_combo(
            "Status",
            [("Any status", ""), *((s.label, s.value) for s in PartnerStatus)],
        )
        for combo in (self._center_combo, self._tier_combo, self._status_combo):
            bar.addWidget(combo)
        self._columns_button = QToolButton(self)
        self._columns_button.setText("Columns")
        self._columns_button.setToolTip("Choose the columns to show")
        self._columns_button.clicked.connect(
            lambda: self._show_column_menu(self._columns_button.rect().bottomLeft(), True)
        )
        bar.addWidget(self._columns_button)
        return bar

    def _filter_combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        return filter_combo(self, name, items, self._apply_filter)

    def _default_widths(self) -> None:
        view = self._table_view
        for column, width in enumerate(DEFAULT_WIDTHS):
            view.setColumnWidth(column, text_width(view, width))

    def _fit_to_width(self) -> None:
        """The partner's name takes what the other columns leave (elided, whole in its tooltip),
        so a 1366-pixel screen shows every default column, "Next deadline" included.
        """
        header = self._table_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(columns.NAME, QHeaderView.ResizeMode.Stretch)
        kept = self.desk.ui_state.value(f"{STATE_KEY}/gave_way", "")
        self._gave_way = {int(c): DEFAULT_WIDTHS[int(c)] for c in str(kept).split(",") if c}
        self._fitting = False
        self._table_view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The table's own width, once it has it (the page's resize comes before the table's).
        if watched is self._table_view.viewport() and event.type() == QEvent.Type.Resize:
            self._give_way()
        return super().eventFilter(watched, event)

    def _give_way(self) -> None:
        """Hide low-priority columns the width cannot hold; show them again when it can."""
        view, header = self._table_view, self._table_view.horizontalHeader()
        room = view.viewport().width()

        def needed() -> int:
            shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
            return NAME_WIDTH + sum(header.sectionSize(c) for c in shown if c != columns.NAME)

        self._fitting = True
        try:
            for column in reversed(GIVE_WAY):
                if column not in self._gave_way:
                    continue
                if needed() + self._gave_way[column] > room:
                    break  # a column of lower priority does not jump the queue
                header.setSectionHidden(column, False)
                header.resizeSection(column, self._gave_way.pop(column))
            for column in GIVE_WAY:
                if needed() <= room:
                    break
                if not header.isSectionHidden(column):
                    self._gave_way[column] = header.sectionSize(column)
                    header.setSectionHidden(column, True)
        finally:
            self._fitting = False
        self.desk.ui_state.setValue(f"{STATE_KEY}/gave_way", ",".join(map(str, self._gave_way)))

    def _save_header(self) -> None:
        if not self._fitting:
            save_header(self.desk, self._table_view, STATE_KEY)

    # --- data -----------------------------------------------------------------------------
    def load(self) -> None:
        self._mine_check_box.follow(self.desk.executive_id)
        self.desk.pool.submit(lambda: _load_partners(self.desk), self.set_partners, owner=self)

    def set_partners(self, rows: list[PartnerSummary]) -> None:
        self._all = rows
        self._keys = [search_key(p) for p in rows]
        current = self._center_combo.currentData()
        self._center_combo.blockSignals(True)
        while self._center_combo.count() > 1:
            self._center_combo.removeItem(1)
        for code in sorted({p.center_code for p in rows if p.center_code}):
            self._center_combo.addItem(code, code)
        select_data(self._center_combo, current)
        self._center_combo.blockSignals(False)
        self._apply_filter()

    def current_filter(self) -> PartnerFilter:
        mine = self._mine_check_box.mine() is not None
        return PartnerFilter(
            text=self._search_line_edit.text(),
            # Stored e-mails are lower case; the setting may have been typed otherwise.
            executive_email=self.desk.settings.executive_email.lower() if mine else "",
            center_code=self._center_combo.currentData() or "",
            tier=self._tier_combo.currentData(),
            status=self._status_combo.currentData() or "",
        )

    def export_filter(self) -> Any:
        """The partners the table shows, for File → Export's "current filter"."""
        from trusted_trader.services.exporting import ExportFilter

        ids = tuple(self._model.record(row).id for row in range(self._model.rowCount()))
        label = f"the {len(ids):,} partners shown"
        return ExportFilter(partner_ids=ids, kind="partners", label=label)

    @Slot()
    def _apply_filter(self) -> None:
        shown = filter_partners(self._all, self._keys, self.current_filter())
        self._model.set_rows(shown)
        total = len(self._all)
        self._count_label.setText(
            f"{len(shown):,} of {total:,}" if len(shown) != total else f"{total:,} partners"
        )

    # --- actions --------------------------------------------------------------------------
    def focus_filter(self) -> None:
        self._search_line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search_line_edit.selectAll()

    def selected_partner_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self._table_view.selectionModel().selectedRows()})
        return [self._model.record(r).id for r in rows]

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.partner_opened.emit(self._model.record(index.row()).id)

    @Slot()
    def _open_first(self) -> None:
        if self._model.rowCount() == 1:
            self.partner_opened.emit(self._model.record(0).id)
        elif self._model.rowCount():
            self._table_view.setFocus()
            self._table_view.selectRow(0)

    @Slot(QPoint)
    def _show_column_menu(self, position: QPoint, from_button: bool = False) -> None:
        menu = QMenu(self)
        header = self._table_view.horizontalHeader()
        for column, spec in enumerate(columns.COLUMNS):
            action = QAction(spec.title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != columns.NAME)
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
            menu.addAction(action)
        anchor = self._columns_button if from_button else header
        menu.popup(anchor.mapToGlobal(position))

    def _show_column(self, column: int, shown: bool) -> None:
        self._gave_way.pop(column, None)  # the user's choice now
        self._table_view.horizontalHeader().setSectionHidden(column, not shown)
        save_header(self.desk, self._table_view, STATE_KEY)
