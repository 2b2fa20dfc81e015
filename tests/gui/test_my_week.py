"""My week: groups in order with counts, remembered filters, the actions on a row, journey (2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from tests.conftest import DEMO_LAST_MONTH
from tests.gui.conftest import TODAY, activate, close, open_window, settle
from tests.gui.test_flows import first_partner_id, when_modal
from trusted_trader.domain.deadlines import Deadline, DeadlineKind, WeekGroup, week_group
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.deadline_dialogs import MarkDoneDialog, RescheduleDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models.week import WeekFilter
from trusted_trader.gui.week_list import WeekList


def my_week(qtbot: Any, window: MainWindow) -> WeekList:
    window.show_page("my_week")
    week: WeekList = window.page("my_week").week_list  # type: ignore[attr-defined]
    settle(qtbot, window.desk)
    qtbot.waitUntil(lambda: week.items is not None and week.items.complete, timeout=10000)
    return week


def group_titles(week: WeekList) -> list[str]:
    return [week.model.index(week.model.title_row(g), 0).data() for g in WeekGroup]


def add_cf28_due_in_3_days(window: MainWindow) -> int:
    """A CF-28 received 27 days ago: its 30-day response is due in 3 days."""
    from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

    with window.desk.uow() as uow:
        point = record_touch_point(
            uow,
            first_partner_id(window),
            TouchPointInput(TODAY - timedelta(days=27), "cf28", entry_number=""),
        )
        uow.commit()
    return point.id


def row_of(week: WeekList, record_id: int) -> QModelIndex:
    return week.model.index_of(
        lambda d: d.record_table == "touch_point" and d.record_id == record_id
    )


def test_groups_come_in_order_with_their_counts(qtbot: Any, demo_window: MainWindow) -> None:
    week = my_week(qtbot, demo_window)
    assert week.items is not None
    counts = Counter(week_group(d, TODAY) for d in week.items.deadlines)
    assert counts[WeekGroup.OVERDUE] > 0 and counts[WeekGroup.LATER] > 0
    assert group_titles(week) == [f"▾ {g.label} ({counts[g]:,})" for g in WeekGroup]
    first = week.model.title_row(WeekGroup.OVERDUE) + 1
    assert week.model.index(first, 1).data().startswith("Overdue by ")


def test_a_group_collapses_by_enter_and_stays_collapsed_after_a_restart(
    qtbot: Any, make_desk: Callable[..., Desk], demo_store: Any
) -> None:
    window = open_window(qtbot, make_desk(), demo_store, 30)
    week = my_week(qtbot, window)
    rows = week.model.rowCount()
    overdue = week.model.count(WeekGroup.OVERDUE)
    week.view.setCurrentIndex(week.model.index(week.model.title_row(WeekGroup.OVERDUE), 0))
    activate(qtbot, window)
    qtbot.keyClick(week.view, Qt.Key.Key_Return)
    assert week.model.rowCount() == rows - overdue
    assert group_titles(week)[WeekGroup.OVERDUE].startswith("▸ Overdue")
    close(qtbot, window)
    again = open_window(qtbot, make_desk(), demo_store, 30)
    week = my_week(qtbot, again)
    assert week.model.collapsed == {WeekGroup.OVERDUE}
    assert week.model.rowCount() == rows - overdue
    close(qtbot, again)


def test_filters_narrow_the_list_and_are_remembered_after_a_restart(
    qtbot: Any, make_desk: Callable[..., Desk], demo_store: Any
) -> None:
    window = open_window(qtbot, make_desk(), demo_store, 30)
    week = my_week(qtbot, window)
    everything = sum(week.model.count(g) for g in WeekGroup)
    assert week.items is not None
    name = next(
        d.partner_name
        for d in week.items.deadlines
        if d.kind == DeadlineKind.RESPONSE and d.due_on >= TODAY - timedelta(days=30)
    )
    week.kind_combo.setCurrentIndex(week.kind_combo.findData("responses"))
    week.age_combo.setCurrentIndex(week.age_combo.findData(30))
    week.partner_edit.setText(name[:12])
    shown = [d for g in WeekGroup for d in week.model.items(g)]
    assert 0 < len(shown) < everything
    assert all(d.kind == DeadlineKind.RESPONSE for d in shown)
    assert all(name[:12].casefold() in d.partner_name.casefold() for d in shown)
    assert all(d.due_on >= TODAY - timedelta(days=30) for d in shown)
    older = [
        d
        for d in week.items.deadlines
        if d.kind == DeadlineKind.RESPONSE
        and name[:12].casefold() in d.partner_name.casefold()
        and d.due_on < TODAY - timedelta(days=30)
    ]
    if older:  # the Overdue title says how many it hides
        assert f"; {len(older):,} older hidden)" in group_titles(week)[WeekGroup.OVERDUE]
    close(qtbot, window)

    again = open_window(qtbot, make_desk(), demo_store, 30)
    week = my_week(qtbot, again)
    assert week.current_filter() == WeekFilter("all", "responses", name[:12], 30)
    assert [d for g in WeekGroup for d in week.model.items(g)] == shown
    close(qtbot, again)


def test_mine_and_my_center_follow_the_executive_of_the_settings(
    qtbot: Any, make_desk: Callable[..., Desk], demo_store: Any
) -> None:
    from trusted_trader.services.reference import list_executives
    from trusted_trader.settings import Settings

    with demo_store.uow() as uow:
        me = list_executives(uow)[0]
    window = open_window(qtbot, make_desk(Settings(executive_email=me.email)), demo_store, 30)
    week = my_week(qtbot, window)
    assert week.current_filter().who == "mine"  # with "me" known, the list opens on mine
    mine = [d for g in WeekGroup for d in week.model.items(g)]
    assert mine and all(d.executive_id == me.id for d in mine)
    week.who_combo.setCurrentIndex(week.who_combo.findData("center"))
    center = [d for g in WeekGroup for d in week.model.items(g)]
    assert len(center) >= len(mine) and all(d.center_id == me.center_id for d in center)
    close(qtbot, window)


def test_without_me_mine_cannot_be_chosen(qtbot: Any, demo_window: MainWindow) -> None:
    week = my_week(qtbot, demo_window)
    model: Any = week.who_combo.model()
    assert not model.item(0).isEnabled() and not model.item(1).isEnabled()
    assert week.current_filter().who == "all"


def _answer(fill: Callable[[Any], None]) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        fill(dialog)
        dialog.try_save()  # type: ignore[attr-defined]

    return act


def cf28_selected(qtbot: Any, window: MainWindow) -> tuple[WeekList, int]:
    """My week with a CF-28 due in 3 days added and selected, the list focused."""
    record_id = add_cf28_due_in_3_days(window)
    week = my_week(qtbot, window)
    index = row_of(week, record_id)
    assert index.isValid()
    week.view.setCurrentIndex(index)
    activate(qtbot, window)
    week.view.setFocus()
    return week, record_id


def test_ctrl_d_marks_a_response_received_and_ctrl_z_brings_it_back(
    qtbot: Any, demo_window: MainWindow
) -> None:
    week, record_id = cf28_selected(qtbot, demo_window)
    when_modal(_answer(lambda d: None))
    qtbot.keyClick(week.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: not row_of(week, record_id).isValid(), timeout=10000)
    demo_window.desk.undo_stack.undo()
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: row_of(week, record_id).isValid(), timeout=10000)


def test_reschedule_with_a_reason_moves_the_item_and_the_reason_shows_in_history(
    qtbot: Any, demo_window: MainWindow
) -> None:
    week, record_id = cf28_selected(qtbot, demo_window)
    new_due = TODAY + timedelta(days=20)

    def fill(dialog: RescheduleDialog) -> None:
        assert isinstance(dialog, RescheduleDialog)
        dialog.date_edit.setDate(new_due)
        dialog.reason_edit.setPlainText("CBP granted the broker an extension")

    when_modal(_answer(fill))
    qtbot.keyClick(week.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: _item(week, record_id).due_on == new_due, timeout=10000)
    assert week_group(_item(week, record_id), TODAY) == WeekGroup.NEXT_30_DAYS
    demo_window.open_partner(_item(week, record_id).partner_id)
    history = demo_window.workspace.history
    demo_window.workspace.show_tab("history")
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=10000)
    texts = [history.model.index(r, 4).data() for r in range(history.model.rowCount())]
    assert any("CBP granted the broker an extension" in t for t in texts)


def _item(week: WeekList, record_id: int) -> Deadline:
    found = week.model.record(row_of(week, record_id))
    assert found is not None
    return found


def test_enter_opens_the_touch_point_in_the_partner_workspace(
    qtbot: Any, demo_window: MainWindow
) -> None:
    week, _record_id = cf28_selected(qtbot, demo_window)
    qtbot.keyClick(week.view, Qt.Key.Key_Return)
    settle(qtbot, demo_window.desk)
    assert demo_window.current_partner_id() == first_partner_id(demo_window)
    assert demo_window.workspace.tabs.currentWidget() is demo_window.workspace.touch_points


def test_the_context_menu_offers_open_done_and_reschedule(
    qtbot: Any, demo_window: MainWindow
) -> None:
    week = my_week(qtbot, demo_window)
    week.view.setCurrentIndex(week.model.index(week.model.title_row(WeekGroup.OVERDUE) + 1, 0))
    texts = [a.text() for a in (week.open_action, week.done_action, week.move_action)]
    assert texts == ["&Open", "Mark &done…", "&Reschedule…"]
    assert week.done_action.shortcut().toString() == "Ctrl+D"
    assert week.move_action.shortcut().toString() == "Ctrl+R"


def _on_screen(week: WeekList, record_id: int) -> bool:
    """The row is inside the list's visible area, without scrolling."""
    index = row_of(week, record_id)
    rect = week.view.visualRect(index)
    return index.isValid() and rect.isValid() and week.view.viewport().rect().contains(rect)


