"""The unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

import os
import sqlite3
import sys
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from trusted_trader.store import text_guard  # noqa: F401 (checks every flush: NUL, length)
from trusted_trader.store.migrate import translate_error


def default_actor() -> str:
    """The OS account running the app, asked of the system, never of LOGNAME or USER.

    ``getpass.getuser()`` believes the environment first, so ``LOGNAME=anyone``
    would sign every change as anyone.
    """
    if sys.platform == "win32":
        return _windows_user() or "unknown"
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # an id with no entry in the account database (e.g. in a container)
        return f"uid {os.getuid()}"


def _windows_user() -> str:
    if sys.platform != "win32":
        return ""
    import ctypes

    size = ctypes.c_ulong(257)
    name = ctypes.create_unicode_buffer(size.value)
    if ctypes.windll.advapi32.GetUserNameW(name, ctypes.byref(size)):
        return str(name.value)
    return ""


class UnitOfWork:
    """A session and its transaction; leaving the block without ``commit()`` rolls back."""

    def __init__(self, engine: Engine, actor: str | None = None) -> None:
        self._engine = engine
        self.actor = actor or default_actor()
        self._session: Session | None = None

    def __enter__(self) -> UnitOfWork:
        self._session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None
        # The bulk path writes through the driver, whose errors SQLAlchemy never wraps.
        if isinstance(exc, DBAPIError | sqlite3.Error):
            raise translate_error(exc, str(self._engine.url)) from exc

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its 'with' block")
        return self._session

    @property
    def connection(self) -> Connection:
        """The session's connection, for bulk work through SQLAlchemy Core."""
        return self.session.connection()

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def commit(self) -> None:
        try:
            self.session.commit()
        except DBAPIError as exc:
            self.session.rollback()
            raise translate_error(exc, str(self._engine.url)) from exc

    def rollback(self) -> None:
        self.session.rollback()
