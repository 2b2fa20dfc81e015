"""Reaching a team database from the desk: its URL, a typed password, colleagues' changes.

The GUI goes through here rather than into ``store.postgres``, which stays the store's.
"""

from __future__ import annotations

from trusted_trader.store import postgres
from trusted_trader.store.postgres import Listener


def team_url(host: str, database: str, user: str, *, port: int = 5432, sslmode: str = "") -> str:
    """A team-database URL without a password (that comes from .pgpass, PGPASSWORD or a prompt)."""
    return postgres.build_url(host, database, user, port=port, sslmode=sslmode)


def remember_password(url: str, password: str) -> None:
    """Keep a password typed in at connect time, in memory only, for connections to ``url``."""
    postgres.remember_typed_password(url, password)


def change_listener(url: str) -> Listener:
    """What tells which records colleagues changed in the database at ``url``."""
    return Listener(url)


def password_file() -> str:
    """The file libpq reads saved passwords from on this computer, as the user would write it."""
    return postgres.password_file()


def saved_password_found(url: str) -> bool:
    """Whether connecting to ``url`` needs no typed password: PGPASSWORD, a line of the
    password file that matches it, or a password typed for it earlier in this run."""
    return postgres.has_stored_password(url)
