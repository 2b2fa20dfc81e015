"""The Partners, Touch points and Activities pages on a laptop screen."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models import partners as columns
from trusted_trader.gui.pages.touch_points import (
    DATE,
    KIND,
    OUTCOME,
    PARTNER,
    RESPONSE,
    RESPONSE_DUE,
)
from trusted_trader.gui.style import OVERDUE


def laptop_page(qtbot: Any, window: MainWindow, key: str) -> Any:
    window.resize(1366 - 16, 768 - 40)  # the screen less the window's frame
    window.show_page(key)
    settle(qtbot, window.desk)
    qtbot.wait(50)  # let the layout settle to the new width
    return window.page(key)


def partners_table(qtbot: Any, window: MainWindow) -> Any:
    return laptop_page(qtbot, window, "partners")._table_view


def deadline_in_view(view: Any) -> bool:
    """No sideways scroll, and the whole "Next deadline" column inside the viewport."""
    header = view.horizontalHeader()
    right = header.sectionViewportPosition(columns.NEXT_DEADLINE)
    right += header.sectionSize(columns.NEXT_DEADLINE)
    return bool(view.horizontalScrollBar().maximum() == 0 and 0 < right <= view.viewport().width())


def test_the_partners_table_fits_1366_pixels_with_the_next_deadline_shown(
    qtbot: Any, demo_window: MainWindow
) -> None:
    view = partners_table(qtbot, demo_window)
    header = view.horizontalHeader()
    assert deadline_in_view(view)
    assert not any(header.isSectionHidden(c) for c in range(header.count()))  # none gave way
    assert header.sectionSize(columns.NAME) >= 150  # a readable name


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


def shown(page: Any, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> list[Any]:
    model = page.model
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def choose(qtbot: Any, page: Any, combo: Any, data: object) -> None:
    """Pick the entry holding ``data`` and wait for the page to reload."""
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)
    settle(qtbot, page.desk)


def sql(window: MainWindow, statement: str) -> Any:
    with window.desk.store.engine.connect() as conn:
        return conn.exec_driver_sql(statement).scalar()


def test_overdue_responses_are_filtered_and_say_overdue_in_words_and_colour(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = laptop_page(qtbot, demo_window, "touch_points")
    choose(qtbot, page, page._response_combo, "overdue")
    overdue = sql(
        demo_window,
        "SELECT count(*) FROM touch_point WHERE closed_on IS NULL AND response_due < '2026-11-16'",
    )
    assert overdue > 0
    assert page.model.total == overdue
    assert page._count_label.text() == f"{overdue:,} touch points match the filter"
    words = shown(page, RESPONSE)
    assert words and all(w.startswith("Overdue by ") for w in words)
    colours = shown(page, RESPONSE_DUE, Qt.ItemDataRole.ForegroundRole)
    assert all(c == OVERDUE for c in colours)


def test_open_responses_and_one_partner_kind_and_outcome_filter_together(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = laptop_page(qtbot, demo_window, "touch_points")
    choose(qtbot, page, page._response_combo, "open")
    assert all(w.startswith(("Overdue", "Open", "Due")) for w in shown(page, RESPONSE))
    choose(qtbot, page, page._response_combo, "")
    partner_id = sql(demo_window, "SELECT min(partner_id) FROM touch_point WHERE kind = 'cf28'")
    choose(qtbot, page, page._partner_combo, partner_id)
    choose(qtbot, page, page._kind_combo, "cf28")
    name = page._partner_combo.currentText()
    assert set(shown(page, PARTNER)) == {name}
    assert set(shown(page, KIND)) == {"CF-28"}
    outcome = sql(
        demo_window,
        f"SELECT outcome FROM touch_point WHERE partner_id = {partner_id} AND kind = 'cf28'",
    )
    choose(qtbot, page, page._outcome_combo, outcome)
    assert len(set(shown(page, OUTCOME))) == 1


def test_a_header_click_sorts_the_whole_list_in_the_database(
    qtbot: Any, demo_window: MainWindow
) -> None:
    page = laptop_page(qtbot, demo_window, "touch_points")
    page.table_view.sortByColumn(PARTNER, Qt.SortOrder.AscendingOrder)
    settle(qtbot, demo_window.desk)
    names = [n.casefold() for n in shown(page, PARTNER)]
    first = sql(
        demo_window,
        "SELECT lower(p.legal_name) FROM touch_point t JOIN partner p ON p.id = t.partner_id "
        "ORDER BY lower(p.legal_name) LIMIT 1",
    )
    assert names[0] == first and names == sorted(names)
    page.table_view.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    settle(qtbot, demo_window.desk)
    oldest = sql(demo_window, "SELECT min(occurred_on) FROM touch_point")
    assert page.model.record(0).occurred_on.isoformat() == oldest
    choose(qtbot, page, page._period_combo, 30)
    assert all((date(2026, 11, 16) - r.occurred_on).days <= 30 for r in page.model.rows())


def grow_activities(window: MainWindow, more_than: int) -> int:
    """Copy the activities until there are more than ``more_than``; returns how many."""
    with window.desk.store.engine.begin() as conn:
        names = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(engagement_activity)")]
        copied = ", ".join(name for name in names if name != "id")
        count = "SELECT count(*) FROM engagement_activity"
        while conn.exec_driver_sql(count).scalar() <= more_than:
            conn.exec_driver_sql(
                f"INSERT INTO engagement_activity ({copied}) "
                f"SELECT {copied} FROM engagement_activity"
            )
    return int(sql(window, "SELECT count(*) FROM engagement_activity"))


def test_the_activities_page_reaches_every_row_past_two_thousand(
    qtbot: Any, demo_window: MainWindow
) -> None:
    total = grow_activities(demo_window, 2000)
    page = laptop_page(qtbot, demo_window, "activities")
    page.reload()
    assert page._count_label.text() == f"{total:,} activities"
    model = page.model
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total > 2000
    page.table_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    names = [model.record(r).partner_name.casefold() for r in range(model.rowCount())]
    assert names == sorted(names)


def test_on_a_narrower_window_low_priority_columns_give_way_and_come_back(
    qtbot: Any, demo_window: MainWindow
) -> None:
    view = partners_table(qtbot, demo_window)
    header = view.horizontalHeader()
    demo_window.resize(1000, 700)
    qtbot.waitUntil(lambda: header.isSectionHidden(columns.CENTER))
    assert deadline_in_view(view)
    demo_window.resize(1366 - 16, 768 - 40)
    qtbot.waitUntil(lambda: not header.isSectionHidden(columns.CENTER))
    assert all(not header.isSectionHidden(c) for c in range(header.count()))


def test_a_long_kind_is_whole_in_its_tooltip(qtbot: Any, demo_window: MainWindow) -> None:
    page = laptop_page(qtbot, demo_window, "touch_points")
    choose(qtbot, page, page._kind_combo, "cf28")
    tip = page.model.index(0, KIND).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "CF-28 — Request for Information"
