"""Section 508: every page and dialog is named for a screen reader and worked from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from tests.gui.a11y_checks import (
    checked_dialogs,
    discover_dialogs,
    first_partner_with_plan,
    invisible_focus,
    menu_problems,
    opened_dialog,
    reading_order_breaks,
    show_page,
    tab_chain,
    unnamed,
    unreachable_inputs,
)
from tests.gui.conftest import activate, settle
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.pages import PAGE_KEYS
from trusted_trader.gui.pages.welcome import WelcomePage

DIALOG_NAMES = [cls.__name__ for cls in checked_dialogs()]


def test_the_walk_finds_the_dialogs_of_the_window() -> None:
    names = {cls.__name__ for cls in discover_dialogs()}
    assert {"PartnerDialog", "TouchPointDialog", "ImportDialog", "ConnectDialog"} <= names


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_a_page_names_every_focusable_widget_and_tab_reaches_them_in_reading_order(
    qtbot: Any, demo_window: MainWindow, key: str
) -> None:
    page = show_page(qtbot, demo_window, key)
    assert unnamed(page) == []
    assert unreachable_inputs(demo_window) == []
    chain = [w for w in tab_chain(demo_window) if page.isAncestorOf(w)]
    assert reading_order_breaks(chain, page) == []


def test_the_partner_workspace_is_named_and_reached_tab_by_tab(
    qtbot: Any, demo_window: MainWindow
) -> None:
    partner_id, _plan_id = first_partner_with_plan(demo_window)
    demo_window.open_partner(partner_id)
    settle(qtbot, demo_window.desk)
    workspace = demo_window.workspace
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        settle(qtbot, demo_window.desk)
        tab = workspace.tabs.tabText(index)
        assert (tab, unnamed(workspace)) == (tab, [])
        assert (tab, unreachable_inputs(demo_window)) == (tab, [])
        chain = [w for w in tab_chain(demo_window) if workspace.isAncestorOf(w)]
        assert (tab, reading_order_breaks(chain, workspace)) == (tab, [])


@pytest.mark.parametrize("name", DIALOG_NAMES)
def test_every_dialog_names_its_widgets_and_tab_reaches_every_input(
    qtbot: Any, demo_window: MainWindow, name: str
) -> None:
    with opened_dialog(qtbot, demo_window, name) as dialog:
        assert dialog.windowTitle().strip(), "a dialog says what it is in its title"
        assert unnamed(dialog) == []
        assert unreachable_inputs(dialog) == []
        assert reading_order_breaks(tab_chain(dialog), dialog) == []


def test_every_menu_and_menu_action_is_reachable_by_keyboard(empty_window: MainWindow) -> None:
    assert menu_problems(empty_window.menuBar()) == []


def test_the_menu_check_catches_a_menu_without_an_alt_letter(empty_window: MainWindow) -> None:
    menu = empty_window.menuBar().addMenu("Tools")
    menu.addAction("Frobnicate")
    assert menu_problems(empty_window.menuBar()) == [
        "menu 'Tools' has no Alt letter of its own",
        "'Tools' → 'Frobnicate': no letter, no shortcut",
    ]


def test_tab_walks_an_editable_grid_cell_by_cell_and_then_leaves_it(qtbot: Any) -> None:
    from trusted_trader.gui.workspace.plan_grid import GridColumn, PlanGrid

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    before = QPushButton("Before", holder)
    grid = PlanGrid("Risk areas", [GridColumn("Area"), GridColumn("Owner")], holder)
    for text in ("one", "two"):
        grid.add_row([text, "Jane"])
    after = QPushButton("After", holder)
    for widget in (before, grid, after):
        layout.addWidget(widget)
    holder.show()
    chain = tab_chain(holder, before)
    cells = [w for w in chain if grid.table.isAncestorOf(w)]
    assert len(cells) == 4  # each cell's editor in turn
    assert chain[-1] is after


def test_the_checks_catch_an_unnamed_field_and_an_input_tab_cannot_reach(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    named = QLineEdit(holder)
    named.setAccessibleName("Name")
    nameless, trapped = QLineEdit(holder), QPlainTextEdit(holder)
    for widget in (named, nameless, trapped, QPushButton("After", holder)):
        layout.addWidget(widget)
    holder.show()
    assert unnamed(holder) == ["QLineEdit(?)", "QPlainTextEdit(?)"]
    assert unreachable_inputs(holder, named) == ["QPushButton(After)"]


def test_the_dashboard_chart_figures_are_a_table_away_from_the_keyboard(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = show_page(qtbot, demo_window, "dashboard")
    points = page.chart.points
    assert "latest" in page.chart.accessibleDescription()
    panel = page.chart.parentWidget().parentWidget()
    chain = tab_chain(demo_window)
    week_view = page.week_list.view
    assert chain.index(panel.toggle_button) > chain.index(week_view)
    assert chain.index(page.chart) == chain.index(panel.toggle_button) + 1
    qtbot.keyClick(panel.toggle_button, Qt.Key.Key_Space)
    assert panel.table.isVisibleTo(page) and not page.chart.isVisibleTo(page)
    assert panel.table.rowCount() == len(points)
    assert panel.table.item(len(points) - 1, 1).text() == f"{points[-1][1]:.1f}"
    assert unnamed(page) == []


@pytest.mark.parametrize(
    "name",
    [
        "PartnerDialog",
        "ExportDialog",
        "TouchPointDialog",  # its Save is the default button: Fusion alone shows no focus on it
    ],
)
def test_the_focus_is_visible_on_every_widget_of_a_form(
    qtbot: Any, demo_window: MainWindow, name: str
) -> None:
    from PySide6.QtWidgets import QApplication

    from trusted_trader.gui.style import FocusRingStyle

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.style().name()
    app.setStyle(FocusRingStyle("Fusion"))  # the app's own style (apply_look)
    try:
        with opened_dialog(qtbot, demo_window, name) as dialog:
            activate(qtbot, dialog)
            assert invisible_focus(dialog) == []
    finally:
        app.setStyle(before)


def test_plain_fusion_shows_no_focus_on_a_default_button_so_the_check_can_fail(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.style().name()
    app.setStyle("Fusion")
    try:
        with opened_dialog(qtbot, demo_window, "TouchPointDialog") as dialog:
            activate(qtbot, dialog)
            assert any("Save" in found for found in invisible_focus(dialog))
    finally:
        app.setStyle(before)


def test_the_welcome_page_of_an_empty_database_is_named_and_reached_by_tab(
    qtbot: Any, empty_window: MainWindow
) -> None:
    empty_window.show_welcome()
    settle(qtbot, empty_window.desk)
    welcome = empty_window.centralWidget().findChild(WelcomePage)
    assert welcome is not None and welcome.isVisible()
    assert unnamed(welcome) == []
    assert unreachable_inputs(empty_window) == []
