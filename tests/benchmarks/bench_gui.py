"""Desktop GUI speed on the demo databases the issues name.

At 100 partners / 10,000 touch points, 1,000 / 100,000 and 10,000 / 1,000,000: process
start to an interactive window (vs a bare PySide6 window with a table, both as subprocesses
in the same run), and from that first paint to the dashboard's numbers (every tile and
"Rate rose most"), to its monthly chart, to its My week list and to its compliance
verdicts (read after the chart). Then, on the biggest
database only: per-keystroke filter time on the Partners page, time to open a partner
workspace, and resident memory. ``bench_gui.py 100`` runs one size only (partners).
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
SIZES = ((100, 10_000), (1_000, 100_000), (10_000, 1_000_000))
# What issue #17 asks of the numbers, after the window's first paint.
TARGETS = {100: 0.5, 10_000: 1.0}

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

# The app's own composition root. It prints five moments: the window painted and taking
# input (the event loop's first turn), the dashboard's numbers filled (every tile and
# "Rate rose most"), its chart drawn, its My week list filled and its compliance verdicts shown.
APP = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QTimer
    from trusted_trader.app import build_window
    app, window = build_window(sys.argv[1], ["tt"], first_run=False)
    moments = {}
    def check():
        now = time.time()
        moments.setdefault("painted", now)
        page = window.existing_page("dashboard")
        if page is not None and page.data is not None and page.rates is not None:
            moments.setdefault("numbers", now)
        if page is not None and page.chart is not None:
            moments.setdefault("chart", now)
        if page is not None and getattr(page.week_list, "items", None) is not None:
            moments.setdefault("deadlines", now)
        if page is not None and getattr(page, "verdicts", None) is not None:
            moments.setdefault("compliance", now)
        if len(moments) == 5:
            order = ("painted", "numbers", "chart", "deadlines", "compliance")
            print(*(moments[k] for k in order), flush=True)
            os._exit(0)
        QTimer.singleShot(5, check)
    QTimer.singleShot(0, check)
    app.exec()
    """
)


def timed_run(code: str, *args: str, env: dict[str, str]) -> list[float]:
    """The moments the child printed, in seconds after it was started."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, capture_output=True, text=True
    ).stdout
    return [float(x) - started for x in out.strip().splitlines()[-1].split()]


def startup(db: Path, partners: int) -> None:
    home = tempfile.mkdtemp()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TRUSTED_TRADER_HOME": home}
    # An installed app runs from compiled bytecode; keep it out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tt-bench" / "pycache")
    timed_run(BARE, env=env)  # warm-up: compiles and caches, as an installation would have
    timed_run(APP, str(db), env=env)  # and makes the day's first backup of the file
    bare, painted, numbers, chart, deadlines, verdicts = [], [], [], [], [], []
    for _ in range(RUNS):  # interleaved, so the machine's noise hits both alike
        bare.append(timed_run(BARE, env=env)[0])
        shown, filled, drawn, listed, compliance = timed_run(APP, str(db), env=env)
        painted.append(shown)
        numbers.append(filled - shown)
        chart.append(drawn - shown)
        deadlines.append(listed - shown)
        verdicts.append(compliance - shown)
    b, p, n, c, d = (statistics.median(x) for x in (bare, painted, numbers, chart, deadlines))
    target = TARGETS.get(partners)
    goal = f", target {target * 1000:.0f} ms" if target else ""
    print(f"bare PySide6 window + table view         {b * 1000:7.0f} ms")
    print(f"app window painted, interactive          {p * 1000:7.0f} ms  ({p / b:.2f}x bare)")
    print(f"dashboard numbers after the first paint  {n * 1000:7.0f} ms  ({n / b:.2f}x bare{goal})")
    print(f"chart after the first paint              {c * 1000:7.0f} ms  ({c / b:.2f}x bare)")
    print(f"My week list after the first paint       {d * 1000:7.0f} ms  ({d / b:.2f}x bare)")
    v = statistics.median(verdicts)
    print(f"compliance verdicts after the first paint{v * 1000:7.0f} ms  ({v / b:.2f}x bare)")


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
    wanted = {int(a) for a in sys.argv[1:]}
    for partners, touch_points in SIZES:
        if wanted and partners not in wanted:
            continue
        db = demo_database(partners, touch_points)
        print(f"database: {db} ({partners:,} partners, {touch_points:,} touch points)")
        startup(db, partners)
    if not wanted or 10_000 in wanted:
        in_process(demo_database(10_000, 1_000_000))


if __name__ == "__main__":
    main()
