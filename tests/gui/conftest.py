"""GUI fixtures: a window on an empty or a demo database, its own settings, Qt warnings fail."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings

from tests.conftest import DEMO_LAST_MONTH
from trusted_trader.gui.context import Desk
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.settings import Settings

HERE = Path(__file__).parent
# The demo data's last month is 2026-10 (tests/conftest.py), so "today" is in November.
TODAY = date(2026, 11, 16)
# Messages the offscreen platform prints that say nothing about the app.
QT_NOISE = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
    r"QFont::setPointSizeF: Point size <= 0",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every GUI test fails on a Qt warning (pytest-qt's own markers, not an ini change)."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*QT_NOISE))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo database, built once; each test gets its own copy."""
    from trusted_trader.services.demo import DemoSpec, load_demo
    from trusted_trader.services.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    template = open_store(f"sqlite:///{path}", actor="tester@cbp.dhs.gov")
    with template.uow() as uow:
        load_demo(uow, DemoSpec(partners=30, touch_points=3000, last_month=DEMO_LAST_MONTH))
        uow.commit()
    with template.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    template.close()
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[Any]:
    """Overrides the shared fixture: the same demo data, copied rather than rebuilt."""
    from trusted_trader.services.store import open_store

    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    opened = open_store(f"sqlite:///{target}", actor="tester@cbp.dhs.gov")
    yield opened
    opened.close()


@pytest.fixture
def with_partner(store: Any, acme_id: int) -> Any:
    """A database holding one partner, Acme Imports (IOR number ACME_IOR)."""
    return store


@pytest.fixture
def ui_state(app_home: Path) -> QSettings:
    """Window state in a file of the test's own home, never the user's."""
    app_home.mkdir(parents=True, exist_ok=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(app_home))
    return QSettings(str(app_home / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_desk(ui_state: QSettings) -> Callable[..., Desk]:
    def make(settings: Settings | None = None) -> Desk:
        return Desk(settings or Settings(), ui_state, today=lambda: TODAY)

    return make


def open_window(qtbot: Any, desk: Desk, store: Any, partners: int) -> MainWindow:
    window = MainWindow(desk, "test database")
    qtbot.addWidget(window)
    window.show()
    window.open_store(lambda: (store, None, partners))
    qtbot.waitUntil(lambda: desk.store is not None and desk.pool.is_idle(), timeout=10000)
    return window


def settle(qtbot: Any, desk: Desk) -> None:
    """Wait until every job has called back."""
    qtbot.waitUntil(desk.pool.is_idle, timeout=15000)


@pytest.fixture
def empty_window(qtbot: Any, make_desk: Callable[..., Desk], store: Any) -> Iterator[MainWindow]:
    desk = make_desk()
    window = open_window(qtbot, desk, store, 0)
    yield window
    close(qtbot, window)


@pytest.fixture
def demo_window(
    qtbot: Any, make_desk: Callable[..., Desk], demo_store: Any
) -> Iterator[MainWindow]:
    desk = make_desk()
    window = open_window(qtbot, desk, demo_store, 30)
    settle(qtbot, desk)
    yield window
    close(qtbot, window)


def close(qtbot: Any, window: MainWindow) -> None:
    settle(qtbot, window.desk)
    if shiboken6.isValid(window):
        window.close()


def activate(qtbot: Any, widget: Any) -> None:
    """Make a window the active one, so its keyboard shortcuts work."""
    widget.show()
    widget.windowHandle().requestActivate()
    qtbot.waitUntil(widget.isActiveWindow)
