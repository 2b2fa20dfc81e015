"""The main window: navigation sidebar, pages, the partner workspace, menus and status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
)

from trusted_trader import APP_NAME
from trusted_trader.gui import actions, window_menus
from trusted_trader.gui.change_watcher import ChangeWatcher
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.icons import icon
from trusted_trader.gui.pages import PAGE_KEYS, PAGES
from trusted_trader.gui.pages.base import Page
from trusted_trader.gui.pages.welcome import WelcomePage
from trusted_trader.gui.tables import text_width
from trusted_trader.gui.window_size import fitted

if TYPE_CHECKING:
    from trusted_trader.gui.workspace.partner_workspace import PartnerWorkspace

# How long a status-bar message stays: long enough to read, not so long it reads as current.
STATUS_MESSAGE_MS = 6000
# What opening the database hands back: the store, the user's executive id, partner count.
StoreOpener = Callable[[], tuple[Any, int | None, int]]
# Given a database URL, how to open it (the composition root decides).
OpenerFor = Callable[[str], StoreOpener]


class MainWindow(QMainWindow):
    partner_context_changed = Signal()  # the open or the selected partner may be another now

    def __init__(
        self, desk: Desk, database_label: str, opener_for: OpenerFor | None = None
    ) -> None:
        super().__init__()
        self.desk = desk
        self._opener_for = opener_for
        self._pages: dict[str, Page] = {}
        self._workspace: PartnerWorkspace | None = None
        self.change_watcher = ChangeWatcher(desk, self)  # colleagues' changes, live
        self.setWindowTitle(f"{APP_NAME} — {database_label}")
        self.setMinimumSize(760, 520)
        self._build_body()
        self.menu_actions = window_menus.build(self)
        self._build_status_bar()
        desk.status_message.connect(self.show_message)
        desk.pool.busy_changed.connect(self._busy_bar.setVisible)
        desk.pool.failed.connect(self.report_error)
        desk.partner_requested.connect(self.open_partner)
        desk.item_requested.connect(self.open_item)
        desk.database_requested.connect(self.switch_database)
        self._restore_window()
        self._select_page(self._last_page())

    # --- layout ---------------------------------------------------------------------------
    def _build_body(self) -> None:
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._navigation_list = QListWidget(self._splitter)
        self._navigation_list.setObjectName("navigation")
        self._navigation_list.setAccessibleName("Navigation")
        self._navigation_list.setAccessibleDescription("The pages; Ctrl+1 to Ctrl+6 go to each")
        # Wider with a larger font (up to a quarter of a laptop screen), so labels stay whole.
        self._navigation_list.setMinimumWidth(min(text_width(self._navigation_list, 200), 340))
        self._navigation_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._navigation_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for key, label, _module, _cls in PAGES:
            item = QListWidgetItem(icon(self, key), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{label} (Ctrl+{PAGE_KEYS.index(key) + 1})")
            self._navigation_list.addItem(item)
        self._navigation_list.currentRowChanged.connect(self._on_navigation)
        # A click on the highlighted entry also returns to its page (from a partner, say).
        self._navigation_list.itemClicked.connect(
            lambda item: self._on_navigation(self._navigation_list.row(item))
        )
        self._stack = QStackedWidget(self._splitter)
        self._stack.currentChanged.connect(self.partner_context_changed)
        self._welcome_page = WelcomePage(self._stack)
        self._welcome_page.create_partner_requested.connect(self.new_partner)
        self._welcome_page.import_requested.connect(lambda: actions.import_data(self.desk, self))
        self._welcome_page.demo_requested.connect(self.load_demo)
        self._stack.addWidget(self._welcome_page)
        self._splitter.addWidget(self._navigation_list)
        self._splitter.addWidget(self._stack)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([232, 1000])
        self._splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self._splitter)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._busy_bar = QProgressBar(self)
        self._busy_bar.setRange(0, 0)  # indeterminate: work of unknown length
        self._busy_bar.setMaximumWidth(140)
        self._busy_bar.setMaximumHeight(14)
        self._busy_bar.setAccessibleName("Working")
        self._busy_bar.setVisible(False)
        bar.addPermanentWidget(self._busy_bar)
        self._database_label = QLabel("Opening the database…", self)
        bar.addPermanentWidget(self._database_label)

    # --- pages ----------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        """The page for ``key``, built on first use (its module is imported then)."""
        if key not in self._pages:
            _key, _label, module, cls = PAGES[PAGE_KEYS.index(key)]
            page_class = getattr(importlib.import_module(f"trusted_trader.gui.pages.{module}"), cls)
            page = page_class(self.desk, self._stack)
            if hasattr(page, "partner_opened"):
                page.partner_opened.connect(self.open_partner)
            if hasattr(page, "selection_changed"):
                page.selection_changed.connect(self.partner_context_changed)
            self._stack.addWidget(page)
            self._pages[key] = page
        return self._pages[key]

    def existing_page(self, key: str) -> Page | None:
        return self._pages.get(key)

    def current_page_key(self) -> str | None:
        widget = self._stack.currentWidget()
        return next((k for k, p in self._pages.items() if p is widget), None)

    def _select_page(self, key: str) -> None:
        self._navigation_list.setCurrentRow(PAGE_KEYS.index(key))

    def show_page(self, key: str) -> None:
        self._select_page(key)
        self._on_navigation(PAGE_KEYS.index(key))

    @Slot(int)
    def _on_navigation(self, row: int) -> None:
        if row < 0:
            return
        key = PAGE_KEYS[row]
        self._stack.setCurrentWidget(self.page(key))
        self.desk.ui_state.setValue("window/page", key)

    def _last_page(self) -> str:
        key = str(self.desk.ui_state.value("window/page", "dashboard"))
        return key if key in PAGE_KEYS else "dashboard"

    def _highlight(self, key: str) -> None:
        """Mark a sidebar entry without switching to its page."""
        self._navigation_list.blockSignals(True)
        self._navigation_list.setCurrentRow(PAGE_KEYS.index(key))
        self._navigation_list.blockSignals(False)

    def show_welcome(self) -> None:
        self._highlight("dashboard")
        self._stack.setCurrentWidget(self._welcome_page)

    # --- the partner workspace -------------------------------------------------------------
    @property
    def workspace(self) -> PartnerWorkspace:
        if self._workspace is None:
            from trusted_trader.gui.workspace.partner_workspace import PartnerWorkspace

            self._workspace = PartnerWorkspace(self.desk, self._stack)
            self._workspace.back_requested.connect(lambda: self.show_page("partners"))
            self._stack.addWidget(self._workspace)
        return self._workspace

    @Slot(int)
    def open_partner(self, partner_id: int) -> None:
        if self.desk.store is None:
            return
        self.workspace.show_partner(partner_id)
        self._highlight("partners")
        self._stack.setCurrentWidget(self.workspace)
        self.partner_context_changed.emit()

    @Slot(int, str, int)
    def open_item(self, partner_id: int, record_table: str, record_id: int) -> None:
        """Open the partner at the record a deadline or a search result names."""
        self.open_partner(partner_id)
        if self.current_partner_id() == partner_id:
            self.workspace.show_item(record_table, record_id)

    def current_partner_id(self) -> int | None:
        if self._workspace is not None and self._stack.currentWidget() is self._workspace:
            return self._workspace.partner_id
        return None

    def export_filter(self) -> Any:
        """What the window shows now, as File → Export's "current filter" (None: nothing)."""
        from trusted_trader.services.exporting import ExportFilter

        partner_id = self.current_partner_id()
        if partner_id is not None:
            return ExportFilter(partner_id=partner_id, label="the open partner")
        key = self.current_page_key()
        page = self._pages.get(key) if key else None
        shown = getattr(page, "export_filter", None)
        return shown() if callable(shown) else None

    def current_plan_id(self) -> int | None:
        if self.current_partner_id() is None or self._workspace is None:
            return None
        return self._workspace.current_plan_id()

    # --- the database ---------------------------------------------------------------------
    def open_store(self, opener: StoreOpener) -> None:
        """Open the database off the GUI thread; pages fill in when it is ready."""
        self.show_message("Opening the database…", 0)  # "Ready" replaces it
        self.desk.pool.submit(opener, self._store_ready, self._store_failed, owner=self)

    @Slot(str)
    def switch_database(self, url: str) -> None:
        """Close the open database and open another (say, the team's PostgreSQL database)."""
        if self._opener_for is None:
            return
        old = self.desk.store
        self.change_watcher.stop()
        self._database_label.setText("Opening the database…")
        opener = self._opener_for(url)
        self.show_page("dashboard")

        def open_new() -> tuple[Any, int | None, int]:
            opened = opener()
            if old is not None:
                old.close()
            return opened

        self.open_store(open_new)

    def _store_ready(self, opened: tuple[Any, int | None, int]) -> None:
        store, executive_id, partner_count = opened
        self.desk.set_store(store, executive_id)
        self.change_watcher.start(store.url)
        self.setWindowTitle(f"{APP_NAME} — {store.display_name}")
        self._database_label.setText(store.display_name)
        self._database_label.setToolTip(f"The open database: {store.display_name}")
        self.show_message("Ready", 3000)
        if partner_count == 0:
            self.show_welcome()

    def _store_failed(self, exc: object) -> None:
        self._database_label.setText("No database")
        self.report_error(exc)

    @Slot()
    def load_demo(self) -> None:
        from trusted_trader.gui.dialogs.demo import load_demo_data

        self._welcome_page.set_busy("Loading demo data…")

        def done() -> None:
            self._welcome_page.set_busy("")
            self.show_page("dashboard")

        load_demo_data(self.desk, done)

    # --- commands -------------------------------------------------------------------------
    @Slot()
    def new_partner(self) -> None:
        from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog

        if self.desk.store is None:
            return
        dialog = PartnerDialog(self.desk, self)
        if dialog.exec() and dialog.saved is not None:
            self.desk.changed(Topic.PARTNERS)
            self.open_partner(dialog.saved.id)

    @Slot()
    def new_touch_point(self) -> None:
        partner_id = self.current_partner_id()
        if partner_id is None:
            self.show_message("Open a partner first, then add its touch point (Ctrl+N).", 5000)
            return
        self.workspace.new_touch_point()

    @Slot()
    def focus_filter(self) -> None:
        widget = self._stack.currentWidget()
        focus = getattr(widget, "focus_filter", None)
        if callable(focus):
            focus()

    @Slot()
    def refresh(self) -> None:
        self.desk.changed(Topic.ALL)

    @Slot(str)
    def show_message(self, text: str, timeout: int = STATUS_MESSAGE_MS) -> None:
        """A message in the status bar, gone after ``timeout`` ms (0: until the next one)."""
        self.statusBar().showMessage(text, timeout)

    def report_error(self, exc: object) -> None:
        """A plain message for the environment's fault; an apology and details for a bug."""
        from trusted_trader.gui.dialogs.error_dialog import show_error

        if isinstance(exc, BaseException):
            show_error(self, exc)

    # --- remembered state -----------------------------------------------------------------
    def _restore_window(self) -> None:
        state = self.desk.ui_state
        geometry = state.value("window/geometry")
        restored = isinstance(geometry, QByteArray) and not geometry.isEmpty()
        if restored:
            restored = self.restoreGeometry(geometry)
        # The default, and a size saved on a larger monitor, fit this screen (a 1366×768 laptop).
        if not self.isMaximized():
            self.resize(fitted(self.size() if restored else QSize(1280, 800), self))
        splitter = state.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self._splitter.restoreState(splitter)

    def save_window_state(self) -> None:
        state = self.desk.ui_state
        state.setValue("window/geometry", self.saveGeometry())
        state.setValue("window/splitter", self._splitter.saveState())
        if self._workspace is not None:
            self._workspace.save_state()
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self.change_watcher.stop()
        self.desk.pool.wait(2000)
        super().closeEvent(event)
