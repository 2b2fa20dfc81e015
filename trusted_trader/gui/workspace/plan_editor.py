"""The engagement-plan editor: CBP's sections in order, checked as the user edits."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.enums import ActionStatus, OwnerSide, RiskArea, RiskRating
from trusted_trader.domain.periods import MonthRange, add_months
from trusted_trader.gui.qt_dates import py_date, qdate, qt_month_format
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.objective_measures import EditedPlanDates, ObjectivesGrid
from trusted_trader.gui.workspace.plan_grid import GridColumn, PlanGrid
from trusted_trader.services.records import PlanRecord

NOT_RATED = "not_rated"
RATINGS = ((NOT_RATED, "Not rated"), *RiskRating.choices())


def _month_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat(qt_month_format())
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    return edit


def _month(edit: QDateEdit) -> date:
    day = py_date(edit.date())
    return day.replace(day=1)


class PlanEditor(QWidget):
    """Edits one plan; ``plan_input()`` gives what to save, ``problems()`` what blocks it."""

    validity_changed = Signal(bool)
    checked = Signal()  # after every check: the problems may read differently

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self._section("1. Partner profile and data"))
        layout.addLayout(self._build_header_form())
        self.risks = PlanGrid(
            "2. Risk areas",
            [
                GridColumn("Risk area", width=200),
                GridColumn("Rating", "choice", RATINGS, 110),
                GridColumn("Notes", width=300),
            ],
            self,
            fixed=True,
            stretch=2,
        )
        self.objectives = ObjectivesGrid(self, self.edited_dates)
        # The value now and met / not met follow the periods as they are being edited.
        for month in (self.period_start, self.period_end, self.baseline_start, self.baseline_end):
            month.dateChanged.connect(lambda _day: self.objectives.measure_rows())
        self.action_items = PlanGrid(
            "4. Action items",
            [
                GridColumn("Action item", width=260, required=True),
                GridColumn("Owner side", "choice", tuple(OwnerSide.choices()), 90),
                GridColumn("Owner", width=120),
                GridColumn("Due", "date", width=95),
                GridColumn("Status", "choice", tuple(ActionStatus.choices()), 100),
                GridColumn("Completed on", "date", width=100),
            ],
            self,
        )
        self.reviews = PlanGrid(
            "5. Review dates", [GridColumn("Review date", "date", width=120, required=True)], self
        )
        self.reviews.table.setMaximumWidth(360)
        self.fill_reviews_button = push_button(
            "Fill from cadence",
            self.reviews,
            self.fill_reviews,
            "Review dates every N months across the plan period",
        )
        self.reviews.layout().itemAt(0).layout().insertWidget(2, self.fill_reviews_button)  # type: ignore[union-attr]
        for grid in (self.risks, self.objectives, self.action_items, self.reviews):
            layout.addWidget(grid)
            grid.changed.connect(self._recheck)
        layout.addStretch(1)
        self._valid = True

    def _section(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("sectionTitle")
        return label

    def _build_header_form(self) -> QFormLayout:
        form = QFormLayout()
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Plan title")
        form.addRow("&Title", self.title_edit)
        self.period_start, self.period_end = (
            _month_edit(self, "Plan from"),
            _month_edit(self, "Plan to"),
        )
        self.baseline_start = _month_edit(self, "Baseline from")
        self.baseline_end = _month_edit(self, "Baseline to")
        for label, first, last in (
            ("Plan period", self.period_start, self.period_end),
            ("Baseline period", self.baseline_start, self.baseline_end),
        ):
            row = QHBoxLayout()
            row.addWidget(first)
            row.addWidget(QLabel("to"))
            row.addWidget(last)
            row.addStretch(1)
            form.addRow(label, row)
            first.dateChanged.connect(self._recheck)
            last.dateChanged.connect(self._recheck)
        self.cadence_spin = QSpinBox(self)
        self.cadence_spin.setRange(1, 12)
        self.cadence_spin.setSuffix(" months")
        self.cadence_spin.setAccessibleName("Review cadence")
        self.cadence_spin.setMaximumWidth(140)
        form.addRow("Review &cadence", self.cadence_spin)
        self.summary_edit = QPlainTextEdit(self)
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setFixedHeight(70)
        form.addRow("&Summary", self.summary_edit)
        self.period_problem = QLabel("", self)
        self.period_problem.setObjectName("fieldProblem")
        form.addRow("", self.period_problem)
        return form

    # --- filling --------------------------------------------------------------------------
    def show_plan(self, plan: PlanRecord | None, today: date) -> None:
        for grid in (self.objectives, self.action_items, self.reviews, self.risks):
            grid.clear_rows()
        if plan is None:
            start = add_months(today, 1)
            self.title_edit.setText("Engagement plan")
            self._set_months(
                MonthRange(start, add_months(start, 11)), self.period_start, self.period_end
            )
            baseline = MonthRange(add_months(start, -12), add_months(start, -1))
            self._set_months(baseline, self.baseline_start, self.baseline_end)
            self.cadence_spin.setValue(3)
            self.summary_edit.setPlainText("")
        else:
            self.title_edit.setText(plan.title)
            self._set_months(
                MonthRange(plan.period_start, plan.period_end), self.period_start, self.period_end
            )
            self._set_months(
                MonthRange(plan.baseline_start, plan.baseline_end),
                self.baseline_start,
                self.baseline_end,
            )
            self.cadence_spin.setValue(plan.review_cadence_months)
            self.summary_edit.setPlainText(plan.summary)
        self._fill_grids(plan)
        self.objectives.measure_rows()
        self._recheck()

    def _fill_grids(self, plan: PlanRecord | None) -> None:
        rated = {r.area: r for r in plan.risk_areas} if plan else {}
        for area in RiskArea:
            risk = rated.get(area.value)
            self.risks.add_row(
                [area.label, risk.rating if risk else NOT_RATED, risk.notes if risk else ""]
            )
            item = self.risks.table.item(self.risks.table.rowCount() - 1, 0)
            assert item is not None
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if plan is None:
            return
        for o in plan.objectives:
            self.objectives.add_row(
                [o.description, o.measure, o.baseline_value, o.target_value], o.id
            )
        for a in plan.action_items:
            self.action_items.add_row(
                [a.description, a.owner_side, a.owner_name, a.due_on, a.status, a.completed_on],
                a.id,
            )
        for r in plan.reviews:
            self.reviews.add_row([r.review_on])

    @staticmethod
    def _set_months(months: MonthRange, first: QDateEdit, last: QDateEdit) -> None:
        first.setDate(qdate(months.first))
        last.setDate(qdate(months.last))

    def fill_reviews(self) -> None:
        from trusted_trader.domain.plans import review_dates

        try:
            period = MonthRange(_month(self.period_start), _month(self.period_end))
        except ValueError:
            return
        self.reviews.clear_rows()
        for day in review_dates(period, self.cadence_spin.value()):
            self.reviews.add_row([day])

    # --- reading --------------------------------------------------------------------------
    def edited_dates(self) -> EditedPlanDates | None:
        """The plan's months as typed, or None while a range ends before it starts."""
        period = (_month(self.period_start), _month(self.period_end))
        baseline = (_month(self.baseline_start), _month(self.baseline_end))
        if period[1] < period[0] or baseline[1] < baseline[0]:
            return None
        return EditedPlanDates(*period, *baseline)

    def problems(self) -> list[str]:
        found: list[str] = []
        period_problem = ""
        try:
            period = MonthRange(_month(self.period_start), _month(self.period_end))
            baseline = MonthRange(_month(self.baseline_start), _month(self.baseline_end))
            if baseline.last >= period.first:
                period_problem = "The baseline must end before the plan period starts."
        except ValueError as exc:
            period_problem = str(exc).capitalize()
        self.period_problem.setText(period_problem)
        if period_problem:
            found.append(period_problem)
        for grid in (self.objectives, self.action_items, self.reviews):
            found.extend(grid.problems())
        for _id, values in self.action_items.rows():
            if values[4] == ActionStatus.DONE and values[5] is None:
                found.append("a done action item needs its completion date")
                self.action_items.problem_label.setText(found[-1])
        return found

    def _recheck(self) -> None:
        valid = not self.problems()
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self.checked.emit()

    def is_valid(self) -> bool:
        return not self.problems()

    def plan_input(self) -> Any:
        from trusted_trader.services.plans import ActionItemInput, ObjectiveInput, PlanInput
        from trusted_trader.services.records import RiskAreaRecord

        risks = [
            RiskAreaRecord(area.value, values[1], values[2] or "")
            for area, (_id, values) in zip(RiskArea, self.risks.rows(), strict=True)
            if values[1] != NOT_RATED
        ]
        objectives = [
            ObjectiveInput(v[0], v[1] or "rate", v[2], v[3], id=row_id)
            for row_id, v in self.objectives.rows()
        ]
        actions = [
            ActionItemInput(v[0], v[1], v[2] or "", v[3], v[4], v[5], id=row_id)
            for row_id, v in self.action_items.rows()
        ]
        return PlanInput(
            period=MonthRange(_month(self.period_start), _month(self.period_end)),
            baseline=MonthRange(_month(self.baseline_start), _month(self.baseline_end)),
            title=self.title_edit.text(),
            summary=self.summary_edit.toPlainText(),
            review_cadence_months=self.cadence_spin.value(),
            risk_areas=risks,
            objectives=objectives,
            action_items=actions,
            review_dates=tuple(v[0] for _id, v in self.reviews.rows() if v[0] is not None),
        )
