"""Open a database safely: check the file, copy it before migrating, refuse newer schemas."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError, OperationalError

from trusted_trader.store.engine import make_engine, sqlite_path
from trusted_trader.store.errors import DatabaseBusy, DatabaseTooNew, DatabaseUnusable, StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
RESTORE_HINT = "Restore it from a backup, or open another file."


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def open_database(url: str, *, upgrade: bool = True) -> Engine:
    """Return an engine on an up-to-date database, creating or upgrading it as needed."""
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = _known_revision(connection, url)
        if upgrade and revision != head_revision():
            if path is not None and revision is not None:
                backup_copy(engine, path, label=f"before-upgrade-from-{revision}")
            upgrade_database(engine)
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise translate_error(exc, url) from exc
    return engine


def upgrade_database(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def _known_revision(connection: Connection, url: str) -> str | None:
    revision = current_revision(connection)
    if revision is None:
        if inspect(connection).get_table_names():
            raise DatabaseUnusable(
                f"{_display(url)} is a database, but not a Trusted Trader database.",
                hint="Choose a Trusted Trader file or a new file name.",
            )
        return None
    script = ScriptDirectory.from_config(alembic_config())
    if revision not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNew(
            f"{_display(url)} was written by a newer release of Trusted Trader "
            f"(schema {revision}).",
            hint="Install the newer release to open it; this one will not change the file.",
        )
    return revision


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseUnusable(f"The folder {path.parent} does not exist.")
        # Created readable by the owner only: the file holds partner data.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        return
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder, not a database file.")
    if not os.access(path, os.R_OK) or not os.access(path, os.W_OK):
        raise DatabaseUnusable(
            f"Trusted Trader may not read and write {path}.",
            hint="Check the file's permissions or ask your administrator.",
        )
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise DatabaseUnusable(f"{path} is not a database file.", hint=RESTORE_HINT)


def backup_copy(engine: Engine, path: Path, *, label: str) -> Path:
    """Copy the open database beside itself with SQLite's online backup."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}.{stamp}{path.suffix or '.sqlite'}")
    return backup_to(engine, target)


def backup_to(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of a SQLite database to ``target``, readable by the owner only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as destination:
            source.backup(destination)
        destination.close()
    finally:
        raw.close()
    return target


def translate_error(exc: DBAPIError, url: str) -> StoreError:
    """Turn a driver error into a message that names the file and what to do."""
    text = str(exc.orig).lower()
    where = _display(url)
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            f"{where} is in use by another program.", hint="Close it there, then try again."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseUnusable(f"{where} is damaged.", hint=RESTORE_HINT)
    if "disk is full" in text or "disk i/o" in text or "no space" in text:
        return StoreError(
            f"The disk holding {where} is full or failing; nothing was changed.",
            hint="Free some space, then try again.",
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseUnusable(
            f"Trusted Trader cannot write to {where}.", hint="Check the file's permissions."
        )
    if isinstance(exc, OperationalError):
        return StoreError(f"The database {where} cannot be used: {exc.orig}.")
    raise exc


def _display(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
