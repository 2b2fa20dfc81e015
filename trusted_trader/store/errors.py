"""Errors from the database file or server that the user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The environment's fault (bad file, locked, full disk): a message, not a traceback."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class DatabaseUnusable(StoreError):
    """Not a database, corrupt, unreadable, or not one of ours."""


class UnsupportedDatabase(StoreError):
    """A database URL of a kind the app cannot open (another product, no file, no server)."""


class DatabaseTooNew(StoreError):
    """Written by a newer release of the app than this one."""


class DatabaseBusy(StoreError):
    """Locked by another program for longer than we wait."""


class AccessDenied(StoreError):
    """The team database's access rules do not let this login change the record."""
