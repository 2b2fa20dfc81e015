"""A disk that fills up during a bulk write: a clear message, the database as it was.

SQLite's ``max_page_count`` makes the file refuse to grow, which fails the
write with SQLITE_FULL ("database or disk is full") exactly as a full disk does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store, open_store
from trusted_trader.store.errors import StoreError


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def fill_disk(engine: Engine, spare_pages: int = 3) -> None:
    """From now on the file may grow by only a few pages."""
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _limit(dbapi: sqlite3.Connection, _record: Any) -> None:
        pages = dbapi.execute("PRAGMA page_count").fetchone()[0]
        dbapi.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


@pytest.fixture
def small_store(database_file: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{database_file}", actor="tester@cbp.dhs.gov")
    yield store
    store.close()


def test_a_bulk_write_on_a_full_disk_leaves_the_database_as_it_was(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fresh.sqlite"
    store = open_store(f"sqlite:///{path}")
    before = table_counts(path)
    fill_disk(store.engine)
    with pytest.raises(StoreError) as info, store.uow() as uow:
        load_demo(uow, DemoSpec(partners=40, touch_points=20_000))
        uow.commit()
    store.close()
    assert "full" in str(info.value)
    assert str(path) in str(info.value)
    assert "nothing was changed" in str(info.value)
    assert table_counts(path) == before
    assert integrity(path) == "ok"


def test_a_single_change_on_a_full_disk_is_refused_with_its_audit_row(
    small_store: Store, database_file: Path
) -> None:
    before = table_counts(database_file)
    fill_disk(small_store.engine, spare_pages=0)
    with pytest.raises(StoreError, match="full"), small_store.uow() as uow:
        for n in range(200):
            create_partner(uow, PartnerInput(f"New {n} " + "x" * 150, f"34-{5678000 + n}CD"))
        uow.commit()
    assert table_counts(database_file) == before
    assert integrity(database_file) == "ok"
