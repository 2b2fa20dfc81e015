"""Files for the store's tests: real databases to damage, hide or fill."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trusted_trader.services.store import open_store
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point


def make_database(path: Path, partners: int = 1, touch_points: int = 40) -> Path:
    """A small Trusted Trader database with a few records, closed and checkpointed."""
    from datetime import date

    from trusted_trader.services.partners import PartnerInput, create_partner

    store = open_store(f"sqlite:///{path}", actor="tester@cbp.dhs.gov")
    with store.uow() as uow:
        for n in range(partners):
            partner = create_partner(
                uow, PartnerInput(f"Partner {n} Inc", f"12-{3456700 + n:07d}AB")
            )
            for day in range(touch_points):
                record_touch_point(
                    uow, partner.id, TouchPointInput(date(2026, 1, 1 + day % 28), "exam")
                )
        uow.commit()
    store.close()
    return path


@pytest.fixture
def database_maker() -> Callable[..., Path]:
    return make_database


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    return make_database(tmp_path / "work.sqlite")
