"""Contacts, activities and touch points: edited, deleted with undo, and selected once saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.gui.conftest import settle
from tests.gui.test_flows import when_modal
from trusted_trader.gui.dialogs.activity_dialog import ActivityDialog
from trusted_trader.gui.dialogs.contact_dialog import ContactDialog
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.workspace.partner_workspace import PartnerWorkspace
from trusted_trader.services.activities import log_activity
from trusted_trader.services.contacts import add_contact


def workspace_at(qtbot: Any, window: MainWindow, partner_id: int, tab: str) -> PartnerWorkspace:
    window.open_partner(partner_id)
    window.workspace.show_tab(tab)
    settle(qtbot, window.desk)
    return window.workspace


def contacts_tab(qtbot: Any, window: MainWindow, partner_id: int, name: str) -> Any:
    """The partner's Contacts tab, shown, with one contact of this name."""
    with window.desk.uow() as uow:
        add_contact(uow, partner_id, name=name)
        uow.commit()
    return workspace_at(qtbot, window, partner_id, "contacts").contacts


def say_yes(monkeypatch: Any) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)


def selected_id(view: Any) -> int:
    rows = view.selectionModel().selectedRows()
    assert rows, "nothing is selected"
    return int(view.model().record(rows[0].row()).id)


def test_a_contact_is_edited_by_double_click_deleted_and_brought_back_by_undo(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: Any
) -> None:
    with empty_window.desk.uow() as uow:
        add_contact(uow, acme_id, name="Dana Reyes", role="Broker")
        kept = add_contact(uow, acme_id, name="Jo Park")
        uow.commit()
    tab = workspace_at(qtbot, empty_window, acme_id, "contacts").contacts
    row = tab.model.row_of(lambda c: c.name == "Dana Reyes")

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        assert dialog.edits["role"].text() == "Broker"
        dialog.edits["name"].setText("Dana Reyes-Ortiz")
        qtbot.keyClicks(dialog.edits["email"], "dana@acme.example")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(rename)
    tab.table_view.activated.emit(tab.model.index(row, 0))
    names = sorted(c.name for c in tab.model.rows())
    assert names == ["Dana Reyes-Ortiz", "Jo Park"]
    edited = next(c for c in tab.model.rows() if c.name == "Dana Reyes-Ortiz")
    assert edited.email == "dana@acme.example" and edited.version == 2
    assert selected_id(tab.table_view) == edited.id
    say_yes(monkeypatch)
    tab.table_view.selectRow(tab.model.row_of(lambda c: c.id == kept.id))
    tab.remove_button.click()
    assert [c.name for c in tab.model.rows()] == ["Dana Reyes-Ortiz"]
    empty_window.desk.undo_stack.undo()
    assert sorted(c.name for c in tab.model.rows()) == ["Dana Reyes-Ortiz", "Jo Park"]


def test_a_new_contact_is_selected_once_added(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    tab = contacts_tab(qtbot, empty_window, acme_id, "Ann Able")
    tab._edits["name"].setText("Zed Zane")
    tab.add_button.click()
    record = tab.model.record(tab.table_view.selectionModel().selectedRows()[0].row())
    assert record.name == "Zed Zane"


def test_an_activity_is_edited_selected_deleted_and_brought_back(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: Any
) -> None:
    tab = workspace_at(qtbot, empty_window, acme_id, "activities").activities
    for summary in ("Kick-off call", "Site visit"):
        tab.summary_edit.setText(summary)
        tab.add_button.click()
        assert tab.model.record(tab.table_view.currentIndex().row()).summary == summary
    visit = tab.model.record(tab.table_view.currentIndex().row())

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, ActivityDialog)
        dialog.date_edit.setDate(QDate(2026, 10, 2))
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("site_visit"))
        dialog.summary_edit.setPlainText("Site visit at the Laredo warehouse")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(change)
    tab.edit_button.click()
    changed = tab.model.record(tab.table_view.selectionModel().selectedRows()[0].row())
    assert changed.id == visit.id and changed.kind == "site_visit"
    assert changed.occurred_on == date(2026, 10, 2)
    assert changed.summary == "Site visit at the Laredo warehouse"
    say_yes(monkeypatch)
    tab.delete_button.click()
    assert [a.summary for a in tab.model.rows()] == ["Kick-off call"]
    empty_window.desk.undo_stack.undo()
    assert len(tab.model.rows()) == 2


