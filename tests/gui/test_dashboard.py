"""The dashboard: tiles, the deadline radar, the chart, and opening what a row names."""

from __future__ import annotations

from typing import Any

from tests.gui.conftest import TODAY, settle
from trusted_trader.domain.deadlines import DeadlineKind, Urgency, WeekGroup
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


def _week_rows(qtbot: Any, page: Any) -> list[Any]:
    week = page.week_list
    qtbot.waitUntil(lambda: week.items is not None and week.items.complete, timeout=10000)
    return [d for g in WeekGroup for d in page.week_list.model.items(g)]


def test_the_week_list_holds_overdue_due_soon_and_open_review_windows(
    qtbot: Any, demo_window: MainWindow
) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("dashboard")
    rows = _week_rows(qtbot, page)
    urgencies = {d.urgency(TODAY) for d in rows}
    assert Urgency.OVERDUE in urgencies and Urgency.DUE_SOON in urgencies
    overdue = page.week_list.model.items(WeekGroup.OVERDUE)
    reviews = [d for d in rows if d.kind is DeadlineKind.ANNUAL_REVIEW]
    assert reviews and not any(d.kind is DeadlineKind.ANNUAL_REVIEW for d in overdue)


def test_a_deadline_opens_the_item_it_names(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("dashboard")
    deadline = next(d for d in _week_rows(qtbot, page) if d.record_table == "touch_point")
    page.week_list.view.activated.emit(page.week_list.model.index_of(lambda d: d is deadline))
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
