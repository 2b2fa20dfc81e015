"""Careless and hostile objectives: impossible targets, no volume, no exams, typed nonsense."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from trusted_trader.domain.measures import compliance_target_in_words, reduction_in_words
from trusted_trader.domain.objective_proof import COMPLIANCE, TOUCH_POINTS, Evidence, judge
from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.workspace import objective_measures as cells
from trusted_trader.gui.workspace.objective_measures import EditedPlanDates, ObjectivesGrid

PLAN = MonthRange(date(2026, 1, 1), date(2026, 12, 1))
BASELINE = MonthRange(date(2025, 1, 1), date(2025, 12, 1))
TODAY = date(2026, 11, 28)
# 120 exams in 12,000 entries (10 per 1,000), then 40 in 10,000 (4 per 1,000).
BUSY = Evidence(TOUCH_POINTS, 120, 12_000, 40, 10_000, 1000.0, PLAN)
NO_VOLUME = Evidence(TOUCH_POINTS, 5, 0, 3, 0, 0.0, PLAN)
NO_BASELINE = Evidence(TOUCH_POINTS, 0, 12_000, 4, 10_000, 1000.0, PLAN)
# 108 of 120 exams clean, then 40 of 40.
CLEAN = Evidence(COMPLIANCE, 108, 120, 40, 40, 5.0, PLAN)
NO_EXAMS = Evidence(COMPLIANCE, 0, 0, 0, 0, 0.0, PLAN)
CHANCE = "Met, but not yet distinguishable from chance"


@pytest.mark.parametrize(
    ("evidence", "target", "result", "provable"),
    [
        (BUSY, 0.0, "Not met", "at this volume, a 100% fall would be provable by January 2026"),
        (BUSY, 10.0, "Met, statistically clear", "nothing to prove: the target is no fall"),
        (BUSY, 100.0, "Met, statistically clear", "nothing to prove: the target is no fall"),
        (BUSY, -5.0, "Not met", "not provable: a rate per 1,000 entries is never negative"),
        (BUSY, float("nan"), "—", "no target to prove"),
        (BUSY, float("inf"), "—", "no target to prove"),
        (NO_VOLUME, 1.0, "—", "not provable within the plan: no entry volume on record"),
        (NO_BASELINE, 1.0, CHANCE, "not provable: no touch points in the baseline"),
        (CLEAN, 0.0, "Met, statistically clear", "nothing to prove: any compliance rate"),
        (CLEAN, 100.0, CHANCE, "not provable: an exact"),
        (CLEAN, 1000.0, "Not met", "not provable: a compliance rate is never above 100%"),
        (CLEAN, -3.0, "Met, statistically clear", "not provable: a compliance rate is never"),
        (NO_EXAMS, 97.0, "—", "not provable within the plan: no exams on record"),
    ],
)
def test_impossible_targets_and_missing_volume_are_said_in_words(
    evidence: Evidence, target: float, result: str, provable: str
) -> None:
    judged = judge(evidence, target)
    assert judged.result == result
    assert judged.provable.startswith(provable)
    assert judged.result != "Met"  # never a plain "Met"


@pytest.mark.parametrize(
    ("words", "reduction", "level"),
    [
        ("CF-28 rate down 1000%", None, None),
        ("Compliance rate at least 1000%", None, None),
        ("Compliance rate at least 0%", None, 0.0),
        ("Compliance rate at least -5%", None, None),
        ("down 0%", 0.0, None),
    ],
)
def test_targets_read_from_words_refuse_impossible_percentages(
    words: str, reduction: float | None, level: float | None
) -> None:
    assert reduction_in_words(words) == reduction
    assert compliance_target_in_words(words) == level


@pytest.fixture
def grid(qtbot: Any) -> Iterator[ObjectivesGrid]:
    """An objectives grid in a window of its own, kept alive until the test ends."""
    parent = QWidget()
    qtbot.addWidget(parent)
    dates = EditedPlanDates(
        date(2026, 1, 1), date(2026, 12, 1), date(2025, 1, 1), date(2025, 12, 1)
    )
    yield ObjectivesGrid(parent, lambda: dates)


@pytest.mark.parametrize(
    ("measure", "column", "typed", "message"),
    [
        (
            "compliance",
            cells.TARGET,
            "1000",
            "target: a compliance rate is a percentage, at most 100",
        ),
        ("compliance", cells.TARGET, "-1", "target: a compliance rate is never negative"),
        ("compliance", cells.BASELINE, "101", "baseline: a compliance rate is a percentage"),
        ("rate:cf28", cells.TARGET, "-0.1", "target: a rate per 1,000 entries is never negative"),
    ],
)
def test_impossible_objective_values_block_saving_with_a_message(
    grid: ObjectivesGrid, measure: str, column: int, typed: str, message: str
) -> None:
    row = grid.add_row(["An objective", measure, None, None])
    grid.table.item(row, column).setText(typed)  # type: ignore[union-attr]
    assert any(message in problem for problem in grid.problems())


def test_a_compliance_row_proposes_no_target_from_a_typed_fall(grid: ObjectivesGrid) -> None:
    row = grid.add_row(["Compliance up", "compliance", 90.0, None])
    grid.table.item(row, cells.DOWN_BY).setText("30")  # type: ignore[union-attr]
    assert grid.table.item(row, cells.TARGET).text() == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("measure", "target", "provable"),
    [
        ("rate:cf28", 0.0, "not provable within the plan: no entry volume on record"),
        ("rate", 100.0, "not provable within the plan: no entry volume on record"),
        ("rate", 1000.0, "not provable within the plan: no entry volume on record"),
        ("compliance", 97.0, "not provable within the plan: no exams on record"),
        ("compliance", 100.0, "not provable: an exact 100% can never be shown from a sample"),
        ("compliance", 0.0, "nothing to prove: any compliance rate is at least 0%"),
    ],
)
def test_a_partner_without_volume_or_exams_gets_no_result_and_says_why(
    store: Any, measure: str, target: float, provable: str
) -> None:
    from trusted_trader.services import analytics, partners, plans
    from trusted_trader.services.partners import PartnerInput
    from trusted_trader.services.plans import ObjectiveInput, PlanInput

    with store.uow() as uow:
        partner = partners.create_partner(
            uow, PartnerInput(legal_name="Quiet Imports", ior_numbers="77-7654321AB")
        )
        objective = ObjectiveInput("An objective", measure, None, target)
        plan = plans.create_plan(uow, partner.id, PlanInput(PLAN, BASELINE, objectives=[objective]))
        uow.commit()
    with store.uow() as uow:
        found = analytics.measure_objectives(uow, plans.get_plan(uow, plan.id), today=TODAY)
    assert [(m.result, m.provable, m.current_value) for m in found] == [("—", provable, None)]
