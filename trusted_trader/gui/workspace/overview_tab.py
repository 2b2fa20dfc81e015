"""Overview: the profile (editable), the programs with their next dates and flags, key numbers."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.domain.enums import PeriodMode, Program
from trusted_trader.domain.periods import Comparison, MonthRange, last_full_months
from trusted_trader.domain.programs import Enrollment
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.period_picker import PeriodPicker
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.tables import text_width
from trusted_trader.gui.widgets import push_button
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.gui.workspace.overview_figures import (
    CenterComparison,
    ComplianceTexts,
    compliance_texts,
)
from trusted_trader.gui.workspace.overview_ports import PortRates, port_reductions
from trusted_trader.services.analytics import CenterFunnel, PortReductions
from trusted_trader.services.records import EnrollmentRecord, PartnerRecord, PlanRecord


@dataclass(frozen=True)
class KeyNumbers:
    touch_points_12m: int
    open_responses: int
    plans: str
    reduction: str
    comparison: Comparison
    plan: PlanRecord | None = None
    compliance: ComplianceTexts | None = None
    funnel: CenterFunnel | None = None  # the partner's Center over the current period
    ports: PortReductions | None = None  # every port with touch points, busiest first


def _key_numbers(
    desk: Desk,
    partner: PartnerRecord,
    mode: PeriodMode,
    custom: tuple[MonthRange, MonthRange] | None,
) -> KeyNumbers:
    from trusted_trader.services.analytics import (
        Scope,
        center_funnel,
        compliance_for_scope,
        partner_comparison,
        reduction_for_scope,
    )
    from trusted_trader.services.plans import list_plans
    from trusted_trader.services.touch_points import TouchPointQuery, count_touch_points

    today = desk.today()
    year = last_full_months(today, 12)  # full months: the same span the statistics use
    with desk.uow() as uow:
        recent = count_touch_points(
            uow,
            TouchPointQuery(
                partner_id=partner.id,
                date_from=year.first,
                date_to=year.end_exclusive - timedelta(days=1),
            ),
        )
        open_responses = sum(1 for d in _deadlines(uow, partner.id, today) if d.kind == "response")
        plans = list_plans(uow, partner.id)
        comparison, plan = partner_comparison(uow, partner.id, today, mode, custom)
        scope = Scope("partner", partner.id, partner.legal_name)
        reduction = reduction_for_scope(uow, scope, comparison.baseline, comparison.current)
        found = compliance_for_scope(uow, scope, comparison.baseline, comparison.current)
        funnel = (
            center_funnel(uow, partner.center_id, comparison.current)
            if partner.center_id is not None
            else None
        )
        ports = port_reductions(uow, scope, (comparison.baseline, comparison.current))
    active = [p for p in plans if p.status == "active"]
    plan_text = (
        f"Active plan rev. {active[0].revision}, {active[0].period_start:%b %Y} – "
        f"{active[0].period_end:%b %Y}"
        if active
        else f"{len(plans)} plan{'s' if len(plans) != 1 else ''}, none active"
    )
    sentence = f"<b>Touch-point rate:</b> {html.escape(reduction.result.sentence())}"
    compliance = compliance_texts(found, reduction.result.verdict.value)
    return KeyNumbers(
        recent, open_responses, plan_text, sentence, comparison, plan, compliance, funnel, ports
    )


def _deadlines(uow: object, partner_id: int, today: date) -> list:  # type: ignore[type-arg]
    from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
    from trusted_trader.services.scope import Scope

    query = DeadlineQuery(Scope.of(partner_id=partner_id), horizon_days=3650)
    return list_deadlines(uow, query, today)  # type: ignore[arg-type]


class OverviewTab(WorkspaceTab):
    title = "Overview"
    watches = frozenset({Topic.PARTNERS, Topic.TOUCH_POINTS, Topic.PLANS, Topic.VOLUMES})
    profile_changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.comparison: Comparison | None = None
        # Box layouts, not a grid: they give the wrapped sentence the height it needs.
        # The whole page scrolls, so a laptop's 768 pixels still reach the funnel plot.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName("Partner overview")
        page = QWidget(scroll)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self._build_profile(), 2)
        right = QVBoxLayout()
        right.addWidget(self._build_numbers())
        right.addWidget(self._build_programs(), 1)
        row.addLayout(right, 3)
        column.addLayout(row, 1)
        # Across the whole width, so the funnel plot has room for its volumes.
        self.center_box = CenterComparison(desk.ui_state, page)
        column.addWidget(self.center_box)
        # Last, so the Center's line keeps its place on a laptop screen; the page scrolls.
        self.ports_box = PortRates(page)
        column.addWidget(self.ports_box)
        self._scroll, self._column = scroll, column
        self.center_box.toggle.toggled.connect(self._funnel_toggled)
        self._funnel_toggled(self.center_box.toggle.isChecked())

    def _funnel_toggled(self, opened: bool) -> None:
        """An open funnel plot takes the spare height and is scrolled into view."""
        self._column.setStretch(0, 0 if opened else 1)
        self._column.setStretch(1, 1 if opened else 0)
        if opened:
            # After the layout has made room: only then is there a place to scroll to.
            QTimer.singleShot(0, self, lambda: self._scroll.ensureWidgetVisible(self.center_box))

    def _build_profile(self) -> QGroupBox:
        box = QGroupBox("Profile", self)
        layout = QVBoxLayout(box)
        self._profile_form = QFormLayout()
        self._profile_labels: dict[str, QLabel] = {}
        for key, label in (
            ("legal_name", "Legal name"),
            ("dba", "DBA"),
            ("iors", "IOR numbers"),
            ("filers", "Filer codes"),
            ("ctpat_account", "CTPAT account"),
            ("center", "Center"),
            ("executive", "Account Executive"),
            ("address", "Address"),
            ("status", "Status"),
            ("risk", "Risk rating"),
            ("notes", "Notes"),
        ):
            value = QLabel("", box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._profile_labels[key] = value
            self._profile_form.addRow(f"{label}:", value)
        layout.addLayout(self._profile_form)
        self.edit_button = push_button(
            "Edit profile…", box, self.edit_profile, "Change the partner's profile"
        )
        layout.addSpacing(8)
        layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return box

    def _build_numbers(self) -> QGroupBox:
        box = QGroupBox("Key numbers", self)
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self._numbers: dict[str, QLabel] = {}
        for key, label in (
            ("touch_points", "Touch points, last 12 full months"),
            ("responses", "Open responses"),
            ("plans", "Engagement plan"),
        ):
            value = QLabel("…", box)
            self._numbers[key] = value
            form.addRow(f"{label}:", value)
        layout.addLayout(form)
        self.period_picker = PeriodPicker(self.desk.today, box)
        self.period_picker.remember(self.desk.ui_state, "overview/periods")
        self.period_picker.periods_changed.connect(self._load_numbers)
        layout.addWidget(self.period_picker)
        # A wrapped label in a form row is clipped; in a box layout it gets its height.
        sentence = QLabel("…", box)
        sentence.setWordWrap(True)
        sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sentence.setAccessibleName("Touch-point rate")
        sentence.setMinimumHeight(sentence.fontMetrics().lineSpacing() * 3)
        self._numbers["reduction"] = sentence
        layout.addWidget(sentence)
        for key, name in (
            ("compliance", "Compliance"),
            ("targeted", "Compliance over all inspections"),
            ("warning", "Warning"),
        ):
            said = QLabel("", box)
            said.setTextFormat(Qt.TextFormat.PlainText)
            said.setWordWrap(True)
            said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            said.setAccessibleName(name)
            self._numbers[key] = said
            layout.addWidget(said)
        self._numbers["warning"].setObjectName("fieldProblem")  # in words, coloured as well
        return box

    def _build_programs(self) -> QGroupBox:
        box = QGroupBox("Programs", self)
        layout = QVBoxLayout(box)
        self.programs_tree = QTreeWidget(box)
        self.programs_tree.setAccessibleName("Programs")
        self.programs_tree.setRootIsDecorated(False)
        # Its wish is its rows, not Qt's 192 pixels, so a laptop screen needs no scrolling.
        self.programs_tree.setSizeAdjustPolicy(QTreeWidget.SizeAdjustPolicy.AdjustToContents)
        self.programs_tree.setHeaderLabels(
            ["Program", "Status", "Certified", "Annual review", "Validation"]
        )
        for column, width in enumerate((150, 80, 90, 175)):
            self.programs_tree.setColumnWidth(column, text_width(self.programs_tree, width))
        layout.addWidget(self.programs_tree, 1)
        layout.addLayout(self._build_program_buttons(box))
        self.flags_label = QLabel("", box)
        self.flags_label.setObjectName("fieldProblem")
        self.flags_label.setWordWrap(True)
        layout.addWidget(self.flags_label)
        return box

    def _build_program_buttons(self, box: QGroupBox) -> QHBoxLayout:
        """Add, Edit and End, also on the list's context menu; double-click edits."""
        entries = (
            ("Add program…", self.add_program, "Enroll the partner in a program"),
            ("Edit…", self.edit_program, "Change the selected enrollment"),
            ("End…", self.end_program, "End the selected enrollment (withdrawn)"),
        )
        row = QHBoxLayout()
        self.program_buttons = [push_button(t, box, slot, tip) for t, slot, tip in entries]
        for button, name in zip(
            self.program_buttons, ("Add program", "Edit enrollment", "End enrollment"), strict=True
        ):
            button.setAccessibleName(name)
            row.addWidget(button)
        row.addStretch(1)
        self.add_context_menu(self.programs_tree, [(t, slot) for t, slot, _tip in entries])
        self.programs_tree.itemActivated.connect(lambda _item, _column: self.edit_program())
        self._select_enrollment: int | None = None
        return row

    def selected_enrollment(self) -> EnrollmentRecord | None:
        item = self.programs_tree.currentItem()
        record_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        enrollments = self.partner.enrollments if self.partner is not None else ()
        return next((r for r in enrollments if r.id == record_id), None)

    def add_program(self) -> None:
        self._open_program(None)

    def edit_program(self) -> None:
        record = self.selected_enrollment()
        if record is not None:
            self._open_program(record)

    def _open_program(self, record: EnrollmentRecord | None) -> None:
        from trusted_trader.gui.dialogs.program_dialog import ProgramDialog

        if self.partner is None or self.refused_read_only():
            return
        dialog = ProgramDialog(self.desk, self.partner.id, self.partner.enrollments, record, self)
        dialog.setObjectName("programDialog")
        if dialog.exec() and dialog.saved is not None:
            self._select_enrollment = dialog.saved.id
            self._show_selection()

    def end_program(self) -> None:
        from trusted_trader.domain.programs import ENDED_STATUSES
        from trusted_trader.gui.record_undo import end_enrollment_with_undo

        record = self.selected_enrollment()
        if record is None or self.refused_read_only():
            return
        if record.status in ENDED_STATUSES:
            self.desk.say(f"This enrollment has already ended ({record.status}).")
            return
        end_enrollment_with_undo(self.desk, self, record)

    def select_enrollment(self, enrollment_id: int) -> None:
        """Select an enrollment in the list (a deadline of it was opened)."""
        self._select_enrollment = enrollment_id
        self._show_selection()

    def _show_selection(self) -> None:
        wanted = self._select_enrollment
        for index in range(self.programs_tree.topLevelItemCount()):
            item = self.programs_tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == wanted:
                self.programs_tree.setCurrentItem(item)

    def load(self) -> None:
        partner = self.partner
        assert partner is not None
        self._show_profile(partner)
        self._show_programs(partner)
        self._load_numbers()

    def _load_numbers(self) -> None:
        partner = self.partner
        if partner is None:
            return
        for key, label in self._numbers.items():
            label.setText("…" if key not in ("targeted", "warning") else "")
        self.center_box.clear()
        self.ports_box.clear()
        self.comparison = None  # until this partner's figures are in
        mode, custom = self.period_picker.mode(), self.period_picker.custom_periods()
        self.desk.pool.submit(
            lambda: _key_numbers(self.desk, partner, mode, custom),
            self._show_numbers,
            self._numbers_failed,
            owner=self,
        )

    def _show_profile(self, p: PartnerRecord) -> None:
        values = {
            "legal_name": p.legal_name,
            "dba": p.dba,
            "iors": ", ".join(p.ior_numbers),
            "filers": ", ".join(p.filer_codes),
            "ctpat_account": p.ctpat_account,
            "center": f"{p.center_code} — {p.center_name}" if p.center_code else "",
            "executive": f"{p.executive_name} <{p.executive_email}>" if p.executive_name else "",
            "address": ", ".join(x for x in (p.address, p.city, p.country) if x),
            "status": p.status.capitalize(),
            "risk": p.risk_rating.capitalize(),
            "notes": p.notes,
        }
        for key, text in values.items():
            self._profile_labels[key].setText(text or "—")

    def _show_programs(self, partner: PartnerRecord) -> None:
        from trusted_trader.services.programs import as_enrollment, program_flags

        today = self.desk.today()
        self.programs_tree.clear()
        for record in partner.enrollments:
            item = _program_item(record, as_enrollment(record), today)
            item.setData(0, Qt.ItemDataRole.UserRole, record.id)
            for column in range(item.columnCount()):  # the narrow columns elide
                item.setToolTip(column, item.text(column))
            self.programs_tree.addTopLevelItem(item)
        self._show_selection()
        flags = program_flags(partner.enrollments, today)
        self.flags_label.setText("\n".join(f"⚠ {f.reason}" for f in flags))
        if not partner.enrollments:
            self.programs_tree.addTopLevelItem(QTreeWidgetItem(["No programs recorded"]))

    def _show_numbers(self, numbers: KeyNumbers) -> None:
        self._numbers["touch_points"].setText(f"{numbers.touch_points_12m:,}")
        self._numbers["responses"].setText(f"{numbers.open_responses:,}")
        self._numbers["plans"].setText(numbers.plans)
        self._numbers["reduction"].setText(numbers.reduction)
        texts = numbers.compliance
        for key in ("compliance", "targeted", "warning"):
            shown = getattr(texts, "sentence" if key == "compliance" else key) if texts else ""
            self._numbers[key].setText(shown)
            self._numbers[key].setVisible(bool(shown))
        if self.partner is not None:
            self.center_box.show_figures(numbers.funnel, self.partner.id)
        if numbers.ports is not None:
            self.ports_box.show_ports(numbers.ports)
        self.period_picker.set_plan(numbers.plan)
        self.period_picker.show_comparison(numbers.comparison)
        self.comparison = numbers.comparison

    def chosen_comparison(self) -> Comparison | None:
        """The periods the key numbers compare, for the progress report printed from here."""
        return self.comparison

    def _numbers_failed(self, exc: object) -> None:
        if isinstance(exc, ValueError):  # custom periods that cannot be compared
            self._numbers["reduction"].setText(str(exc))
            self._numbers["compliance"].setText("")
            self.center_box.clear("")
            self.ports_box.clear("")
            return
        self._numbers["reduction"].setText("Not available")
        self._numbers["compliance"].setText("")
        self.center_box.clear("Not available")
        self.ports_box.clear("Not available")
        if not isinstance(exc, ImportError):
            self.desk.pool.failed.emit(exc)

    def edit_controls(self) -> list[QWidget]:
        return [self.edit_button, *self.program_buttons]

    def edit_profile(self) -> None:
        from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog

        if self.partner is None or self.read_only:
            return
        dialog = PartnerDialog(self.desk, self, self.partner)
        if dialog.exec():
            self.profile_changed.emit()


def _program_item(record: EnrollmentRecord, enrollment: object, today: date) -> QTreeWidgetItem:
    name = Program(record.program).label
    if record.tier:
        name += f" Tier {record.tier}"
    if record.foreign_program:
        name += f" ({record.foreign_program})"
    rules: Enrollment = enrollment  # type: ignore[assignment]
    in_force = rules.in_force and rules.program == Program.CTPAT
    review = rules.annual_review_state(today, show_date) if in_force and rules.anniversary else ""
    return QTreeWidgetItem(
        [
            name,
            record.status.capitalize(),
            show_date(record.certified_on),
            review,
            _validation_text(rules) if in_force else "",
        ]
    )


def _validation_text(rules: Enrollment) -> str:
    """Revalidation due by (6 U.S.C. 969), or a first validation expected (965(a))."""
    due = rules.revalidation_due()
    if due is not None:
        return f"revalidation due {show_date(due)}"
    expected = rules.first_validation_expected()
    return f"first validation expected by {show_date(expected)}" if expected else ""
