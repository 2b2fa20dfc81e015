"""The covering index of entries per partner and month: 0004 made it, 0014 widened it to hold
the entries counted from imported entries too; both go with their downgrades."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect

from trusted_trader.store.migrate import alembic_config, open_database

INDEX = "ix_volume_partner_month_entries"  # 0004
COUNTS = "ix_volume_partner_month_counts"  # 0014


def volume_indexes(url: str) -> dict[str, list[str | None]]:
    engine = create_engine(url)
    try:
        return {
            str(i["name"]): list(i["column_names"])
            for i in inspect(engine).get_indexes("monthly_volume")
        }
    finally:
        engine.dispose()


def _migrate(url: str, step: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            getattr(command, step)(alembic_config(conn), revision)
    finally:
        engine.dispose()


def test_the_entries_index_comes_with_0004_and_goes_with_its_downgrade(db_url: str) -> None:
    open_database(db_url).dispose()
    _migrate(db_url, "downgrade", "0004")
    assert volume_indexes(db_url)[INDEX] == ["partner_id", "month", "entries"]
    _migrate(db_url, "downgrade", "0003")
    assert INDEX not in volume_indexes(db_url)
    _migrate(db_url, "upgrade", "0004")
    assert volume_indexes(db_url)[INDEX] == ["partner_id", "month", "entries"]


def test_0014_widens_it_to_the_counted_entries_and_its_downgrade_narrows_it_back(
    db_url: str,
) -> None:
    open_database(db_url).dispose()
    indexes = volume_indexes(db_url)
    assert INDEX not in indexes
    assert indexes[COUNTS] == ["partner_id", "month", "entries", "derived_entries"]
    _migrate(db_url, "downgrade", "0013")
    indexes = volume_indexes(db_url)
    assert COUNTS not in indexes
    assert indexes[INDEX] == ["partner_id", "month", "entries"]
