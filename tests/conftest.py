"""Shared fixtures: every test gets its own data folder and its own database file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A fixed "last month" makes demo data the same whatever day the tests run.
DEMO_LAST_MONTH = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data, settings and logs at a temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("TRUSTED_TRADER_HOME", str(home))
    monkeypatch.delenv("TRUSTED_TRADER_DB", raising=False)
    return home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from trusted_trader.services.store import open_store

    opened = open_store(db_url, actor="tester@cbp.dhs.gov")
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: object) -> object:
    """A small demo database (30 partners, 3,000 touch points)."""
    from trusted_trader.services.demo import DemoSpec, load_demo

    with store.uow() as uow:  # type: ignore[attr-defined]
        load_demo(uow, DemoSpec(partners=30, touch_points=3000, last_month=DEMO_LAST_MONTH))
        uow.commit()
    return store
