"""What every sub-command gets: the parsed options and a lazily opened store."""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from trusted_trader.services.store import Store
    from trusted_trader.settings import Settings


Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Handler: TypeAlias = "Callable[[Context], int]"


class UsageError(Exception):
    """The user asked for something the command cannot do as written (exit status 2)."""


def add_command(
    subparsers: Subparsers, name: str, handler: Handler, **options: Any
) -> argparse.ArgumentParser:
    """Declare a sub-command run by ``handler``, whose docstring is its help and description.

    The docstring's first line is the one-line help of the command list; the paragraph
    after it, if any, the description of the command's own --help (``options`` override).
    """
    # One place says what a command does, for the list and for its --help alike; the
    # installer keeps docstrings (optimize=0), so the texts ship with the program.
    summary, _, details = inspect.cleandoc(handler.__doc__ or "").partition("\n\n")
    options.setdefault("help", summary)
    options.setdefault("description", " ".join(details.split()) or None)
    parser = subparsers.add_parser(name, **options)
    parser.set_defaults(handler=handler)
    return parser


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