def test_double_click_on_an_activity_of_the_activities_page_opens_the_partners_tab_at_it(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    with empty_window.desk.uow() as uow:
        ids = [
            log_activity(
                uow, acme_id, occurred_on=date(2026, 9, d), kind="call", summary=f"#{d}"
            ).id
            for d in (1, 2, 3)
        ]
        uow.commit()
    empty_window.show_page("activities")
    page: Any = empty_window.page("activities")
    settle(qtbot, empty_window.desk)
    row = page.model.row_of(lambda a: a.id == ids[1])
    page.table_view.activated.emit(page.model.index(row, 0))
    settle(qtbot, empty_window.desk)
    workspace = empty_window.workspace
    assert empty_window.current_partner_id() == acme_id
    assert workspace.tabs.currentWidget() is workspace.activities
    assert selected_id(workspace.activities.table_view) == ids[1]


def test_a_touch_points_due_date_follows_a_changed_kind_or_is_set_by_hand_with_a_reason(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

    with empty_window.desk.uow() as uow:
        exam = record_touch_point(uow, acme_id, TouchPointInput(date(2026, 1, 5), "exam"))
        uow.commit()
    workspace = workspace_at(qtbot, empty_window, acme_id, "touch_points")
    tab = workspace.touch_points

    def to_cf28(dialog: QWidget) -> None:
        assert isinstance(dialog, TouchPointDialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("cf28"))
        assert dialog.response_label.text().startswith("2026-02-04")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(to_cf28)
    tab.edit_record(exam)
    saved = tab.selected()
    assert saved is not None and saved.id == exam.id
    assert saved.response_due == date(2026, 2, 4)

    def by_hand(dialog: QWidget) -> None:
        assert isinstance(dialog, TouchPointDialog)
        dialog.due_override.check_box.setChecked(True)
        dialog.due_override.date_edit.setDate(QDate(2026, 1, 20))
        qtbot.keyClicks(dialog.due_reason_edit, "port asked for 15 days")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(by_hand)
    tab.edit_record(saved)
    again = tab.selected()
    assert again is not None and again.response_due == date(2026, 1, 20)
    workspace.show_tab("history")
    settle(qtbot, empty_window.desk)
    changes = workspace.history.model.record(0).changes
    assert changes["response_due_reason"] == ["", "port asked for 15 days"]


def test_a_new_touch_point_is_selected_once_saved(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

    with empty_window.desk.uow() as uow:
        for day in (3, 4, 5):
            record_touch_point(uow, acme_id, TouchPointInput(date(2026, 6, day), "exam"))
        uow.commit()
    tab = workspace_at(qtbot, empty_window, acme_id, "touch_points").touch_points

    def add(dialog: QWidget) -> None:
        assert isinstance(dialog, TouchPointDialog)
        dialog.date_edit.setDate(QDate(2026, 6, 4))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(add)
    tab.buttons["add"].click()
    new = tab.selected()
    assert new is not None and new.occurred_on == date(2026, 6, 4) and new.kind == "exam"
    assert new.id == max(t.id for t in (tab.model.record(r) for r in range(tab.model.rowCount())))


def colleague_saves(desk: Any, change: Any) -> None:
    """A colleague's desk on the same database saves ``change`` first."""
    from trusted_trader.services.store import open_store

    assert desk.store is not None
    colleague = open_store(desk.store.url, actor="colleague@cbp.dhs.gov")
    with colleague.uow() as uow:
        change(uow)
        uow.commit()
    colleague.close()


@pytest.mark.parametrize("answer", ["Apply mine", "Keep theirs"])
def test_a_contact_changed_meanwhile_shows_the_conflict_dialog_and_saves_the_choice(
    qtbot: Any, empty_window: MainWindow, acme_id: int, answer: str
) -> None:
    from tests.gui.conflict_world import ConflictHand, conflict_entries
    from trusted_trader.services.contacts import update_contact
    from trusted_trader.services.partners import get_partner

    desk = empty_window.desk
    with desk.uow() as uow:
        opened = add_contact(uow, acme_id, name="Dana")
        uow.commit()
    dialog = ContactDialog(desk, acme_id, opened, empty_window)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("Dana Ortiz")
    colleague_saves(desk, lambda uow: update_contact(uow, opened.id, {"name": "Dana Reyes"}, 1))
    hand = ConflictHand(answer)
    dialog.try_save()
    assert len(hand.seen) == 1 and hand.contested == ["name"]
    kept = "Dana Ortiz" if answer == "Apply mine" else "Dana Reyes"
    assert dialog.saved is not None and dialog.saved.name == kept
    with desk.uow() as uow:
        assert [c.name for c in get_partner(uow, acme_id).contacts] == [kept]
    assert desk.store is not None
    [entry] = conflict_entries(desk.store, acme_id)
    assert entry.table_name == "contact"


def test_an_activity_and_an_enrollment_changed_meanwhile_keep_mine_when_applied(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    from tests.gui.conflict_world import ConflictHand, conflict_entries
    from trusted_trader.gui.dialogs.program_dialog import ProgramDialog
    from trusted_trader.services.activities import update_activity
    from trusted_trader.services.programs import EnrollmentInput, enroll, update_enrollment

    desk = empty_window.desk
    day = date(2026, 3, 2)
    with desk.uow() as uow:
        activity = log_activity(uow, acme_id, occurred_on=day, kind="call", summary="first")
        enrollment = enroll(uow, acme_id, EnrollmentInput("ctpat", tier=1))
        uow.commit()
    activity_dialog = ActivityDialog(desk, acme_id, activity, empty_window)
    program_dialog = ProgramDialog(desk, acme_id, (enrollment,), enrollment, empty_window)
    for dialog in (activity_dialog, program_dialog):
        qtbot.addWidget(dialog)
    activity_dialog.summary_edit.setPlainText("mine")
    program_dialog.tier_combo.setCurrentIndex(program_dialog.tier_combo.findData(3))
    theirs = {"occurred_on": day, "kind": "call", "summary": "theirs"}
    colleague_saves(desk, lambda uow: update_activity(uow, activity.id, theirs, 1))
    colleague_saves(
        desk, lambda uow: update_enrollment(uow, enrollment.id, EnrollmentInput("ctpat", tier=2), 1)
    )
    for dialog in (activity_dialog, program_dialog):
        hand = ConflictHand("Apply mine")
        dialog.try_save()
        assert len(hand.seen) == 1
    assert activity_dialog.saved is not None and activity_dialog.saved.summary == "mine"
    assert program_dialog.saved is not None and program_dialog.saved.tier == 3
    assert desk.store is not None
    tables = sorted(e.table_name for e in conflict_entries(desk.store, acme_id))
    assert tables == ["engagement_activity", "program_enrollment"]


def test_a_read_only_partners_contact_menu_changes_nothing_and_says_why(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    tab = contacts_tab(qtbot, empty_window, acme_id, "Dana Reyes")
    tab.set_read_only(True)
    tab.table_view.selectRow(0)
    assert not tab.edit_button.isEnabled() and not tab.remove_button.isEnabled()
    for action in tab.table_view.actions():
        with qtbot.waitSignal(empty_window.desk.status_message) as said:
            action.trigger()
        assert said.args == ["This partner's records are read-only for you."]
    assert [c.name for c in tab.model.rows()] == ["Dana Reyes"]
    assert empty_window.desk.undo_stack.count() == 0


def test_each_dialog_reads_a_stored_record_in_the_terms_of_its_form(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    """What a conflict dialog compares: an untouched form equals the record as stored."""
    from trusted_trader.gui.dialogs.program_dialog import ProgramDialog
    from trusted_trader.services.programs import EnrollmentInput, enroll

    desk = empty_window.desk
    with desk.uow() as uow:
        contact = add_contact(uow, acme_id, name="Dana", email="Dana@Acme.example")
        activity = log_activity(uow, acme_id, occurred_on=date(2026, 3, 2), kind="call")
        enrollment = enroll(uow, acme_id, EnrollmentInput("ctpat", tier=3))
        uow.commit()
    dialogs = [
        ContactDialog(desk, acme_id, contact),
        ActivityDialog(desk, acme_id, activity),
        ProgramDialog(desk, acme_id, (enrollment,), enrollment),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        with desk.uow() as uow:
            stored = dialog.load(uow)
        assert dialog.record_values(stored) == dialog.values()
        with desk.uow() as uow:
            again = dialog.write(uow, dialog.record_values(stored), stored.version)
            uow.commit()
        assert again.version == stored.version + 1
