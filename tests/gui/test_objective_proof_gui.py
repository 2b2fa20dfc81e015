"""The plan editor says whether a met target is statistically clear and by when it is provable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.gui.conftest import close, open_window, settle
from tests.gui.test_objective_measures_gui import add_objective, cell, choose_measure
from tests.reports.proof_fixtures import add_proof_partner
from trusted_trader.gui.context import Desk
from trusted_trader.gui.workspace.objective_measures import (
    BASELINE,
    MET,
    NOW,
    PROVABLE,
    TARGET,
    ObjectivesGrid,
)

COMPLIANCE = "Compliance rate (clean share of examined entries)"


@pytest.fixture
def proof_grid(qtbot: Any, make_desk: Callable[..., Desk], store: Any) -> Iterator[ObjectivesGrid]:
    """The plan editor's objectives of a partner whose results are known (proof_fixtures)."""
    proof = add_proof_partner(store)
    window = open_window(qtbot, make_desk(), store, 1)
    window.open_partner(proof.partner_id)
    window.workspace.show_tab("plans")
    settle(qtbot, window.desk)
    yield window.workspace.plans.editor.objectives
    close(qtbot, window)


def tip(grid: ObjectivesGrid, row: int, column: int) -> str:
    item = grid.table.item(row, column)
    return item.toolTip() if item else ""


def test_each_objective_shows_whether_met_clearly_and_by_when_it_is_provable(
    proof_grid: ObjectivesGrid,
) -> None:
    grid = proof_grid
    assert [cell(grid, row, MET) for row in range(4)] == [
        "met, not yet clear",  # 2 CF-28s, then 1: met, but chance could give it
        "met, clear",
        "met, not yet clear",  # 40 of 40 exams clean cannot yet show 97%
        "met, clear",
    ]
    assert [cell(grid, row, PROVABLE) for row in range(4)] == [
        "no",
        "by Mar 2026",
        "no",
        "by Apr 2026",
    ]
    assert tip(grid, 0, MET).startswith("Met, but not yet distinguishable from chance.")
    assert tip(grid, 0, PROVABLE) == "Not provable within the plan: too few entries."
    assert tip(grid, 1, PROVABLE) == "At this volume, a 50% fall would be provable by March 2026."
    assert tip(grid, 3, PROVABLE) == (
        "At this volume, compliance of at least 85% would be provable by April 2026."
    )


def test_a_compliance_objective_typed_in_the_editor_is_measured_and_judged(
    qtbot: Any, proof_grid: ObjectivesGrid
) -> None:
    grid = proof_grid
    row = add_objective(qtbot, grid, "Compliance rate at least 99%")
    choose_measure(qtbot, grid, row, COMPLIANCE)
    assert (cell(grid, row, BASELINE), cell(grid, row, TARGET)) == ("90", "99")
    assert (cell(grid, row, NOW), cell(grid, row, MET)) == ("100.00", "met, not yet clear")
    assert cell(grid, row, PROVABLE) == "no"
    grid.table.item(row, TARGET).setText("120")  # type: ignore[union-attr]
    assert any("a compliance rate is a percentage, at most 100" in p for p in grid.problems())
    grid.table.item(row, TARGET).setText("50")  # type: ignore[union-attr]
    assert not grid.problems()
    assert cell(grid, row, MET) == "met, clear"
    assert cell(grid, row, PROVABLE) == "by Jan 2026"
