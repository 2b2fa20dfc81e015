"""The data checks as a list: each check's title with its count, then a row per finding.

One widget serves the Data checks page (a portfolio, a Center or everyone: a row per
partner) and the partner workspace's tab (one partner: a row per check). The checks run
off the GUI thread; Enter or a double-click on a row opens the partner on the tab that
keeps the records behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from trusted_trader.domain.data_checks import VolumeTolerance, parse_tolerance
from trusted_trader.gui.context import Desk
from trusted_trader.gui.models.base import Column, RecordTableModel
from trusted_trader.gui.tables import record_view
from trusted_trader.gui.widgets import caption_label, push_button
from trusted_trader.services.data_checks import CheckGroup, DataChecks, Finding
from trusted_trader.services.scope import Scope

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

# Read when a load starts, on the GUI thread: how the worker finds the scope (None: not yet).
ScopeMaker: TypeAlias = "Callable[[UnitOfWork], Scope]"


@dataclass(frozen=True)
class CheckRow:
    """A check's title row (no finding) or one partner's finding under it."""

    group: CheckGroup
    finding: Finding | None = None

    @property
    def is_title(self) -> bool:
        return self.finding is None

    def title(self) -> str:
        info = self.group.info
        return f"{info.title} — {info.severity.value}: {self.group.summary()}"


def _count(row: CheckRow) -> object:
    return row.finding.count if row.finding else None


def _records(row: CheckRow) -> str:
    return row.finding.items_text() if row.finding else ""


def _explained(row: CheckRow) -> str:
    return row.group.info.explanation


def _listed(row: CheckRow) -> str:
    """Every record the finding lists, one a line, and what holds for the partner."""
    if row.finding is None:
        return ""
    lines = [item.text() for item in row.finding.items]
    if row.finding.more and lines:
        lines.append(f"… and {row.finding.more:,} more")
    return "\n".join([*lines, row.finding.note] if row.finding.note else lines)


PORTFOLIO_COLUMNS: list[Column[CheckRow]] = [
    Column("Partner", lambda r: r.finding.partner_name if r.finding else r.title(),
           tooltip=_explained),
    Column("Count", _count, numeric=True),
    Column("Records", _records, tooltip=_listed),
]  # fmt: skip
PARTNER_COLUMNS: list[Column[CheckRow]] = [
    Column("Check", lambda r: r.group.info.title, tooltip=_explained),
    Column("Severity", lambda r: r.group.info.severity.value.capitalize()),
    Column("Count", lambda r: r.finding.count if r.finding else 0, numeric=True),
    Column("Records", lambda r: _records(r) or "none found", tooltip=_listed),
]  # fmt: skip


class CheckRowModel(RecordTableModel[CheckRow]):
    """Title rows read in bold: the group's title and count, spanning the row."""

    titles = True  # False: one partner's list, a row per check and no title rows

    def extra_data(self, record: CheckRow, column: int, role: int) -> Any:
        if not self.titles:
            return None
        if role == Qt.ItemDataRole.FontRole and record.is_title:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and record.is_title and column == 0:
            return record.title()
        return None


