"""Volume: monthly entries and entered value, the denominator of every touch-point rate.

Each month says where its figure comes from: its imported entries where it has any, else
the reported total. A month's entries by port are shown beside the months.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from trusted_trader.domain.errors import DomainError
from trusted_trader.domain.periods import add_months
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.conflict_save import Values, VersionedSave, save_versioned
from trusted_trader.gui.models.volumes import VALUE, VolumeRow, VolumeTableModel
from trusted_trader.gui.number_cells import NumberDelegate
from trusted_trader.gui.tables import prepare_table, text_width
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.gui.workspace.port_volume_panel import PortVolumePanel
from trusted_trader.services.records import VolumeRecord

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

MONTHS_SHOWN = 36


def _volume_fields(record: VolumeRecord) -> dict[str, object]:
    if record.version == 0 or not record.reported:  # no total was reported when shown
        return {"entries": None, "entered_value_usd": None}
    return {"entries": record.entries, "entered_value_usd": record.entered_value_usd}


class VolumeTab(WorkspaceTab):
    title = "Volume"
    watches = frozenset({Topic.VOLUMES})

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._saving = False
        self._opened: dict[date, VolumeRecord] = {}
        layout = QVBoxLayout(self)
        hint = QLabel(
            "A month with imported entries counts them; its reported total is shown beside, "
            "with the difference. Type the reported entries and entered value of the other "
            "months; a change is saved when you leave the cell. Rates are touch points per "
            "1,000 entries.",
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
        for column, width in enumerate((80, 70, 130, 180, 110, 125)):
            self.table_view.setColumnWidth(column, text_width(self.table_view, width))
        self.port_panel = PortVolumePanel(desk, self)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(self.table_view, 5)
        side_by_side.addWidget(self.port_panel, 2)
        layout.addLayout(side_by_side, 1)
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("fieldProblem")
        layout.addWidget(self.problem_label)
        self.model.dataChanged.connect(lambda *_: self.problem_label.setText(""))
        self.number_delegate = NumberDelegate(lambda index: index.column() != VALUE, self)
        self.number_delegate.problem_changed.connect(self.problem_label.setText)
        self.table_view.setItemDelegate(self.number_delegate)
        self.table_view.selectionModel().currentRowChanged.connect(self._show_ports)
        self.model.modelReset.connect(lambda: self._show_ports(self.table_view.currentIndex()))

    def load(self) -> None:
        from trusted_trader.services.volumes import list_volumes

        with self.desk.uow() as uow:
            saved = {v.month: v for v in list_volumes(uow, self.partner_id)}
        self._opened = saved  # the versions the grid shows: a save is checked against them
        last = add_months(self.desk.today(), -1)
        months = {add_months(last, -i) for i in range(MONTHS_SHOWN)} | set(saved)
        rows = [_row(m, saved.get(m)) for m in sorted(months, reverse=True)]
        self.model.set_rows(rows, None if self.read_only else self._save)

    def _show_ports(self, current: QModelIndex) -> None:
        row = current.row()
        if self.partner is None or not 0 <= row < self.model.rowCount():
            self.port_panel.show_month(0, None, False)
            return
        shown = self.model.row(row)
        self.port_panel.show_month(self.partner_id, shown.month, shown.counted)

    def has_unsaved_edits(self) -> bool:
        return self.table_view.state() == QTableView.State.EditingState

    def _save(self, month: date, entries: int, value: float) -> None:
        # A month shown empty is "version 0": a colleague who filled it meanwhile is a conflict.
        opened = self._opened.get(month) or VolumeRecord(0, self.partner_id, month, 0, 0.0, 0)
        try:
            self._save_changed(opened, entries, value)
        except DomainError as exc:
            self.problem_label.setText(str(exc))
            raise ValueError(str(exc)) from exc
        self.desk.say(_saved_words(self._opened.get(month) or opened))
        # The dashboard's and the overview's rates use it; this grid shows it already, and
        # reloading it inside the model's setData would pull the rows from under the view.
        self._saving = True
        try:
            self.desk.changed(Topic.VOLUMES)
        finally:
            self._saving = False

    def _save_changed(self, opened: VolumeRecord, entries: int, value: float) -> None:
        """Save a month shown with a version; a colleague's change meanwhile is settled."""
        from trusted_trader.services.volumes import get_monthly_volume, set_monthly_volume

        pid, month = self.partner_id, opened.month

        def write(uow: UnitOfWork, values: Values, version: int) -> VolumeRecord:
            entries, value = values["entries"] or 0, values["entered_value_usd"] or 0.0
            return set_monthly_volume(uow, pid, month, entries, value, expected_version=version)  # type: ignore[arg-type]

        mine: dict[str, object] = {"entries": entries, "entered_value_usd": value}
        for name, typed in mine.items():
            if not typed and _volume_fields(opened)[name] is None:
                mine[name] = None  # left blank in an empty month: not an edit of mine
        what, load = (
            f"The volume of {month:%b %Y}",
            partial(get_monthly_volume, partner_id=pid, month=month),
        )
        job = VersionedSave(what, "monthly_volume", opened, mine, _volume_fields, write, load)
        saved = save_versioned(self, self.desk, job)
        if saved is None:
            raise DomainError("Not saved: you went back to editing.")
        self._opened[month] = saved
        if _volume_fields(saved) != {"entries": entries, "entered_value_usd": value}:
            # theirs kept in part: show what is stored
            QTimer.singleShot(0, self.reload)

    def _on_data_changed(self, what: str) -> None:
        if not self._saving:
            super()._on_data_changed(what)


def _row(month: date, record: VolumeRecord | None) -> VolumeRow:
    """A month as the grid shows it: its reported total (if any) and its counted figures."""
    if record is None:
        return VolumeRow(month, None, None)
    reported = record.reported
    return VolumeRow(
        month,
        record.entries if reported else None,
        record.entered_value_usd if reported else None,
        record.derived_entries,
        record.derived_value_usd,
    )


def _saved_words(record: VolumeRecord) -> str:
    if record.derived_entries is None:
        return f"Volume of {record.month:%b %Y} saved."
    return (
        f"Reported total of {record.month:%b %Y} saved; the month counts its "
        f"{record.derived_entries:,} imported entries."
    )
