"""Opening something that is not a healthy Trusted Trader database: refused, never replaced."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from trusted_trader.services.store import open_store
from trusted_trader.store import migrate
from trusted_trader.store.errors import DatabaseTooNew, DatabaseUnusable, StoreError
from trusted_trader.store.migrate import open_database


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def refused(path: Path, error: type[StoreError] = DatabaseUnusable) -> StoreError:
    before = path.read_bytes()
    with pytest.raises(error) as info:
        open_database(url(path))
    assert path.read_bytes() == before, "a refused file must be left as it was"
    assert str(path) in str(info.value)
    return info.value


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Meeting notes: call the broker on Monday.\n" * 20)
    assert "is not a database file" in str(refused(path))


def test_random_bytes_are_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    assert "is not a database file" in str(refused(path))


def test_an_empty_file_is_refused_rather_than_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    error = refused(path)
    assert "empty (0 bytes)" in str(error)
    assert "backup" in error.hint


@pytest.mark.parametrize("keep", [0.5, 0.25])
def test_a_database_cut_short_is_refused(database_file: Path, keep: float) -> None:
    data = database_file.read_bytes()
    database_file.write_bytes(data[: int(len(data) * keep) // 4096 * 4096])
    assert "cut short" in str(refused(database_file))


def test_a_database_cut_mid_page_is_refused(database_file: Path) -> None:
    data = database_file.read_bytes()
    database_file.write_bytes(data[: len(data) - 1000])
    assert "cut short" in str(refused(database_file))


def test_a_header_alone_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40)
    assert "cut short" in str(refused(path))


def test_a_database_with_a_garbled_schema_page_is_damaged(database_file: Path) -> None:
    data = bytearray(database_file.read_bytes())
    data[100:4096] = random.Random(3).randbytes(4096 - 100)
    database_file.write_bytes(bytes(data))
    error = refused(database_file)
    assert "damaged" in str(error)
    assert "backup" in error.hint


def test_damage_found_while_working_names_the_file(database_file: Path) -> None:
    with sqlite3.connect(database_file) as conn:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'touch_point'"
        ).fetchone()[0]
    data = bytearray(database_file.read_bytes())
    start = (root - 1) * 4096
    data[start : start + 4096] = b"\xff" * 4096
    database_file.write_bytes(bytes(data))
    store = open_store(url(database_file))
    try:
        with pytest.raises(DatabaseUnusable, match="damaged") as info, store.uow() as uow:
            uow.connection.exec_driver_sql("SELECT count(*), max(notes) FROM touch_point").all()
        assert str(database_file) in str(info.value)
    finally:
        store.close()


def test_a_database_from_a_newer_release_is_refused(database_file: Path) -> None:
    with sqlite3.connect(database_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    error = refused(database_file, DatabaseTooNew)
    assert "newer release" in str(error)


def test_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "db.sqlite"
    with pytest.raises(DatabaseUnusable, match="does not exist"):
        open_database(url(path))
    assert not path.parent.exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="is a folder"):
        open_database(url(tmp_path))


def test_a_failed_creation_leaves_no_file_under_the_users_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_engine: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade_database", broken)
    path = tmp_path / "new.sqlite"
    with pytest.raises(StoreError, match="full"):
        open_database(url(path))
    assert not path.exists()
    monkeypatch.undo()
    open_database(url(path)).dispose()  # the next try creates it normally
    assert path.stat().st_size > 0


def test_a_failed_upgrade_keeps_the_old_schema_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "schema-0001.sqlite"
    path = tmp_path / "old.sqlite"
    path.write_bytes(fixture.read_bytes())

    def broken(_engine: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade_database", broken)
    with pytest.raises(StoreError, match="full"):
        open_database(url(path))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT count(*) FROM touch_point").fetchone()[0] == 24