@pytest.fixture
def bigger_demo(tmp_path: Path) -> Iterator[Any]:
    """A demo database of 150 partners: well over a hundred overdue items."""
    from trusted_trader.services.demo import DemoSpec, load_demo
    from trusted_trader.services.store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'journey.sqlite'}", actor="tester@cbp.dhs.gov")
    with opened.uow() as uow:
        load_demo(uow, DemoSpec(partners=150, touch_points=15000, last_month=DEMO_LAST_MONTH))
        uow.commit()
    yield opened
    opened.close()


def test_journey_a_cf28_due_in_3_days_is_on_the_first_screen_and_leaves_when_received(
    qtbot: Any, make_desk: Callable[..., Desk], bigger_demo: Any
) -> None:
    """Journey (2): this week's deadline is seen first though 100+ items are overdue."""
    demo_window = open_window(qtbot, make_desk(), bigger_demo, 150)
    record_id = add_cf28_due_in_3_days(demo_window)
    seen_first: list[bool] = []
    week: WeekList = demo_window.page("my_week").week_list  # type: ignore[attr-defined]
    # the first screen is the quick read's: the item must be on it already
    week.model.modelReset.connect(lambda: seen_first.append(_on_screen(week, record_id)))
    week = my_week(qtbot, demo_window)
    assert seen_first and seen_first[0]
    assert week.model.count(WeekGroup.OVERDUE) >= 100
    assert _on_screen(week, record_id)
    index = row_of(week, record_id)
    assert week.model.index(index.row(), 1).data() == "Due soon: in 3 days"
    week.view.setCurrentIndex(index)
    dialogs: list[MarkDoneDialog] = []
    when_modal(_answer(lambda d: dialogs.append(d)))
    week.done_action.trigger()
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: not row_of(week, record_id).isValid(), timeout=10000)
    assert dialogs and dialogs[0].date_edit.date().toPython() == TODAY
    assert dialogs[0].date_edit.maximumDate().toPython() == TODAY  # never done tomorrow
    close(qtbot, demo_window)


