"""What every table in the window shares: the look, remembered columns, a kept selection."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QWidget,
)

from trusted_trader.gui.context import Desk

# Column widths in the code are drawn for the usual 9 pt font, whose digit is 8 pixels wide.
DESIGN_DIGIT_WIDTH = 8


def text_width(widget: QWidget, pixels: int) -> int:
    """``pixels`` scaled to the widget's font, so a user's larger text is not cut off."""
    digit = widget.fontMetrics().horizontalAdvance("0")
    return round(pixels * max(1.0, digit / DESIGN_DIGIT_WIDTH))


def prepare_table(view: QTableView, accessible_name: str) -> None:
    """The defaults every table shares: whole rows, alternating colours, sortable, compact."""
    view.setAccessibleName(accessible_name)
    # Tab leaves the table (arrows move within it), so the keyboard is never caught in it.
    view.setTabKeyNavigation(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.horizontalHeader().setStretchLastSection(True)


def record_view(
    parent: QWidget, name: str, model: QAbstractItemModel, widths: Sequence[int] = ()
) -> QTableView:
    """A read-only table of records over ``model`` that keeps its selection on reload."""
    view = QTableView(parent)
    prepare_table(view, name)
    view.setModel(model)
    keep_selection(view)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, text_width(view, width))
    return view


def set_up_choice_table(table: QTableWidget, headers: Sequence[str]) -> None:
    """A dialog's read-only list to pick one row from, its columns sharing the width."""
    table.setColumnCount(len(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move within it
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setVisible(False)


def save_header(desk: Desk, view: QTableView, key: str) -> None:
    desk.ui_state.setValue(f"{key}/header", view.horizontalHeader().saveState())


def restore_header(desk: Desk, view: QTableView, key: str) -> bool:
    state = desk.ui_state.value(f"{key}/header")
    if isinstance(state, QByteArray) and not state.isEmpty():
        return bool(view.horizontalHeader().restoreState(state))
    return False


def keep_selection(view: QTableView) -> None:
    """Keep the selected records (by id) and the scroll position when the model is reloaded.

    A refresh — the user's own save or a colleague's change arriving — then
    leaves the rows the user picked picked.
    """
    model = view.model()
    kept: dict[str, object] = {}

    def record_id(row: int) -> object:
        record = model.record(row)  # type: ignore[attr-defined]
        return getattr(record, "id", None)

    def remember() -> None:
        selection = view.selectionModel()
        rows = sorted({i.row() for i in selection.selectedRows()}) if selection else []
        current = view.currentIndex()
        kept["ids"] = [record_id(r) for r in rows]
        kept["current"] = record_id(current.row()) if current.isValid() else None
        kept["column"] = current.column() if current.isValid() else 0
        kept["scroll"] = view.verticalScrollBar().value()

    def restore() -> None:
        ids = kept.pop("ids", None)
        if not ids and kept.get("current") is None:
            return
        wanted = {i for i in ids or [] if i is not None}  # type: ignore[attr-defined]
        selection = QItemSelection()
        current_row = -1
        last_column = max(0, model.columnCount() - 1)
        for row in range(model.rowCount()):
            found = record_id(row)
            if found in wanted:
                selection.select(model.index(row, 0), model.index(row, last_column))
            if found is not None and found == kept.get("current"):
                current_row = row
        selector = view.selectionModel()
        if current_row >= 0:
            selector.setCurrentIndex(
                model.index(current_row, int(kept.get("column") or 0)),  # type: ignore[call-overload]
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )
        selector.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        scroll = int(kept.get("scroll") or 0)  # type: ignore[call-overload]
        # The scroll range is laid out after the reset; put the position back then.
        QTimer.singleShot(0, view, lambda: view.verticalScrollBar().setValue(scroll))

    if hasattr(model, "record"):
        model.modelAboutToBeReset.connect(remember)
        model.modelReset.connect(restore)


class GridTableWidget(QTableWidget):
    """An editable grid that Tab walks cell by cell and then leaves.

    Qt wraps Tab from the last cell back to the first, so a keyboard user could never
    leave the grid (WCAG 2.1.2, no keyboard trap); here the last cell hands the focus on.
    """

    def _stops(self) -> list[tuple[int, int]]:
        """The cells Tab stops at: the editable ones (figures the grid works out are not)."""
        cells = [(r, c) for r in range(self.rowCount()) for c in range(self.columnCount())]
        return [cell for cell in cells if self._editable(*cell)] or cells

    def _at_edge(self, forward: bool) -> bool:
        """At (or past) the last stop going forward, the first going back."""
        current = self.currentIndex()
        stops = self._stops()
        if not current.isValid() or not stops:
            return False
        here = (current.row(), current.column())
        return here >= stops[-1] if forward else here <= stops[0]

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        actions = QAbstractItemView.CursorAction
        current = self.currentIndex()
        if cursorAction not in (actions.MoveNext, actions.MovePrevious) or not current.isValid():
            return super().moveCursor(cursorAction, modifiers)
        here, stops = (current.row(), current.column()), self._stops()
        if cursorAction == actions.MoveNext:
            target = next((cell for cell in stops if cell > here), stops[0])
        else:
            target = next((cell for cell in reversed(stops) if cell < here), stops[-1])
        return self.model().index(*target)

    def _editable(self, row: int, column: int) -> bool:
        item = self.item(row, column)
        return item is None or bool(item.flags() & Qt.ItemFlag.ItemIsEditable)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        hints = QAbstractItemDelegate.EndEditHint
        moving = hint in (hints.EditNextItem, hints.EditPreviousItem)
        forward = hint == hints.EditNextItem
        if not (moving and self._at_edge(forward)):
            super().closeEditor(editor, hint)
            return
        super().closeEditor(editor, hints.NoHint)
        QWidget.focusNextPrevChild(self, forward)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Tab comes in at the first cell, Shift+Tab at the last, as in a form.
        if event.reason() == Qt.FocusReason.TabFocusReason and self.rowCount():
            self.setCurrentCell(0, 0)
        elif event.reason() == Qt.FocusReason.BacktabFocusReason and self.rowCount():
            self.setCurrentCell(self.rowCount() - 1, self.columnCount() - 1)
        super().focusInEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        if self._at_edge(forward):
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)
