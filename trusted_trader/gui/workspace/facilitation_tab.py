"""Facilitation: what CBP delivered to the partner, newest first, recorded in a dialog."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.base import Column
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.base import WorkspaceTab
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


class FacilitationTab(WorkspaceTab):
    title = "Facilitation"
    watches = frozenset({Topic.FACILITATION, Topic.PLANS})
    record_dialog = ("facilitation_dialog", "FacilitationDialog")
    record_delete = "delete_facilitation_with_undo"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._plan_titles: dict[int, str] = {}
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.add_button = push_button(
            "Add…", self, self.add_record, "Record facilitation CBP delivered to this partner"
        )
        self.add_button.setAccessibleName("Add facilitation")
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.problem_label, self.model, self.table_view = self.add_record_table(
            layout, facilitation_columns(self._plan_titles), "Facilitation", (95, 220, 420)
        )
        self.record_view = self.table_view
        self.edit_button, self.delete_button = self.record_actions(
            self.table_view, "facilitation record"
        )
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
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

    def clear(self) -> None:
        self.model.set_rows([])

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

    def select_record(self, record_id: int) -> None:
        self.select_record_in(self.table_view, record_id)
