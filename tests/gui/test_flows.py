"""The main flows, driven through the widgets: partner, touch point, plan, delete and undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.conftest import activate, settle
from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.touch_points import TouchPointQuery, count_touch_points


def when_modal(handle: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is shown (exec() blocks the test otherwise)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        handle(dialog)

    QTimer.singleShot(0, act)


def first_partner_id(window: MainWindow) -> int:
    from trusted_trader.services.partners import list_partners

    with window.desk.uow() as uow:
        return list_partners(uow)[0].id


def test_a_partner_is_created_only_once_its_ior_number_is_valid(
    qtbot: Any, empty_window: MainWindow
) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, PartnerDialog)
        qtbot.keyClicks(dialog.name_field.line_edit, "Acme Imports LLC")
        qtbot.keyClicks(dialog.ior_field.line_edit, "12-3456789OZ")
        assert "may not contain" in dialog.ior_field.problem()
        assert not dialog.save_button.isEnabled()
        dialog.ior_field.line_edit.clear()
        qtbot.keyClicks(dialog.ior_field.line_edit, "12-3456789AB")
        assert dialog.ior_field.problem() == ""
        assert dialog.save_button.isEnabled()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    empty_window.new_partner()
    settle(qtbot, empty_window.desk)
    assert empty_window.current_partner_id() is not None
    assert empty_window.workspace._name_label.text() == "Acme Imports LLC"


def test_a_touch_point_with_an_invalid_entry_number_cannot_be_saved(
    qtbot: Any, demo_window: MainWindow
) -> None:
    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    desk = demo_window.desk
    with desk.uow() as uow:
        before = count_touch_points(uow, TouchPointQuery(partner_id=partner_id))
    dialog = TouchPointDialog(desk, partner_id, parent=demo_window)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.entry_field.line_edit, "ABC-12345")
    assert "3-character filer code, 7 digits and a check digit" in dialog.entry_field.problem()
    assert not dialog.save_button.isEnabled()
    dialog.entry_field.line_edit.clear()
    qtbot.keyClicks(dialog.entry_field.line_edit, "abc12345676")
    qtbot.keyClicks(dialog.port_field.line_edit, "2704")
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved is not None
    assert dialog.saved.entry_number == "ABC-1234567-6"
    with desk.uow() as uow:
        assert count_touch_points(uow, TouchPointQuery(partner_id=partner_id)) == before + 1


def test_a_plan_is_written_with_an_objective_and_an_action_item(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.services.plans import list_plans

    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    tab = demo_window.workspace.plans
    demo_window.workspace.show_tab("plans")
    with demo_window.desk.uow() as uow:
        plans_before = len(list_plans(uow, partner_id))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    tab.editor.title_edit.setText("Fewer CF-28s")
    editor = tab.editor
    row = editor.objectives.add_row()
    editor.objectives.table.item(row, 0).setText("CF-28 rate down 30%")
    editor.objectives.table.item(row, 1).setText("rate:cf28")
    editor.objectives.table.item(row, 3).setText("2.5")
    row = editor.action_items.add_row()
    editor.action_items.table.item(row, 0).setText("Classification training for the broker")
    editor.action_items.table.item(row, 3).setText("2027-13-01")
    assert not tab.save_button.isEnabled()
    assert "due must be a date" in editor.action_items.problem_label.text()
    editor.action_items.table.item(row, 3).setText("2027-02-15")
    assert tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.error_label.text() == ""
    with demo_window.desk.uow() as uow:
        plans = list_plans(uow, partner_id)
    assert len(plans) == plans_before + 1
    saved = next(p for p in plans if p.title == "Fewer CF-28s")
    assert [o.description for o in saved.objectives] == ["CF-28 rate down 30%"]
    assert saved.objectives[0].target_value == 2.5
    assert [a.description for a in saved.action_items] == ["Classification training for the broker"]


def test_saving_an_active_plan_makes_a_new_revision(
    qtbot: Any, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the demo partner may have an active plan already: yes, close it
    monkeypatch.setattr("trusted_trader.gui.workspace.plan_status.ask", lambda *_a: True)
    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    demo_window.workspace.show_tab("plans")
    tab = demo_window.workspace.plans
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.activate_button, Qt.MouseButton.LeftButton)
    assert tab.plan is not None and tab.plan.status == "active"
    revision = tab.plan.revision
    tab.editor.title_edit.setText("Revised")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.plan.revision == revision + 1


def test_a_deleted_touch_point_comes_back_with_undo(
    qtbot: Any, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trusted_trader.gui.undo.confirm", lambda *_a, **_k: True)
    partner_id = first_partner_id(demo_window)
    demo_window.open_partner(partner_id)
    demo_window.workspace.show_tab("touch_points")
    tab = demo_window.workspace.touch_points
    total = tab.model.total
    tab.table_view.selectRow(0)
    doomed = tab.selected()
    qtbot.mouseClick(tab.buttons["delete"], Qt.MouseButton.LeftButton)
    assert tab.model.total == total - 1
    assert doomed is not None and tab.model.row_of(lambda t: t.id == doomed.id) == -1
    demo_window.menu_actions["undo"].trigger()  # type: ignore[attr-defined]
    assert tab.model.total == total
    assert tab.model.row_of(lambda t: t.id == doomed.id) >= 0


def test_a_deleted_partner_comes_back_with_undo(
    qtbot: Any, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trusted_trader.gui.undo import delete_partner_with_undo
    from trusted_trader.services.partners import list_partners

    monkeypatch.setattr("trusted_trader.gui.undo.confirm", lambda *_a, **_k: True)
    partner_id = first_partner_id(demo_window)
    desk = demo_window.desk
    assert delete_partner_with_undo(desk, demo_window, partner_id)
    with desk.uow() as uow:
        assert partner_id not in {p.id for p in list_partners(uow)}
    desk.undo_stack.undo()
    with desk.uow() as uow:
        assert partner_id in {p.id for p in list_partners(uow)}
