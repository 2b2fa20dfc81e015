"""Opens the window, each page and every dialog on the screen Qt was given; prints what sticks out.

Run by test_laptop_geometry.py in a fresh process, because the offscreen screen's size must be
set (QT_QPA_PLATFORM="offscreen:configfile=...") before the QApplication exists. Prints one
JSON object: the screen's usable area and, per window, the buttons that lie outside it.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QWidget,
)


def _outside(window: QWidget, area: QRect) -> list[str]:
    """The buttons of ``window`` shown to the user that do not lie wholly inside ``area``."""
    problems = []
    frame = window.geometry()
    if not area.contains(frame):
        problems.append(f"window {frame.getRect()}")
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        shown = _scrolled_into(button)  # inside a scroll area, scrolling reaches it
        top_left = shown.mapToGlobal(shown.rect().topLeft())
        rect = QRect(top_left, shown.size())
        if not area.contains(rect):
            problems.append(f"{button.text() or button.accessibleName()!r} at {rect.getRect()}")
    return problems


def _scrolled_into(widget: QWidget) -> QWidget:
    """The viewport of the scroll area holding ``widget``, or the widget itself."""
    current = widget.parentWidget()
    while current is not None:
        holder = current.parentWidget()
        if isinstance(holder, QAbstractScrollArea) and holder.viewport() is current:
            return current
        current = holder
    return widget


def _wait(app: QApplication, done: Callable[[], bool]) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(20000)
    while not done() and not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Partner summary")
    canvas.save()
    return buffer.getvalue()


def _dialogs(window: Any, store: Any, partner_id: int) -> dict[str, Callable[[], QDialog]]:
    from trusted_trader.gui.dialogs import (
        about,
        activity_dialog,
        backup_dialogs,
        command_palette,
        conflict_dialog,
        connect_dialog,
        contact_dialog,
        error_dialog,
        executive_dialog,
        export_dialog,
        facilitation_dialog,
        import_dialog,
        import_history,
        partner_dialog,
        program_dialog,
        recently_deleted,
        report_preview,
        settings_dialog,
        touch_point_dialog,
    )
    from trusted_trader.gui.window_menus import SHORTCUTS

    desk = window.desk
    record = {"name": "Acme", "notes": "long " * 40}
    return {
        "shortcuts": lambda: about.ShortcutsDialog(SHORTCUTS, window),
        "backup": lambda: backup_dialogs.BackupNowDialog(store, window),
        "restore": lambda: backup_dialogs.RestoreDialog(store, window),
        "command palette": lambda: command_palette.CommandPalette(desk, window),
        "conflict": lambda: conflict_dialog.ConflictDialog(record, record, record, window),
        "connect": lambda: connect_dialog.ConnectDialog(desk.ui_state, window),
        "error": lambda: error_dialog.ErrorDialog("It failed.", "Traceback " * 200, window),
        "export": lambda: export_dialog.ExportDialog(store, window),
        "import": lambda: import_dialog.ImportDialog(store, window),
        "import history": lambda: import_history.ImportHistoryDialog(desk, window),
        "partner": lambda: partner_dialog.PartnerDialog(desk, window),
        "recently deleted": lambda: recently_deleted.RecentlyDeletedDialog(store, window),
        "report preview": lambda: report_preview.ReportPreviewDialog(
            _pdf(), "Partner summary", "summary.pdf", window
        ),
        "touch point": lambda: touch_point_dialog.TouchPointDialog(desk, partner_id, None, window),
        "import, columns to map": lambda: _mapping(import_dialog.ImportDialog(store, window)),
        "import, entries to map": lambda: _entries_file(import_dialog.ImportDialog(store, window)),
        "import, columns remembered": lambda: _remembered(
            import_dialog.ImportDialog(store, window)
        ),
        "settings": lambda: settings_dialog.SettingsDialog(desk, window),
        "executive": lambda: executive_dialog.ExecutiveDialog(desk, window),
        "enrollment": lambda: program_dialog.ProgramDialog(desk, partner_id, parent=window),
        "contact": lambda: contact_dialog.ContactDialog(desk, partner_id, parent=window),
        "activity": lambda: activity_dialog.ActivityDialog(desk, partner_id, parent=window),
        "facilitation": lambda: facilitation_dialog.FacilitationDialog(
            desk, partner_id, parent=window
        ),
    }


def _mapping(dialog: Any) -> QDialog:
    """The import dialog at its tallest: the file's columns must be mapped."""
    path = Path(dialog.window().parent().desk.ui_state.fileName()).with_name("theirs.csv")
    path.write_text("Importer,When,What\nACME,2026-01-05,exam\n")
    dialog.set_kind("touch-points")
    dialog.set_file(path)
    assert dialog.mapping_shown
    result: QDialog = dialog
    return result


