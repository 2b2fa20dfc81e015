from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

from trusted_trader.store.errors import DatabaseTooNew, DatabaseUnusable
from trusted_trader.store.migrate import alembic_config, head_revision, open_database


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_a_new_file_is_created_by_the_migrations_at_head(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    engine = open_database(f"sqlite:///{path}")
    assert revision_of(path) == head_revision()
    assert {"partner", "touch_point", "audit_log", "import_batch"} <= set(
        inspect(engine).get_table_names()
    )
    assert path.stat().st_mode & 0o777 == 0o600
    engine.dispose()


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_an_older_file_is_upgraded_and_a_copy_kept_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(
            text(
                "INSERT INTO center (code, name, office, created_at, updated_at, version) "
                "VALUES ('XYZ', 'Old Center', 'Here', '2024-01-01', '2024-01-01', 1)"
            )
        )
    engine.dispose()
    upgraded = open_database(f"sqlite:///{path}")
    assert revision_of(path) == head_revision()
    copies = list(tmp_path.glob("old.before-upgrade-from-0001.*.sqlite"))
    assert len(copies) == 1
    assert revision_of(copies[0]) == "0001"
    with upgraded.connect() as conn:
        assert (
            conn.execute(text("SELECT name FROM center WHERE code='XYZ'")).scalar_one()
            == "Old Center"
        )
    upgraded.dispose()


def test_a_file_from_a_newer_release_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer release"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is text" * 10, "is not a database file"),
        (b"SQLite format 3\x00" + b"\x00" * 50, "damaged"),
    ],
)
def test_a_file_that_is_not_a_database_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    with pytest.raises(DatabaseUnusable, match=message):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_a_foreign_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(DatabaseUnusable, match="not a Trusted Trader database"):
        open_database(f"sqlite:///{path}")


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    engine.dispose()


def test_import_change_runs_are_spelled_out_when_downgraded(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO import_batch (id, kind, file_name, started_at, actor, created, updated, "
            "unchanged, rejected, status) VALUES (1, 'touch-points', 'a.csv', '2026-01-01', "
            "'me', 4, 0, 0, 0, 'done')"
        )
        conn.executemany(
            "INSERT INTO import_change (batch_id, table_name, record_id, last_record_id, action)"
            " VALUES (1, 'touch_point', ?, ?, 'create')",
            [(10, 12), (20, None)],
        )
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        ids = [r[0] for r in conn.execute("SELECT record_id FROM import_change ORDER BY 1")]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(import_change)")]
    assert ids == [10, 11, 12, 20]
    assert "last_record_id" not in columns
