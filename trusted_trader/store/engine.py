"""Engines for SQLite (the embedded default) and PostgreSQL (a team database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from trusted_trader.store import postgres
from trusted_trader.store.errors import UnsupportedDatabase
from trusted_trader.store.safe_output import protect_database

BUSY_TIMEOUT_MS = 5000


SUPPORTED_DRIVERS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}
URL_EXAMPLE = "a file, or a URL like postgresql+psycopg://jdoe@db.center.example/trusted_trader"


def check_url(url: str, *, server_required: bool = False) -> URL:
    """The parsed URL of a database the app can open, or UnsupportedDatabase saying why.

    ``server_required`` asks for a host and a database name (a copy's target must
    name them: falling back to a local socket's default database is never meant).
    """
    shown = _shown(url)
    try:
        parsed = make_url(url)
        backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    except (ArgumentError, ValueError):
        raise UnsupportedDatabase(f"'{shown}' is not a database URL; give {URL_EXAMPLE}.") from None
    if driver not in SUPPORTED_DRIVERS.get(backend, ()):
        raise UnsupportedDatabase(
            f"'{shown}': Trusted Trader works with SQLite files and PostgreSQL only; "
            f"give {URL_EXAMPLE}."
        )
    if backend == "sqlite" and sqlite_path(url) is None:
        raise UnsupportedDatabase(f"'{shown}' names no database file; give {URL_EXAMPLE}.")
    if backend == "postgresql" and server_required:
        host = parsed.host or parsed.query.get("host")
        if not host or not parsed.database:
            raise UnsupportedDatabase(
                f"'{shown}' must name the server and the database, "
                "like postgresql+psycopg://tt_owner@db.center.example/trusted_trader."
            )
    return parsed


def _shown(url: str) -> str:
    """The URL as a message may show it: without a password, and short."""
    try:
        text = make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        text = url.split("@")[-1] if "@" in url else url
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 200 else text[:200] + "…"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and server databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """Create an engine with the connection settings the app relies on."""
    path = sqlite_path(url)
    if path is not None:
        protect_database(path)  # no output file of this process may land on it
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    postgres.use_typed_passwords(engine)
    return engine


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling is switched off so that SQLAlchemy's
    # BEGIN is the one that counts (and pragmas run outside a transaction).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() != "wal":
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")
