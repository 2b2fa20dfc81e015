"""Open a database safely: check the file, copy it before migrating, refuse newer schemas."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from trusted_trader.store import postgres, team_access, team_policies
from trusted_trader.store.engine import check_url, make_engine, sqlite_path
from trusted_trader.store.errors import (
    AccessDenied,
    DatabaseBusy,
    DatabaseTooNew,
    DatabaseUnusable,
    StoreError,
)
from trusted_trader.store.operation_lock import exclusive
from trusted_trader.store.sqlite_file import (
    RESTORE_HINT,
    backup_name,
    backup_to,
    check_existing_file,
    check_new_location,
    create_owner_only,
    inspect_database_file,
    restore_file,
    snapshot,
)

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["backup_to", "open_database", "restore_database", "translate_error"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Alembic (with Mako and Pygments, a tenth of a second) is imported only to migrate: a
# database already at the head is recognised from the revision lines of the scripts.
_REVISION_LINE = re.compile(r"^(down_)?revision(?:\s*:[^=]*)?\s*=\s*['\"]?(\w+)['\"]?\s*$", re.M)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@cache
def script_revisions() -> tuple[frozenset[str], str | None]:
    """Every revision the scripts name, and the single head (None if there are several),
    read from their ``revision = '…'`` lines as Alembic's own template writes them."""
    known: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for down, name in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            (parents if down else known).add(name)
    heads = known - parents
    return frozenset(known), next(iter(heads)) if len(heads) == 1 else None


def _stored_revision(connection: Connection) -> str | None:
    """The revision the database is at, read as Alembic keeps it (one row, or none)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_database(url: str, *, upgrade: bool = True, backup_dir: Path | None = None) -> Engine:
    """Return an engine on an up-to-date database, creating or upgrading it as needed.

    Before an upgrade the file is copied to ``backup_dir`` (beside it when None).
    """
    check_url(url)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return _create_sqlite(url, path)
    if path is not None:
        check_existing_file(path)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = _known_revision(connection, url)
        if upgrade and revision != (script_revisions()[1] or head_revision()):
            _upgrade_file(engine, path, revision, backup_dir)
        if engine.dialect.name == "postgresql":
            postgres.ensure_change_notices(engine)
            team_access.ensure_access_rules(engine)
    except (StoreError, OSError):
        engine.dispose()
        raise
    except (DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        raise translate_error(exc, url) from exc
    return engine


def _upgrade_file(
    engine: Engine, path: Path | None, revision: str | None, backup_dir: Path | None
) -> None:
    """Copy the file aside, then upgrade it; imports and restores wait meanwhile."""
    if path is None:
        upgrade_database(engine)
        return
    with exclusive(path, "upgrade"):
        if revision is not None:
            backup_copy(engine, path, label=f"before-upgrade-from-{revision}", folder=backup_dir)
        upgrade_database(engine)


def _create_sqlite(url: str, path: Path) -> Engine:
    """Build a new database beside its final name and move it in place only when complete.

    A crash while the schema is written leaves no half-made file under the
    user's name, so an empty or cut-short file there is never ours to reuse.
    """
    check_new_location(path)
    building = path.with_name(f".{path.name}.new")
    for leftover in (building, *(building.with_name(building.name + s) for s in _JOURNALS)):
        leftover.unlink(missing_ok=True)
    create_owner_only(building)
    engine = make_engine(str(make_url(url).set(database=str(building))))
    try:
        upgrade_database(engine)
    except (DBAPIError, sqlite3.Error) as exc:
        raise translate_error(exc, url) from exc
    finally:
        engine.dispose()
    try:
        os.link(building, path)  # unlike a rename, never replaces what appeared meanwhile
    except FileExistsError:
        pass  # another instance created it meanwhile: use theirs
    except OSError:
        if not path.exists():  # a file system without hard links
            os.replace(building, path)
    finally:
        building.unlink(missing_ok=True)
    return open_database(url)


_JOURNALS = ("-wal", "-shm", "-journal")


def upgrade_database(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            postgres.lock_for_migration(connection)  # other clients of a team database wait
        command.upgrade(alembic_config(connection), "head")


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _known_revision(connection: Connection, url: str) -> str | None:
    revision = _stored_revision(connection)
    if revision is None:
        if inspect(connection).get_table_names():
            raise DatabaseUnusable(
                f"{_display(url)} is a database, but not a Trusted Trader database.",
                hint="Choose a Trusted Trader file or a new file name.",
            )
        return None
    if revision not in script_revisions()[0] and revision not in known_revisions():
        raise DatabaseTooNew(
            f"{_display(url)} was written by a newer release of Trusted Trader "
            f"(schema {revision}).",
            hint="Install the newer release to open it; this one will not change the file.",
        )
    return revision


def backup_copy(engine: Engine, path: Path, *, label: str, folder: Path | None = None) -> Path:
    """Copy the open database, with SQLite's online backup, to ``folder`` or beside itself."""
    if folder is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.stem}.{label}.{stamp}{path.suffix or '.sqlite'}")
    else:
        target = folder / backup_name(path.stem, label)
    return backup_to(engine, target)


def open_snapshot(path: Path, folder: Path) -> Engine:
    """An engine on an up-to-date copy of the file at ``path``, made in ``folder``.

    The file itself is only read, never upgraded or written: a copy's source
    stays exactly as it was. It is refused, by its own name, if it is not a
    Trusted Trader database, is damaged, or comes from a newer release.
    """
    inspect_database_file(path, known_revisions())
    try:
        copy = snapshot(path, folder)
    except sqlite3.Error as exc:
        raise translate_error(exc, f"sqlite:///{path}") from exc
    return open_database(f"sqlite:///{copy}", backup_dir=folder)


def restore_database(source: Path, url: str, backup_dir: Path) -> Path | None:
    """Put a backup in place of the database at ``url``; return where the old file was kept.

    Refuses a file that is not a Trusted Trader database, is damaged, or was
    written by a newer release. The restored file is upgraded on next open.
    """
    target = sqlite_path(url)
    if target is None:
        raise StoreError("A team database is restored on its server (pg_restore), not by the app.")
    inspect_database_file(source, known_revisions())
    try:
        return restore_file(source, target, backup_dir)
    except sqlite3.Error as exc:
        raise translate_error(exc, url) from exc


def translate_error(exc: DBAPIError | sqlite3.Error, url: str | None) -> StoreError:
    """Turn a driver error into a message that names the file and what to do."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(original).lower()
    where = _display(url)
    if "row-level security" in text:
        return AccessDenied(
            f"You may not change this record in {where}: it belongs to a partner "
            "of another Account Executive.",
            hint="Ask the partner's Account Executive or your director.",
        )
    if team_policies.MOVE_REFUSED.lower() in text:
        return AccessDenied(
            f"You may not move this partner in {where}: only a director may move a partner "
            "to another Center or Account Executive.",
            hint="Ask your director.",
        )
    if "permission denied" in text:
        return StoreError(
            f"Your database login may not do this in {where}.",
            hint="Ask the database administrator (trusted-trader db grant).",
        )
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
    if isinstance(exc, OperationalError) and url is not None and sqlite_path(url) is None:
        return StoreError(postgres.connection_problem(url, str(original)))
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return StoreError(f"The database {where} cannot be used: {original}.")
    raise exc


def _display(url: str | None) -> str:
    if url is None:
        return "The database"
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)
