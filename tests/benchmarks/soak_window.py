"""Soak test: one window session opens 5,000 partners; references to None/True/False hold.

Not part of the normal run (tests/benchmarks is not collected): run it by hand,
``python tests/benchmarks/soak_window.py [OPENINGS]``. With PySide6 6.12.0 on Python 3.11
the window died of ``none_dealloc`` after about 1,800 openings; this prints the counts every
500 openings and exits 1 when they fell steadily.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import demo_database, open_window

OPENINGS = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
REPORT_EVERY = max(1, min(500, OPENINGS // 10))
# Far below the ~60 references to None per opening a leaking Qt for Python loses.
ALLOWED_LOSS = {"None": 500, "True": 100, "False": 100}
TABS = ("overview", "touch_points", "plans", "history")


def counts() -> dict[str, int]:
    gc.collect()
    return {
        "None": sys.getrefcount(None),
        "True": sys.getrefcount(True),
        "False": sys.getrefcount(False),
    }


def main() -> int:
    _app, window, settle = open_window(demo_database(1_000, 100_000))
    from PySide6.QtTest import QTest

    settle()
    window.show_page("partners")
    settle()
    page = window.existing_page("partners")
    ids = [page._model.record(row).id for row in range(page._model.rowCount())]  # type: ignore[union-attr]
    field = page._search_line_edit  # type: ignore[union-attr]
    started, first = time.perf_counter(), counts()
    print(f"Python {sys.version.split()[0]}, PySide6 {__import__('PySide6').__version__}")
    print(f"{0:6d} openings  {first}")
    history = [first]
    for opening in range(1, OPENINGS + 1):
        window.open_partner(ids[opening % len(ids)])
        window.workspace.show_tab(TABS[opening % len(TABS)])
        settle()
        if opening % 50 == 0:  # back to the list and a keystroke in the filter now and then
            window.show_page("partners")
            QTest.keyClick(field, "a")
            QTest.keyClick(field, "\b")
            settle()
        if opening % REPORT_EVERY == 0:
            history.append(counts())
            elapsed = time.perf_counter() - started
            print(
                f"{opening:6d} openings  {history[-1]}  {elapsed:6.0f} s  {_rss_mb():5.0f} MB",
                flush=True,
            )
    window.close()
    lost = {k: history[1][k] - min(h[k] for h in history[1:]) for k in ALLOWED_LOSS}
    print(f"lost after the first {REPORT_EVERY} openings: {lost}")
    return 1 if any(lost[k] > ALLOWED_LOSS[k] for k in lost) else 0


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    raise SystemExit(main())
