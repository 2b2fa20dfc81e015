"""The partner workspace: a header with who the partner is, and one tab per part of its file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QToolButton, QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.icons import icon
from trusted_trader.gui.widgets import caption_label
from trusted_trader.gui.workspace.activities_tab import ActivitiesTab
from trusted_trader.gui.workspace.base import WorkspaceTab
from trusted_trader.gui.workspace.contacts_tab import ContactsTab
from trusted_trader.gui.workspace.data_checks_tab import DataChecksTab
from trusted_trader.gui.workspace.entries_tab import EntriesTab
from trusted_trader.gui.workspace.facilitation_tab import FacilitationTab
from trusted_trader.gui.workspace.history_tab import HistoryTab
from trusted_trader.gui.workspace.overview_tab import OverviewTab
from trusted_trader.gui.workspace.plans_tab import PlansTab
from trusted_trader.gui.workspace.touch_points_tab import TouchPointsTab
from trusted_trader.gui.workspace.volume_tab import VolumeTab
from trusted_trader.services.records import PartnerRecord

# Where the records a data check names are kept (entries and touch points: below).
CHECKED_RECORD_TABS = {"monthly_volume": "volume", "data_check": "data_checks"}


class PartnerWorkspace(QWidget):
    back_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.partner: PartnerRecord | None = None
        self.read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.addLayout(self._build_header())
        self.read_only_banner = QLabel("", self)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setAccessibleName("Read-only partner")
        self.read_only_banner.setVisible(False)
        layout.addWidget(self.read_only_banner)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.overview = OverviewTab(desk, self)
        self.plans = PlansTab(desk, self)
        self.touch_points = TouchPointsTab(desk, self)
        self.volume = VolumeTab(desk, self)
        self.entries = EntriesTab(desk, self)
        self.activities = ActivitiesTab(desk, self)
        self.facilitation = FacilitationTab(desk, self)
        self.contacts = ContactsTab(desk, self)
        self.history = HistoryTab(desk, self)
        self.data_checks = DataChecksTab(desk, self)
        for tab in self.all_tabs():
            self.tabs.addTab(tab, tab.title)
        self.overview.profile_changed.connect(self._reload_partner)
        layout.addWidget(self.tabs, 1)
        desk.data_changed.connect(self._on_data_changed)

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._back_button = QToolButton(self)
        self._back_button.setIcon(icon(self, "back"))
        self._back_button.setToolTip("Back to the partners (Alt+Left)")
        self._back_button.setAccessibleName("Back to partners")
        self._back_button.setShortcut("Alt+Left")
        self._back_button.clicked.connect(self.back_requested)
        row.addWidget(self._back_button)
        text = QVBoxLayout()
        self._name_label = QLabel("", self)
        self._name_label.setObjectName("pageTitle")
        self._name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._facts_label = caption_label("", self)
        self._facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self._name_label)
        text.addWidget(self._facts_label)
        row.addLayout(text, 1)
        return row

    def all_tabs(self) -> list[WorkspaceTab]:
        return [
            self.overview,
            self.plans,
            self.touch_points,
            self.volume,
            self.entries,
            self.activities,
            self.facilitation,
            self.contacts,
            self.history,
            self.data_checks,
        ]

    @property
    def partner_id(self) -> int | None:
        return self.partner.id if self.partner else None

    def show_partner(self, partner_id: int, tab: str | None = None) -> None:
        from trusted_trader.services.partners import get_partner
        from trusted_trader.services.team import can_edit_partner

        with self.desk.uow() as uow:
            partner = get_partner(uow, partner_id)
            editable = can_edit_partner(uow, partner_id)
        self._show(partner, editable)
        if tab is not None:
            self.show_tab(tab)

    def _show(self, partner: PartnerRecord, editable: bool = True) -> None:
        self.partner = partner
        self.read_only = not editable
        self.read_only_banner.setText(read_only_note(partner) if not editable else "")
        self.read_only_banner.setVisible(not editable)
        self._name_label.setText(partner.legal_name)
        current = partner.ctpat_tier
        tier = f"CTPAT {current.label}" if current else "Not CTPAT certified"
        facts = [
            "IOR " + ", ".join(partner.ior_numbers),
            tier,
            f"{partner.center_code} — {partner.center_name}"
            if partner.center_code
            else "No Center",
            partner.executive_name or "No Account Executive",
            partner.status.capitalize(),
        ]
        self._facts_label.setText("   ·   ".join(facts))
        for tab in self.all_tabs():
            tab.set_read_only(not editable)
            tab.set_partner(partner)

    def _reload_partner(self) -> None:
        if self.partner is not None:
            self.show_partner(self.partner.id)

    def _on_data_changed(self, what: str) -> None:
        if what in {Topic.PARTNERS, Topic.ALL} and self.partner is not None and self.isVisible():
            from trusted_trader.domain.errors import NotFoundError

            try:
                self.show_partner(self.partner.id)
            except NotFoundError:
                self.back_requested.emit()

    def show_tab(self, key: str) -> None:
        names = {
            "overview": self.overview,
            "plans": self.plans,
            "touch_points": self.touch_points,
            "volume": self.volume,
            "entries": self.entries,
            "activities": self.activities,
            "facilitation": self.facilitation,
            "contacts": self.contacts,
            "history": self.history,
            "data_checks": self.data_checks,
        }
        self.tabs.setCurrentWidget(names[key])

    def show_item(self, record_table: str, record_id: int) -> None:
        if record_table in CHECKED_RECORD_TABS:  # a data check's records
            self.show_tab(CHECKED_RECORD_TABS[record_table])
            return
        if record_table in ("engagement_activity", "program_enrollment"):
            self._show_selected(record_table, record_id)
            return
        if record_table == "facilitation":
            self.show_tab("facilitation")
            self.facilitation.select_record(record_id)
            return
        if record_table == "customs_entry":
            self.show_tab("entries")
            return
        if record_table == "touch_point":
            self.show_tab("touch_points")
            self.touch_points.select_record(record_id)
        elif record_table == "engagement_plan":
            self.show_tab("plans")
            self.plans.select_plan(record_id)
        elif record_table.startswith("plan"):
            self.show_tab("plans")
        else:
            self.show_tab("overview")

    def _show_selected(self, record_table: str, record_id: int) -> None:
        """An activity in its tab, an enrollment in the Overview's programs, selected."""
        if record_table == "engagement_activity":
            self.show_tab("activities")
            self.activities.select_record(record_id)
        else:
            self.show_tab("overview")
            self.overview.select_enrollment(record_id)

    def new_touch_point(self) -> None:
        if self.read_only:
            self.desk.say("You may not add touch points to this partner: it is read-only for you.")
            return
        self.show_tab("touch_points")
        self.touch_points.add_touch_point()

    def current_plan_id(self) -> int | None:
        return self.plans.current_plan_id()

    def save_state(self) -> None:
        self.touch_points.save_state()
        self.entries.save_state()


def read_only_note(partner: PartnerRecord) -> str:
    """Why the records are read-only, in the banner above them."""
    if partner.executive_name:
        return (
            f"Assigned to {partner.executive_name} — you can read this partner's records "
            "but not change them."
        )
    return (
        "Not assigned to you — you can read this partner's records but not change them; "
        "the Center's director can."
    )