@pytest.mark.parametrize("key", ["dashboard/week"])
def test_the_dashboard_shows_the_same_list(qtbot: Any, demo_window: MainWindow, key: str) -> None:
    demo_window.show_page("dashboard")
    week: WeekList = demo_window.page("dashboard").week_list  # type: ignore[attr-defined]
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: week.items is not None and week.items.complete, timeout=10000)
    assert group_titles(week)[0].startswith("▾ This week")
    assert week._key == key


def test_a_date_before_the_touch_point_is_refused_in_the_dialog(
    qtbot: Any, demo_window: MainWindow
) -> None:
    record_id = add_cf28_due_in_3_days(demo_window)
    week = my_week(qtbot, demo_window)
    dialog = RescheduleDialog(demo_window.desk, _item(week, record_id), demo_window)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(date(2020, 1, 1))
    dialog.reason_edit.setPlainText("typo")
    dialog.try_save()
    assert "before the touch point" in dialog.error_label.text()


def test_print_previews_a_one_page_agenda_of_the_list_as_filtered(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from tests.reports.pdf_geometry import pdf_pages, pdftotext
    from trusted_trader.gui.dialogs.report_preview import ReportPreviewDialog

    week, record_id = cf28_selected(qtbot, demo_window)
    name = _item(week, record_id).partner_name
    week.kind_combo.setCurrentIndex(week.kind_combo.findData("responses"))
    seen: list[QWidget] = []
    when_modal(lambda dialog: (seen.append(dialog), dialog.close()))
    demo_window.page("my_week").print_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert isinstance(seen[0], ReportPreviewDialog)
    assert len(pdf_pages(seen[0]._pdf_bytes)) == 1
    text = pdftotext(seen[0]._pdf_bytes)
    assert "All partners, responses" in text and name in text


def test_undo_of_a_row_changed_again_since_says_so_and_keeps_the_other_change(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.gui.undo import change_deadline
    from trusted_trader.services.deadline_actions import mark_done
    from trusted_trader.services.touch_points import TouchPointInput, update_touch_point

    week, record_id = cf28_selected(qtbot, demo_window)
    item = _item(week, record_id)
    desk = demo_window.desk
    change_deadline(desk, lambda uow: mark_done(uow, item, TODAY))
    with desk.uow() as uow:  # meanwhile a colleague reopens it (no closing date)
        update_touch_point(uow, record_id, TouchPointInput(TODAY - timedelta(days=27), "cf28"))
        uow.commit()
    said: list[str] = []
    desk.status_message.connect(said.append)
    desk.undo_stack.undo()
    assert any("not undone" in text for text in said)
    settle(qtbot, desk)
    qtbot.waitUntil(lambda: row_of(week, record_id).isValid(), timeout=10000)


def test_the_overdue_title_counts_the_rows_its_age_filter_hides(qtbot: Any) -> None:
    from trusted_trader.gui.models.week import WeekModel
    from trusted_trader.services.deadlines import WeekItems

    def late(days: int) -> Deadline:
        due = TODAY - timedelta(days=days)
        return Deadline(DeadlineKind.ACTION_ITEM, due, f"{days} days late", 1, "A", "t", days)

    model = WeekModel(lambda: TODAY, 30)
    model.set_items(WeekItems([late(100), late(40), late(5)], None, None))
    model.set_filter(WeekFilter(overdue_days=30))
    title = model.index(model.title_row(WeekGroup.OVERDUE), 0).data()
    assert title == "▾ Overdue (1; 2 older hidden)"
    assert [d.title for d in model.items(WeekGroup.OVERDUE)] == ["5 days late"]


def test_before_the_whole_list_is_read_the_titles_say_what_is_still_counted(qtbot: Any) -> None:
    from trusted_trader.gui.models.week import WeekModel
    from trusted_trader.services.deadlines import WeekItems

    soon = Deadline(DeadlineKind.RESPONSE, TODAY + timedelta(days=2), "CF-28", 1, "A", "t", 1)
    model = WeekModel(lambda: TODAY, 30)
    model.set_items(WeekItems([soon], None, None, complete=False))
    titles = [model.index(model.title_row(g), 0).data() for g in WeekGroup]
    assert titles == [
        "▾ This week (1 so far)",
        "▾ Next 30 days (0 so far)",
        "▾ Overdue (counting…)",
        "▾ Later (counting…)",
    ]


def test_after_mark_done_the_next_item_is_selected_in_place(
    qtbot: Any, demo_window: MainWindow
) -> None:
    week, record_id = cf28_selected(qtbot, demo_window)
    row = week.view.currentIndex().row()
    following = week.model.record(week.model.index(row + 1, 0))
    assert following is not None
    when_modal(_answer(lambda d: None))
    qtbot.keyClick(week.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, demo_window.desk)
    qtbot.waitUntil(lambda: not row_of(week, record_id).isValid(), timeout=10000)
    qtbot.waitUntil(lambda: week.items is not None and week.items.complete, timeout=10000)
    assert week.current() == following
