"""Migration 0004: the covering index of entries per partner and month, up and down."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect

from trusted_trader.store.migrate import alembic_config, head_revision, open_database

INDEX = "ix_volume_partner_month_entries"


def volume_indexes(url: str) -> dict[str, list[str | None]]:
    engine = create_engine(url)
    try:
        return {
            str(i["name"]): list(i["column_names"])
            for i in inspect(engine).get_indexes("monthly_volume")
        }
    finally:
        engine.dispose()


def test_the_entries_index_comes_with_0004_and_goes_with_its_downgrade(db_url: str) -> None:
    open_database(db_url).dispose()
    assert head_revision() >= "0004"
    assert volume_indexes(db_url)[INDEX] == ["partner_id", "month", "entries"]
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")
        assert INDEX not in volume_indexes(db_url)
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0004")
    finally:
        engine.dispose()
    assert volume_indexes(db_url)[INDEX] == ["partner_id", "month", "entries"]
