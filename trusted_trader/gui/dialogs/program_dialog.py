"""Enroll a partner in a program or change an enrollment; its dates and flags show as typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.errors import ValidationError
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.fields import OptionalDate
from trusted_trader.gui.dialogs.record_dialog import RecordDialog, Values
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.widgets import select_data
from trusted_trader.services.programs import (
    EnrollmentInput,
    as_enrollment,
    enrollment_outlook,
    validate_enrollment,
)
from trusted_trader.services.records import EnrollmentRecord
from trusted_trader.services.reference import mutual_recognition_arrangements

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

# Trade Compliance keeps its acceptance and its Annual Notification Letter in the
# columns CTPAT uses for certification and the annual review (domain.programs.Enrollment).
DATE_LABELS = {
    "certified_on": ("&Certified on", "A&ccepted on"),
    "last_validated_on": ("Last &validated on", "Last &validated on"),
    "last_reviewed_on": ("Annual &review done on", "Last notification &letter"),
    "anniversary": ("Account a&nniversary", "Account a&nniversary"),
}


class ProgramDialog(RecordDialog[EnrollmentRecord]):
    what = "enrollment"
    table = "program_enrollment"
    # enroll and update_enrollment take an EnrollmentInput: add and write say so below.
    service = ("programs", "enroll", "update_enrollment", "get_enrollment")

    def __init__(
        self,
        desk: Desk,
        partner_id: int,
        others: tuple[EnrollmentRecord, ...] = (),
        record: EnrollmentRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(desk, partner_id, record, parent)
        # The partner's other enrollments: the cross-program flags read them with this one.
        self.others = tuple(r for r in others if record is None or r.id != record.id)
        self._problems: list[str] = []
        self._build_program()
        self._build_dates()
        self._build_outlook()
        if record is not None:
            self._fill(record)
        # Connected once the form is whole: filling it would otherwise reckon half a form.
        self.program_combo.currentIndexChanged.connect(self._tier_for_program)
        for combo in (self.program_combo, self.tier_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.arrangement_combo.currentTextChanged.connect(self.refresh)
        for field in self.dates.values():
            field.check_box.toggled.connect(self.refresh)
            field.date_edit.dateChanged.connect(self.refresh)
        self.refresh()

    def _build_program(self) -> None:
        self.program_combo = self._combo("&Program", Program.choices())
        self.tier_combo = self._combo(
            "CTPAT &tier", [(None, "No tier")] + [(n, f"Tier {n}") for n in (1, 2, 3)]
        )
        self.status_combo = self._combo("&Status", EnrollmentStatus.choices())
        self.arrangement_combo = self._combo(
            "&Arrangement", [(name, name) for name in mutual_recognition_arrangements()]
        )
        self.arrangement_combo.setEditable(True)
        self.arrangement_combo.setToolTip("The foreign program of a Mutual Recognition")
        self.program_combo.setCurrentIndex(self.program_combo.findData(Program.CTPAT.value))
        self.tier_combo.setCurrentIndex(1)
        self.status_combo.setCurrentIndex(
            self.status_combo.findData(EnrollmentStatus.CERTIFIED.value)
        )

    def _tier_for_program(self) -> None:
        """Only CTPAT has tiers: another program starts with none (one can still be chosen,
        and is then refused in words)."""
        if self.program_combo.currentData() != Program.CTPAT.value:
            self.tier_combo.setCurrentIndex(0)

    def _combo(self, label: str, items: Sequence[tuple[object, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(label.replace("&", ""))
        for value, text in items:
            combo.addItem(text, value)
        self.form.addRow(label, combo)
        return combo

    def _build_dates(self) -> None:
        self.dates: dict[str, OptionalDate] = {}
        today = self.desk.today()
        for key, (label, _tc) in DATE_LABELS.items():
            field = OptionalDate("Recorded", self, today)
            name = label.replace("&", "")
            field.check_box.setAccessibleName(f"{name}: recorded")
            field.date_edit.setAccessibleName(name)
            field.setFocusProxy(field.check_box)
            self.form.addRow(label, field)
            self.dates[key] = field

    def _build_outlook(self) -> None:
        self.outlook_label = self._note("What follows", "Dates that follow")
        self.flags_label = self._note("Across programs", "Program flags")
        self.flags_label.setObjectName("fieldProblem")

    def _note(self, label: str, name: str) -> QLabel:
        note = QLabel("", self)
        note.setWordWrap(True)
        note.setAccessibleName(name)
        self.form.addRow(label, note)
        return note

    def _fill(self, record: EnrollmentRecord) -> None:
        for combo, value in (
            (self.program_combo, record.program),
            (self.tier_combo, record.tier),
            (self.status_combo, record.status),
        ):
            select_data(combo, value)
        self.arrangement_combo.setCurrentText(record.foreign_program)
        for key, field in self.dates.items():
            field.set_value(getattr(record, key))

    def enrollment_input(self) -> EnrollmentInput:
        """The enrollment as typed."""
        mutual = self.program_combo.currentData() == Program.MUTUAL_RECOGNITION.value
        return EnrollmentInput(
            program=str(self.program_combo.currentData()),
            status=str(self.status_combo.currentData()),
            tier=self.tier_combo.currentData(),
            foreign_program=self.arrangement_combo.currentText() if mutual else "",
            **{key: field.value() for key, field in self.dates.items()},
        )

    def refresh(self) -> None:
        """Relabel the dates for the program, then reckon what follows from them."""
        trade = self.program_combo.currentData() == Program.TRADE_COMPLIANCE.value
        for key, field in self.dates.items():
            label = self.form.labelForField(field)
            if isinstance(label, QLabel):
                label.setText(DATE_LABELS[key][1 if trade else 0])
        mutual = self.program_combo.currentData() == Program.MUTUAL_RECOGNITION.value
        self.arrangement_combo.setEnabled(mutual)
        self._problems = []
        try:
            rules = validate_enrollment(self.enrollment_input())
        except ValidationError as exc:
            self._problems = [f"{p.field.replace('_', ' ')}: {p.reason}" for p in exc.problems]
            self.outlook_label.setText("\n".join(self._problems))
            self.flags_label.setText("")
            self.update_save_button()
            return
        self._show_outlook(rules)
        self.update_save_button()

    def _show_outlook(self, rules: object) -> None:
        from trusted_trader.domain.programs import Enrollment, check_programs

        assert isinstance(rules, Enrollment)
        today = self.desk.today()
        lines = enrollment_outlook(rules, today, show_date)
        self.outlook_label.setText("\n".join(lines) or "No dates follow from these yet.")
        flags = check_programs([*(as_enrollment(r) for r in self.others), rules], today)
        self.flags_label.setText("\n".join(f"⚠ {f.reason}" for f in flags))

    def is_valid(self) -> bool:
        return super().is_valid() and not self._problems

    def described(self, record: EnrollmentRecord) -> str:
        tier = f" Tier {record.tier}" if record.tier else ""
        return f"The {Program(record.program).label}{tier} enrollment"

    def values(self) -> dict[str, Any]:
        return dict(self.enrollment_input().__dict__)

    def add(self, uow: UnitOfWork) -> EnrollmentRecord:
        from trusted_trader.services.programs import enroll

        return enroll(uow, self.partner_id, self.enrollment_input())

    def write(self, uow: UnitOfWork, values: Values, version: int) -> EnrollmentRecord:
        from trusted_trader.services.programs import update_enrollment

        assert self.record is not None
        return update_enrollment(uow, self.record.id, EnrollmentInput(**values), version)
