"""Facilitation: what CBP delivered to the partner, newest first, recorded in a dialog."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.base import RecordListTab
from trusted_trader.services.records import FacilitationRecord


def facilitation_columns(plan_titles: Mapping[int, str]) -> list[Column[FacilitationRecord]]:
    """Date, kind by its label, description on one line, and the plan served by its title."""
    from trusted_trader.services.facilitation import kind_label

    return [
        Column("Date", lambda f: f.occurred_on),
        Column("Kind", lambda f: kind_label(f.kind)),
        Column("Description", lambda f: f.description, lambda v: str(v).replace("\n", " ")),
        Column("Plan", lambda f: plan_titles.get(f.plan_id, "") if f.plan_id else ""),
    ]


class FacilitationTab(RecordListTab):
    title = "Facilitation"
    watches = frozenset({Topic.FACILITATION, Topic.PLANS})
    record_dialog = ("facilitation_dialog", "FacilitationDialog")
    record_delete = "delete_facilitation_with_undo"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._plan_titles: dict[int, str] = {}
        row = QHBoxLayout()
        self.add_button = push_button(
            "Add…", self, self.add_record, "Record facilitation CBP delivered to this partner"
        )
        self.add_button.setAccessibleName("Add facilitation")
        row.addWidget(self.add_button)
        columns = facilitation_columns(self._plan_titles)
        self.edit_button, self.delete_button = self.build_record_list(
            row, columns, (95, 220, 420), "facilitation record"
        )
        row.addStretch(1)

    def edit_controls(self) -> list[QWidget]:
        return [self.add_button, self.edit_button, self.delete_button]

    def load(self) -> None:
        from trusted_trader.services.facilitation import list_facilitation
        from trusted_trader.services.plans import list_plans

        with self.desk.uow() as uow:
            titles = {plan.id: plan.title for plan in list_plans(uow, self.partner_id)}
            rows = list_facilitation(uow, self.partner_id)
        self._plan_titles.clear()
        self._plan_titles.update(titles)
        self.model.set_rows(rows)

    def add_record(self) -> None:
        """A new record in the dialog; selected once saved."""
        from trusted_trader.gui.dialogs.facilitation_dialog import FacilitationDialog

        if self.refused_read_only():
            return
        dialog = FacilitationDialog(self.desk, self.partner_id, None, self)
        if dialog.exec() and dialog.saved is not None:
            if not self.isVisible():
                self.reload()
            self.select_record(dialog.saved.id)
