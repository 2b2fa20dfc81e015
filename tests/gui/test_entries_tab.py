"""The Entries tab: a partner's imported entries counted, filtered, paged, deleted and undone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import settle
from tests.gui.test_record_editing import say_yes, workspace_at
from tests.services.test_entries import derived, entry_row, write_entries
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.qt_dates import qdate
from trusted_trader.gui.workspace.entries_tab import EMPTY_TEXT, EntriesTab

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def entries_tab(qtbot: Any, window: MainWindow, partner_id: int) -> EntriesTab:
    return workspace_at(qtbot, window, partner_id, "entries").entries


def shown(tab: EntriesTab) -> list[str]:
    model = tab.model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def many(partner_id: int, count: int) -> list[dict[str, object]]:
    """``count`` entries over twelve months of 2025 and two ports."""
    return [
        entry_row(partner_id, n, date(2025, 1 + n % 12, 1 + n % 28), "2704" if n % 3 else "3901")
        for n in range(1, count + 1)
    ]


def test_the_tab_follows_volume_and_says_how_entries_come_in_when_there_are_none(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    tab = entries_tab(qtbot, empty_window, acme_id)
    tabs = empty_window.workspace.tabs
    assert tabs.tabText(tabs.indexOf(tab)) == "Entries"
    assert tabs.indexOf(tab) == tabs.indexOf(empty_window.workspace.volume) + 1
    assert tab.empty_label.isVisible() and not tab.table_view.isVisible()
    assert "File → Import… → Entries" in EMPTY_TEXT
    assert "trusted-trader import entries FILE" in tab.empty_label.text()
    assert tab.count_label.text() == "0 entries"


def test_entries_show_their_columns_newest_first_with_a_count(
    qtbot: Any, empty_window: MainWindow, acme_id: int, qtmodeltester: Any
) -> None:
    write_entries(
        empty_window.desk.store,
        acme_id,
        [
            entry_row(acme_id, 1, date(2026, 1, 5), value=1200.5, hts="8471300100 9403200000"),
            entry_row(acme_id, 2, date(2026, 2, 3), port="3901"),
        ],
    )
    tab = entries_tab(qtbot, empty_window, acme_id)
    assert tab.count_label.text() == "2 entries"
    assert not tab.empty_label.isVisible()
    model = tab.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == ["Entry number", "Entry date", "Summary date", "Port", "Filer", "Lines",
                      "Entered value (USD)", "HTS numbers"]  # fmt: skip
    newest, older = (
        [str(model.index(r, c).data()) for c in range(model.columnCount())] for r in (0, 1)
    )
    assert newest[3] == "3901"
    assert older[1:] == ["2026-01-05", "", "2704", "ACM", "2", "1,200.50",
                         "8471.30.0100, 9403.20.0000"]  # fmt: skip
    qtmodeltester.check(model)


def test_thousands_of_entries_are_read_a_page_at_a_time_and_filtered_by_the_database(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    write_entries(empty_window.desk.store, acme_id, many(acme_id, 1204))
    tab = entries_tab(qtbot, empty_window, acme_id)
    assert tab.count_label.text() == "1,204 entries"
    assert tab.model.rowCount() == 200  # one page; the rest as the view scrolls
    tab.table_view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 200)
    tab.port_combo.setCurrentIndex(tab.port_combo.findData("3901"))
    assert tab.count_label.text() == "401 entries"
    tab.port_combo.setCurrentIndex(0)
    tab.months_check_box.setChecked(True)
    tab.from_month.setDate(qdate(date(2025, 3, 1)))
    tab.to_month.setDate(qdate(date(2025, 4, 1)))
    in_march_or_april = sum(1 for n in range(1, 1205) if n % 12 in (2, 3))
    assert tab.count_label.text() == f"{in_march_or_april:,} entries"
    tab.months_check_box.setChecked(False)
    number = entry_row(acme_id, 777, None)["entry_number"]
    tab.search_line_edit.setText(str(number).replace("-", ""))
    qtbot.waitUntil(lambda: tab.count_label.text() == "1 entry")
    assert shown(tab) == [number]


def test_a_header_click_sorts_in_the_database(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    write_entries(empty_window.desk.store, acme_id, many(acme_id, 450))
    tab = entries_tab(qtbot, empty_window, acme_id)
    tab.table_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    first = shown(tab)[0]
    assert first == entry_row(acme_id, 1, None)["entry_number"]
    tab.table_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown(tab)[0] == entry_row(acme_id, 450, None)["entry_number"]  # not just page one


def test_delete_asks_then_ctrl_z_brings_the_entry_and_its_volume_back(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: Any = empty_window.desk.store
    write_entries(store, acme_id, [entry_row(acme_id, n, date(2026, 1, 4 + n)) for n in (1, 2)])
    tab = entries_tab(qtbot, empty_window, acme_id)
    tab.table_view.selectRow(0)
    doomed = tab.model.record(0)
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Cancel)
    tab.delete_button.click()
    assert tab.count_label.text() == "2 entries"
    say_yes(monkeypatch)
    qtbot.keyClick(tab.table_view, Qt.Key.Key_Delete)
    settle(qtbot, empty_window.desk)
    assert tab.count_label.text() == "1 entry"
    assert doomed.entry_number not in shown(tab)
    assert derived(store, acme_id) == {JAN: 1}
    assert empty_window.desk.undo_stack.undoText() == f"Delete entry {doomed.entry_number}"
    empty_window.desk.undo_stack.undo()
    settle(qtbot, empty_window.desk)
    assert tab.count_label.text() == "2 entries"
    assert derived(store, acme_id) == {JAN: 2}
    empty_window.desk.undo_stack.redo()
    assert derived(store, acme_id) == {JAN: 1}


def test_an_entry_imported_again_since_it_was_shown_is_not_deleted(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import update

    from trusted_trader.store.models import CustomsEntry

    store: Any = empty_window.desk.store
    write_entries(store, acme_id, [entry_row(acme_id, 1, date(2026, 2, 5))])
    tab = entries_tab(qtbot, empty_window, acme_id)
    tab.table_view.selectRow(0)
    with store.uow() as uow:
        uow.connection.execute(update(CustomsEntry).values(version=2, lines=5))
        uow.commit()
    say_yes(monkeypatch)
    tab.delete_selected()
    settle(qtbot, empty_window.desk)
    assert tab.count_label.text() == "1 entry"
    assert tab.model.record(0).lines == 5  # the list shows it as it is now
    assert derived(store, acme_id) == {FEB: 1}
    assert empty_window.desk.undo_stack.count() == 0


def test_a_read_only_partner_shows_its_entries_without_delete(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    store: Any = empty_window.desk.store
    write_entries(store, acme_id, [entry_row(acme_id, 1, date(2026, 2, 5))])
    tab = entries_tab(qtbot, empty_window, acme_id)
    tab.set_read_only(True)
    assert not tab.delete_button.isEnabled()
    tab.table_view.selectRow(0)
    tab.delete_selected()
    assert tab.count_label.text() == "1 entry"
