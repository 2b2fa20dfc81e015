"""A bulk write killed part-way (power cut, task manager) leaves the file whole and unchanged.

The demo loader writes 2,000 partners and 400,000 touch points in one
transaction; it is killed with SIGKILL at several points. Afterwards the
integrity check is clean and every table holds exactly what it held before
(or, had the commit landed, exactly everything).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from trusted_trader.services.store import open_store

PARTNERS = 2000
TOUCH_POINTS = 400_000
DEMO_SIZE = ("--partners", str(PARTNERS), "--touch-points", str(TOUCH_POINTS))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh database made by the migrations, closed (no journal beside it)."""
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "template.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUSTED_TRADER_HOME", str(folder / "home"))
        open_store(f"sqlite:///{path}").close()
    return path


def counts(path: Path) -> tuple[str, int, int, int]:
    with sqlite3.connect(path) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        partners = conn.execute("SELECT count(*) FROM partner").fetchone()[0]
        touch_points = conn.execute("SELECT count(*) FROM touch_point").fetchone()[0]
        iors = conn.execute("SELECT count(*) FROM partner_ior").fetchone()[0]
    return check, partners, touch_points, iors


def after_seconds(seconds: float) -> Callable[[Path], bool]:
    started = time.monotonic()
    return lambda _path: time.monotonic() - started >= seconds


def wal_larger_than(size: int) -> Callable[[Path], bool]:
    def grown(path: Path) -> bool:
        wal = path.with_name(path.name + "-wal")
        return wal.exists() and wal.stat().st_size > size

    return grown


@pytest.mark.parametrize(
    "kill_when",
    [
        pytest.param(lambda: after_seconds(0.3), id="0.3s"),
        pytest.param(lambda: after_seconds(1.2), id="1.2s"),
        pytest.param(lambda: wal_larger_than(1_000_000), id="wal-1MB"),
        pytest.param(lambda: wal_larger_than(20_000_000), id="wal-20MB"),
        pytest.param(lambda: wal_larger_than(60_000_000), id="wal-60MB"),
    ],
)
def test_a_killed_bulk_write_leaves_everything_or_nothing(
    empty_database: Path, tmp_path: Path, kill_when: Callable[[], Callable[[Path], bool]]
) -> None:
    path = tmp_path / "crash.sqlite"
    shutil.copyfile(empty_database, path)
    before = counts(path)
    writer = subprocess.Popen(
        [sys.executable, "-m", "trusted_trader", "--db", str(path), "demo", *DEMO_SIZE],
        env={**os.environ, "TRUSTED_TRADER_HOME": str(tmp_path / "home")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    condition = kill_when()
    deadline = time.monotonic() + 60
    while writer.poll() is None and not condition(path) and time.monotonic() < deadline:
        time.sleep(0.005)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    check, partners, touch_points, iors = counts(path)
    assert check == "ok"
    assert (partners, touch_points, iors) in {
        before[1:],
        (PARTNERS, TOUCH_POINTS, PARTNERS),
    }
    open_store(f"sqlite:///{path}").close()  # and the app opens it again
