"""The Partners, Touch points and Activities pages on a laptop screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models import partners as columns


def laptop_page(qtbot: Any, window: MainWindow, key: str) -> Any:
    window.resize(1366 - 16, 768 - 40)  # the screen less the window's frame
    window.show_page(key)
    settle(qtbot, window.desk)
    qtbot.wait(50)  # let the layout settle to the new width
    return window.page(key)


def test_the_partners_table_fits_1366_pixels_with_the_next_deadline_shown(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = laptop_page(qtbot, demo_window, "partners")
    view = page._table_view
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    deadline_right = header.sectionViewportPosition(columns.NEXT_DEADLINE) + header.sectionSize(
        columns.NEXT_DEADLINE
    )
    assert 0 < deadline_right <= view.viewport().width()
    assert header.sectionSize(columns.NAME) >= 150  # the name keeps a readable width


def test_a_partner_without_ctpat_says_not_certified(qtbot: Any, demo_window: MainWindow) -> None:
    page = laptop_page(qtbot, demo_window, "partners")
    model = page._model
    tiers = {model.index(r, columns.TIER).data() for r in range(model.rowCount())}
    assert "" not in tiers and None not in tiers
    assert "Not certified" in tiers


def test_a_long_partner_name_is_whole_in_its_tooltip(qtbot: Any, demo_window: MainWindow) -> None:
    page = laptop_page(qtbot, demo_window, "partners")
    index = page._model.index(0, columns.NAME)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