def _entries_file(dialog: Any, remember: bool = False) -> QDialog:
    """The import dialog with an ES-003-like entries file: nine columns to map."""
    from tests.gui.test_import_dialog_memory import ES_HEADERS, ES_MAPPING, es_file
    from trusted_trader.column_memory import ColumnMemory

    path = Path(dialog.window().parent().desk.ui_state.fileName()).with_name("es003.csv")
    if remember:
        ColumnMemory().remember("entries", ES_HEADERS, ES_MAPPING)
    dialog.set_kind("entries")
    dialog.set_file(es_file(path))
    assert dialog.remembered_shown if remember else dialog.mapping_shown
    result: QDialog = dialog
    return result


def _remembered(dialog: Any) -> QDialog:
    """The import dialog that matched the columns as for the last file with these headers."""
    return _entries_file(dialog, remember=True)


def _with_entries(store: Any, partner_id: int) -> None:
    """A few hundred entries for the partner, so its Entries tab shows a full table."""
    from tests.services.test_entries import entry_row, write_entries

    rows = [entry_row(partner_id, n, date(2026, 1 + n % 10, 1 + n % 28)) for n in range(1, 300)]
    write_entries(store, partner_id, rows)


def _overview_sideways(app: QApplication, window: Any) -> list[str]:
    """The Overview's "By port" table never makes its page scroll sideways (further)."""
    window.workspace.show_tab("overview")
    _wait(app, window.desk.pool.is_idle)
    overview = window.workspace.overview
    bar = overview._scroll.horizontalScrollBar()
    widths = []
    for shown in (True, False):
        overview.ports_box.setVisible(shown)
        for _round in range(3):  # the page's layout, then the scroll area's, are posted events
            app.processEvents()
        widths.append(bar.maximum())
    overview.ports_box.show()
    grown = widths[0] - widths[1]
    problems = [f"By port widens the page by {grown} pixels"] if grown > 0 else []
    return problems + ([] if overview.ports_box.model.rowCount() else ["no port rows"])


def main(home: str) -> None:
    app = QApplication([])
    from trusted_trader.gui.context import Desk
    from trusted_trader.gui.main_window import MainWindow
    from trusted_trader.gui.pages import PAGES
    from trusted_trader.services.demo import DemoSpec, load_demo
    from trusted_trader.services.store import open_store
    from trusted_trader.settings import Settings

    store = open_store(f"sqlite:///{Path(home) / 'demo.sqlite'}", actor="tester@cbp.dhs.gov")
    with store.uow() as uow:
        load_demo(uow, DemoSpec(partners=6, touch_points=120, last_month=date(2026, 10, 1)))
        uow.commit()
    ui_state = QSettings(str(Path(home) / "window.ini"), QSettings.Format.IniFormat)
    desk = Desk(Settings(), ui_state, today=lambda: date(2026, 11, 16))
    window = MainWindow(desk, "test database")
    window.show()
    window.open_store(lambda: (store, None, 6))
    _wait(app, lambda: desk.store is not None and desk.pool.is_idle())
    screen = app.primaryScreen()
    area = screen.availableGeometry()
    found: dict[str, list[str]] = {}
    for key, *_rest in PAGES:
        window.show_page(key)
        _wait(app, desk.pool.is_idle)
        found[f"main window, {key} page"] = _outside(window, area)
    partner_id = int(store.engine.connect().exec_driver_sql("SELECT min(id) FROM partner").scalar())
    _with_entries(store, partner_id)
    window.open_partner(partner_id)
    tabs = window.workspace.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _wait(app, desk.pool.is_idle)
        found[f"partner, {tabs.tabText(index)} tab"] = _outside(window, area)
    found["partner, Overview tab, sideways"] = _overview_sideways(app, window)
    for name, make in _dialogs(window, store, partner_id).items():
        dialog = make()
        dialog.show()
        _wait(app, desk.pool.is_idle)
        app.processEvents()
        found[name] = _outside(dialog, area)
        fixed = dialog.minimumSize() == dialog.maximumSize() or not dialog.isSizeGripEnabled()
        found[name + " (size)"] = ["not resizable"] if fixed else []
        dialog.close()
        dialog.deleteLater()
    print(json.dumps({"screen": area.getRect(), "outside": found}))
    window.close()
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
