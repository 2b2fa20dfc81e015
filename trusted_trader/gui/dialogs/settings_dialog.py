"""Edit → Settings…: who I am, the marking and paper of printed documents, dates, backups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.dialogs.fields import CheckedLineEdit, FormDialog
from trusted_trader.gui.widgets import caption_label, push_button, select_data
from trusted_trader.settings import MAX_BACKUPS, Settings

if TYPE_CHECKING:
    from trusted_trader.services.records import ExecutiveRecord

FIRST_RUN_KEY = "settings/first_run_done"  # in the window state: shown once, never again
ELSEWHERE = "elsewhere"  # "me" is an e-mail this database does not list (set on another)
LABELS = {
    "executive_email": "Me",
    "marking": "Marking",
    "page_size": "Page size",
    "date_style": "Dates",
    "backups_daily": "Daily backups",
    "backups_weekly": "Weekly backups",
    "check_tolerance": "Volume tolerance",
}
PAGE_SIZE_CHOICES = (("letter", "US Letter"), ("a4", "A4"))
DATE_STYLE_CHOICES = (("iso", "ISO: 2026-03-31"), ("us", "US: 03/31/2026"))


def _marking(text: str) -> str:
    problems = [reason for field, reason in Settings(marking=text).problems() if field == "marking"]
    if problems:
        raise ValueError(f"The marking {problems[0]}")
    return text.strip()


def _tolerance(text: str) -> str:
    from trusted_trader.domain.data_checks import parse_tolerance

    return parse_tolerance(text).as_text()


def _combo(parent: QWidget, name: str, choices: tuple[tuple[str, str], ...], now: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for value, label in choices:
        combo.addItem(label, value)
    select_data(combo, now)
    return combo


def _buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose Alt+letter goes to ``buddy`` (the row holds more than one widget)."""
    label = QLabel(text, buddy.parentWidget())
    label.setBuddy(buddy)
    return label


