"""The plan editor's objectives: a measure chosen from a list, its baseline and target proposed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from trusted_trader.domain.measures import (
    compliance_target_in_words,
    is_compliance,
    is_measurable,
    measure_choices,
    parse_reduction_percent,
    proposed_target,
    reduction_in_words,
)
from trusted_trader.domain.objective_proof import Judgement
from trusted_trader.gui.workspace.plan_grid import TIP_ROLE, GridColumn, PlanGrid

# Column positions; the first four are what the plan stores.
DESCRIPTION, MEASURE, BASELINE, TARGET, DOWN_BY, NOW, MET, PROVABLE = range(8)


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
    def judged(self, target: float | None, baseline: float | None) -> Judgement | None: ...


# (measure code, the plan's months) -> the measure's rates; set by whoever knows the partner.
Measurer = Callable[[str, EditedPlanDates], MeasureReading]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _value_problems(row: int, code: str, value: float | None, name: str) -> list[str]:
    """A negative rate, or a compliance rate above 100%, in words for the user."""
    if value is None:
        return []
    what = "a compliance rate" if is_compliance(code) else "a rate per 1,000 entries"
    if value < 0:
        return [f"row {row + 1}, {name}: {what} is never negative"]
    if is_compliance(code) and value > 100:
        return [f"row {row + 1}, {name}: {what} is a percentage, at most 100"]
    return []


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
                GridColumn("Met?", width=120),
                GridColumn("Provable?", width=110),
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
        if self.measurer is None or dates is None or not is_measurable(code):
            self._show_reading(row, None, "not measurable")
            return
        reading = self.measurer(code, dates)
        if fill_baseline and reading.baseline is not None:
            self._put(row, BASELINE, f"{round(reading.baseline, 2):g}")
            self._propose_target(row)
        unread = "not measurable" if reading.baseline is None else "not measured yet"
        self._show_reading(row, reading, unread)

    def _show_reading(self, row: int, reading: MeasureReading | None, unread: str) -> None:
        """The value now, met / not met and how sure, and by when the target could be shown;
        ``unread`` says why there is no value."""
        current = reading.current if reading else None
        target, why = self._target(row, reading.baseline if reading else None)
        judged = reading.judged(target, self._number(row, BASELINE)) if reading else None
        if current is None:
            verdict = unread
        elif target is None:
            verdict = "no target"
        else:
            verdict = judged.result_short if judged else "—"
        tips = [reading.note if reading else "", why]
        if judged is not None and current is not None and target is not None:
            tips.insert(0, f"{judged.result}.")
        self._put(row, NOW, _rate(current), read_only=True)
        self._put(row, MET, verdict, read_only=True, tip=" ".join(t for t in tips if t))
        provable = judged.provable_short if judged and target is not None else "—"
        tip = f"{judged.provable[:1].upper()}{judged.provable[1:]}." if judged else ""
        self._put(row, PROVABLE, provable, read_only=True, tip=tip)

    # --- proposals --------------------------------------------------------------------------
    def _fraction(self, row: int) -> float | None:
        """The reduction asked: the typed percentage, else the wording's "down N%"."""
        if is_compliance(self._measure_code(row)):
            return None  # a compliance target is a level ("at least 97%"), not a fall
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
        if is_compliance(self._measure_code(row)):
            worded = compliance_target_in_words(self._text(row, DESCRIPTION))
            return worded, f"Target {worded:g}%: from the objective's words." if worded else ""
        baseline = self._number(row, BASELINE)
        fraction = self._fraction(row)
        target = proposed_target(measured if baseline is None else baseline, fraction)
        if target is None or fraction is None:
            return None, ""
        return target, f"Target {target:g}: the baseline less {fraction * 100:g}%."

    def _propose_target(self, row: int) -> None:
        """Fill the target from the baseline less the typed percentage or the wording's
        (a compliance target from the wording's "at least N%")."""
        if is_compliance(self._measure_code(row)):
            worded = compliance_target_in_words(self._text(row, DESCRIPTION))
            if worded is not None:
                self._put(row, TARGET, f"{worded:g}")
            return
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
            code = self._measure_code(row)
            found.extend(_value_problems(row, code, self._number(row, BASELINE), "baseline"))
            found.extend(_value_problems(row, code, self._number(row, TARGET), "target"))
            if not is_measurable(code):
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
        item.setData(TIP_ROLE, tip or None)  # kept when the checks re-mark the cell
        self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.changed.emit()
