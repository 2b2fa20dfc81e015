"""The frozen app's entry point: the same command line as ``python -m trusted_trader``.

``TRUSTED_TRADER_SMOKE=1`` with no command is the bundle's smoke test: it opens the
window, shows the dashboard once the database is open and its figures are loaded, paints
the window once and exits 0 (3 if that takes longer than a minute). It prints the moment
of the window's first paint (``time.time()``) and which numeric libraries were loaded by
then, so a test can time the start and check that it stays lean.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

SMOKE_TEST_ENV = "TRUSTED_TRADER_SMOKE"
SMOKE_TEST_LIMIT_MS = 60_000
# Large numeric libraries: the window must not wait for them (the app needs neither).
HEAVY_MODULES = ("numpy", "scipy")


def report_first_paint(app: object) -> object:
    """Prints, at the first paint of any widget, the moment and the heavy modules loaded."""
    import time

    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                loaded = [name for name in HEAVY_MODULES if name in sys.modules]
                # (A windowed program on Windows has no stdout: print then does nothing.)
                moment = f"{time.time():.3f}"
                print(f"first paint: {moment} loaded: {' '.join(loaded) or '-'}", flush=True)
                app.removeEventFilter(self)  # type: ignore[attr-defined]
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)  # type: ignore[attr-defined]
    return watcher


def smoke_test() -> int:
    from PySide6.QtCore import QTimer

    from trusted_trader.app import build_window

    app, window = build_window(argv=sys.argv[:1])
    # Showing the window only asks for a paint: it comes once the event loop turns.
    watcher = report_first_paint(app)
    desk = window.desk

    def quit_when_idle() -> None:
        if not desk.pool.is_idle():  # the dashboard is still loading its figures
            QTimer.singleShot(20, quit_when_idle)
            return
        window.grab()  # paints the whole window once
        app.quit()

    def dashboard_shown() -> None:
        window.show_page("dashboard")
        QTimer.singleShot(0, quit_when_idle)

    desk.store_opened.connect(dashboard_shown)
    QTimer.singleShot(SMOKE_TEST_LIMIT_MS, lambda: app.exit(3))
    code = int(app.exec())
    del watcher
    desk.pool.wait()
    if desk.store is not None:
        desk.store.close()
    return code


def main() -> int:
    if os.environ.get(SMOKE_TEST_ENV) == "1" and len(sys.argv) == 1:
        return smoke_test()
    from trusted_trader.cli import main as command_line

    return command_line()


if __name__ == "__main__":
    # A large import reads its file in a second process: the frozen app starts it
    # by running itself, and this lets that copy become the reader.
    multiprocessing.freeze_support()
    raise SystemExit(main())
