"""Rotating backups of the SQLite database, and restoring one in place of the open file."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from trusted_trader import paths
from trusted_trader.domain.errors import DomainError
from trusted_trader.private_files import restrict_folder
from trusted_trader.settings import Settings
from trusted_trader.store.engine import sqlite_path
from trusted_trader.store.errors import StoreError
from trusted_trader.store.migrate import backup_to, open_database, restore_database
from trusted_trader.store.operation_lock import WAIT_SECONDS
from trusted_trader.store.sqlite_file import backup_name


class Store(Protocol):
    """What backups need of an open store (``services.store.Store``), which opens through here."""

    engine: Engine
    url: str

    @property
    def path(self) -> Path | None:
        """The database file, or None for a team database."""


log = logging.getLogger(__name__)

DAILY_INTERVAL = timedelta(days=1)
_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<micro>\d{6}))?(?:-(?P<reason>[a-z0-9-]+))?"
    r"\.sqlite$"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: which database, when, why and how big."""

    path: Path
    database: str
    taken_at: datetime
    reason: str
    size: int


def backup_folder() -> Path:
    """``<data folder>/backups``, readable by the owner only."""
    folder = paths.data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    restrict_folder(folder)
    return folder


def backup_now(store: Store, reason: str = "manual", *, wait: float = WAIT_SECONDS) -> Path:
    """Copy the open database into the backups folder, then drop backups past the rotation."""
    path = _require_file(store)
    target = backup_folder() / backup_name(path.stem, _slug(reason))
    backup_to(store.engine, target, wait=wait)
    rotate(path.stem)
    return target


def backup_if_due(store: Store, now: datetime | None = None) -> Path | None:
    """Make the daily backup when the newest one is a day old or more; never fail the open."""
    path = store.path
    if path is None:
        return None
    now = now or datetime.now()
    newest = next(iter(list_backups(path.stem)), None)
    if newest is not None and now - newest.taken_at < DAILY_INTERVAL:
        return None
    try:
        # Another window's import or restore holds the file: the next open tries again.
        return backup_now(store, "daily", wait=0)
    except (OSError, sqlite3.Error, StoreError) as exc:
        # The user can still work; the next open tries again.
        log.warning("daily backup failed: %s", type(exc).__name__)
        return None


def list_backups(database: str | None = None, folder: Path | None = None) -> list[BackupInfo]:
    """Backups in the folder, newest first; only those of ``database`` (a file stem) if given."""
    found: list[BackupInfo] = []
    for entry in (folder or backup_folder()).glob("*.sqlite"):
        match = _NAME.match(entry.name)
        if match is None or (database is not None and match["stem"] != database):
            continue
        taken = datetime.strptime(match["stamp"] + (match["micro"] or "000000"), "%Y%m%d-%H%M%S%f")
        reason = match["reason"] or "manual"
        found.append(BackupInfo(entry, match["stem"], taken, reason, entry.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def rotate(
    database: str,
    settings: Settings | None = None,
    now: datetime | None = None,
    folder: Path | None = None,
) -> list[Path]:
    """Keep the last day's backups, the newest of each of the last N days and M weeks."""
    settings = settings or Settings.load()
    now = now or datetime.now()
    days: set[object] = set()
    weeks: set[object] = set()
    removed: list[Path] = []
    for backup in list_backups(database, folder):
        day = backup.taken_at.date()
        week = backup.taken_at.isocalendar()[:2]
        keep = now - backup.taken_at < DAILY_INTERVAL
        if day not in days and len(days) < settings.backups_daily:
            days.add(day)
            keep = True
        if week not in weeks and len(weeks) < settings.backups_weekly:
            weeks.add(week)
            keep = True
        if not keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore_backup(store: Store, source: Path) -> Path | None:
    """Restore ``source`` into the open database's file; return where the old file was kept.

    The pooled connections are closed first and the store gets a fresh engine
    on the restored file (upgraded if the backup is from an older release).
    """
    _require_file(store)
    store.engine.dispose()
    saved = restore_database(source, store.url, backup_folder())
    store.engine = open_database(store.url, backup_dir=backup_folder())
    return saved


def restore_file(url: str, source: Path) -> Path | None:
    """Restore ``source`` as the database at ``url`` without opening it (it may be damaged)."""
    saved = restore_database(source, url, backup_folder())
    open_database(url, backup_dir=backup_folder()).dispose()
    return saved


def database_stem(url: str) -> str | None:
    """The backups' name stem of the SQLite file at ``url``; None for a team database."""
    path = sqlite_path(url)
    return path.stem if path else None


def _require_file(store: Store) -> Path:
    if store.path is None:
        raise DomainError(
            "Backups of a team database are made on the server (pg_dump), not by the app."
        )
    return store.path


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "manual"
