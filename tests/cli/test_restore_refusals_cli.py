"""``db restore`` calls a database damaged only when SQLite's integrity check fails.

A full disk or a file locked by another program is said as such, and the intact
database stays where it is; no partial copy is left in the backups folder.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.store import open_store


def run(*args: str, limit: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trusted_trader", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=limit,
    )


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    """A database of a few hundred kilobytes and a backup of it to restore."""
    path = tmp_path / "desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.uow() as uow:
        load_demo(uow, DemoSpec(partners=20, touch_points=3000))
        uow.commit()
    store.close()
    backup = tmp_path / "backup.sqlite"
    assert run("--db", str(path), "db", "backup", str(backup)).returncode == 0
    return path, backup


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups_folder(app_home: Path) -> list[str]:
    folder = app_home / "data" / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_restore_on_a_full_disk_keeps_the_intact_database_where_it_is(
    desk: tuple[Path, Path], app_home: Path
) -> None:
    path, backup = desk
    before = digest(path)
    size = path.stat().st_size
    assert size > 200_000

    def full_disk() -> None:  # no file may grow past half the database
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, size // 2))

    line = one_line(run("--db", str(path), "db", "restore", str(backup), limit=full_disk))
    assert "full" in line and "damaged" not in line
    assert digest(path) == before
    kept = backups_folder(app_home)
    assert not [name for name in kept if "damaged" in name or name.endswith(".partial")]
    listing = run("--db", str(path), "db", "backups")
    assert listing.returncode == 0 and "partial" not in listing.stdout


def test_a_restore_onto_a_locked_database_says_it_is_in_use_and_moves_nothing(
    desk: tuple[Path, Path], app_home: Path
) -> None:
    path, backup = desk
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE partner SET notes = notes")
        line = one_line(run("--db", str(path), "db", "restore", str(backup)))
    finally:
        holder.close()
    assert "in use" in line and "damaged" not in line
    assert path.exists()
    assert not [name for name in backups_folder(app_home) if "damaged" in name]


def test_a_database_failing_its_integrity_check_is_moved_aside_as_damaged(
    desk: tuple[Path, Path], app_home: Path
) -> None:
    path, backup = desk
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'touch_point'")
        page = root.fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    data[start + 8 : start + page_size] = os.urandom(page_size - 8)  # header intact, page not
    path.write_bytes(bytes(data))
    done = run("--db", str(path), "db", "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert [name for name in backups_folder(app_home) if name.endswith("-damaged.sqlite")]
