"""The plan editor in the real window: dates, long cells, problems at the cell, close, activate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QMessageBox

from tests.gui.conflict_world import ModalHand
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui import qt_dates
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.workspace.plans_tab import PlansTab
from trusted_trader.services import plans
from trusted_trader.services.plans import ActionItemInput, PlanInput

DUE = date(2026, 3, 31)


def make_plan(window: MainWindow, partner_id: int, year: int, status: str = "draft") -> int:
    data = PlanInput(
        MonthRange(date(year, 1, 1), date(year, 12, 1)),
        MonthRange(date(year - 1, 1, 1), date(year - 1, 12, 1)),
        title=f"Plan {year}",
        action_items=[ActionItemInput("Validate the SCSS", owner_name="Ana", due_on=DUE)],
    )
    with window.desk.uow() as uow:
        plan_id = plans.create_plan(uow, partner_id, data).id
        if status != "draft":
            plans.set_plan_status(uow, plan_id, status)
        uow.commit()
    return plan_id


def stored(window: MainWindow, plan_id: int) -> Any:
    with window.desk.uow() as uow:
        return plans.get_plan(uow, plan_id)


def open_plan(qtbot: Any, window: MainWindow, partner_id: int, plan_id: int) -> PlansTab:
    window.open_item(partner_id, "engagement_plan", plan_id)
    tab = window.workspace.plans
    qtbot.waitUntil(lambda: tab.plan is not None and tab.plan.id == plan_id)
    return tab


@pytest.fixture
def us_dates() -> Iterator[None]:
    qt_dates.use_date_style("us")
    yield
    qt_dates.use_date_style("iso")


def test_a_date_cell_shows_the_chosen_style_and_edits_in_a_calendar_popup(
    qtbot: Any, empty_window: MainWindow, acme_id: int, us_dates: None
) -> None:
    tab = open_plan(qtbot, empty_window, acme_id, make_plan(empty_window, acme_id, 2026))
    table = tab.editor.action_items.table
    assert table.item(0, 3).text() == "03/31/2026"
    table.editItem(table.item(0, 3))
    editor = table.viewport().findChild(QDateEdit)
    assert editor is not None and editor.calendarPopup() and editor.accessibleName() == "Due"
    assert editor.displayFormat() == "MM/dd/yyyy" and editor.date() == QDate(2026, 3, 31)
    editor.setDate(QDate(2026, 4, 15))
    table.commitData(editor)
    table.closeEditor(editor, table.itemDelegate().EndEditHint.NoHint)
    assert table.item(0, 3).text() == "04/15/2026"
    table.item(0, 5).setText("2026-05-02")  # ISO is always read as well
    data = tab.editor.plan_input()
    assert (data.action_items[0].due_on, data.action_items[0].completed_on) == (
        date(2026, 4, 15),
        date(2026, 5, 2),
    )


def test_long_owner_and_notes_wrap_the_row_taller_and_show_whole_in_a_tooltip(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    tab = open_plan(qtbot, empty_window, acme_id, make_plan(empty_window, acme_id, 2026))
    table = tab.editor.action_items.table
    before = table.rowHeight(0)
    owner = "Maria Fernanda de los Santos, Director of Trade Compliance and Customs"
    table.item(0, 2).setText(owner)
    assert table.rowHeight(0) > before
    assert table.item(0, 2).toolTip() == owner
    risks = tab.editor.risks.table
    notes = "Two seizures at the Laredo crossing in May; seal checks were not logged " * 2
    risks.item(0, 2).setText(notes)
    assert risks.item(0, 2).toolTip() == notes
    assert risks.rowHeight(0) > before
    grid_height = sum(risks.rowHeight(r) for r in range(risks.rowCount()))
    assert risks.height() >= grid_height  # the grid grows with its rows: nothing is cut off


def test_a_cells_problem_shows_at_the_cell_and_in_the_save_buttons_tooltip(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    tab = open_plan(qtbot, empty_window, acme_id, make_plan(empty_window, acme_id, 2026))
    cell = tab.editor.action_items.table.item(0, 3)
    cell.setText("31.3.26")
    assert "Due must be a date like 2026-03-31" in cell.toolTip()
    assert cell.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert not tab.save_button.isEnabled()
    assert "row 1, due must be a date" in tab.save_button.toolTip()
    cell.setText("2026-04-01")
    assert tab.save_button.isEnabled()
    assert cell.toolTip() == "2026-04-01"
    assert tab.save_button.toolTip() == "Save the plan (Ctrl+Enter)"


def test_closing_a_plan_asks_first_and_undo_reopens_it_as_a_new_revision(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    plan_id = make_plan(empty_window, acme_id, 2026, "active")
    tab = open_plan(qtbot, empty_window, acme_id, plan_id)
    revision = stored(empty_window, plan_id).revision
    hand = ModalHand("Cancel", kind=QMessageBox)
    tab.close_button.click()
    assert hand.seen and stored(empty_window, plan_id).status == "active"
    hand = ModalHand("Close plan", kind=QMessageBox)
    tab.close_button.click()
    assert hand.seen and stored(empty_window, plan_id).status == "closed"
    empty_window.desk.undo_stack.undo()
    reopened = stored(empty_window, plan_id)
    assert (reopened.status, reopened.revision) == ("active", revision + 1)
    qtbot.waitUntil(lambda: tab.plan is not None and tab.plan.status == "active")
    assert tab.save_button.isEnabled()
    empty_window.desk.undo_stack.redo()
    assert stored(empty_window, plan_id).status == "closed"


@pytest.mark.parametrize(
    ("answer", "closes_the_other"), [("Close it and activate", True), ("Cancel", False)]
)
def test_activating_a_plan_while_another_is_active_asks_to_close_the_other(
    qtbot: Any, empty_window: MainWindow, acme_id: int, answer: str, closes_the_other: bool
) -> None:
    active = make_plan(empty_window, acme_id, 2025, "active")
    draft = make_plan(empty_window, acme_id, 2026)
    tab = open_plan(qtbot, empty_window, acme_id, draft)
    hand = ModalHand(answer, kind=QMessageBox)
    tab.activate_button.click()
    assert hand.seen and "Plan 2025" in hand.seen[0].text()
    statuses = (stored(empty_window, active).status, stored(empty_window, draft).status)
    assert statuses == (("closed", "active") if closes_the_other else ("active", "draft"))


def test_activating_the_only_plan_asks_nothing(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    draft = make_plan(empty_window, acme_id, 2026)
    tab = open_plan(qtbot, empty_window, acme_id, draft)
    tab.activate_button.click()
    assert stored(empty_window, draft).status == "active"


def test_double_click_on_the_engagement_plans_page_opens_that_plan_not_the_newest(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    older = make_plan(empty_window, acme_id, 2024)
    make_plan(empty_window, acme_id, 2026)
    empty_window.show_page("plans")
    page = empty_window._pages["plans"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    [row] = [r for r in range(2) if page.model.record(r).plan_id == older]
    view = page.table_view
    center = view.visualRect(page.model.index(row, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    tab = empty_window.workspace.plans
    qtbot.waitUntil(lambda: tab.plan is not None)
    assert tab.plan is not None and tab.plan.id == older
    assert tab.plan_list.currentItem().text().startswith("Plan 2024")


def test_undoing_a_close_after_another_plan_became_active_brings_it_back_as_a_draft(
    qtbot: Any, empty_window: MainWindow, acme_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trusted_trader.gui.workspace.plan_status.ask", lambda *_a: True)
    closed = make_plan(empty_window, acme_id, 2025, "active")
    tab = open_plan(qtbot, empty_window, acme_id, closed)
    tab.close_button.click()
    newer = make_plan(empty_window, acme_id, 2026, "active")
    empty_window.desk.undo_stack.undo()
    assert stored(empty_window, closed).status == "draft"
    assert stored(empty_window, newer).status == "active"
