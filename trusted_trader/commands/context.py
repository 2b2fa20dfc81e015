"""What every sub-command gets: the parsed options and a lazily opened store."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trusted_trader.services.store import Store
    from trusted_trader.settings import Settings


class UsageError(Exception):
    """The user asked for something the command cannot do as written (exit status 2)."""


def add_overwrite(parser: argparse.ArgumentParser) -> None:
    """The ``--overwrite`` option of every command that writes a file."""
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the output file if it exists (never the open database)",
    )


@dataclass
class Context:
    args: argparse.Namespace
    _store: Store | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        from trusted_trader.store.operation_lock import tell_waiting_with

        # An import, restore or backup waiting for another one says so.
        tell_waiting_with(self.progress)

    @property
    def overwrite(self) -> bool:
        return bool(getattr(self.args, "overwrite", False))

    def output(self, path: Path) -> Path:
        """``path`` if the command may write its file there; refused with one line if not."""
        from trusted_trader.store.safe_output import check_target

        self.store()  # opened first, so that the open database is never a target
        check_target(path, overwrite=self.overwrite)
        return path

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
