"""A Center's team database on PostgreSQL: URLs, passwords, the migration lock, change notices.

Passwords follow PostgreSQL's own conventions: libpq reads ``~/.pgpass`` (or
``PGPASSFILE``) and ``PGPASSWORD`` by itself when the URL carries none. A
password typed in at connect time is kept in this process's memory only and
handed to the driver when it connects; the app never writes it anywhere.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import URL, make_url

DRIVER = "postgresql+psycopg"
CHANNEL = "trusted_trader"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# pg_advisory_xact_lock key of "upgrade the schema": only one client migrates at a time.
MIGRATION_LOCK = 0x7472_7573_7465_64  # "trusted"
# pg_advisory_xact_lock key of "import or revert a file": one at a time on a team database,
# so that two colleagues importing the same rows at once do not both create them.
IMPORT_LOCK = 0x7472_7573_7465_65  # "trustee"
# A statement touching more rows than this sends one "table:*" notice instead of one per row.
NOTICE_ROWS = 100

_typed_passwords: dict[tuple[str, int, str, str], str] = {}


def build_url(host: str, database: str, user: str, *, port: int = 5432, sslmode: str = "") -> str:
    """A team-database URL without a password (that comes from .pgpass, PGPASSWORD or a prompt)."""
    if sslmode and sslmode not in SSL_MODES:
        raise ValueError(f"unknown sslmode '{sslmode}': use one of {', '.join(SSL_MODES)}")
    url = URL.create(
        DRIVER,
        username=user or None,
        host=host or None,
        port=port,
        database=database,
        query={"sslmode": sslmode} if sslmode else {},
    )
    return url.render_as_string(hide_password=False)


def without_password(url: str) -> str:
    """The URL as it may be shown or saved: any password in it is dropped."""
    # URL.set() skips a None value, so set(password=None) would leave the password in.
    return make_url(url)._replace(password=None).render_as_string(hide_password=False)


def password_file() -> str:
    """Where libpq looks for saved passwords on this platform (PGPASSFILE first)."""
    if os.environ.get("PGPASSFILE"):
        return os.environ["PGPASSFILE"]
    if sys.platform == "win32":
        return r"%APPDATA%\postgresql\pgpass.conf"
    return "~/.pgpass"


# What the driver says (lower case) → the cause in words; {host}, {user}, {database} filled in.
_CAUSES = (
    ("password authentication failed", "the password for {user} was not accepted"),
    ("no password supplied", "the server asks for a password: type it, or keep it in {pgpass}"),
    ("resolve host", "the server name {host} is not known (check its spelling, or the VPN)"),
    ("name or service not known", "the server name {host} is not known (check its spelling)"),
    ("connection refused", "{host} refused the connection (is the server up, on port {port}?)"),
    ("timeout expired", "{host} did not answer in time (check the network or the VPN)"),
    ("timed out", "{host} did not answer in time (check the network or the VPN)"),
    ("does not exist", "there is no database {database} for {user} on {host}"),
    ("does not support ssl", "{host} offers no encryption, yet the Encryption setting requires it"),
    ("certificate", "{host}'s certificate could not be verified (choose a weaker Encryption)"),
    ("no pg_hba.conf entry", "{host} does not let {user} in from this computer"),
)


# An address written into a driver's message ("postgresql+psycopg://user:pw@host/db").
_ADDRESS = re.compile(r"[\w+.-]+://\S+")


def connection_problem(url: str, driver_text: str) -> str:
    """Why the team database cannot be reached, in a sentence: no URL, password or driver name."""
    parts = make_url(url)
    names = {
        "host": parts.host or "the server",
        "port": parts.port or 5432,
        "user": parts.username or "your login",
        "database": parts.database or "",
        "pgpass": password_file(),
    }
    lowered = driver_text.lower()
    cause = next((words.format(**names) for key, words in _CAUSES if key in lowered), "")
    if not cause:
        # An unforeseen reason: its first line, less the driver's own prefix.
        first = driver_text.strip().splitlines()[0] if driver_text.strip() else "no reason given"
        cause = _ADDRESS.sub("the server", first.removeprefix("connection failed: "))
    where = f"the team database {names['database']} on {names['host']}"
    return f"Cannot connect to {where}: {cause.rstrip('.')}."


def _key(url: URL) -> tuple[str, int, str, str]:
    return (url.host or "", url.port or 5432, url.database or "", url.username or "")


def remember_typed_password(url: str, password: str) -> None:
    """Keep a password typed in at connect time, in memory, for connections to ``url``."""
    _typed_passwords[_key(make_url(url))] = password


def typed_password(url: str) -> str | None:
    return _typed_passwords.get(_key(make_url(url)))


def use_typed_passwords(engine: Engine) -> None:
    """Give the driver a typed-in password when the URL has none (libpq's own files come next)."""
    key = _key(engine.url)

    @event.listens_for(engine, "do_connect")
    def _add_password(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
        if "password" not in params and key in _typed_passwords:
            params["password"] = _typed_passwords[key]


def pgpass_path() -> Path:
    """Where libpq looks for stored passwords (PGPASSFILE, else the per-user file)."""
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform == "win32":  # where libpq looks there
        return Path(os.environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def has_stored_password(url: str) -> bool:
    """True when libpq will find a password by itself (PGPASSWORD or a matching .pgpass line)."""
    if os.environ.get("PGPASSWORD") or typed_password(url):
        return True
    parsed = make_url(url)
    wanted = (parsed.host or "localhost", str(parsed.port or 5432), parsed.database or "",
              parsed.username or "")  # fmt: skip
    try:
        # libpq reads bytes: a file saved in a Windows code page must not stop the lookup.
        lines = pgpass_path().read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    for line in lines:
        fields = _pgpass_fields(line)
        if len(fields) == 5 and all(f in ("*", w) for f, w in zip(fields[:4], wanted, strict=True)):
            return True
    return False


def _pgpass_fields(line: str) -> list[str]:
    if not line.strip() or line.lstrip().startswith("#"):
        return []
    fields, current, escaped = [], "", False
    for char in line:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ":":
            fields.append(current)
            current = ""
        else:
            current += char
    return [*fields, current]


def lock_for_migration(connection: Connection) -> None:
    """Hold the schema-upgrade lock until this transaction ends; other clients wait their turn."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def lock_for_import(connection: Connection) -> None:
    """On a team database, hold the import lock until this transaction ends.

    An import reads what is stored before it writes; without the lock, a colleague's
    import of the same rows committed in between would go unseen and both would
    create them. A local file needs none: SQLite lets one writer in at a time.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})


def conninfo(url: str) -> str:
    """The libpq connection string for a SQLAlchemy URL (query options such as sslmode pass)."""
    from psycopg.conninfo import make_conninfo

    parsed = make_url(url)
    options: dict[str, Any] = {k: v for k, v in parsed.query.items() if isinstance(v, str)}
    for name, value in (
        ("host", parsed.host),
        ("port", parsed.port),
        ("dbname", parsed.database),
        ("user", parsed.username),
        ("password", parsed.password or typed_password(url)),
    ):
        if value:
            options[name] = str(value)
    return make_conninfo(**options)


# -- change notices -------------------------------------------------------------------------

NOTIFY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION tt_notify_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  changed bigint;
BEGIN
  SELECT count(*) INTO changed FROM (SELECT 1 FROM changed_rows LIMIT {NOTICE_ROWS + 1}) AS s;
  IF changed > {NOTICE_ROWS} THEN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ':*');
  ELSE
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ':' || r.id) FROM changed_rows AS r;
  END IF;
  RETURN NULL;
