"""Tab in an editable grid stops at the cells one can edit, then leaves the grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableWidgetItem, QVBoxLayout, QWidget

from trusted_trader.gui.tables import GridTableWidget


def _grid(qtbot: Any) -> tuple[QWidget, GridTableWidget, QLineEdit]:
    host = QWidget()
    qtbot.addWidget(host)
    grid = GridTableWidget(2, 3, host)
    for row in range(2):
        for column in range(3):
            item = QTableWidgetItem(f"{row}{column}")
            if column == 1:  # a figure the grid works out
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            grid.setItem(row, column, item)
    after = QLineEdit(host)
    layout = QVBoxLayout(host)
    layout.addWidget(grid)
    layout.addWidget(after)
    host.show()
    qtbot.waitExposed(host)
    return host, grid, after


def test_tab_skips_a_read_only_cell_and_leaves_after_the_last_editable_one(qtbot: Any) -> None:
    _host, grid, after = _grid(qtbot)
    grid.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: grid.currentRow() == 0)  # Tab comes in at the first cell
    visited = []
    for _ in range(4):
        visited.append((grid.currentRow(), grid.currentColumn()))
        qtbot.keyClick(grid.focusWidget() or grid, Qt.Key.Key_Tab)
    assert visited == [(0, 0), (0, 2), (1, 0), (1, 2)]
    assert after.hasFocus()
