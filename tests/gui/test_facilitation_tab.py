"""The Facilitation tab: recorded, changed, deleted and brought back, and met by a colleague."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from tests.gui.conftest import settle
from tests.gui.test_flows import when_modal
from tests.gui.test_record_editing import colleague_saves, say_yes, selected_id, workspace_at
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.context import Topic
from trusted_trader.gui.dialogs.facilitation_dialog import NO_PLAN, FacilitationDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.facilitation import (
    FacilitationInput,
    facilitation_kinds,
    record_facilitation,
    update_facilitation,
)
from trusted_trader.services.plans import PlanInput, create_plan

DAY = date(2026, 3, 2)


def make_plan(window: MainWindow, partner_id: int, title: str, year: int = 2026) -> int:
    data = PlanInput(
        MonthRange(date(year, 1, 1), date(year, 12, 1)),
        MonthRange(date(year - 1, 1, 1), date(year - 1, 12, 1)),
        title=title,
    )
    with window.desk.uow() as uow:
        plan_id = create_plan(uow, partner_id, data).id
        uow.commit()
    return plan_id


def recorded(window: MainWindow, partner_id: int, data: FacilitationInput) -> Any:
    with window.desk.uow() as uow:
        record = record_facilitation(uow, partner_id, data)
        uow.commit()
    return record


def cells(tab: Any, row: int) -> list[str]:
    model = tab.model
    return [str(model.index(row, c).data()) for c in range(model.columnCount())]


def pick(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def test_the_tab_lists_facilitation_newest_first_with_kind_labels_and_plan_titles(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    plan_id = make_plan(empty_window, acme_id, "Plan 2026")
    recorded(empty_window, acme_id, FacilitationInput(DAY, "reduced_exams", "older"))
    recorded(
        empty_window,
        acme_id,
        FacilitationInput(date(2026, 5, 4), "ruling_assistance", "two\nlines", plan_id),
    )
    tab = workspace_at(qtbot, empty_window, acme_id, "facilitation").facilitation
    assert empty_window.workspace.tabs.tabText(empty_window.workspace.tabs.currentIndex()) == (
        "Facilitation"
    )
    labels = {k.code: k.label for k in facilitation_kinds()}
    first, second = cells(tab, 0), cells(tab, 1)
    assert first[1:] == [labels["ruling_assistance"], "two lines", "Plan 2026"]
    assert second[1:] == [labels["reduced_exams"], "older", ""]
    assert first[0] > second[0]


def test_facilitation_is_added_selected_edited_deleted_and_brought_back_by_undo(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: Any
) -> None:
    make_plan(empty_window, acme_id, "Plan 2025", 2025)
    plan_id = make_plan(empty_window, acme_id, "Plan 2026")
    recorded(empty_window, acme_id, FacilitationInput(date(2026, 9, 1), "training", "later one"))
    tab = workspace_at(qtbot, empty_window, acme_id, "facilitation").facilitation

    def add(dialog: QWidget) -> None:
        assert isinstance(dialog, FacilitationDialog)
        assert dialog.plan_combo.currentData() == plan_id  # the plan of today, 2026-11-16
        assert dialog.plan_combo.count() == 3
        dialog.date_edit.setDate(QDate(2026, 4, 7))
        pick(dialog.kind_combo, "front_of_line")
        assert dialog.kind_combo.toolTip()  # the kind's public source
        qtbot.keyClicks(dialog.description_edit, "Front of line at Laredo")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(add)
    tab.add_button.click()
    added = tab.model.record(tab.table_view.selectionModel().selectedRows()[0].row())
    assert (added.occurred_on, added.kind, added.plan_id) == (
        date(2026, 4, 7),
        "front_of_line",
        plan_id,
    )
    assert added.description == "Front of line at Laredo"

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, FacilitationDialog)
        assert dialog.description_edit.toPlainText() == "Front of line at Laredo"
        pick(dialog.plan_combo, None)
        assert dialog.plan_combo.currentText() == NO_PLAN
        dialog.description_edit.setPlainText("Front of line at Laredo, 12 entries")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(change)
    tab.table_view.activated.emit(tab.model.index(tab.model.row_of(lambda f: f.id == added.id), 0))
    assert selected_id(tab.table_view) == added.id
    changed = next(f for f in tab.model.rows() if f.id == added.id)
    assert changed.plan_id is None and changed.version == 2
    assert changed.description.endswith("12 entries")
    say_yes(monkeypatch)
    tab.delete_button.click()
    assert [f.description for f in tab.model.rows()] == ["later one"]
    empty_window.desk.undo_stack.undo()
    settle(qtbot, empty_window.desk)
    assert sorted(f.id for f in tab.model.rows())[-1] == added.id
    assert len(tab.model.rows()) == 2


def test_the_context_menu_offers_edit_and_delete_and_a_read_only_partner_refuses_them(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    recorded(empty_window, acme_id, FacilitationInput(DAY, "training", "kept"))
    tab = workspace_at(qtbot, empty_window, acme_id, "facilitation").facilitation
    assert [a.text() for a in tab.table_view.actions()] == ["Edit…", "Delete"]
    tab.set_read_only(True)
    assert not tab.add_button.isEnabled()
    tab.table_view.selectRow(0)
    for action in tab.table_view.actions():
        with qtbot.waitSignal(empty_window.desk.status_message) as said:
            action.trigger()
        assert said.args == ["This partner's records are read-only for you."]
    assert [f.description for f in tab.model.rows()] == ["kept"]


def test_a_change_from_elsewhere_reloads_the_tab_through_its_topic(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    tab = workspace_at(qtbot, empty_window, acme_id, "facilitation").facilitation
    assert tab.model.rowCount() == 0
    recorded(empty_window, acme_id, FacilitationInput(DAY, "training", "from the import"))
    empty_window.desk.changed(Topic.FACILITATION)
    assert [f.description for f in tab.model.rows()] == ["from the import"]


def test_the_change_watcher_names_the_facilitation_topic_for_its_table() -> None:
    from trusted_trader.gui.change_watcher import topics_for

    assert topics_for(["facilitation:3"]) == {Topic.FACILITATION}


@pytest.mark.parametrize("answer", ["Apply mine", "Keep theirs"])
def test_facilitation_changed_meanwhile_shows_the_conflict_dialog_and_saves_the_choice(
    qtbot: Any, empty_window: MainWindow, acme_id: int, answer: str
) -> None:
    from tests.gui.conflict_world import ConflictHand, conflict_entries

    desk = empty_window.desk
    opened = recorded(empty_window, acme_id, FacilitationInput(DAY, "training", "first"))
    dialog = FacilitationDialog(desk, acme_id, opened, empty_window)
    qtbot.addWidget(dialog)
    dialog.description_edit.setPlainText("mine")
    theirs = FacilitationInput(DAY, "training", "theirs")
    colleague_saves(desk, lambda uow: update_facilitation(uow, opened.id, theirs, 1))
    hand = ConflictHand(answer)
    dialog.try_save()
    assert len(hand.seen) == 1 and hand.contested == ["description"]
    kept = "mine" if answer == "Apply mine" else "theirs"
    assert dialog.saved is not None and dialog.saved.description == kept
    assert desk.store is not None
    [entry] = conflict_entries(desk.store, acme_id)
    assert entry.table_name == "facilitation"


def test_the_dialog_reads_a_stored_record_in_the_terms_of_its_form(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    plan_id = make_plan(empty_window, acme_id, "Plan 2026")
    record = recorded(
        empty_window, acme_id, FacilitationInput(DAY, "penalty_mitigation", "x", plan_id)
    )
    dialog = FacilitationDialog(empty_window.desk, acme_id, record)
    qtbot.addWidget(dialog)
    with empty_window.desk.uow() as uow:
        stored = dialog.load(uow)
    assert dialog.record_values(stored) == dialog.values()


def test_file_import_and_export_offer_facilitation_with_plain_column_labels(
    qtbot: Any, empty_window: MainWindow
) -> None:
    from trusted_trader.domain.enums import ImportKind
    from trusted_trader.gui.dialogs.export_dialog import ExportDialog
    from trusted_trader.gui.dialogs.import_dialog import ImportDialog, plain_column
    from trusted_trader.services.importing.rows import COLUMNS

    store = empty_window.desk.store
    for dialog in (ImportDialog(store, empty_window), ExportDialog(store, empty_window)):
        qtbot.addWidget(dialog)
        combo = dialog._kind_combo
        assert combo.itemText(combo.findData("facilitation")) == "Facilitation"
    labels = [plain_column(c) for c in COLUMNS[ImportKind.FACILITATION]]
    assert labels == ["IOR number", "Date", "Kind", "Description"]


def test_the_conflict_dialog_reads_kinds_by_label_and_plans_by_title(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    from tests.gui.conflict_world import ConflictHand

    desk = empty_window.desk
    plan_id = make_plan(empty_window, acme_id, "Plan 2026")
    opened = recorded(empty_window, acme_id, FacilitationInput(DAY, "training", "first"))
    dialog = FacilitationDialog(desk, acme_id, opened, empty_window)
    qtbot.addWidget(dialog)
    dialog.description_edit.setPlainText("mine")
    theirs = FacilitationInput(DAY, "front_of_line", "first", plan_id)
    colleague_saves(desk, lambda uow: update_facilitation(uow, opened.id, theirs, 1))
    hand = ConflictHand("Keep theirs")
    dialog.try_save()
    [conflict] = hand.seen
    table = conflict._fields_table
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)]
        for r in range(table.rowCount())
    }
    labels = {k.code: k.label for k in facilitation_kinds()}
    assert rows["kind"] == [labels["training"], labels["front_of_line"], labels["training"]]
    assert rows["plan"][0] == NO_PLAN and rows["plan"][1].startswith("Plan 2026 (")
    assert dialog.saved is not None and dialog.saved.plan_id == plan_id


def test_opening_a_facilitation_record_from_history_lands_on_it_in_its_tab(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    older = recorded(empty_window, acme_id, FacilitationInput(DAY, "training", "older"))
    recorded(empty_window, acme_id, FacilitationInput(date(2026, 5, 4), "fast_lanes", "newer"))
    workspace = workspace_at(qtbot, empty_window, acme_id, "overview")
    workspace.show_item("facilitation", older.id)
    settle(qtbot, empty_window.desk)
    assert workspace.tabs.currentWidget() is workspace.facilitation
    assert selected_id(workspace.facilitation.table_view) == older.id
