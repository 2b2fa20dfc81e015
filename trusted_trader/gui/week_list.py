"""My week as a task list: the open deadlines in groups, with filters and actions on a row.

One widget serves the My week page and the dashboard. It loads itself when shown
(and again when records change), remembers its filters and collapsed groups in the
window's state under its own key, and acts on a row by button, context menu and
keyboard: Enter opens, Ctrl+D marks done, Ctrl+R reschedules.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.deadlines import Deadline, KindGroup, WeekGroup
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.week import GROUP_ROLE, WeekFilter, WeekModel
from trusted_trader.gui.tables import prepare_table
from trusted_trader.gui.widgets import (
    WHOSE_PARTNERS,
    caption_label,
    filter_combo,
    filter_edit,
    push_button,
    whose_choice,
)

if TYPE_CHECKING:
    from trusted_trader.services.deadlines import WeekItems

WATCHES = frozenset({Topic.ALL, Topic.TOUCH_POINTS, Topic.PLANS, Topic.PARTNERS})
KIND_CHOICES = (
    ("All kinds", ""),
    ("Responses", KindGroup.RESPONSES.value),
    ("Action items", KindGroup.ACTION_ITEMS.value),
    ("Program and plan reviews", KindGroup.REVIEWS.value),
)
IDLE_TRIES = 30  # the whole list waits up to 3 s for the window's other work to finish
AGE_CHOICES = (
    ("All overdue", 0),
    ("Overdue up to 30 days", 30),
    ("Overdue up to 90 days", 90),
    ("Overdue up to a year", 365),
)


class WeekList(QWidget):
    """The open deadlines as a task list; ``state_key`` keeps its choices apart from others'."""

    def __init__(
        self, desk: Desk, state_key: str, parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self._widths = (84, 104, 92, 180) if compact else (110, 150, 120, 220)
        self.desk = desk
        self._key = state_key
        self._stale = True
        self._generation = 0  # each load counts up; answers of an older load are dropped
        self.items: WeekItems | None = None
        self._place: tuple[list[Deadline], int] = ([], -1)
        self._scrolled = 0
        self.model = WeekModel(desk.today, desk.settings.due_soon_days, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_filters())
        self.model.set_collapsed(self._collapsed())
        self.view = self._build_view()
        layout.addWidget(self.view, 1)
        layout.addLayout(self._build_buttons())
        self._restore_filter()
        desk.store_opened.connect(self.mark_stale)
        desk.data_changed.connect(self._on_data_changed)

    # --- building --------------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        changed = self._filter_changed
        self.who_combo = filter_combo(
            self, "Whose items", WHOSE_PARTNERS, changed, "Whose partners' items are listed"
        )
        self.kind_combo = filter_combo(
            self, "Kind of item", KIND_CHOICES, changed, "Which kind of item is listed"
        )
        self.age_combo = filter_combo(
            self, "Overdue items shown", AGE_CHOICES, changed, "How far back overdue items go"
        )
        self.partner_edit = filter_edit(self, "Partner filter", "Partner", changed)
        for combo in (self.who_combo, self.kind_combo, self.age_combo):
            row.addWidget(combo)
        row.addWidget(self.partner_edit, 1)
        return row

    def _build_view(self) -> QTableView:
        view = QTableView(self)
        prepare_table(view, "My week")
        view.setModel(self.model)
        # every row as high as the next: the header never measures 48,000 rows on a reset
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.setSortingEnabled(False)  # the groups keep their order, nearest first
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.activated.connect(self._activated)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._span_titles)
        for column, width in enumerate(self._widths):
            view.setColumnWidth(column, width)
        self.open_action = self._action("&Open", "Open the record (Enter)", self.open_current)
        self.done_action = self._action("Mark &done…", "Mark done (Ctrl+D)", self.mark_done)
        self.done_action.setShortcut(QKeySequence("Ctrl+D"))
        self.move_action = self._action("&Reschedule…", "Reschedule (Ctrl+R)", self.reschedule)
        self.move_action.setShortcut(QKeySequence("Ctrl+R"))
        return view

    def _action(self, text: str, tip: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_label = caption_label("", self)
        # The passing status gives way to the buttons (it wraps), never the other way round:
        # at a large font on a laptop the buttons keep their whole words.
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.status_label, 1)
        for action in (self.open_action, self.done_action, self.move_action):
            button = push_button(action.text().replace("&", ""), self, action.trigger)
            button.setToolTip(action.toolTip())
            button.setMinimumWidth(button.sizeHint().width())
            row.addWidget(button)
        return row

    # --- loading ---------------------------------------------------------------------------
    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.load()

    def _on_data_changed(self, what: str) -> None:
        if what in WATCHES:
            self.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def load(self) -> None:
        """Read the open items off the GUI thread, the first screen's first, then the rest."""
        if self.desk.store is None:
            return
        self._stale = False
        self._generation += 1
        self._keep_place()
        generation, desk = self._generation, self.desk
        self.status_label.setText("Updating…")

        def show_near(items: WeekItems) -> None:
            if generation == self._generation:  # else a newer load is under way
                self.show_items(items)
                self.status_label.setText("Reading program reviews, overdue and later items…")
                self._read_rest(generation, IDLE_TRIES)

        desk.pool.submit(lambda: _read(desk, near=True), show_near, owner=self)

    def _read_rest(self, generation: int, tries: int) -> None:
        """The whole list, once the window's other work is done (the dashboard's numbers)."""
        if generation != self._generation:
            return
        if not self.isVisible():  # closed or switched away meanwhile: read when shown again
            self._stale = True
            return
        if tries > 0 and not self.desk.pool.is_idle():
            QTimer.singleShot(100, self, lambda: self._read_rest(generation, tries - 1))
            return

        def show_rest(items: WeekItems) -> None:
            if generation == self._generation:
                self.show_items(items)

        desk = self.desk
        desk.pool.submit(lambda: _read(desk, near=False), show_rest, owner=self)

    def show_items(self, items: WeekItems) -> None:
        """Show what was read, keeping the place the load started from (see ``_keep_place``)."""
        self.items = items
        self._enable_who(items.executive_id is not None)
        self.model.set_items(items)
        self._restore_place()
        if items.complete:
            self.status_label.setText("")

    def _keep_place(self) -> None:
        """Note the selected item, the one after it and the scroll position, before a load."""
        index = self.view.currentIndex()
        rows = (index.row(), index.row() + 1) if index.isValid() else ()
        found = (self.model.record(self.model.index(row, 0)) for row in rows)
        self._place = ([d for d in found if d is not None], index.row())
        self._scrolled = self.view.verticalScrollBar().value()

    def _restore_place(self) -> None:
        """The same item again, else the one after it (after "mark done", the next item),
        else the same row; both reads of a load go back to the place the load started from."""
        wanted, row = self._place
        for item in wanted:
            same = self.model.index_of(partial(_same, item))
            if same.isValid():
                row = same.row()
                break
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self.view.verticalScrollBar().setValue(self._scrolled)

    def _enable_who(self, known: bool) -> None:
        """Without "me" in the settings, "mine" and "my Center" cannot be chosen."""
        remembered = self.desk.ui_state.contains(f"{self._key}/who")
        wanted = whose_choice(self.who_combo, known, remembered)
        if wanted is not None:
            self.who_combo.setCurrentIndex(wanted)

    # --- filters and remembered state ----------------------------------------------------
    def current_filter(self) -> WeekFilter:
        return WeekFilter(
            who=str(self.who_combo.currentData()),
            kind=str(self.kind_combo.currentData() or ""),
            partner=self.partner_edit.text(),
            overdue_days=int(self.age_combo.currentData() or 0),
        )

    @Slot()
    def _filter_changed(self) -> None:
        wanted = self.current_filter()
        state = self.desk.ui_state
        state.setValue(f"{self._key}/who", wanted.who)
        state.setValue(f"{self._key}/kind", wanted.kind)
        state.setValue(f"{self._key}/partner", wanted.partner)
        state.setValue(f"{self._key}/overdue_days", wanted.overdue_days)
        self.model.set_filter(wanted)

    def _restore_filter(self) -> None:
        state = self.desk.ui_state
        for combo, name, default in (
            (self.who_combo, "who", "all"),
            (self.kind_combo, "kind", ""),
            (self.age_combo, "overdue_days", 0),
        ):
            # compared as text: the ini file gives every value back as a string
            value = str(state.value(f"{self._key}/{name}", default))
            found = next((i for i in range(combo.count()) if str(combo.itemData(i)) == value), 0)
            combo.blockSignals(True)
            combo.setCurrentIndex(found)
            combo.blockSignals(False)
        self.partner_edit.blockSignals(True)
        self.partner_edit.setText(str(state.value(f"{self._key}/partner", "")))
        self.partner_edit.blockSignals(False)
        self.model.set_filter(self.current_filter())

    def _collapsed(self) -> set[WeekGroup]:
        value = str(self.desk.ui_state.value(f"{self._key}/collapsed", "") or "")
        return {g for g in WeekGroup if g.name in value.split(",")}

    def toggle(self, group: WeekGroup) -> None:
        """Collapse or open a group; the choice is remembered."""
        self.model.toggle(group)
        names = ",".join(g.name for g in sorted(self.model.collapsed))
        self.desk.ui_state.setValue(f"{self._key}/collapsed", names)

    @Slot()
    def _span_titles(self) -> None:
        """Each group's title row spans the columns."""
        self.view.clearSpans()
        for group in WeekGroup:
            self.view.setSpan(self.model.title_row(group), 0, 1, self.model.columnCount())

    # --- actions ---------------------------------------------------------------------------
    def current(self) -> Deadline | None:
        return self.model.record(self.view.currentIndex())

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        group = index.data(GROUP_ROLE)
        if group is not None:
            self.toggle(WeekGroup(group))
        else:
            self.open_current(index)

    def open_current(self, index: QModelIndex | None = None) -> None:
        """Open the record of the row (the current one unless given) on its partner's tab."""
        item = self.model.record(index) if index is not None else self.current()
        if item is not None:
            self.desk.item_requested.emit(item.partner_id, item.record_table, item.record_id)

    def mark_done(self) -> None:
        from trusted_trader.gui.dialogs.deadline_dialogs import MarkDoneDialog

        item = self._chosen()
        if item is not None:
            MarkDoneDialog(self.desk, item, self).exec()

    def reschedule(self) -> None:
        from trusted_trader.gui.dialogs.deadline_dialogs import RescheduleDialog

        item = self._chosen()
        if item is not None:
            RescheduleDialog(self.desk, item, self).exec()

    def _chosen(self) -> Deadline | None:
        item = self.current()
        if item is None:
            self.desk.say("Choose an item of the list first.")
        return item

    @Slot()
    def _context_menu(self, position: Any) -> None:
        if self.current() is None:
            return
        menu = QMenu(self)
        for action in (self.open_action, self.done_action, self.move_action):
            menu.addAction(action)
        menu.popup(self.view.viewport().mapToGlobal(position))


def _same(one: Deadline, other: Deadline) -> bool:
    return (one.record_table, one.record_id, one.kind) == (
        other.record_table,
        other.record_id,
        other.kind,
    )


def _read(desk: Desk, *, near: bool) -> WeekItems:
    from trusted_trader.services.deadlines import near_items, week_items

    with desk.uow() as uow:
        read = near_items if near else week_items
        return read(uow, desk.today(), desk.settings.executive_email)
