"""Open the database for the app or the command line: migrate, seed, hand out units of work."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from trusted_trader.services import backups, reference
from trusted_trader.store.engine import sqlite_path
from trusted_trader.store.migrate import open_database
from trusted_trader.store.operation_lock import exclusive
from trusted_trader.store.postgres import lock_for_migration
from trusted_trader.store.uow import UnitOfWork, default_actor


@dataclass
class Store:
    """An open database and who is working on it."""

    engine: Engine
    url: str
    actor: str

    def uow(self) -> UnitOfWork:
        """A new unit of work on the database, signed by the store's actor."""
        return UnitOfWork(self.engine, self.actor)

    @property
    def path(self) -> Path | None:
        """The database file, or None for a team database."""
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        """The file path, or the team database's URL without its password."""
        path = self.path
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def exclusive(
        self, what: str, waiting: Callable[[str], None] | None = None
    ) -> AbstractContextManager[None]:
        """Hold the file's operation lock while ``what`` runs (an import, a revert…).

        ``waiting`` hears, once, that another operation holds the file meanwhile.
        A team database has its own locks on the server: nothing to do here.
        """
        path = self.path
        if path is None:
            return nullcontext()
        return exclusive(path, what, waiting=waiting)

    def sign_as(self, executive_email: str) -> None:
        """Sign later changes by this Account Executive (else the OS account).

        Only on a local file: on a team database the login signs, whatever the settings say.
        """
        if self.path is not None:
            self.actor = executive_email or default_actor()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(url: str, actor: str | None = None) -> Store:
    """Open (creating or upgrading) the database and make sure the Centers are there.

    Changes are signed by ``actor`` (the Account Executive of the settings),
    else by the OS account; on a team database always by the database login.

    An existing file is backed up first thing each day, and before any upgrade.
    """
    path = sqlite_path(url)
    existed = path is not None and path.exists()
    engine = open_database(url, backup_dir=backups.backup_folder() if path else None)
    store = Store(engine, url, actor or default_actor())
    with store.uow() as uow:
        if uow.dialect == "postgresql":
            # On a team database the login is who did it; the database stamps it anyway.
            store.actor = str(uow.connection.execute(text("SELECT current_user")).scalar())
            lock_for_migration(uow.connection)  # clients opening a new team database at once
        if reference.seed_centers(uow):
            uow.commit()
    if existed:
        backups.backup_if_due(store)
    return store
