"""The period picker: plan periods, the last 12 full months against the 12 before, or custom."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.enums import PeriodMode
from trusted_trader.domain.periods import (
    FIRST_DAY,
    LAST_DAY,
    Comparison,
    MonthRange,
    PlanDates,
    choose_comparison,
    parse_month_range,
)
from trusted_trader.gui.qt_dates import py_date, qdate

# Month names read the same in every date style, so the month fields use them.
MONTH_FORMAT = "MMM yyyy"


def _month_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat(MONTH_FORMAT)
    edit.setAccessibleName(name)
    edit.setMinimumDate(qdate(FIRST_DAY))
    edit.setMaximumDate(qdate(LAST_DAY))
    return edit


def _month(edit: QDateEdit) -> date:
    day = py_date(edit.date())
    return day.replace(day=1)


class PeriodPicker(QWidget):
    """Chooses the two periods a comparison sets side by side; ``comparison()`` gives them.

    ``periods_changed`` fires when the user changes the choice (and the custom periods,
    when they are valid); a custom choice that cannot be compared shows why instead.
    """

    periods_changed = Signal()

    def __init__(
        self, today: Callable[[], date], parent: QWidget | None = None, *, offer_plan: bool = True
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._plan: PlanDates | None = None
        self.mode_combo = QComboBox(self)
        self.mode_combo.setAccessibleName("Compare")
        self.mode_combo.setToolTip("Which two periods the figures compare")
        for mode in PeriodMode:
            if offer_plan or mode is not PeriodMode.PLAN:
                self.mode_combo.addItem(mode.label, mode.value)
        self.mode_combo.currentIndexChanged.connect(self._mode_chosen)
        self._edits = [
            _month_edit(self, name)
            for name in ("Baseline from", "Baseline to", "Current from", "Current to")
        ]
        self._custom_touched = False
        for edit in self._edits:
            edit.dateChanged.connect(self._custom_typed)
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("fieldProblem")
        self.problem_label.setWordWrap(True)
        self.description_label = QLabel("", self)
        self.description_label.setWordWrap(True)
        self.description_label.setAccessibleName("Periods compared")
        # Nested in a group box, a wrapped label is not given the height of its lines.
        self.description_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self._layout()
        self._custom_row.setVisible(False)
        self.problem_label.setVisible(False)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        label = QLabel("Co&mpare:", self)
        label.setBuddy(self.mode_combo)  # Alt+M reaches the choice from the keyboard
        top.addWidget(label)
        top.addWidget(self.mode_combo)
        top.addStretch(1)
        layout.addLayout(top)
        self._custom_row = QWidget(self)
        row = QHBoxLayout(self._custom_row)
        row.setContentsMargins(0, 0, 0, 0)
        baseline_first, baseline_last, current_first, current_last = self._edits
        for widget in (
            QLabel("Baseline", self._custom_row),
            baseline_first,
            QLabel("to", self._custom_row),
            baseline_last,
            QLabel("  Current", self._custom_row),
            current_first,
            QLabel("to", self._custom_row),
            current_last,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addWidget(self._custom_row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.description_label)

    # --- what the owner tells the picker -----------------------------------------------------
    def set_plan(self, plan: PlanDates | None) -> None:
        """The plan "Plan periods" stands for (None: the partner has none); no signal."""
        self._plan = plan

    def show_comparison(self, comparison: Comparison) -> None:
        """Say which periods the figures beside the picker compare."""
        self.description_label.setText(comparison.description)
        self.description_label.setToolTip(comparison.description)

    def set_mode(self, mode: PeriodMode) -> None:
        index = self.mode_combo.findData(mode.value)
        if index >= 0:
            self.mode_combo.setCurrentIndex(index)

    def set_custom(self, baseline: MonthRange, current: MonthRange) -> None:
        """Fill the custom periods (and choose them); fires once, when they are valid."""
        self._fill_edits(baseline, current)
        self._custom_touched = True
        if self.mode() is PeriodMode.CUSTOM:
            self._custom_edited()
        else:
            self.set_mode(PeriodMode.CUSTOM)

    def remember(self, settings: QSettings, key: str) -> None:
        """Start from the choice saved under ``key`` (if still valid) and save each new one."""
        mode, custom = settings.value(f"{key}/mode"), settings.value(f"{key}/custom")
        self.blockSignals(True)
        try:
            baseline, current = (parse_month_range(part) for part in str(custom).split(" "))
            self._fill_edits(baseline, current)
            self._custom_touched = True
        except ValueError:
            pass  # nothing saved, or a hand-edited value: the default periods stand
        if mode in {m.value for m in PeriodMode}:
            self.set_mode(PeriodMode(mode))
        self.blockSignals(False)

        def save() -> None:
            settings.setValue(f"{key}/mode", self.mode().value)
            custom = self.custom_periods()
            if custom is not None:
                settings.setValue(f"{key}/custom", f"{custom[0]} {custom[1]}")

        self.periods_changed.connect(save)

    # --- what the owner asks ----------------------------------------------------------------
    def mode(self) -> PeriodMode:
        return PeriodMode(self.mode_combo.currentData())

    def custom_periods(self) -> tuple[MonthRange, MonthRange] | None:
        """The two custom periods as typed, or None when a range ends before it starts."""
        first_b, last_b, first_c, last_c = (_month(edit) for edit in self._edits)
        try:
            return MonthRange(first_b, last_b), MonthRange(first_c, last_c)
        except ValueError:
            return None

    def comparison(self, plan: PlanDates | None = None) -> Comparison | None:
        """The chosen periods (for ``plan`` or the plan set), or None when custom ones are wrong."""
        try:
            return self._resolve(plan or self._plan)
        except ValueError:
            return None

    def problem(self) -> str:
        """Why the custom periods cannot be compared; empty when they can."""
        try:
            self._resolve(self._plan)
        except ValueError as exc:
            return str(exc)
        return ""

    def _resolve(self, plan: PlanDates | None) -> Comparison:
        mode = self.mode()
        if mode is not PeriodMode.CUSTOM:
            return choose_comparison(mode, self._today(), plan)
        custom = self.custom_periods()
        if custom is None:
            raise ValueError("Each period must end on or after the month it starts.")
        return choose_comparison(mode, self._today(), plan, custom)

    # --- slots -----------------------------------------------------------------------------
    def _fill_edits(self, baseline: MonthRange, current: MonthRange) -> None:
        days = (baseline.first, baseline.last, current.first, current.last)
        for edit, day in zip(self._edits, days, strict=True):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)

    @Slot()
    def _mode_chosen(self) -> None:
        custom = self.mode() is PeriodMode.CUSTOM
        if custom and not self._custom_touched:
            # Start from the periods shown until now, the likeliest to be adjusted.
            shown = choose_comparison(PeriodMode.PLAN, self._today(), self._plan)
            self._fill_edits(shown.baseline, shown.current)
        self._custom_row.setVisible(custom)
        self._custom_edited()

    @Slot()
    def _custom_typed(self) -> None:
        self._custom_touched = True
        self._custom_edited()

    def _custom_edited(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        if not problem:
            self.periods_changed.emit()
