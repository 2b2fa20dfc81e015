"""Rotating backups of the database, and restoring one safely in place of the open file."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from trusted_trader.services import backups
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store, open_store
from trusted_trader.settings import Settings
from trusted_trader.store.errors import DatabaseTooNew, DatabaseUnusable
from trusted_trader.store.migrate import backup_to, head_revision
from trusted_trader.store.sqlite_file import backup_name

FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema-0001.sqlite"


def partner_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM partner").fetchone()[0])


def add_partner(store: Store, name: str, ior: str) -> None:
    with store.uow() as uow:
        create_partner(uow, PartnerInput(name, ior))
        uow.commit()


def test_a_backup_is_a_complete_single_file_in_the_backups_folder(
    demo_store: Store, app_home: Path
) -> None:
    target = backups.backup_now(demo_store)
    assert target.parent == app_home / "data" / "backups"
    assert partner_count(target) == 30
    assert not target.with_name(target.name + "-wal").exists()
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_backup_taken_during_a_change_holds_only_committed_work(store: Store) -> None:
    add_partner(store, "Committed Co", "12-1111111AB")
    with store.uow() as uow:
        create_partner(uow, PartnerInput("Uncommitted Co", "12-2222222AB"))
        target = backups.backup_now(store)
    assert partner_count(target) == 1


def test_the_daily_backup_is_made_once_a_day(store: Store) -> None:
    assert backups.backup_if_due(store) is not None
    assert backups.backup_if_due(store) is None
    tomorrow = datetime.now() + timedelta(days=1, minutes=1)
    assert backups.backup_if_due(store, now=tomorrow) is not None


def test_opening_an_existing_file_backs_it_up_but_a_new_one_is_not(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    open_store(url).close()
    assert backups.list_backups("desk") == []
    open_store(url).close()
    assert [b.reason for b in backups.list_backups("desk")] == ["daily"]


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    folder = tmp_path / "rotation"
    folder.mkdir()
    now = datetime(2026, 11, 28, 12, 0)
    for hours in range(0, 24 * 60, 8):  # three backups a day for 60 days
        (folder / backup_name("desk", "daily", now - timedelta(hours=hours))).write_bytes(b"x")
    (folder / backup_name("other", "daily", now - timedelta(days=50))).write_bytes(b"x")
    backups.rotate("desk", Settings(backups_daily=7, backups_weekly=4), now=now, folder=folder)
    kept = backups.list_backups("desk", folder)
    days = sorted({b.taken_at.date() for b in kept}, reverse=True)
    weeks = {b.taken_at.isocalendar()[:2] for b in kept}
    within_a_day = [b for b in kept if now - b.taken_at < timedelta(days=1)]
    assert len(within_a_day) == 3
    assert days[:7] == [(now - timedelta(days=n)).date() for n in range(7)]
    assert len(weeks) == 4
    # The last 24 hours' three (spanning two days), five more days, two older weeks.
    assert len(kept) == 3 + 5 + 2
    assert len(backups.list_backups("other", folder)) == 1, "another database's are left alone"


def test_restore_puts_the_backup_back_and_keeps_the_replaced_file(store: Store) -> None:
    add_partner(store, "Before Backup Co", "12-1111111AB")
    backup = backups.backup_now(store)
    add_partner(store, "After Backup Co", "12-3333333AB")
    saved = backups.restore_backup(store, backup)
    assert saved is not None and partner_count(saved) == 2
    assert partner_count(store.path) == 1  # type: ignore[arg-type]
    with store.uow() as uow:  # the open store keeps working, on the restored data
        create_partner(uow, PartnerInput("After Restore Co", "12-4444444AB"))
        uow.commit()
    assert partner_count(store.path) == 2  # type: ignore[arg-type]


def test_a_restore_is_seen_by_another_open_store(store: Store) -> None:
    backup = backups.backup_now(store)
    other = open_store(store.url)
    try:
        add_partner(other, "Only In The Live File", "12-5555555AB")
        backups.restore_backup(store, backup)
        with other.uow() as uow:
            count = uow.connection.exec_driver_sql("SELECT count(*) FROM partner").scalar()
        assert count == 0
    finally:
        other.close()


def test_restoring_a_first_release_backup_upgrades_it(store: Store, tmp_path: Path) -> None:
    old = tmp_path / "old-backup.sqlite"
    shutil.copyfile(FIXTURE, old)
    backups.restore_backup(store, old)
    with sqlite3.connect(store.path) as conn:  # type: ignore[arg-type]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
    assert partner_count(store.path) == 3  # type: ignore[arg-type]


def foreign(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER)")
    return path


def newer(path: Path, store: Store) -> Path:
    backup_to(store.engine, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    return path


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda p, s: (p.write_text("not a database"), p)[1], DatabaseUnusable, "not a database"),
        (lambda p, s: foreign(p), DatabaseUnusable, "not a Trusted Trader database"),
        (lambda p, s: newer(p, s), DatabaseTooNew, "newer release"),
        (lambda p, s: (p.write_bytes(b""), p)[1], DatabaseUnusable, "empty"),
    ],
    ids=["text", "foreign", "newer", "empty"],
)
def test_restore_refuses_what_is_not_a_usable_backup(
    store: Store, tmp_path: Path, make: object, error: type[Exception], message: str
) -> None:
    add_partner(store, "Live Co", "12-1111111AB")
    source = make(tmp_path / "candidate.sqlite", store)  # type: ignore[operator]
    with pytest.raises(error, match=message):
        backups.restore_backup(store, source)
    assert partner_count(store.path) == 1  # type: ignore[arg-type]
    assert [b.reason for b in backups.list_backups(store.path.stem)] == []  # type: ignore[union-attr]


def test_a_cut_short_backup_is_refused(store: Store, tmp_path: Path) -> None:
    backup = backups.backup_now(store)
    data = backup.read_bytes()
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseUnusable, match="cut short"):
        backups.restore_backup(store, cut)


def test_a_damaged_live_file_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    add_partner(store, "Kept Co", "12-1111111AB")
    backup = backups.backup_now(store)
    store.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    saved = backups.restore_file(f"sqlite:///{path}", backup)
    assert saved is not None and saved.name.endswith("-damaged.sqlite")
    assert saved.read_bytes().startswith(b"SQLite format 3\x00\xff")
    assert partner_count(path) == 1
