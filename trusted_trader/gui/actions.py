"""File-menu actions for dialogs and reports that live in their own modules, loaded on use.

Each dialog module is imported only when its action runs; if it is not installed the
status bar says so. Every dialog is built as ``Dialog(context, parent)``; each entry says
which context (the open store by default, the desk, or the window's remembered state) and
what follows it (by default every page reloads);
reports are made off the GUI thread by ``trusted_trader.reports.api`` and shown in
``ReportPreviewDialog(pdf_bytes, title, suggested_file_name, parent)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from trusted_trader.gui.context import Desk, Topic

if TYPE_CHECKING:
    from trusted_trader.domain.periods import Comparison
    from trusted_trader.services.scope import Scope


def _store(desk: Desk) -> Any:
    return desk.store


def _desk(desk: Desk) -> Any:
    return desk


def _ui_state(desk: Desk) -> Any:
    return desk.ui_state


def _current_filter(window: QWidget) -> dict[str, Any]:
    """What the window shows, so that Export's "current filter" exports just that."""
    shown = getattr(window, "export_filter", None)
    return {"current_filter": shown() if callable(shown) else None}


def _reload(dialog: Any, accepted: bool, desk: Desk) -> None:
    desk.changed(Topic.ALL)


def _already_refreshed(dialog: Any, accepted: bool, desk: Desk) -> None:
    """The dialog told the pages itself, as each change happened."""


def _switch_database(dialog: Any, accepted: bool, desk: Desk) -> None:
    if accepted:
        desk.database_requested.emit(dialog.url())


@dataclass(frozen=True)
class DialogEntry:
    text: str
    module: str  # under trusted_trader.gui
    class_name: str
    tip: str
    context: Callable[[Desk], Any] = _store  # the dialog's first argument
    then: Callable[[Any, bool, Desk], None] = _reload
    # More keyword arguments, asked of the window when the dialog opens.
    options: Callable[[QWidget], dict[str, Any]] | None = None


@dataclass(frozen=True)
class PageEntry:
    """A File-menu entry that shows one of the window's pages."""

    text: str
    page: str  # a key of gui.pages.PAGES
    tip: str


@dataclass(frozen=True)
class ReportEntry:
    text: str
    function: str  # in trusted_trader.reports.api
    title: str
    file_stem: str


@dataclass(frozen=True)
class ReportTarget:
    """What the window shows: the open partner and plan, and the dashboard's portfolio."""

    partner_id: int | None
    plan_id: int | None
    scope: Scope | None  # the dashboard's portfolio
    comparison: Comparison | None = None  # the periods the open partner's Overview compares
    portfolio_periods: Comparison | None = None  # the dashboard's chosen periods


FILE_DIALOGS = (
    DialogEntry(
        "&Import…",
        "dialogs.import_dialog",
        "ImportDialog",
        "Import partners, touch points, volumes, facilitation or entries from a file",
    ),
    DialogEntry(
        "&Export…",
        "dialogs.export_dialog",
        "ExportDialog",
        "Export data to a file",
        options=_current_filter,
    ),
    DialogEntry(
        "Import &history…",
        "dialogs.import_history",
        "ImportHistoryDialog",
        "See the recorded imports and revert one",
        _desk,
        _already_refreshed,
    ),
    PageEntry(
        "Data chec&ks…",
        "data_checks",
        "List what the entries, touch points and volumes show to be wrong, to correct it",
    ),
    None,
    DialogEntry(
        "&Back up now…",
        "dialogs.backup_dialogs",
        "BackupNowDialog",
        "Copy the database safely",
    ),
    DialogEntry(
        "&Restore from backup…",
        "dialogs.backup_dialogs",
        "RestoreDialog",
        "Go back to a saved copy",
    ),
    None,
    DialogEntry(
        "&Connect to team database…",
        "dialogs.connect_dialog",
        "ConnectDialog",
        "Share one PostgreSQL database with your Center's team",
        _ui_state,
        _switch_database,
    ),
)

RECENTLY_DELETED = DialogEntry(
    "Recently &deleted partners…",
    "dialogs.recently_deleted",
    "RecentlyDeletedDialog",
    "Bring back a partner deleted earlier",
)

REPORTS = (
    ReportEntry("Print engagement p&lan…", "render_plan", "Engagement plan", "engagement-plan"),
    ReportEntry("Print &progress report…", "render_progress", "Progress report", "progress"),
    ReportEntry("Print p&ortfolio report…", "render_portfolio", "Portfolio report", "portfolio"),
)
PORTFOLIO_SORT = "reduction"


