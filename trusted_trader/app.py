"""The desktop app's composition root: paths, settings, store, QApplication, main window."""

from __future__ import annotations

import sys


def run(db: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from trusted_trader import APP_NAME
    from trusted_trader.settings import Settings, database_url

    settings = Settings.load()
    url = database_url(db, settings)
    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(f"{APP_NAME} — {url}")
    window.setCentralWidget(QLabel("Trusted Trader"))
    window.show()
    return int(app.exec())
