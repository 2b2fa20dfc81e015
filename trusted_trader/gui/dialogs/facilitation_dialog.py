"""Record or change what CBP delivered to a partner: date, kind, description, plan served."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from trusted_trader.domain.periods import MonthRange
from trusted_trader.gui.dialogs.record_dialog import DatedRecordDialog, Values
from trusted_trader.gui.qt_dates import show_month
from trusted_trader.services.records import FacilitationRecord, PlanRecord

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

NO_PLAN = "(no plan)"


class FacilitationDialog(DatedRecordDialog[FacilitationRecord]):
    what = "facilitation"
    table = "facilitation"

    def build(self) -> None:
        super().build()
        record = self.record
        self.kind_combo = self._kind_combo(record.kind if record else None)
        self.form.addRow("&Kind", self.kind_combo)
        self.description_edit = QPlainTextEdit(record.description if record else "", self)
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setPlaceholderText("What was delivered, e.g. which entries or ruling")
        self.description_edit.setTabChangesFocus(True)
        self.form.addRow("De&scription", self.description_edit)
        self.plan_combo = self._plan_combo(record.plan_id if record else None, record is None)
        self.form.addRow("&Plan it serves", self.plan_combo)

    def _kind_combo(self, current: str | None) -> QComboBox:
        from trusted_trader.services.facilitation import facilitation_kinds

        combo = QComboBox(self)
        combo.setAccessibleName("Kind")
        for kind in facilitation_kinds():
            combo.addItem(kind.label, kind.code)
            combo.setItemData(combo.count() - 1, kind.source, Qt.ItemDataRole.ToolTipRole)
        if current is not None and combo.findData(current) < 0:
            # A kind since taken off the list still reads, by its code, until changed.
            combo.addItem(f"{current} (no longer on the list)", current)
        if current is not None:
            combo.setCurrentIndex(combo.findData(current))
        combo.currentIndexChanged.connect(self._show_source)
        self._show_source_of(combo)
        return combo

    def _show_source(self) -> None:
        self._show_source_of(self.kind_combo)

    @staticmethod
    def _show_source_of(combo: QComboBox) -> None:
        source = combo.currentData(Qt.ItemDataRole.ToolTipRole)
        combo.setToolTip(str(source) if source else "")

    def _plan_combo(self, current: int | None, new: bool) -> QComboBox:
        """None or one of the partner's plans; a new record starts at the plan of its day."""
        from trusted_trader.services.plans import list_plans

        combo = QComboBox(self)
        combo.setAccessibleName("Plan it serves")
        combo.addItem(NO_PLAN, None)
        with self.desk.uow() as uow:
            plans = list_plans(uow, self.partner_id)
        for plan in plans:
            period = f"{show_month(plan.period_start)} – {show_month(plan.period_end)}"
            combo.addItem(f"{plan.title} ({period})", plan.id)
        if new:
            current = _plan_of_day(plans, self.desk.today())
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        return combo

    def show_value(self, name: str, value: object) -> str:
        """Kinds by their labels and plans by their titles, as the form shows them."""
        combo = {"kind": self.kind_combo, "plan_id": self.plan_combo}.get(name)
        if combo is None or combo.findData(value) < 0:
            return super().show_value(name, value)
        return combo.itemText(combo.findData(value))

    def values(self) -> dict[str, Any]:
        plan = self.plan_combo.currentData()
        return {
            "occurred_on": self.day(),
            "kind": str(self.kind_combo.currentData()),
            "description": self.description_edit.toPlainText(),
            "plan_id": None if plan is None else int(plan),
        }

    # The service takes a FacilitationInput, so the dialog calls it itself, not by name.
    def add(self, uow: UnitOfWork) -> FacilitationRecord:
        from trusted_trader.services.facilitation import FacilitationInput, record_facilitation

        return record_facilitation(uow, self.partner_id, FacilitationInput(**self.values()))

    def write(self, uow: UnitOfWork, values: Values, version: int) -> FacilitationRecord:
        from trusted_trader.services.facilitation import FacilitationInput, update_facilitation

        return update_facilitation(uow, self._record_id(), FacilitationInput(**values), version)

    def load(self, uow: UnitOfWork) -> FacilitationRecord:
        from trusted_trader.services.facilitation import get_facilitation

        return get_facilitation(uow, self._record_id())


def _plan_of_day(plans: Sequence[PlanRecord], day: date) -> int | None:
    """The latest-starting plan whose period holds the day, if any."""
    holding = [
        p
        for p in plans
        if p.period_start <= day < MonthRange(p.period_start, p.period_end).end_exclusive
    ]
    return max(holding, key=lambda p: p.period_start).id if holding else None
