"""What every sub-command gets: the parsed options and a lazily opened store."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trusted_trader.services.store import Store
    from trusted_trader.settings import Settings


class UsageError(Exception):
    """The user asked for something the command cannot do as written (exit status 2)."""


@dataclass
class Context:
    args: argparse.Namespace
    _store: Store | None = field(default=None, init=False)

    @property
    def settings(self) -> Settings:
        from trusted_trader.settings import Settings

        return Settings.load()

    @property
    def database_url(self) -> str:
        from trusted_trader.settings import database_url
        from trusted_trader.store.engine import check_url
        from trusted_trader.store.errors import UnsupportedDatabase

        if self.args.db is not None and not self.args.db.strip():
            raise UsageError("--db is empty: give a database file or a PostgreSQL URL")
        url = database_url(self.args.db, self.settings)
        try:
            check_url(url)
        except UnsupportedDatabase as exc:
            raise UsageError(str(exc)) from None
        return url

    def store(self) -> Store:
        """Open the database on first use (creating and migrating it if needed)."""
        if self._store is None:
            from trusted_trader.services.store import open_store

            self._store = open_store(self.database_url, self.settings.executive_email or None)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    @staticmethod
    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)