END $$
"""
_EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def notice_tables(connection: Connection) -> list[str]:
    """The app's tables that get change notices (every table with an id, but the version)."""
    from sqlmodel import SQLModel

    from trusted_trader.store import models  # noqa: F401  (registers the tables)

    present = set(connection.dialect.get_table_names(connection))
    return sorted(t.name for t in SQLModel.metadata.sorted_tables if t.name in present)


def missing_notices(connection: Connection) -> list[str]:
    found = connection.execute(
        text("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'tt_notify_insert'")
    ).scalars()
    have = {name.strip('"') for name in found}
    return [table for table in notice_tables(connection) if table not in have]


def install_change_notices(connection: Connection) -> int:
    """Make every table announce its changes on the ``trusted_trader`` channel (idempotent).

    Statement-level triggers with transition tables: a bulk load sends one
    notice per statement instead of slowing down by one per row.
    """
    connection.exec_driver_sql(NOTIFY_FUNCTION)
    tables = notice_tables(connection)
    for table in tables:
        for event_name, which in _EVENTS.items():
            trigger = f"tt_notify_{event_name}"
            connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS {trigger} ON "{table}"')
            connection.exec_driver_sql(
                f'CREATE TRIGGER {trigger} AFTER {event_name.upper()} ON "{table}" '
                f"REFERENCING {which} TABLE AS changed_rows "
                "FOR EACH STATEMENT EXECUTE FUNCTION tt_notify_change()"
            )
    return len(tables)


