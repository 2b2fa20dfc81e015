from __future__ import annotations

import pytest
from sqlalchemy import func, select

from trusted_trader.services.store import Store
from trusted_trader.store.models import AccountExecutive


def count(store: Store) -> int:
    with store.uow() as uow:
        return int(uow.session.exec(select(func.count()).select_from(AccountExecutive)).one()[0])


def add(uow: object) -> None:
    uow.session.add(AccountExecutive(name="A", email="a@cbp.dhs.gov"))  # type: ignore[attr-defined]
    uow.session.flush()  # type: ignore[attr-defined]


def test_work_is_rolled_back_unless_committed(store: Store) -> None:
    with store.uow() as uow:
        add(uow)
    assert count(store) == 0


def test_work_is_rolled_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.uow() as uow:
        add(uow)
        raise RuntimeError("boom")
    assert count(store) == 0


def test_committed_work_is_kept(store: Store) -> None:
    with store.uow() as uow:
        add(uow)
        uow.commit()
    assert count(store) == 1


def test_a_unit_of_work_cannot_be_used_outside_its_block(store: Store) -> None:
    uow = store.uow()
    with pytest.raises(RuntimeError, match="outside"):
        _ = uow.session


def test_a_bulk_load_enlarges_sqlites_page_cache_and_gives_it_back(store: Store) -> None:
    from trusted_trader.store.bulk import BULK_CACHE_KIB, bulk_cache

    with store.uow() as uow:
        conn = uow.connection
        if conn.dialect.name != "sqlite":  # PostgreSQL's shared buffers are the server's
            with bulk_cache(conn):
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            return
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with bulk_cache(conn):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -BULK_CACHE_KIB
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before
        assert before != -BULK_CACHE_KIB
