"""Shared by the benchmarks: a cached demo database of the size the issues name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE = Path(os.environ.get("TT_BENCH_CACHE", "/tmp/tt-bench"))


def demo_database(partners: int = 10_000, touch_points: int = 1_000_000) -> Path:
    """A demo database made by the command line, built once and reused."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{partners}-{touch_points}.sqlite"
    if not path.exists():
        temp = path.with_suffix(".building")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "trusted_trader",
                "--db",
                str(temp),
                "demo",
                "--partners",
                str(partners),
                "--touch-points",
                str(touch_points),
            ],
            check=True,
        )
        with __import__("sqlite3").connect(temp) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.move(temp, path)
    return path


def copy_of(path: Path, name: str) -> Path:
    """A private copy of a cached database, for benchmarks that write."""
    target = CACHE / name
    shutil.copy(path, target)
    return target


def median_time(fn: object, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2]


def open_window(db: Path) -> tuple[Any, Any, Callable[[], None]]:
    """The real main window on ``db`` in this process, offscreen, with a private data folder.

    Returns the application, the window and ``settle()``, which waits until the window's
    background work is done and its answers are shown.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["TRUSTED_TRADER_HOME"] = tempfile.mkdtemp()
    from trusted_trader.app import build_window

    app, window = build_window(str(db), ["tt"], first_run=False)
    desk = window.desk

    def settle() -> None:
        while not desk.pool.is_idle():
            desk.pool.wait(20)
            app.processEvents()
        app.processEvents()

    return app, window, settle