def ensure_change_notices(engine: Engine) -> None:
    """Install missing change notices when this login owns the tables; others just read them."""
    with engine.begin() as connection:
        if not missing_notices(connection) or not _owns_schema(connection):
            return
        lock_for_migration(connection)
        if missing_notices(connection):
            install_change_notices(connection)


def _owns_schema(connection: Connection) -> bool:
    return bool(of_partner_table(connection, "pg_has_role(current_user, c.relowner, 'USAGE')"))


def of_partner_table(connection: Connection, expression: str, join: str = "") -> Any:
    """One value about the app's ``partner`` table, read from its ``pg_class`` row ``c``.

    ``expression`` and ``join`` are SQL written in this package, never user input.
    """
    sql = f"SELECT {expression} FROM pg_class c {join} WHERE c.oid = to_regclass('partner')"
    return connection.execute(text(sql)).scalar()


class Listener:
    """Tells which records colleagues changed; ``poll(timeout)`` returns notices like "partner:12".

    On PostgreSQL it listens on the ``trusted_trader`` channel; a notice
    "table:*" means many rows of that table changed. A SQLite file has no
    notices, so the listener watches ``PRAGMA data_version`` and returns ["*"]
    when anyone else committed. Meant for one thread (e.g. a GUI timer).
    """

    SQLITE_INTERVAL = 0.2

    def __init__(self, url: str) -> None:
        self._url = url
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None
        self._last_version = 0
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            self._sqlite = sqlite3.connect(parsed.database or ":memory:", check_same_thread=False)
            self._last_version = self._data_version()
        else:
            import psycopg

            self._pg = psycopg.connect(conninfo(url), autocommit=True)
            self._pg.execute(f"LISTEN {CHANNEL}")

    def poll(self, timeout: float = 0.0) -> list[str]:
        """Notices that arrived, waiting up to ``timeout`` seconds for the first one."""
        if self._pg is not None:
            return self._poll_postgres(timeout)
        return self._poll_sqlite(timeout)

    def _poll_postgres(self, timeout: float) -> list[str]:
        notices = [n.payload for n in self._pg.notifies(timeout=timeout, stop_after=1)]
        if notices:  # take whatever else is already here; later ones come with the next poll
            notices += [n.payload for n in self._pg.notifies(timeout=0.0)]
        return list(dict.fromkeys(notices))

    def _poll_sqlite(self, timeout: float) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._last_version:
                self._last_version = version
                return ["*"]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            time.sleep(min(self.SQLITE_INTERVAL, remaining))

    def _data_version(self) -> int:
        assert self._sqlite is not None
        row = self._sqlite.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
            self._pg = None
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
