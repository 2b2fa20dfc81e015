"""The partner workspace: header, Ctrl+N, the command palette, volume, activities and history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import activate, settle
from tests.gui.test_flows import first_partner_id, when_modal
from trusted_trader.gui.dialogs.command_palette import CommandPalette
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.gui.main_window import MainWindow


def test_the_header_names_the_partner_its_iors_tier_and_center(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.services.partners import get_partner

    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    with demo_window.desk.uow() as uow:
        partner = get_partner(uow, partner_id)
    facts = demo_window.workspace._facts_label.text()
    assert demo_window.workspace._name_label.text() == partner.legal_name
    assert partner.ior_numbers[0] in facts and partner.center_code in facts


def test_ctrl_n_opens_a_new_touch_point_for_the_open_partner(
    qtbot: Any, demo_window: MainWindow
) -> None:
    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    activate(qtbot, demo_window)
    seen: list[int] = []

    def look(dialog: Any) -> None:
        assert isinstance(dialog, TouchPointDialog)
        seen.append(dialog.partner_id)
        dialog.reject()

    when_modal(look)
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == [partner_id]
    assert demo_window.workspace.tabs.currentWidget() is demo_window.workspace.touch_points


def test_the_palette_finds_a_partner_by_ior_number_and_by_entry_number(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.services.partners import get_partner
    from trusted_trader.services.touch_points import TouchPointQuery, list_touch_points

    partner_id = first_partner_id(demo_window)
    with demo_window.desk.uow() as uow:
        ior = get_partner(uow, partner_id).ior_numbers[0]
        entry = next(
            t.entry_number
            for t in list_touch_points(uow, TouchPointQuery(partner_id=partner_id))
            if t.entry_number
        )
    palette = CommandPalette(demo_window.desk, demo_window)
    qtbot.addWidget(palette)
    qtbot.keyClicks(palette.search_edit, ior)
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return)
    assert palette.chosen_partner_id == partner_id
    palette = CommandPalette(demo_window.desk, demo_window)
    qtbot.addWidget(palette)
    palette.search_edit.setText(entry.lower())
    qtbot.waitUntil(lambda: palette.result_list.count() > 0, timeout=3000)
    qtbot.wait(400)  # the entry look-up runs after a short pause in typing
    palette._choose_current()
    assert palette.chosen_partner_id == partner_id


def _entries_column(model: Any) -> int:
    """Where the first month's reported entries are typed: a month that counts its imported
    entries (the demo gives some partners entries) takes its reported total aside."""
    from trusted_trader.gui.models import volumes

    return volumes.REPORTED if model.row(0).counted else volumes.ENTRIES


def test_a_volume_typed_in_the_grid_is_saved(qtbot: Any, demo_window: MainWindow) -> None:
    from trusted_trader.services.volumes import list_volumes

    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    demo_window.workspace.show_tab("volume")
    model = demo_window.workspace.volume.model
    assert model.setData(model.index(0, _entries_column(model)), "4321")
    with demo_window.desk.uow() as uow:
        saved = {v.month: v.entries for v in list_volumes(uow, partner_id)}
    assert saved[date(2026, 10, 1)] == 4321


def test_a_volume_typed_in_the_grid_refreshes_the_dashboard(
    qtbot: Any, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Volume tab once saved without telling the pages, so the dashboard's rates stayed old.
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    loads: list[int] = []
    monkeypatch.setattr(demo_window.page("dashboard"), "load", lambda: loads.append(1))
    topics: list[str] = []
    demo_window.desk.data_changed.connect(topics.append)
    demo_window.open_partner(first_partner_id(demo_window))
    demo_window.workspace.show_tab("volume")
    model = demo_window.workspace.volume.model
    assert model.setData(model.index(0, _entries_column(model)), "4321")
    assert topics == ["volumes"]
    demo_window.show_page("dashboard")
    assert loads == [1]


def test_history_shows_a_new_activity_and_filters_by_record(
    qtbot: Any, demo_window: MainWindow
) -> None:
    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    workspace = demo_window.workspace
    workspace.show_tab("activities")
    qtbot.keyClicks(workspace.activities.summary_edit, "Site visit at the Laredo warehouse")
    qtbot.keyClick(workspace.activities.summary_edit, Qt.Key.Key_Return)
    assert workspace.activities.model.record(0).summary == "Site visit at the Laredo warehouse"
    workspace.show_tab("history")
    settle(qtbot, demo_window.desk)
    history = workspace.history
    assert history.model.rowCount() >= 1
    history.action_combo.setCurrentIndex(history.action_combo.findData("delete"))
    assert history.model.rowCount() == 0


def test_printing_the_open_plan_shows_its_preview(qtbot: Any, demo_window: MainWindow) -> None:
    from trusted_trader.gui import actions, window_menus

    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    demo_window.workspace.show_tab("plans")
    if demo_window.current_plan_id() is None:
        qtbot.mouseClick(demo_window.workspace.plans.new_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(demo_window.workspace.plans.save_button, Qt.MouseButton.LeftButton)
    titles: list[str] = []

    def close(dialog: Any) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    when_modal(close)
    actions.print_report(
        demo_window.desk,
        demo_window,
        actions.REPORTS[0],
        lambda: window_menus._report_target(demo_window),
    )
    qtbot.waitUntil(lambda: bool(titles), timeout=20000)
    assert titles == ["Engagement plan"]
