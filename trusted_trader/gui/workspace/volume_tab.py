"""Volume: monthly entries and entered value, the denominator of every touch-point rate."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from trusted_trader.domain.periods import add_months
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.models.volumes import VolumeRow, VolumeTableModel
from trusted_trader.gui.tables import prepare_table, text_width
from trusted_trader.gui.workspace.base import WorkspaceTab

MONTHS_SHOWN = 36


class VolumeTab(WorkspaceTab):
    title = "Volume"
    watches = frozenset({Topic.VOLUMES})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._saving = False
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Type the entries and entered value of each month; a change is saved when you "
            "leave the cell. Rates are touch points per 1,000 entries.",
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = VolumeTableModel(self)
        self.table_view = QTableView(self)
        prepare_table(self.table_view, "Monthly volume")
        self.table_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table_view.setModel(self.model)
        self.table_view.horizontalHeader().setStretchLastSection(False)
        for column, width in enumerate((110, 120, 180)):
            self.table_view.setColumnWidth(column, text_width(self.table_view, width))
        self.table_view.setMaximumWidth(440)
        layout.addWidget(self.table_view, 1)
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("fieldProblem")
        layout.addWidget(self.problem_label)
        self.model.dataChanged.connect(lambda *_: self.problem_label.setText(""))

    def load(self) -> None:
        from trusted_trader.services.volumes import list_volumes

        with self.desk.uow() as uow:
            saved = {v.month: v for v in list_volumes(uow, self.partner_id)}
        last = add_months(self.desk.today(), -1)
        months = {add_months(last, -i) for i in range(MONTHS_SHOWN)} | set(saved)
        rows = [
            VolumeRow(
                m,
                saved[m].entries if m in saved else None,
                saved[m].entered_value_usd if m in saved else None,
            )
            for m in sorted(months, reverse=True)
        ]
        self.model.set_rows(rows, None if self.read_only else self._save)

    def has_unsaved_edits(self) -> bool:
        return self.table_view.state() == QTableView.State.EditingState

    def _save(self, month: date, entries: int, value: float) -> None:
        from trusted_trader.domain.errors import DomainError
        from trusted_trader.services.volumes import set_monthly_volume

        try:
            with self.desk.uow() as uow:
                set_monthly_volume(uow, self.partner_id, month, entries, value)
                uow.commit()
        except DomainError as exc:
            self.problem_label.setText(str(exc))
            raise ValueError(str(exc)) from exc
        self.desk.say(f"Volume of {month:%b %Y} saved.")
        # The dashboard's and the overview's rates use it; this grid shows it already, and
        # reloading it inside the model's setData would pull the rows from under the view.
        self._saving = True
        try:
            self.desk.changed(Topic.VOLUMES)
        finally:
            self._saving = False

    def _on_data_changed(self, what: str) -> None:
        if not self._saving:
            super()._on_data_changed(what)