def _report_call(
    desk: Desk, entry: ReportEntry, target: ReportTarget
) -> tuple[Callable[[], bytes] | None, str]:
    """The call that makes the document off the GUI thread, or why it cannot be made."""
    from trusted_trader.reports.api import ReportOptions

    store, today = desk.store, desk.today()
    try:
        options = ReportOptions(
            page_size=desk.settings.page_size,
            marking=desk.settings.marking,
            today=today,
            date_style=desk.settings.date_style,
        )
    except ValueError as exc:  # a marking or paper size set by hand in the settings file
        return None, str(exc)
    render = _load("trusted_trader.reports.api", entry.function)
    if render is None or store is None:
        return None, "not available in this version"
    if entry.function == "render_plan":
        if target.plan_id is None:
            return None, "open a partner and choose one of its plans first"
        return (lambda: render(store, target.plan_id, options)), ""
    from trusted_trader.services.analytics import Scope, default_periods

    baseline, current = default_periods(today)
    if entry.function == "render_progress":
        if target.partner_id is None:
            return None, "open a partner first"
        return ProgressMaker(render, store, target, options), ""
    scope = target.scope or Scope(label="All")
    if target.portfolio_periods is not None:
        baseline, current = target.portfolio_periods.baseline, target.portfolio_periods.current
    return (lambda: render(store, scope, baseline, current, PORTFOLIO_SORT, options)), ""


@dataclass(frozen=True)
class ProgressMaker:
    """Makes the progress report for the Overview's periods, else the partner's plan periods."""

    render: Any
    store: Any
    target: ReportTarget
    options: Any

    def __call__(self) -> bytes:
        from trusted_trader.services.analytics import partner_comparison

        comparison, partner_id = self.target.comparison, self.target.partner_id
        assert partner_id is not None
        if comparison is None:
            with self.store.uow() as uow:
                comparison, _plan = partner_comparison(uow, partner_id, self.options.today)
        baseline, current = comparison.baseline, comparison.current
        return bytes(
            self.render(
                self.store,
                partner_id,
                self.target.plan_id,
                baseline,
                current,
                self.options,
                comparison.description,
            )
        )

    def with_periods(self, comparison: Comparison) -> ProgressMaker:
        """The same report for other periods (the preview's period picker)."""
        return replace(self, target=replace(self.target, comparison=comparison))


def _load(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    except AttributeError:
        return None


def open_dialog(desk: Desk, parent: QWidget, entry: DialogEntry) -> None:
    dialog_class = _load(f"trusted_trader.gui.{entry.module}", entry.class_name)
    if dialog_class is None:
        desk.say(f"{entry.text.replace('&', '').rstrip('…')}: not available in this version")
        return
    if entry.context is not _ui_state and desk.store is None:
        desk.say("The database is still opening; try again in a moment.")
        return
    options = entry.options(parent) if entry.options is not None else {}
    dialog = dialog_class(entry.context(desk), parent, **options)
    accepted = bool(dialog.exec())
    entry.then(dialog, accepted, desk)


def import_data(desk: Desk, parent: QWidget) -> None:
    """File → Import…, also offered by the welcome page of an empty database."""
    entry = FILE_DIALOGS[0]
    assert entry is not None
    open_dialog(desk, parent, entry)


def print_report(
    desk: Desk, parent: QWidget, entry: ReportEntry, target: Callable[[], ReportTarget]
) -> None:
    preview = _load("trusted_trader.gui.dialogs.report_preview", "ReportPreviewDialog")
    try:
        make, problem = _report_call(desk, entry, target())
    except ImportError:
        make, problem = None, "not available in this version"
    if make is None or preview is None:
        desk.say(f"{entry.title}: {problem or 'not available in this version'}")
        return
    desk.say(f"Preparing the {entry.title.lower()}…")

    def show(pdf: object) -> None:
        desk.say("")
        dialog = preview(pdf, entry.title, f"{entry.file_stem}.pdf", parent)
        if isinstance(make, ProgressMaker):
            attach = _load("trusted_trader.gui.dialogs.progress_periods", "attach_period_picker")
            if attach is not None:
                attach(desk, dialog, make)
        dialog.exec()

    desk.pool.submit(make, show, owner=parent)


def build_file_menu(
    menu: QMenu, desk: Desk, parent: QWidget, target: Callable[[], ReportTarget]
) -> None:
    """Fill the File menu's dialog and report entries (Quit is added by the window)."""
    for entry in FILE_DIALOGS:
        if entry is None:
            menu.addSeparator()
            continue
        action = QAction(entry.text, parent)
        action.setStatusTip(entry.tip)
        if isinstance(entry, PageEntry):
            show = getattr(parent, "show_page")  # noqa: B009 - the main window's
            action.triggered.connect(lambda _=False, key=entry.page, show=show: show(key))
        else:
            action.triggered.connect(lambda _=False, e=entry: open_dialog(desk, parent, e))
        menu.addAction(action)
    menu.addSeparator()
    for index, report in enumerate(REPORTS):
        action = QAction(report.text, parent)
        if index == 0:
            action.setShortcut(QKeySequence.StandardKey.Print)
        action.triggered.connect(lambda _=False, r=report: print_report(desk, parent, r, target))
        menu.addAction(action)