def _count(parent: QWidget, name: str, value: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setAccessibleName(name)
    spin.setRange(0, MAX_BACKUPS)
    spin.setValue(value)
    return spin


class SettingsDialog(FormDialog):
    """What the user chose, saved to the settings file and used at once by the whole window."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__("Settings", parent)
        self.desk = desk
        settings = desk.settings
        self._executives: dict[int, ExecutiveRecord] = {}
        self._build_me()
        self.marking_field = self.checked(
            "Document mar&king",
            CheckedLineEdit(
                _marking, name="Marking", placeholder="e.g. CUI (printed on every page)"
            ),
        )
        self.marking_field.set_text(settings.marking)
        self.page_combo = _combo(self, "Page size", PAGE_SIZE_CHOICES, settings.page_size)
        self.form.addRow("&Page size", self.page_combo)
        self.date_combo = _combo(self, "Date display", DATE_STYLE_CHOICES, settings.date_style)
        self.form.addRow("&Dates", self.date_combo)
        self._build_backups()
        self.tolerance_field = self.checked(
            "Volume &tolerance",
            CheckedLineEdit(
                _tolerance,
                required=True,
                name="Volume tolerance",
                placeholder="3,5% — a month's reported total against its counted entries",
            ),
        )
        self.tolerance_field.set_text(settings.check_tolerance)
        self.tolerance_field.setToolTip(
            "Data checks: entries (3), a percent of the counted entries (5%), or the larger "
            "of both (3,5%); 0 asks for exact agreement"
        )
        self.form.addRow("Database", self._database_row())
        self._load_executives(self._email_id(settings.executive_email))
        if settings.executive_email and self.me_combo.currentData() is None:
            # Kept as it is: saving must not forget who the user is on their other databases.
            self.me_combo.addItem(f"{settings.executive_email} (not in this database)", ELSEWHERE)
            self.me_combo.setCurrentIndex(self.me_combo.count() - 1)

    def _build_me(self) -> None:
        self.me_combo = QComboBox(self)
        self.me_combo.setAccessibleName("Me")
        self.me_combo.setToolTip("The Account Executive you are: your partners, your changes")
        self.add_me_button = push_button(
            "&Add me…", self, self.add_me, "Add yourself as an Account Executive"
        )
        row = QHBoxLayout()
        row.addWidget(self.me_combo, 1)
        row.addWidget(self.add_me_button)
        self.form.addRow(_buddy_label("&Me", self.me_combo), row)
        if self.desk.store is not None and self.desk.store.path is None:
            self.form.addRow("", caption_label("On a team database your login signs changes."))

    def _build_backups(self) -> None:
        settings = self.desk.settings
        self.daily_spin = _count(self, "Daily backups kept", settings.backups_daily)
        self.weekly_spin = _count(self, "Weekly backups kept", settings.backups_weekly)
        row = QHBoxLayout()
        for spin, text in ((self.daily_spin, "daily"), (self.weekly_spin, "weekly")):
            row.addWidget(spin)
            row.addWidget(QLabel(text, self))
        row.addStretch(1)
        self.form.addRow(_buddy_label("&Backups kept", self.daily_spin), row)

    def _database_row(self) -> QHBoxLayout:
        store = self.desk.store
        self.database_label = QLabel(store.display_name if store else "(opening…)", self)
        self.database_label.setWordWrap(True)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.database_label, 1)
        row.addWidget(
            push_button("Switch…", self, self.switch_database, "Connect to a team database instead")
        )
        return row

    # --- me -------------------------------------------------------------------------------
    def _email_id(self, email: str) -> int | None:
        return self.desk.executive_id if email else None

    def _load_executives(self, chosen: int | None) -> None:
        from trusted_trader.services.reference import list_executives

        self.me_combo.clear()
        self.me_combo.addItem("(not chosen: changes are signed by your computer login)", None)
        if self.desk.store is None:
            self.me_combo.setEnabled(False)
            self.add_me_button.setEnabled(False)
            return
        with self.desk.uow() as uow:
            self._executives = {e.id: e for e in list_executives(uow)}
        for executive in self._executives.values():
            center = f", {executive.center_code}" if executive.center_code else ""
            self.me_combo.addItem(f"{executive.name} <{executive.email}>{center}", executive.id)
        select_data(self.me_combo, chosen)

    def chosen_executive(self) -> ExecutiveRecord | None:
        return self._executives.get(self.me_combo.currentData())

    @Slot()
    def add_me(self) -> None:
        from trusted_trader.gui.dialogs.executive_dialog import ExecutiveDialog

        dialog = ExecutiveDialog(self.desk, self)
        added = dialog.saved if dialog.exec() else None
        if added is not None:  # listed, and chosen as me (saved with the other settings)
            self._load_executives(added.id)
            self.desk.changed(Topic.REFERENCE)

    @Slot()
    def switch_database(self) -> None:
        from trusted_trader.gui import actions

        connect = next(
            e
            for e in actions.FILE_DIALOGS
            if isinstance(e, actions.DialogEntry) and e.class_name == "ConnectDialog"
        )
        actions.open_dialog(self.desk, self, connect)

    # --- saving ---------------------------------------------------------------------------
    def chosen_settings(self) -> Settings:
        me = self.chosen_executive()
        if self.me_combo.currentData() == ELSEWHERE:
            email = self.desk.settings.executive_email
        else:
            email = me.email if me else ""
        return self.desk.settings.with_changes(
            executive_email=email,
            marking=self.marking_field.text().strip(),
            page_size=self.page_combo.currentData(),
            date_style=self.date_combo.currentData(),
            backups_daily=self.daily_spin.value(),
            backups_weekly=self.weekly_spin.value(),
            check_tolerance=self.tolerance_field.text().strip(),
        )

    def save(self) -> None:
        chosen = self.chosen_settings()
        problems = chosen.problems()
        if problems:
            raise ValidationError([Problem(LABELS[f], "", reason) for f, reason in problems])
        chosen.save()
        me = self.chosen_executive()
        self.desk.apply_settings(chosen, me.id if me else None)
        self.desk.say("Settings saved.")


def first_run_due(desk: Desk) -> bool:
    """No "me" chosen yet, and the Settings were not offered before."""
    return not desk.settings.executive_email and not desk.ui_state.value(FIRST_RUN_KEY, False)


def offer_on_first_run(desk: Desk, parent: QWidget) -> SettingsDialog:
    """Show Settings without blocking the window (it stays usable), and only this once."""
    desk.ui_state.setValue(FIRST_RUN_KEY, True)
    dialog = SettingsDialog(desk, parent)
    dialog.setWindowTitle("Welcome: who are you?")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.show()
    return dialog
