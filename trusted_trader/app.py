"""The desktop app's composition root: paths, settings, store, QApplication, main window.

The window shell is shown first; the database (and the SQL libraries, about a second to
import) is opened on a worker thread, so the window paints at once and never freezes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def open_for_desktop(url: str, executive_email: str) -> tuple[Any, int | None, int]:
    """Open the store and find who is at the desk; runs on a worker thread."""
    from trusted_trader.domain.errors import NotFoundError
    from trusted_trader.services import portfolio, reference
    from trusted_trader.services.scope import Scope
    from trusted_trader.services.store import open_store

    _import_dashboard_services()

    store = open_store(url, executive_email or None)
    executive_id: int | None = None
    with store.uow() as uow:
        if executive_email:
            try:
                executive_id = reference.executive_by_email(uow, executive_email).id
            except NotFoundError:
                executive_id = None
        count = portfolio.count_partners(uow, Scope())
    return store, executive_id, count


def _import_dashboard_services() -> None:
    """The dashboard's reads, its list of portfolios and My week follow on two threads: what
    they need is imported first by this one, since two threads importing one cycle of modules
    at once can each meet the other's half-made module (SQLAlchemy's own package does it)."""
    import trusted_trader.services.analytics
    import trusted_trader.services.deadlines  # noqa: F401


def ui_state_path(config_dir: Path) -> Path:
    return config_dir / "window.ini"


def build_window(
    db: str | None = None, argv: list[str] | None = None, first_run: bool = True
) -> tuple[Any, Any]:
    """Compose the desktop app and show the window shell; the store opens on a worker.

    ``first_run=False`` never offers the Settings to a new user (benchmarks measure the
    window a returning user sees).
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from trusted_trader import APP_NAME, __version__, paths
    from trusted_trader.gui.context import Desk
    from trusted_trader.gui.main_window import MainWindow
    from trusted_trader.gui.qt_dates import use_date_style
    from trusted_trader.gui.style import apply_look
    from trusted_trader.settings import Settings, database_url

    settings = Settings.load()
    url = database_url(db, settings)
    app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("TrustedTrader")
    app.setDesktopFileName("trusted-trader")  # Wayland/X11: the window belongs to its .desktop
    apply_look(app)
    app.setWindowIcon(_app_icon(paths))
    ui_state = QSettings(str(ui_state_path(paths.config_dir())), QSettings.Format.IniFormat)
    desk = Desk(settings, ui_state)
    use_date_style(settings.date_style)

    def opener_for(chosen: str) -> Callable[[], tuple[Any, int | None, int]]:
        email = desk.settings.executive_email  # "me" may have changed since start-up
        return lambda: open_for_desktop(chosen, email)

    window = MainWindow(desk, _label(url), opener_for)
    window.show()
    window.open_store(opener_for(url))
    if first_run:
        _offer_settings_on_first_run(desk, window)
    return app, window


def _offer_settings_on_first_run(desk: Any, window: Any) -> None:
    """Once the database is open (its Account Executives listed), ask who the user is.

    Shown without blocking, after the window's first paint, so nothing waits on it.
    Tests that build a ``MainWindow`` themselves never see it.
    """
    from PySide6.QtCore import QTimer

    from trusted_trader.gui.dialogs.settings_dialog import first_run_due, offer_on_first_run

    if not first_run_due(desk):
        return

    def offer() -> None:
        desk.store_opened.disconnect(offer)
        QTimer.singleShot(0, window, lambda: offer_on_first_run(desk, window))

    desk.store_opened.connect(offer)


def run(db: str | None = None, argv: list[str] | None = None) -> int:
    app, window = build_window(db, argv)
    code = int(app.exec())
    window.change_watcher.stop()
    window.desk.pool.wait()  # no job may still be using the store when it closes
    if window.desk.store is not None:
        window.desk.store.close()
    return code


def _app_icon(paths: Any) -> Any:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        try:
            icon.addFile(str(paths.resource("icons", f"trusted-trader-{size}.png")))
        except FileNotFoundError:
            break  # no resources folder: Qt's default icon
    return icon


def _label(url: str) -> str:
    return url.removeprefix("sqlite:///")
