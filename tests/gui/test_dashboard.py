"""The dashboard: tiles, the deadline radar, the chart, and opening what a row names."""

from __future__ import annotations

from typing import Any

from tests.gui.conftest import TODAY, settle
from trusted_trader.domain.deadlines import DeadlineKind, Urgency
from trusted_trader.gui.main_window import MainWindow


def test_the_dashboard_fills_its_tiles_on_a_demo_database(
    qtbot: Any, demo_window: MainWindow
) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("dashboard")
    assert page.data is not None
    assert page.partners_tile.value_label.text() == "30"
    assert page.rates.measured == 30
    assert page.falling_tile.value_label.text().endswith("%")
    assert len(page.chart.points) == 24


def test_the_radar_holds_overdue_due_soon_expected_and_open_review_windows(
    qtbot: Any, demo_window: MainWindow
) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("dashboard")
    rows = page.deadline_model.rows()
    urgencies = {d.urgency(TODAY) for d in rows}
    assert urgencies and Urgency.OVERDUE in urgencies
    for d in rows:  # a review whose window is open is on the radar, but never overdue
        later = d.urgency(TODAY) == Urgency.LATER
        assert not later or (d.opens_on is not None and "due" in d.status(TODAY))
    reviews = [d for d in rows if d.kind is DeadlineKind.ANNUAL_REVIEW]
    assert reviews and all(d.urgency(TODAY) != Urgency.OVERDUE for d in reviews)


def test_a_deadline_opens_the_item_it_names(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("dashboard")
    rows = page.deadline_model.rows()
    row = next(i for i, d in enumerate(rows) if d.record_table == "touch_point")
    deadline = rows[row]
    page.deadline_view.activated.emit(page.deadline_model.index(row, 0))
    settle(qtbot, demo_window.desk)
    assert demo_window.current_partner_id() == deadline.partner_id
    tab = demo_window.workspace.touch_points
    assert demo_window.workspace.tabs.currentWidget() is tab
    assert tab.selected() is not None and tab.selected().id == deadline.record_id


def test_choosing_a_center_narrows_the_dashboard(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("dashboard")
    everyone = page.data.partners
    index = next(
        i
        for i in range(page.scope_combo.count())
        if page.scope_combo.itemText(i).startswith("Center")
    )
    page.scope_combo.setCurrentIndex(index)
    settle(qtbot, demo_window.desk)
    assert page.data.scope.type == "center"
    assert page.data.partners < everyone
    assert demo_window.desk.ui_state.value("dashboard/scope") == page.scope_combo.currentData()
