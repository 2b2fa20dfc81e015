"""The team database on a real PostgreSQL server: schema, migration lock, URLs, change notices."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from sqlalchemy import create_engine, text

from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store, open_store
from trusted_trader.store import postgres
from trusted_trader.store.migrate import alembic_config, head_revision, open_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_url(postgres_server: PostgresServer) -> Iterator[str]:
    name = postgres_server.empty_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    opened = open_store(pg_url, actor="tester@cbp.dhs.gov")
    yield opened
    opened.close()


def revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def upgrade_to(url: str, revision: str) -> None:
    from alembic import command

    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def upgrade_process(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "trusted_trader", "--db", url, "db", "upgrade"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_opening_an_empty_database_creates_the_schema_and_change_notices(empty_url: str) -> None:
    engine = open_database(empty_url)
    try:
        with engine.connect() as conn:
            tables = set(conn.dialect.get_table_names(conn))
            assert postgres.missing_notices(conn) == []
    finally:
        engine.dispose()
    assert {"partner", "touch_point", "audit_log", "import_batch", "import_change"} <= tables
    assert revision_of(empty_url) == head_revision()


def test_two_clients_upgrading_at_once_both_succeed_while_a_third_stays_connected(
    empty_url: str,
) -> None:
    upgrade_to(empty_url, "0002")
    reader = create_engine(empty_url)
    try:
        with reader.connect() as connected:
            connected.execute(text("SELECT count(*) FROM partner")).scalar()
            first, second = upgrade_process(empty_url), upgrade_process(empty_url)
            outcomes = [p.communicate(timeout=60) for p in (first, second)]
            assert [first.returncode, second.returncode] == [0, 0], outcomes
            assert connected.execute(text("SELECT count(*) FROM center")).scalar() == 10
    finally:
        reader.dispose()
    assert revision_of(empty_url) == head_revision()


def test_an_upgrade_waits_while_another_client_holds_the_migration_lock(empty_url: str) -> None:
    upgrade_to(empty_url, "0002")
    holder = create_engine(empty_url)
    try:
        with holder.begin() as conn:
            postgres.lock_for_migration(conn)
            waiting = upgrade_process(empty_url)
            time.sleep(2.5)
            assert waiting.poll() is None, "the upgrade did not wait for the lock"
            assert revision_of(empty_url) == "0002"
        waiting.communicate(timeout=60)
    finally:
        holder.dispose()
    assert waiting.returncode == 0
    assert revision_of(empty_url) == head_revision()


def test_a_saved_partner_is_announced_to_listeners(pg_store: Store) -> None:
    with postgres.Listener(pg_store.url) as listener:
        assert listener.poll(0.05) == []
        with pg_store.uow() as uow:
            partner = create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
            uow.commit()
        notices = listener.poll(5)
    assert f"partner:{partner.id}" in notices
    assert any(n.startswith("audit_log:") for n in notices)


def test_a_bulk_load_is_announced_once_per_table(pg_store: Store) -> None:
    from datetime import date

    from trusted_trader.services.demo import DemoSpec, load_demo

    with postgres.Listener(pg_store.url) as listener:
        with pg_store.uow() as uow:
            load_demo(uow, DemoSpec(partners=5, touch_points=500, last_month=date(2026, 10, 1)))
            uow.commit()
        notices = listener.poll(5)
    assert "touch_point:*" in notices
    assert not any(n.startswith("touch_point:") and n != "touch_point:*" for n in notices)


def test_work_rolled_back_is_not_announced(pg_store: Store) -> None:
    with postgres.Listener(pg_store.url) as listener, pg_store.uow() as uow:
        create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
        uow.rollback()
        assert listener.poll(0.5) == []


def test_a_sqlite_listener_notices_commits_from_other_connections(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'desk.sqlite'}")
    try:
        with postgres.Listener(store.url) as listener:
            assert listener.poll(0.3) == []
            with store.uow() as uow:
                create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
                uow.commit()
            assert listener.poll(2) == ["*"]
            assert listener.poll(0.3) == []
    finally:
        store.close()


def test_a_typed_password_reaches_the_driver_but_never_the_url() -> None:
    url = postgres.build_url("db.example.gov", "team", "jdoe", port=5433, sslmode="verify-full")
    assert url == "postgresql+psycopg://jdoe@db.example.gov:5433/team?sslmode=verify-full"
    postgres.remember_typed_password(url, "s3cret:pw")
    info = postgres.conninfo(url)
    assert "sslmode=verify-full" in info
    assert "password=" in info and "s3cret" in info
    assert "s3cret" not in postgres.without_password(url + "&application_name=tt")
    assert postgres.has_stored_password(url)


def test_an_unknown_sslmode_is_refused() -> None:
    with pytest.raises(ValueError, match="sslmode"):
        postgres.build_url("h", "d", "u", sslmode="always")


def test_a_pgpass_line_is_found_with_wildcards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("# team\nother:5432:*:*:x\ndb.example.gov:*:team:j\\:doe:pw\n")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert postgres.has_stored_password("postgresql+psycopg://j%3Adoe@db.example.gov/team")
    assert not postgres.has_stored_password("postgresql+psycopg://jdoe@db.example.gov/team")
