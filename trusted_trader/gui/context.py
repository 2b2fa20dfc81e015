"""What every page and dialog is handed: the open store, the settings, the worker pool, undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from trusted_trader.gui.workers import WorkerPool

if TYPE_CHECKING:
    from trusted_trader.services.store import Store
    from trusted_trader.settings import Settings
    from trusted_trader.store.uow import UnitOfWork


class Topic(StrEnum):
    """What changed, as ``Desk.data_changed`` says it: pages and tabs reload on their topics."""

    ALL = "all"  # anything: every page reloads
    PARTNERS = "partners"
    CONTACTS = "contacts"
    PLANS = "plans"
    TOUCH_POINTS = "touch_points"
    ACTIVITIES = "activities"
    VOLUMES = "volumes"
    REFERENCE = "reference"  # Centers and executives
    FACILITATION = "facilitation"


class Desk(QObject):
    """The app's shared state for one window, passed explicitly to whatever needs it."""

    store_opened = Signal()
    data_changed = Signal(str)  # a Topic
    partner_requested = Signal(int)
    item_requested = Signal(int, str, int)  # partner id, record table, record id
    status_message = Signal(str)
    database_requested = Signal(str)  # open another database (a URL), e.g. the team's
    settings_changed = Signal()  # the user saved Settings (who they are, the date style…)

    def __init__(
        self,
        settings: Settings,
        ui_state: QSettings,
        today: Callable[[], date] = date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ui_state = ui_state  # window size, splitters, columns, last page
        self.today = today
        self.pool = WorkerPool(self)
        self.undo_stack = QUndoStack(self)
        self.store: Store | None = None
        self.executive_id: int | None = None

    def set_store(self, store: Store, executive_id: int | None = None) -> None:
        self.store = store
        self.executive_id = executive_id
        self.undo_stack.clear()
        self.store_opened.emit()

    def apply_settings(self, settings: Settings, executive_id: int | None) -> None:
        """Use new settings from now on: dates, who signs changes, "My partners"."""
        from trusted_trader.gui.qt_dates import use_date_style

        self.settings = settings
        self.executive_id = executive_id
        use_date_style(settings.date_style)
        if self.store is not None:
            self.store.sign_as(settings.executive_email)
        self.settings_changed.emit()
        self.changed(Topic.ALL)

    def uow(self) -> UnitOfWork:
        if self.store is None:
            raise RuntimeError("the database is not open yet")
        return self.store.uow()

    def changed(self, what: Topic) -> None:
        self.data_changed.emit(str(what))

    def say(self, text: str) -> None:
        self.status_message.emit(text)
