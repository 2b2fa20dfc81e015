"""Beside the Volume tab's months: the entries of the chosen month by port."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGroupBox, QLabel, QTableView, QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.qt_dates import show_month
from trusted_trader.gui.tables import record_view
from trusted_trader.services.volumes import PortMonth

_COLUMNS: list[Column[PortMonth]] = [
    Column("Port", lambda p: p.port_code or "(none given)"),
    Column("Entries", lambda p: p.entries, numeric=True),
    Column(
        "Entered value (USD)",
        lambda p: p.entered_value_usd,
        text=lambda v: f"{v:,.0f}" if isinstance(v, float) else "",
        numeric=True,
    ),
]


class PortVolumePanel(QGroupBox):
    """A month's entries at each port, counted from its imported entries (port_volume)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__("Entries by port", parent)
        self.desk = desk
        self.setAccessibleName("Entries by port")
        layout = QVBoxLayout(self)
        self.caption_label = QLabel("Choose a month to see its entries by port.", self)
        self.caption_label.setWordWrap(True)
        layout.addWidget(self.caption_label)
        self.model: RecordTableModel[PortMonth] = RecordTableModel(_COLUMNS, self)
        self.table_view: QTableView = record_view(
            self, "Entries of the month by port", self.model, (55, 70)
        )
        self.table_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table_view, 1)

    def show_month(self, partner_id: int, month: date | None, counted: bool) -> None:
        """List the month's ports; a month without imported entries has none to list."""
        if month is None:
            self.model.set_rows([])
            self.caption_label.setText("Choose a month to see its entries by port.")
            return
        from trusted_trader.services.volumes import list_port_volumes

        ports: list[PortMonth] = []
        if counted:
            with self.desk.uow() as uow:
                ports = list_port_volumes(uow, partner_id, month)
        self.model.set_rows(ports)
        self.caption_label.setText(_caption(show_month(month), ports))


def _caption(month: str, ports: list[PortMonth]) -> str:
    if not ports:
        return f"{month} has no imported entries: its volume is not known by port."
    total = sum(p.entries for p in ports)
    places = "1 port" if len(ports) == 1 else f"{len(ports)} ports"
    return f"{month}: {total:,} imported entries at {places}. Rates per port divide by these."
