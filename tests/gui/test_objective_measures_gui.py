"""Objectives that measure themselves: a measure from the list, baseline from data, in the PDF."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox

from tests.gui.conftest import TODAY, settle
from tests.gui.test_flows import when_modal
from tests.reports.pdf_geometry import pdftotext
from trusted_trader.domain.periods import plan_comparison
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.workspace.objective_measures import (
    BASELINE,
    DESCRIPTION,
    DOWN_BY,
    MEASURE,
    MET,
    NOW,
    TARGET,
    ObjectivesGrid,
)
from trusted_trader.services.records import PlanRecord

CF28 = "CF-28 per 1,000 entries"
WORDS = "Requests for information down 30%"


def partner_with_cf28(window: MainWindow) -> tuple[int, PlanRecord, float, float]:
    """A partner whose running plan has CF-28s in its baseline: (id, plan, baseline, now)."""
    from trusted_trader.services.analytics import comparison_plan, measure_now
    from trusted_trader.services.partners import list_partners

    with window.desk.uow() as uow:
        for partner in list_partners(uow):
            plan = comparison_plan(uow, partner.id)
            if plan is None or not plan_comparison(plan, TODAY).measurable:
                continue
            found = measure_now(uow, partner.id, "rate:cf28", plan, TODAY)
            if found.baseline and found.current is not None:
                return partner.id, plan, found.baseline, found.current
    raise AssertionError("no demo partner has CF-28s in a running plan's baseline")


def choose_measure(qtbot: Any, grid: ObjectivesGrid, row: int, label: str) -> None:
    """Pick a measure as a user does: open the cell's list, choose, press Enter."""
    index = grid.table.model().index(row, MEASURE)
    grid.table.setCurrentIndex(index)  # opens the list: the grid edits on any trigger
    combo = next(c for c in grid.table.viewport().findChildren(QComboBox) if c.isVisible())
    assert label in [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(combo.findText(label))
    grid.table.commitData(combo)
    grid.table.closeEditor(combo, QAbstractItemDelegate.EndEditHint.NoHint)


@pytest.fixture
def plan_grid(qtbot: Any, demo_window: MainWindow) -> tuple[int, float, float, ObjectivesGrid]:
    partner_id, _plan, baseline, now = partner_with_cf28(demo_window)
    demo_window.open_partner(partner_id)
    demo_window.workspace.show_tab("plans")
    settle(qtbot, demo_window.desk)
    return partner_id, baseline, now, demo_window.workspace.plans.editor.objectives


def add_objective(qtbot: Any, grid: ObjectivesGrid, words: str) -> int:
    qtbot.mouseClick(grid.add_button, Qt.MouseButton.LeftButton)
    row = grid.table.rowCount() - 1
    grid.table.item(row, DESCRIPTION).setText(words)  # type: ignore[union-attr]
    return row


def cell(grid: ObjectivesGrid, row: int, column: int) -> str:
    item = grid.table.item(row, column)
    return item.text() if item else ""


def test_a_new_cf28_objective_gets_its_baseline_from_data_and_prints_in_the_plan(
    qtbot: Any, demo_window: MainWindow, plan_grid: tuple[int, float, float, ObjectivesGrid]
) -> None:
    from trusted_trader.gui import actions, window_menus

    _partner_id, baseline, now, grid = plan_grid
    row = add_objective(qtbot, grid, WORDS)
    choose_measure(qtbot, grid, row, CF28)
    target = round(round(baseline, 2) * 0.7, 2)
    assert cell(grid, row, BASELINE) == f"{round(baseline, 2):g}"
    assert cell(grid, row, TARGET) == f"{target:g}"
    assert cell(grid, row, NOW) == f"{now:,.2f}"
    met = {"met, clear", "met, not yet clear"} if now <= target else {"not met"}
    assert cell(grid, row, MET) in met
    plans = demo_window.workspace.plans
    assert plans.save_button.isEnabled(), grid.problem_label.text()
    qtbot.mouseClick(plans.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, demo_window.desk)
    saved = [o for o in plans.plan.objectives if o.description == WORDS]
    assert [(o.measure, o.target_value) for o in saved] == [("rate:cf28", target)]
    pdfs: list[bytes] = []

    def keep(dialog: Any) -> None:
        pdfs.append(dialog._pdf_bytes)
        dialog.reject()

    when_modal(keep)
    actions.print_report(
        demo_window.desk,
        demo_window,
        actions.REPORTS[0],
        lambda: window_menus._report_target(demo_window),
    )
    qtbot.waitUntil(lambda: bool(pdfs), timeout=20000)
    text = " ".join(pdftotext(pdfs[0]).split())
    assert f"{WORDS} {CF28} {baseline:,.2f} {target:,.2f}" in text


def test_a_typed_percentage_proposes_the_target_and_both_stay_editable(
    qtbot: Any, plan_grid: tuple[int, float, float, ObjectivesGrid]
) -> None:
    _partner_id, baseline, _now, grid = plan_grid
    row = add_objective(qtbot, grid, "Fewer requests for information")
    choose_measure(qtbot, grid, row, CF28)
    assert cell(grid, row, TARGET) == ""  # no "down N%" in the words, none typed
    grid.table.item(row, DOWN_BY).setText("50")  # type: ignore[union-attr]
    assert cell(grid, row, TARGET) == f"{round(round(baseline, 2) * 0.5, 2):g}"
    grid.table.item(row, TARGET).setText("0.5")  # type: ignore[union-attr]
    grid.table.item(row, BASELINE).setText("9")  # type: ignore[union-attr]
    assert cell(grid, row, BASELINE) == "9"
    assert cell(grid, row, TARGET) == "4.5"


def test_a_typed_measure_stored_earlier_is_shown_as_not_measurable(
    qtbot: Any, plan_grid: tuple[int, float, float, ObjectivesGrid]
) -> None:
    _partner_id, _baseline, _now, grid = plan_grid
    row = grid.add_row(["Fewer holds", "CF-28 rate", None, None])
    grid.measure_rows()
    assert cell(grid, row, MEASURE) == "CF-28 rate"
    assert cell(grid, row, MET) == "not measurable"
    assert not grid.problems()  # a message, not a refusal: the plan still saves
    assert "'CF-28 rate' is not one the app can measure" in grid.problem_label.text()


def test_a_stored_objective_shows_met_as_the_progress_report_reads_it(
    demo_window: MainWindow, plan_grid: tuple[int, float, float, ObjectivesGrid]
) -> None:
    _partner_id, _baseline, _now, grid = plan_grid
    plan = demo_window.workspace.plans.plan
    assert plan is not None and plan.objectives
    measured = measure_objectives_now(demo_window, plan)
    words = {
        (True, True): "met, clear",
        (True, False): "met, not yet clear",
        (False, False): "not met",
        (False, True): "not met",
    }
    assert any(found.target_met is not None for found in measured)
    for row, found in enumerate(measured):
        assert cell(grid, row, DESCRIPTION) == found.objective.description
        expected = words.get((found.target_met, found.clear))
        if expected is not None:
            assert cell(grid, row, MET) == expected
            assert cell(grid, row, NOW) == f"{found.current_value:,.2f}"


def measure_objectives_now(window: MainWindow, plan: PlanRecord) -> list[Any]:
    from trusted_trader.services.analytics import measure_objectives

    with window.desk.uow() as uow:
        return measure_objectives(uow, plan, today=TODAY)


def test_the_value_now_follows_the_plan_period_as_edited(
    demo_window: MainWindow, plan_grid: tuple[int, float, float, ObjectivesGrid]
) -> None:
    from trusted_trader.gui.qt_dates import qdate
    from trusted_trader.services.analytics import measure_now

    partner_id, _baseline, _now, grid = plan_grid
    editor = demo_window.workspace.plans.editor
    plan = demo_window.workspace.plans.plan
    assert plan is not None
    editor.period_end.setDate(qdate(plan.period_start))  # a one-month plan
    dates = editor.edited_dates()
    assert dates is not None and dates.period_end == dates.period_start
    with demo_window.desk.uow() as uow:
        found = [measure_now(uow, partner_id, o.measure, dates, TODAY) for o in plan.objectives]
    shown = [cell(grid, r, NOW) for r in range(len(plan.objectives))]
    assert shown == [("—" if m.current is None else f"{m.current:,.2f}") for m in found]
    assert shown != [f"{m.current_value:,.2f}" for m in measure_objectives_now(demo_window, plan)]
