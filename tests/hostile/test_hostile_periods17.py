"""Hostile periods and objective targets: reversed, overlapping, far-off years, bad percentages.

Each row is what a careless or hostile user types into the period picker (partner Overview,
progress preview) or an objective's baseline, target and "Down by %" cells; each must be
refused with a message that says why, never compared, saved or crashed on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from trusted_trader.domain.measures import parse_reduction_percent, reduction_in_words
from trusted_trader.domain.periods import (
    MonthRange,
    check_comparison,
    parse_month_range,
)
from trusted_trader.gui.period_picker import PeriodPicker
from trusted_trader.gui.workspace import objective_measures as cells
from trusted_trader.gui.workspace.objective_measures import EditedPlanDates, ObjectivesGrid

TODAY = date(2026, 11, 16)


def months(text: str) -> MonthRange:
    return parse_month_range(text)


# (baseline, current, what the message must say)
PERIOD_CASES = [
    ("2025-01:2025-12", "2024-01:2024-12", "look reversed"),
    ("2025-06:2025-12", "2025-01:2025-09", "look reversed"),
    ("2024-01:2024-12", "2024-07:2025-06", "overlaps the current period"),
    ("2024-01:2024-12", "2024-12:2025-11", "overlaps the current period"),
    ("2024-01:2024-12", "2024-01:2024-12", "overlaps the current period"),
    ("2025-01:2025-12", "2026-01:2026-11", "a month in progress"),
    ("2025-01:2025-12", "2999-01:2999-12", "a month in progress"),
]


@pytest.mark.parametrize(("baseline", "current", "message"), PERIOD_CASES)
def test_custom_periods_that_cannot_be_compared_are_refused_with_a_reason(
    baseline: str, current: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        check_comparison(months(baseline), months(current), TODAY)


@pytest.mark.parametrize(("baseline", "current", "message"), PERIOD_CASES)
def test_the_picker_shows_why_and_offers_no_periods(
    qtbot: Any, baseline: str, current: str, message: str
) -> None:
    picker = PeriodPicker(lambda: TODAY)
    qtbot.addWidget(picker)
    with qtbot.assertNotEmitted(picker.periods_changed):
        picker.set_custom(months(baseline), months(current))
    assert message in picker.problem_label.text()
    assert picker.comparison() is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1899-12:1900-05", "out of range"),
        ("9999-01:9999-12", "out of range"),
        ("1900-13:1901-01", "months run from 01 to 12"),
        ("2025-12:2025-01", "ends (2025-01) before it starts"),
        ("last year", "is not a month"),
    ],
)
def test_typed_periods_outside_the_calendar_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        months(text)


def test_the_first_supported_years_can_still_be_compared(qtbot: Any) -> None:
    picker = PeriodPicker(lambda: TODAY)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.periods_changed):
        picker.set_custom(months("1900-01:1900-12"), months("1901-01:1901-12"))
    assert picker.problem_label.text() == ""
    found = picker.comparison()
    assert found is not None and found.baseline.first == date(1900, 1, 1)


def test_far_future_months_are_held_at_the_last_supported_month(qtbot: Any) -> None:
    picker = PeriodPicker(lambda: TODAY)
    qtbot.addWidget(picker)
    picker.set_custom(months("2025-01:2025-12"), MonthRange(date(2999, 1, 1), date(2999, 12, 1)))
    edits = picker.findChildren(type(picker._edits[0]))
    assert max(e.maximumDate().year() for e in edits) == 2999
    assert "a month in progress" in picker.problem_label.text()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5%", "makes no sense"),
        ("-5", "makes no sense"),
        ("0", "makes no sense"),
        ("150 %", "makes no sense"),
        ("abc", "is not a percentage"),
        ("30%%", "is not a percentage"),
        ("1e400", "makes no sense"),
        ("nan", "makes no sense"),
    ],
)
def test_a_reduction_percentage_that_makes_no_sense_is_refused(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_reduction_percent(typed)


@pytest.mark.parametrize(
    "words", ["CF-28 rate down 150%", "down -5%", "down abc%", "CF-28 rate up 30%", ""]
)
def test_wording_that_asks_no_sensible_reduction_proposes_no_target(words: str) -> None:
    assert reduction_in_words(words) is None


@pytest.fixture
def grid(qtbot: Any) -> Iterator[ObjectivesGrid]:
    """An objectives grid in a window of its own, kept alive until the test ends."""
    parent = QWidget()
    qtbot.addWidget(parent)
    dates = EditedPlanDates(date(2025, 6, 1), date(2026, 5, 1), date(2024, 6, 1), date(2025, 5, 1))
    yield ObjectivesGrid(parent, lambda: dates)


@pytest.mark.parametrize(
    ("column", "typed", "message"),
    [
        (cells.DOWN_BY, "-5%", "down by: a reduction of -5% makes no sense"),
        (cells.DOWN_BY, "abc", "down by: 'abc' is not a percentage"),
        (cells.TARGET, "abc", "target “abc” is not a number"),
        (cells.TARGET, "-5", "target: a rate per 1,000 entries is never negative"),
        (cells.BASELINE, "-0.5", "baseline: a rate per 1,000 entries is never negative"),
        (cells.BASELINE, "12 per 1000", "baseline “12 per 1000” is not a number"),
    ],
)
def test_bad_objective_cells_block_saving_with_a_message(
    grid: ObjectivesGrid, column: int, typed: str, message: str
) -> None:
    row = grid.add_row(["Fewer exams", "rate:exam", 10.0, None])
    grid.table.item(row, column).setText(typed)  # type: ignore[union-attr]
    assert any(message in problem for problem in grid.problems())
    assert message in grid.problem_label.text()


def test_a_bad_percentage_leaves_the_target_as_it_was(grid: ObjectivesGrid) -> None:
    row = grid.add_row(["Fewer exams down 30%", "rate:exam", 10.0, 8.0])
    grid.table.item(row, cells.DOWN_BY).setText("-5%")  # type: ignore[union-attr]
    assert grid.table.item(row, cells.TARGET).text() == "8"  # type: ignore[union-attr]
    grid.table.item(row, cells.DESCRIPTION).setText("Fewer exams down 150%")  # type: ignore[union-attr]
    assert grid.table.item(row, cells.TARGET).text() == "8"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("mode", "custom"),
    [
        ("custom", "9999-01:9999-12 2025-01:2025-12"),
        ("custom", "nonsense"),
        ("custom", "2025-01:2025-12"),
        ("everything", "2024-01:2024-12 2025-01:2025-12"),
        (None, None),
        ("custom", "2025-13:2025-12 2026-01:2026-06"),
    ],
)
def test_a_hand_edited_saved_choice_falls_back_to_the_default_periods(
    qtbot: Any, tmp_path: Any, mode: str | None, custom: str | None
) -> None:
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    if mode is not None:
        settings.setValue("p/mode", mode)
        settings.setValue("p/custom", custom)
    picker = PeriodPicker(lambda: TODAY)
    qtbot.addWidget(picker)
    picker.remember(settings, "p")
    found = picker.comparison()  # custom mode starts from the default periods, as typed none
    assert found is not None and found.current == months("2025-11:2026-10")
    assert found.baseline == months("2024-11:2025-10")
