"""Desktop GUI speed on the big demo database (10,000 partners, 1,000,000 touch points).

Prints: process start to an interactive window showing the dashboard (vs a bare PySide6
window with a table, both as subprocesses in the same run), per-keystroke filter time on the
Partners page, time to open a partner workspace, and resident memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import demo_database, open_window

RUNS = 7

# Each child prints the moment (time.time()) its window is up and the event loop turns,
# then leaves at once; the parent subtracts the moment it started the child.
BARE = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.show()
    def done():
        print(time.time(), flush=True)
        os._exit(0)
    QTimer.singleShot(0, done)
    app.exec()
    """
)

# The app's own composition root: "shell" is the window with the dashboard page painted and
# taking input; "numbers" waits until the dashboard shows its tiles, deadlines and chart.
APP = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QTimer
    from trusted_trader.app import build_window
    app, window = build_window(sys.argv[1], ["tt"], first_run=False)
    def done():
        print(time.time(), flush=True)
        os._exit(0)
    def check():
        page = window.existing_page("dashboard")
        if sys.argv[2] == "shell" or (page is not None and page.data is not None):
            done()
        QTimer.singleShot(10, check)
    QTimer.singleShot(0, check)
    app.exec()
    """
)


def timed_run(code: str, *args: str, env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1]) - started


def startup(db: Path) -> None:
    home = tempfile.mkdtemp()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TRUSTED_TRADER_HOME": home}
    # An installed app runs from compiled bytecode; keep it out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tt-bench" / "pycache")
    timed_run(BARE, env=env)  # warm-up: compiles and caches, as an installation would have
    timed_run(APP, str(db), "numbers", env=env)
    bare, shell, full = [], [], []
    for _ in range(RUNS):  # interleaved, so the machine's noise hits all three alike
        bare.append(timed_run(BARE, env=env))
        shell.append(timed_run(APP, str(db), "shell", env=env))
        full.append(timed_run(APP, str(db), "full", env=env))
    b, s, f = (statistics.median(x) for x in (bare, shell, full))
    print(f"bare PySide6 window + table view      {b * 1000:7.0f} ms")
    print(f"app window with dashboard, interactive {s * 1000:7.0f} ms  ({s / b:.2f}x bare)")
    print(f"app dashboard with its numbers         {f * 1000:7.0f} ms  ({f / b:.2f}x bare)")


def in_process(db: Path) -> None:
    app, window, settle = open_window(db)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    settle()
    started = time.perf_counter()
    window.show_page("partners")
    settle()
    print(
        f"partners page filled (10,000 rows)     {(time.perf_counter() - started) * 1000:7.0f} ms"
    )
    page = window.existing_page("partners")
    field = page._search_line_edit  # type: ignore[union-attr]
    times = []
    for text in ("gran", "x", "12-3", "steel works", "a"):
        field.clear()
        app.processEvents()
        for char in text:
            started = time.perf_counter()
            QTest.keyClick(field, char)
            app.processEvents()  # the repaint of the table is part of the keystroke
            times.append(time.perf_counter() - started)
    times.sort()
    print(
        f"filter keystroke: median {statistics.median(times) * 1000:5.1f} ms, "
        f"max {times[-1] * 1000:5.1f} ms ({len(times)} keystrokes)"
    )
    field.clear()
    app.processEvents()
    opened = []
    for partner_id in (17, 4242, 9999, 17, 555):
        started = time.perf_counter()
        window.open_partner(partner_id)
        app.processEvents()
        opened.append(time.perf_counter() - started)
    print(
        f"open a partner workspace: median {statistics.median(opened) * 1000:5.0f} ms, "
        f"max {max(opened) * 1000:5.0f} ms (its key numbers follow from a worker)"
    )
    window.workspace.show_tab("touch_points")
    app.processEvents()
    settle()
    window.show_page("dashboard")
    settle()
    started = time.perf_counter()
    window.existing_page("dashboard").mark_stale()  # type: ignore[union-attr]
    settle()
    print(
        f"dashboard incl. every partner's rate   {(time.perf_counter() - started) * 1000:7.0f} ms"
    )
    print(f"resident memory                        {_rss_mb():7.0f} MB")
    window.close()
    del Qt


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    db = demo_database(10_000, 1_000_000)
    print(f"database: {db}")
    startup(db)
    in_process(db)


if __name__ == "__main__":
    main()
