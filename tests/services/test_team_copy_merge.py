"""Merging a local database into a team database twice adds its touch points once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import open_store
from trusted_trader.services.team_copy import copy_database
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point


def counts(url: str, *tables: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables
            }
    finally:
        engine.dispose()


def desk(path: Path, touch_points: list[tuple[date, str]]) -> str:
    url = f"sqlite:///{path}"
    store = open_store(url, actor="ann@cbp.dhs.gov")
    with store.uow() as uow:
        partner = create_partner(uow, PartnerInput("Zeta Trading Ltd", "98-7654321AB"))
        assert partner.id is not None
        for day, port in touch_points:
            record_touch_point(uow, partner.id, TouchPointInput(day, "cf28", port_code=port))
        uow.commit()
    store.close()
    return url


@pytest.mark.postgres
def test_merging_the_same_file_twice_adds_its_touch_points_once(
    pg_url: str, tmp_path: Path
) -> None:
    first = desk(tmp_path / "first.sqlite", [(date(2025, 3, 4), "2704")])
    copy_database(first, pg_url)
    both = [(date(2025, 3, 4), "2704"), (date(2025, 3, 4), "2704"), (date(2025, 5, 6), "1001")]
    other = desk(tmp_path / "other.sqlite", both)
    copy_database(other, pg_url, merge=True)
    after_once = counts(pg_url, "partner", "touch_point")
    # the team had one of the two alike touch points: the second and the new one came in
    assert after_once == {"partner": 1, "touch_point": 3}
    copy_database(other, pg_url, merge=True)
    assert counts(pg_url, "partner", "touch_point") == after_once
