"""The Overview's "By port": each port's rates in the two periods, and what they divide by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QLabel, QVBoxLayout, QWidget

from trusted_trader.domain.statistics import Basis, PeriodCounts, Reduction
from trusted_trader.domain.wording import DASH, change_signed, interval_signed
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.tables import record_view
from trusted_trader.services.analytics import PortReductions, ScopeReduction
from trusted_trader.services.scope import Scope

if TYPE_CHECKING:
    from trusted_trader.domain.periods import MonthRange
    from trusted_trader.store.uow import UnitOfWork

PORTS_SHOWN = 10  # the busiest ten, as the progress report prints; the rest are counted
# reduction_by_port keeps only its busiest; asked for all, the table can count the rest.
EVERY_PORT = 1_000_000
NO_ENTRIES = "no entries"  # a port without entries in a period: said, not a rate


def port_reductions(
    uow: UnitOfWork, scope: Scope, periods: tuple[MonthRange, MonthRange]
) -> PortReductions:
    """Every port with touch points in either period, busiest first, as ``stats`` ranks them."""
    from trusted_trader.services.analytics import reduction_by_port

    return reduction_by_port(uow, scope, periods[0], periods[1], limit=EVERY_PORT)


@dataclass(frozen=True)
class PortLine:
    """One port's row: its code and its comparison of the two periods."""

    port: str
    found: ScopeReduction

    @property
    def result(self) -> Reduction:
        return self.found.result

    def rate(self, counts: PeriodCounts, rate: float | None) -> str:
        """The rate as the CLI prints it, or why there is none, in words."""
        if rate is not None:
            return f"{rate:,.2f}"
        return NO_ENTRIES if not counts.entries else DASH

    def baseline_rate(self) -> str:
        return self.rate(self.found.baseline_counts, self.result.baseline_rate)

    def current_rate(self) -> str:
        return self.rate(self.found.current_counts, self.result.current_rate)

    def entries(self, counts: PeriodCounts) -> str:
        return DASH if counts.entries is None else f"{counts.entries:,}"

    def change(self) -> str:
        ratio = self.result.rate_ratio
        return change_signed(None if ratio is None else ratio - 1.0)

    def interval(self) -> str:
        if self.result.rate_ratio_ci95 is None:
            return DASH
        low, high = self.result.rate_ratio_ci95
        return interval_signed(low - 1.0, high - 1.0)

    def said(self) -> str:
        """The change in a sentence, and why a port has no rate: the row's tooltip."""
        note = self.result.note if self.result.rate_ratio is None else None
        return f"{self.port}: {note or self.result.change_text()}"


def _before(line: PortLine) -> PeriodCounts:
    return line.found.baseline_counts


def _after(line: PortLine) -> PeriodCounts:
    return line.found.current_counts


def _text(value: object) -> str:
    return str(value)


_COLUMNS: list[Column[PortLine]] = [
    Column("Port", lambda p: p.port, _text, tooltip=PortLine.said),
    Column("Touch points\nbaseline", lambda p: _before(p).touch_points, numeric=True),
    Column("Touch points\ncurrent", lambda p: _after(p).touch_points, numeric=True),
    Column("Entries\nbaseline", lambda p: p.entries(_before(p)), _text, numeric=True),
    Column("Entries\ncurrent", lambda p: p.entries(_after(p)), _text, numeric=True),
    Column("Rate\nbaseline", PortLine.baseline_rate, _text, numeric=True, tooltip=PortLine.said),
    Column("Rate\ncurrent", PortLine.current_rate, _text, numeric=True, tooltip=PortLine.said),
    Column("Change", PortLine.change, _text, numeric=True, tooltip=PortLine.said),
    Column("95% interval", PortLine.interval, _text, tooltip=PortLine.said),
    Column("Verdict", lambda p: p.result.verdict.value, _text, tooltip=PortLine.said),
]
_WIDTHS = (55, 90, 90, 75, 75, 75, 75, 70, 190)


def more_words(hidden: list[PortLine]) -> str:
    """The ports past the busiest, counted: "and 3 more ports with 5 touch points"."""
    if not hidden:
        return ""
    touched = sum(_before(p).touch_points + _after(p).touch_points for p in hidden)
    ports = "1 more port" if len(hidden) == 1 else f"{len(hidden):,} more ports"
    points = "1 touch point" if touched == 1 else f"{touched:,} touch points"
    return f"… and {ports} with {points} in the two periods."


def caption_words(ports: PortReductions) -> str:
    """Which ports come first, what a rate counts and what it divides by."""
    per_month = any(found.result.basis is Basis.MONTHS for _port, found in ports.ports)
    unit = "" if per_month else " Rates are touch points per 1,000 entries."
    return f"Busiest ports first.{unit} {ports.caption}"


class PortRates(QGroupBox):
    """'By port': the busiest ports' rates in both periods, the change and its verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("By port", parent)
        layout = QVBoxLayout(self)
        self.caption_label = _said(self, "What the port rates divide by")
        layout.addWidget(self.caption_label)
        self.model: RecordTableModel[PortLine] = RecordTableModel(_COLUMNS, self)
        self.table_view = record_view(self, "Touch points by port", self.model, _WIDTHS)
        # At most ten rows: the table is as tall as they are, the page scrolls instead.
        self.table_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.installEventFilter(self)
        layout.addWidget(self.table_view)
        self.more_label = _said(self, "More ports")
        self.notes_label = _said(self, "Ports without a rate")
        layout.addWidget(self.more_label)
        layout.addWidget(self.notes_label)
        self.clear()

    def clear(self, text: str = "…") -> None:
        """No figures (yet): ``text`` says why."""
        self.caption_label.setText(text)
        self._show_lines([], "", "")

    def show_ports(self, ports: PortReductions) -> None:
        lines = [PortLine(code, found) for code, found in ports.ports]
        if not lines:
            self.clear("No touch point of these periods names a port.")
            return
        shown = lines[:PORTS_SHOWN]
        self.caption_label.setText(caption_words(ports))
        notes = [p.said() for p in shown if p.result.rate_ratio is None and p.result.note]
        self._show_lines(shown, more_words(lines[PORTS_SHOWN:]), "\n".join(notes))

    def _show_lines(self, lines: list[PortLine], more: str, notes: str) -> None:
        self.model.set_rows(lines)
        self.table_view.setVisible(bool(lines))
        for label, text in ((self.more_label, more), (self.notes_label, notes)):
            label.setText(text)
            label.setVisible(bool(text))
        self._fit_height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table_view and event.type() == QEvent.Type.Resize:
            self._fit_height()  # narrower, the columns may need a sideways scroll bar
        return super().eventFilter(watched, event)

    def _fit_height(self) -> None:
        """Every row shown without scrolling, and room for a sideways scroll bar if needed."""
        view = self.table_view
        rows = sum(view.rowHeight(row) for row in range(self.model.rowCount()))
        header = view.horizontalHeader()
        inside = view.width() - 2 * view.frameWidth()
        bar = view.horizontalScrollBar().sizeHint().height() if header.length() > inside else 0
        view.setFixedHeight(rows + header.sizeHint().height() + bar + 2 * view.frameWidth())


def _said(parent: QWidget, name: str) -> QLabel:
    """A wrapped line of plain text (a port code is not markup) the user can select."""
    label = QLabel("", parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label
