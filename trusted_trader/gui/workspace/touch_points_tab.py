"""A partner's touch points: filter by kind and date, page through thousands, add, edit, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.fields import date_edit
from trusted_trader.gui.icons import icon
from trusted_trader.gui.models.paged import PagedTableModel
from trusted_trader.gui.models.records import TOUCH_POINT_COLUMNS
from trusted_trader.gui.qt_dates import py_date, qdate
from trusted_trader.gui.tables import record_view, restore_header, save_header, text_width
from trusted_trader.gui.widgets import caption_label, touch_point_kind_filter
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.services.records import TouchPointRecord

if TYPE_CHECKING:
    from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog

STATE_KEY = "workspace/touch_points"


class TouchPointsTab(WorkspaceTab):
    title = "Touch points"
    watches = frozenset({Topic.TOUCH_POINTS})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        self.model: PagedTableModel[TouchPointRecord] = PagedTableModel(
            TOUCH_POINT_COLUMNS, parent=self
        )
        self.table_view = record_view(self, "Touch points", self.model)
        self.table_view.activated.connect(self._edit_index)
        if not restore_header(desk, self.table_view, STATE_KEY):
            for column, width in enumerate((95, 110, 50, 130, 110, 60, 120, 100, 95)):
                self.table_view.setColumnWidth(column, text_width(self.table_view, width))
        layout.addWidget(self.table_view, 1)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.kind_combo = touch_point_kind_filter(self, self.reload)
        bar.addWidget(self.kind_combo)
        self.between_check_box = QCheckBox("Between", self)
        self.between_check_box.setToolTip("Only touch points between two dates")
        self.from_date = date_edit(None, self, "From")
        self.to_date = date_edit(None, self, "To")
        self.from_date.setDate(qdate(self.desk.today()).addYears(-1))
        self.to_date.setDate(qdate(self.desk.today()))
        for widget in (self.from_date, self.to_date):
            widget.setEnabled(False)
            widget.dateChanged.connect(self.reload)
        self.between_check_box.toggled.connect(self._toggle_dates)
        bar.addWidget(self.between_check_box)
        bar.addWidget(self.from_date)
        bar.addWidget(QLabel("and"))
        bar.addWidget(self.to_date)
        self.count_label = caption_label("", self)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, icon_name, tip in (
            ("Add…", self.add_touch_point, "add", "New touch point (Ctrl+N)"),
            ("Edit…", self.edit_selected, "edit", "Change the selected touch point"),
            ("Delete", self.delete_selected, "delete", "Delete the selected touch point"),
        ):
            button = QPushButton(icon(self, icon_name), text, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[icon_name] = button
        return bar

    def edit_controls(self) -> list[QWidget]:
        return list(self.buttons.values())

    def _toggle_dates(self, on: bool) -> None:
        self.from_date.setEnabled(on)
        self.to_date.setEnabled(on)
        self.reload()

    def query(self, limit: int = 200, offset: int = 0) -> object:
        from trusted_trader.services.touch_points import TouchPointQuery

        between = self.between_check_box.isChecked()
        first = py_date(self.from_date.date())
        last = py_date(self.to_date.date())
        return TouchPointQuery(
            partner_id=self.partner_id,
            kind=self.kind_combo.currentData(),
            date_from=first if between else None,
            date_to=last if between else None,
            limit=limit,
            offset=offset,
        )

    def clear(self) -> None:
        self.model.set_source(lambda _o, _l: [], 0)

    def load(self) -> None:
        from trusted_trader.services.touch_points import count_touch_points, list_touch_points

        with self.desk.uow() as uow:
            total = count_touch_points(uow, self.query())  # type: ignore[arg-type]

        def page(offset: int, limit: int) -> list[TouchPointRecord]:
            with self.desk.uow() as uow:
                return list_touch_points(uow, self.query(limit, offset))  # type: ignore[arg-type]

        self.model.set_source(page, total)
        self.count_label.setText(f"{total:,} touch points")

    def selected(self) -> TouchPointRecord | None:
        rows = self.table_view.selectionModel().selectedRows()
        index = rows[0] if rows else self.table_view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    @Slot()
    def add_touch_point(self) -> None:
        from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog

        if self.partner is None or self.read_only:
            return
        self._select_saved(TouchPointDialog(self.desk, self.partner_id, parent=self))

    @Slot(QModelIndex)
    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_record(self.model.record(index.row()))

    @Slot()
    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.edit_record(record)

    def edit_record(self, record: TouchPointRecord) -> None:
        from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog

        if self.read_only:
            self.desk.say("This partner's records are read-only for you.")
            return
        self._select_saved(TouchPointDialog(self.desk, self.partner_id, record, self))

    def _select_saved(self, dialog: TouchPointDialog) -> None:
        """Run the dialog; what it saved is then the selected row."""
        if dialog.exec() and dialog.saved is not None:
            self.select_record(dialog.saved.id)

    def select_record(self, record_id: int, max_pages: int = 25) -> None:
        """Select a touch point, reading further pages until it is found."""
        if self._stale:
            self.reload()
        row = self.model.row_of(lambda t: t.id == record_id)
        while row < 0 and max_pages > 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(lambda t: t.id == record_id)
            max_pages -= 1
        if row >= 0:
            self.table_view.selectRow(row)
            self.table_view.scrollTo(self.model.index(row, 0))

    @Slot()
    def delete_selected(self) -> None:
        from trusted_trader.gui.undo import delete_touch_point_with_undo

        record = self.selected()
        if record is not None and not self.read_only:
            delete_touch_point_with_undo(self.desk, self, record)

    def save_state(self) -> None:
        save_header(self.desk, self.table_view, STATE_KEY)