class DataChecksList(QWidget):
    """The checks of a scope; ``scope_of`` says, when a load starts, how to find it."""

    def __init__(
        self, desk: Desk, name: str, scope_of: Callable[[], ScopeMaker | None], parent: QWidget,
        *, per_partner: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.desk = desk
        self._scope_of = scope_of
        self._per_partner = per_partner
        self._generation = 0
        self.checks: DataChecks | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary_label = caption_label("", self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.summary_label)
        columns = PARTNER_COLUMNS if per_partner else PORTFOLIO_COLUMNS
        self.model = CheckRowModel(columns, self)
        self.model.titles = not per_partner
        widths = (420, 90, 60) if per_partner else (300, 70)
        self.view = record_view(self, name, self.model, widths)
        self.view.setSortingEnabled(False)  # the checks keep their order
        self.view.activated.connect(self._activated)
        self.model.modelReset.connect(self._span_titles)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._build_buttons())

    def _build_buttons(self) -> QHBoxLayout:
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.open_button = push_button(
            "Open", self, self.open_current, "Open the partner where the records are (Enter)"
        )
        self.open_button.setAccessibleName("Open the records of the finding")
        self.refresh_button = push_button("Refresh", self, self.load, "Run the checks again")
        self.export_button = push_button(
            "Export…", self, self.export, "Save the list as a CSV file for a spreadsheet"
        )
        self.export_button.setAccessibleName("Export the data checks")
        for button in (self.open_button, self.refresh_button, self.export_button):
            self.buttons.addWidget(button)
        return self.buttons

    def load(self) -> None:
        """Run the checks off the GUI thread; an answer of an older load is dropped."""
        scope = self._scope_of()
        if self.desk.store is None or scope is None:
            return
        self._generation += 1
        generation, desk = self._generation, self.desk
        self.summary_label.setText("Checking…")
        tolerance = parse_tolerance(desk.settings.check_tolerance)  # checked when loaded

        def shown(found: DataChecks) -> None:
            if generation == self._generation:
                self.show_checks(found)

        desk.pool.submit(lambda: _run(desk, scope, tolerance), shown, owner=self)

    def show_checks(self, found: DataChecks) -> None:
        self.checks = found
        rows: list[CheckRow] = []
        for group in found.groups:
            if self._per_partner:
                rows.extend(CheckRow(group, f) for f in group.findings or (None,))
            else:
                rows.append(CheckRow(group))
                rows.extend(CheckRow(group, f) for f in group.findings)
        self.model.set_rows(rows)
        self.summary_label.setText(summary_text(found))

    @Slot()
    def _span_titles(self) -> None:
        self.view.clearSpans()
        if self._per_partner:
            return
        for row, record in enumerate(self.model.rows()):
            if record.is_title:
                self.view.setSpan(row, 0, 1, self.model.columnCount())

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.open_current(index)

    def open_current(self, index: QModelIndex | None = None) -> None:
        """Open the finding's partner on the tab of its records, the first one selected."""
        index = index if index is not None else self.view.currentIndex()
        if not index.isValid():
            self.desk.say("Choose a finding of the list first.")
            return
        finding = self.model.record(index.row()).finding
        if finding is None:
            if self._per_partner:  # a check without findings: Enter still answers
                self.desk.say("This check found nothing for the partner.")
            return
        if finding.items:
            first = finding.items[0]
            self.desk.item_requested.emit(finding.partner_id, first.record_table, first.record_id)
        else:
            self.desk.item_requested.emit(finding.partner_id, "partner", finding.partner_id)

    def export(self) -> None:
        """Save the list as shown (every record each finding lists) to a CSV file."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from trusted_trader.gui.replace_prompt import SAVE_OPTIONS, ask_to_replace
        from trusted_trader.services.exporting import save_document
        from trusted_trader.store.errors import StoreError

        if self.checks is None:
            self.desk.say("The checks are still running; export once they are listed.")
            return
        title = "Export data checks"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, "data-checks.csv", "CSV files (*.csv)", options=SAVE_OPTIONS
        )
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".csv") else Path(chosen + ".csv")
        overwrite = ask_to_replace(self, path, title)
        if overwrite is None:
            return
        try:
            save_document(path, self.checks.as_csv(), overwrite=overwrite)
        except (StoreError, OSError) as exc:  # a refused or unwritable target says why
            QMessageBox.warning(self, title, f"The file was not saved: {exc}")
            return
        self.desk.say(f"Data checks saved to {path}")


def summary_text(found: DataChecks) -> str:
    """One line: how many checks found something, and the tolerance of monthly totals."""
    with_findings = [g for g in found.groups if g.findings]
    problems = sum(1 for g in with_findings if g.info.severity.value == "problem")
    head = (
        f"{problems} check{'s' if problems != 1 else ''} found problems"
        if problems
        else "No problems found"
    )
    information = len(with_findings) - problems
    if information:
        head += f"; {information} found something worth knowing"
    return f"{head}. Monthly totals are compared with a tolerance of {found.tolerance.describe()}."


def _run(desk: Desk, scope: ScopeMaker, tolerance: VolumeTolerance) -> DataChecks:
    from trusted_trader.services.data_checks import run_data_checks

    with desk.uow() as uow:
        return run_data_checks(uow, scope(uow), tolerance)
