"""The plan editor's objectives: a measure chosen from a list, its baseline and target proposed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from trusted_trader.domain.measures import (
    measure_choices,
    measure_kind,
    parse_reduction_percent,
    proposed_target,
    reduction_in_words,
)
from trusted_trader.gui.workspace.plan_grid import GridColumn, PlanGrid

# Column positions; the first four are what the plan stores.
DESCRIPTION, MEASURE, BASELINE, TARGET, DOWN_BY, NOW, MET = range(7)


@dataclass(frozen=True)
class EditedPlanDates:
    """The plan's months as they stand in the editor (not yet saved)."""

    period_start: date
    period_end: date
    baseline_start: date
    baseline_end: date


class MeasureReading(Protocol):
    """What a measurer answers (``services.analytics.MeasureNow`` has this shape)."""

    @property
    def baseline(self) -> float | None: ...
    @property
    def current(self) -> float | None: ...
    @property
    def note(self) -> str: ...


# (measure code, the plan's months) -> the measure's rates; set by whoever knows the partner.
Measurer = Callable[[str, EditedPlanDates], MeasureReading]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


class ObjectivesGrid(PlanGrid):
    """Objectives whose measure is one of the measurable quantities, read from the data."""

    def __init__(self, parent: QWidget, plan_dates: Callable[[], EditedPlanDates | None]) -> None:
        super().__init__(
            "3. Objectives",
            [
                GridColumn("Objective", width=260, required=True),
                GridColumn("Measure", "choice", tuple(measure_choices()), 200),
                GridColumn("Baseline", "number", width=75),
                GridColumn("Target", "number", width=75),
                GridColumn("Down by %", width=75),
                GridColumn("Now", width=75),
                GridColumn("Met?", width=110),
            ],
            parent,
        )
        self.measurer: Measurer | None = None
        self._plan_dates = plan_dates
        self.table.itemChanged.connect(self._cell_edited)

    # --- reading the data -------------------------------------------------------------------
    def measure_rows(self) -> None:
        """Show each row's value now and whether its target is met (baseline kept as typed)."""
        for row in range(self.table.rowCount()):
            self._measure(row, fill_baseline=False)

    def _measure(self, row: int, *, fill_baseline: bool) -> None:
        code = self._measure_code(row)
        dates = self._plan_dates()
        if self.measurer is None or dates is None or not measure_kind(code)[0]:
            self._show_reading(row, None, "not measurable")
            return
        reading = self.measurer(code, dates)
        if fill_baseline and reading.baseline is not None:
            self._put(row, BASELINE, f"{round(reading.baseline, 2):g}")
            self._propose_target(row)
        unread = "not measurable" if reading.baseline is None else "not measured yet"
        self._show_reading(row, reading, unread)

    def _show_reading(self, row: int, reading: MeasureReading | None, unread: str) -> None:
        """The value now and met / not met; ``unread`` says why there is no value."""
        current = reading.current if reading else None
        target, why = self._target(row, reading.baseline if reading else None)
        if current is None:
            verdict = unread
        elif target is None:
            verdict = "no target"
        else:
            verdict = "met" if current <= target else "not met"
        note = reading.note if reading else ""
        self._put(row, NOW, _rate(current), read_only=True)
        self._put(row, MET, verdict, read_only=True, tip=" ".join(t for t in (note, why) if t))

    # --- proposals --------------------------------------------------------------------------
    def _fraction(self, row: int) -> float | None:
        """The reduction asked: the typed percentage, else the wording's "down N%"."""
        try:
            fraction = parse_reduction_percent(self._text(row, DOWN_BY))
        except ValueError:
            return None
        return (
            fraction if fraction is not None else reduction_in_words(self._text(row, DESCRIPTION))
        )

    def _target(self, row: int, measured: float | None) -> tuple[float | None, str]:
        """The target as typed, else as the progress report reads it from the baseline."""
        typed = self._number(row, TARGET)
        if typed is not None:
            return typed, ""
        baseline = self._number(row, BASELINE)
        fraction = self._fraction(row)
        target = proposed_target(measured if baseline is None else baseline, fraction)
        if target is None or fraction is None:
            return None, ""
        return target, f"Target {target:g}: the baseline less {fraction * 100:g}%."

    def _propose_target(self, row: int) -> None:
        """Fill the target from the baseline less the typed percentage or the wording's."""
        try:
            parse_reduction_percent(self._text(row, DOWN_BY))
        except ValueError:
            return  # a wrong percentage proposes nothing; the check says why
        target = proposed_target(self._number(row, BASELINE), self._fraction(row))
        if target is not None:
            self._put(row, TARGET, f"{target:g}")

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        if column == MEASURE:
            self._measure(row, fill_baseline=True)
        elif column in (DOWN_BY, BASELINE) or (
            column == DESCRIPTION and not self._text(row, TARGET)
        ):
            self._propose_target(row)
            self._measure(row, fill_baseline=False)
        elif column == TARGET:
            self._measure(row, fill_baseline=False)

    # --- checks -----------------------------------------------------------------------------
    def problems(self) -> list[str]:
        found = super().problems()
        notes: list[str] = []
        for row in range(self.table.rowCount()):
            try:
                parse_reduction_percent(self._text(row, DOWN_BY))
            except ValueError as exc:
                found.append(f"row {row + 1}, down by: {exc}")
            for column, name in ((BASELINE, "baseline"), (TARGET, "target")):
                value = self._number(row, column)
                if value is not None and value < 0:
                    found.append(
                        f"row {row + 1}, {name}: a rate per 1,000 entries is never negative"
                    )
            code = self._measure_code(row)
            if not measure_kind(code)[0]:
                notes.append(
                    f"row {row + 1}: the measure '{code}' is not one the app can measure; "
                    "choose one from the list to have it measured"
                )
        self.problem_label.setText("; ".join((found + notes)[:3]))
        return found

    # --- cells ------------------------------------------------------------------------------
    def _measure_code(self, row: int) -> str:
        item = self.table.item(row, MEASURE)
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return str(value or "")

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _number(self, row: int, column: int) -> float | None:
        try:
            return float(self._text(row, column).replace(",", ""))
        except ValueError:
            return None

    def _put(
        self, row: int, column: int, text: str, *, read_only: bool = False, tip: str = ""
    ) -> None:
        """Set a cell without re-entering ``_cell_edited``; the editor still hears of it."""
        self.table.blockSignals(True)
        item = QTableWidgetItem(text)
        if read_only:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(tip)
        self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.changed.emit()
