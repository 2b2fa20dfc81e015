"""Open the database for the app or the command line: migrate, seed, hand out units of work."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from trusted_trader.services import reference
from trusted_trader.store.engine import sqlite_path
from trusted_trader.store.migrate import open_database
from trusted_trader.store.uow import UnitOfWork, default_actor


@dataclass
class Store:
    """An open database and who is working on it."""

    engine: Engine
    url: str
    actor: str

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, self.actor)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        path = self.path
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, actor: str | None = None) -> Store:
    """Open (creating or upgrading) the database and make sure the Centers are there."""
    engine = open_database(url)
    store = Store(engine, url, actor or default_actor())
    with store.uow() as uow:
        if reference.seed_centers(uow):
            uow.commit()
    return store
