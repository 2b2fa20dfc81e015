"""Record or change a touch point; identifiers are checked as they are typed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from trusted_trader.domain.deadlines import response_due
from trusted_trader.domain.enums import INSPECTING_KINDS, ExamSelection, Outcome, TouchPointKind
from trusted_trader.domain.identifiers import (
    format_hts,
    parse_entry_number,
    parse_hts_number,
    parse_port_code,
)
from trusted_trader.gui.context import Topic
from trusted_trader.gui.dialogs.conflict_save import (
    Values,
    VersionedSave,
    fields_of,
    save_versioned,
)
from trusted_trader.gui.dialogs.fields import CheckedLineEdit, OptionalDate, date_edit
from trusted_trader.gui.dialogs.record_dialog import RecordDialog
from trusted_trader.gui.qt_dates import py_date, qdate, show_date
from trusted_trader.gui.widgets import select_data
from trusted_trader.services.records import TouchPointRecord

if TYPE_CHECKING:
    from trusted_trader.services.touch_points import TouchPointInput
    from trusted_trader.store.uow import UnitOfWork


class TouchPointDialog(RecordDialog[TouchPointRecord]):
    what = "touch point"
    table = "touch_point"

    def build(self) -> None:
        self._build_what_and_where()
        self._build_due_and_notes()
        self.kind_combo.currentIndexChanged.connect(self._show_response_due)
        self.kind_combo.currentIndexChanged.connect(self._enable_selection)
        self.date_edit.dateChanged.connect(self._show_response_due)
        if self.record is not None:
            self._fill(self.record)
        self._show_response_due()
        self._enable_selection()

    def _build_what_and_where(self) -> None:
        self.date_edit = date_edit(self.desk.today(), self, "Date")
        self.form.addRow("&Date", self.date_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Kind")
        for kind in TouchPointKind:
            self.kind_combo.addItem(f"{kind.label} — {kind.description}", kind.value)
        self.form.addRow("&Kind", self.kind_combo)
        self.port_field = self.checked(
            "&Port code", CheckedLineEdit(parse_port_code, name="Port code", placeholder="0101")
        )
        self.entry_field = self.checked(
            "&Entry number",
            CheckedLineEdit(parse_entry_number, name="Entry number", placeholder="ABC-1234567-6"),
        )
        self.hts_field = self.checked(
            "&HTS number",
            CheckedLineEdit(parse_hts_number, name="HTS number", placeholder="8471.30.0100"),
        )
        self.agency_edit = QLineEdit("CBP", self)
        self.agency_edit.setAccessibleName("Agency")
        self.form.addRow("&Agency", self.agency_edit)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.setAccessibleName("Outcome")
        self.outcome_combo.addItem("(not known yet)", "")
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label, outcome.value)
        self.form.addRow("&Outcome", self.outcome_combo)
        # Exams and CF-28 reviews: chosen by targeting, or at random to measure compliance.
        self.selection_combo = QComboBox(self)
        self.selection_combo.setAccessibleName("How the entry was selected")
        self.selection_combo.addItem("(not recorded)", "")
        self.selection_combo.addItem("Targeted", ExamSelection.TARGETED.value)
        self.selection_combo.addItem("Random (compliance measurement)", ExamSelection.RANDOM.value)
        self.form.addRow("&Selected", self.selection_combo)

    def _build_due_and_notes(self) -> None:
        self.response_label = QLabel("", self)
        self.form.addRow("Response due", self.response_label)
        # The officer may set the due date by hand (CBP shortened or extended the window);
        # the reason is kept with it and audited.
        self.due_override = OptionalDate("Set by hand", self, self.desk.today())
        self.form.addRow("Due date", self.due_override)
        self.due_reason_edit = QLineEdit(self)
        self.due_reason_edit.setAccessibleName("Reason for the due date")
        self.due_reason_edit.setPlaceholderText("why the due date differs from the window")
        self.due_reason_edit.setEnabled(False)
        self.due_override.check_box.toggled.connect(self.due_reason_edit.setEnabled)
        self.form.addRow("&Reason", self.due_reason_edit)
        self.closed_date = OptionalDate("Closed", self, self.desk.today())
        self.form.addRow("Closed on", self.closed_date)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(90)
        self.form.addRow("&Notes", self.notes_edit)

    def _fill(self, record: TouchPointRecord) -> None:
        self.date_edit.setDate(qdate(record.occurred_on))
        select_data(self.kind_combo, record.kind)
        self.port_field.set_text(record.port_code)
        self.entry_field.set_text(record.entry_number)
        self.hts_field.set_text(format_hts(record.hts_number) if record.hts_number else "")
        self.agency_edit.setText(record.agency)
        select_data(self.outcome_combo, record.outcome)
        select_data(self.selection_combo, record.selection)
        self.closed_date.set_value(record.closed_on)
        self.notes_edit.setPlainText(record.notes)
        if record.response_due_reason:
            self.due_override.set_value(record.response_due)
            self.due_reason_edit.setText(record.response_due_reason)

    def occurred_on(self) -> date:
        return py_date(self.date_edit.date())

    def _enable_selection(self) -> None:
        inspects = self.kind_combo.currentData() in INSPECTING_KINDS
        self.selection_combo.setEnabled(inspects)
        if not inspects:
            self.selection_combo.setCurrentIndex(0)

    def _show_response_due(self) -> None:
        kind = TouchPointKind(self.kind_combo.currentData())
        due = response_due(kind, self.occurred_on())
        self.response_label.setText(
            f"{show_date(due)} ({kind.response_days} days)" if due else "no response window"
        )

    def save(self) -> bool:
        from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

        data = TouchPointInput(
            occurred_on=self.occurred_on(),
            kind=str(self.kind_combo.currentData()),
            port_code=str(self.port_field.value),
            entry_number=str(self.entry_field.value),
            hts_number=str(self.hts_field.value),
            agency=self.agency_edit.text(),
            outcome=str(self.outcome_combo.currentData()),
            closed_on=self.closed_date.value(),
            notes=self.notes_edit.toPlainText(),
            response_due=self.due_override.value(),
            response_due_reason=self.due_reason_edit.text(),
            selection=str(self.selection_combo.currentData()),
        )
        if self.record is None:
            with self.desk.uow() as uow:
                self.saved = record_touch_point(uow, self.partner_id, data)
                uow.commit()
        else:
            self.saved = save_versioned(self, self.desk, touch_point_save(self.record, data))
        self.desk.changed(Topic.TOUCH_POINTS)
        return self.saved is not None


def touch_point_fields(record: TouchPointRecord) -> dict[str, object]:
    """A stored touch point in the form's terms (a due date only where set by hand)."""
    from trusted_trader.services.touch_points import TouchPointInput

    values = {name: getattr(record, name) for name in TouchPointInput.__dataclass_fields__}
    if not record.response_due_reason:
        values["response_due"] = None
    return values


def touch_point_save(
    record: TouchPointRecord, data: TouchPointInput
) -> VersionedSave[TouchPointRecord]:
    """How a changed touch point is saved against the version it was opened at."""
    from trusted_trader.services.touch_points import (
        TouchPointInput,
        get_touch_point,
        update_touch_point,
    )

    def write(uow: UnitOfWork, values: Values, version: int) -> TouchPointRecord:
        return update_touch_point(uow, record.id, TouchPointInput(**values), version)  # type: ignore[arg-type]

    what, load = (
        f"The {record.kind.upper()} touch point of {show_date(record.occurred_on)}",
        lambda uow: get_touch_point(uow, record.id),
    )
    return VersionedSave(
        what, "touch_point", record, fields_of(data), touch_point_fields, write, load
    )
