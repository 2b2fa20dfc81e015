"""My week on the big demo database (10,000 partners, 1,000,000 touch points).

Prints the first screen (from choosing the page to the list painted with every open
item, and its parts: the read and the model with its paint) and the time of a filter
change (kind, whose, overdue age, partner text) including the repaint. Targets of
issue #17: first screen < 300 ms, a filter change < 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import copy_of, demo_database, open_window

RUNS = 7


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def first_screen(app: Any, window: Any, settle: Any) -> Any:
    """Median of RUNS loads: the first screen (the quick read, painted), then the whole list."""
    window.show_page("my_week")
    settle()
    week = window.existing_page("my_week").week_list
    firsts, totals, reads, paints = [], [], [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        week.items = None
        week.load()
        while week.items is None:
            week.desk.pool.wait(5)
            app.processEvents()
        week.view.viewport().repaint()
        firsts.append(time.perf_counter() - started)
        settle()
        week.view.viewport().repaint()
        totals.append(time.perf_counter() - started)
        read_started = time.perf_counter()
        items = _read(window)
        reads.append(time.perf_counter() - read_started)
        paint_started = time.perf_counter()
        week.show_items(items)
        week.view.viewport().repaint()
        app.processEvents()
        paints.append(time.perf_counter() - paint_started)
    count = len(week.items.deadlines)
    print(f"open items                              {count:7,}")
    print(f"first screen (quick read + paint)       {_ms(statistics.median(firsts))}")
    print(f"whole list (both reads + paints)        {_ms(statistics.median(totals))}")
    print(f"  the whole read (one transaction)      {_ms(statistics.median(reads))}")
    print(f"  model reset + paint of the whole list {_ms(statistics.median(paints))}")
    return week


def _read(window: Any) -> Any:
    from trusted_trader.services.deadlines import week_items

    desk = window.desk
    with desk.uow() as uow:
        return week_items(uow, desk.today(), desk.settings.executive_email)


def filter_changes(app: Any, week: Any) -> None:
    """Each filter change with its repaint, median and worst of a round of changes."""
    changes = [
        ("kind: responses", lambda: week.kind_combo.setCurrentIndex(1)),
        ("kind: action items", lambda: week.kind_combo.setCurrentIndex(2)),
        ("kind: all", lambda: week.kind_combo.setCurrentIndex(0)),
        ("overdue up to 30 days", lambda: week.age_combo.setCurrentIndex(1)),
        ("all overdue", lambda: week.age_combo.setCurrentIndex(0)),
        ("partner 'steel'", lambda: week.partner_edit.setText("steel")),
        ("partner 's'", lambda: week.partner_edit.setText("s")),
        ("partner ''", lambda: week.partner_edit.setText("")),
    ]
    times = []
    for _ in range(3):
        for name, change in changes:
            started = time.perf_counter()
            change()
            week.view.viewport().repaint()
            app.processEvents()
            times.append((time.perf_counter() - started, name))
    times.sort()
    median = statistics.median(t for t, _name in times)
    print(
        f"filter change: median {median * 1000:5.1f} ms, "
        f"max {times[-1][0] * 1000:5.1f} ms ({times[-1][1]}; {len(times)} changes)"
    )


def main() -> None:
    # A private copy: opening it adds this release's index of open responses (0010),
    # which the shared cached file must not carry for other releases.
    db = copy_of(demo_database(10_000, 1_000_000), "my-week.sqlite")
    print(f"database: {db}")
    app, window, settle = open_window(db)
    settle()
    week = first_screen(app, window, settle)
    filter_changes(app, week)
    window.close()


if __name__ == "__main__":
    main()
