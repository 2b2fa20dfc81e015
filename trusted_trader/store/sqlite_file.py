"""The SQLite file itself: checks before it is opened, consistent copies, and restores."""

from __future__ import annotations

import os
import sqlite3
import struct
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from trusted_trader.store.errors import DatabaseTooNew, DatabaseUnusable

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
RESTORE_HINT = "Restore it from a backup, or open another file."
OWNER_ONLY = 0o600


def check_new_location(path: Path) -> None:
    """A new database may be created at ``path``: its folder exists and is writable."""
    if not path.parent.is_dir():
        raise DatabaseUnusable(f"The folder {path.parent} does not exist.")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseUnusable(
            f"Trusted Trader may not create files in {path.parent}.",
            hint="Choose another folder or check its permissions.",
        )


def check_existing_file(path: Path) -> None:
    """Refuse, with a message naming the file, anything SQLite would misread or we cannot use."""
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder, not a database file.")
    if not path.is_file():
        # A pipe would block the first read forever; a device is never a database.
        raise DatabaseUnusable(
            f"{path} is a pipe, a device or a socket, not a database file.", hint=RESTORE_HINT
        )
    if not os.access(path, os.R_OK) or not os.access(path, os.W_OK):
        raise DatabaseUnusable(
            f"Trusted Trader may not read and write {path}.",
            hint="Check the file's permissions or ask your administrator.",
        )
    # SQLite writes its journal files beside the database: the folder must be writable too.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseUnusable(
            f"Trusted Trader may not write in the folder of {path}.",
            hint="Check the folder's permissions or move the file.",
        )
    problem = header_problem(path)
    if problem:
        raise DatabaseUnusable(f"{path} {problem}.", hint=RESTORE_HINT)


def header_problem(path: Path) -> str | None:
    """What is wrong with the file's SQLite header and size, or None if it looks whole."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if size == 0:
        if _has_wal(path):
            return None
        # An empty file is what a crash or a failed copy leaves; never start afresh over it.
        return "is empty (0 bytes): it may have been cut short"
    if not header.startswith(SQLITE_HEADER[: min(len(header), len(SQLITE_HEADER))]):
        return "is not a database file"
    if len(header) < HEADER_SIZE:
        return "is damaged: it was cut short"
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "is damaged: its header is not valid"
    change_counter, pages, valid_for = (
        struct.unpack(">I", header[24:28])[0],
        struct.unpack(">I", header[28:32])[0],
        struct.unpack(">I", header[92:96])[0],
    )
    # Pages may still sit in the write-ahead log; then the file's own size says nothing yet.
    if _has_wal(path):
        return None
    if size % page_size or (valid_for == change_counter and size < pages * page_size):
        return "is damaged: it was cut short"
    return None


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def create_owner_only(path: Path) -> None:
    """Create an empty file readable by the owner only (it will hold partner data)."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY))
    os.chmod(path, OWNER_ONLY)


def backup_to(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of an open SQLite database to ``target`` (owner only)."""
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy_connection(source, target)
    finally:
        raw.close()
    return target


def copy_connection(source: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup of ``source`` into a new single file (no -wal beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    create_owner_only(target)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def inspect_database_file(path: Path, known_revisions: set[str]) -> str:
    """The schema revision of a Trusted Trader file; refuse anything else, damaged or newer."""
    if not path.is_file():
        raise DatabaseUnusable(f"{path} does not exist or is not a file.")
    problem = header_problem(path)
    if problem:
        raise DatabaseUnusable(f"{path} {problem}.", hint="Choose another backup.")
    try:
        with closing(read_only(path)) as conn:
            check = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if check != ["ok"]:
                raise DatabaseUnusable(f"{path} is damaged.", hint="Choose another backup.")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise DatabaseUnusable(f"{path} is not a Trusted Trader database.")
            found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(
            f"{path} is damaged ({exc}).", hint="Choose another backup."
        ) from exc
    if found is None:
        raise DatabaseUnusable(f"{path} is not a Trusted Trader database.")
    revision = str(found[0])
    if revision not in known_revisions:
        raise DatabaseTooNew(
            f"{path} was written by a newer release of Trusted Trader (schema {revision}).",
            hint="Install the newer release to use it.",
        )
    return revision


def restore_file(source: Path, target: Path, backup_dir: Path) -> Path | None:
    """Replace the database at ``target`` by ``source`` through SQLite's backup API.

    The current file is copied to ``backup_dir`` first (or, when it is too
    damaged to be read, moved there whole); returns where it went.
    """
    if target.exists() and source.resolve() == target.resolve():
        raise DatabaseUnusable(f"{source} is the database itself; choose a backup.")
    saved = _save_current(target, backup_dir)
    if not target.exists():
        check_new_location(target)
        create_owner_only(target)
    with closing(read_only(source)) as origin, closing(sqlite3.connect(target, timeout=5)) as dest:
        origin.backup(dest)
        dest.execute("PRAGMA journal_mode = WAL")
    return saved


def _save_current(target: Path, backup_dir: Path) -> Path | None:
    if not target.exists() or target.stat().st_size == 0:
        return None
    kept = backup_dir / backup_name(target.stem, "before-restore")
    try:
        if header_problem(target):
            raise sqlite3.DatabaseError("damaged")
        with closing(sqlite3.connect(target, timeout=5)) as current:
            copy_connection(current, kept)
        return kept
    except sqlite3.DatabaseError:
        # Too damaged to copy page by page: keep the file itself, journals included.
        kept.unlink(missing_ok=True)
        kept = backup_dir / backup_name(target.stem, "damaged")
        backup_dir.mkdir(parents=True, exist_ok=True)
        os.replace(target, kept)
        for suffix in ("-wal", "-shm"):
            journal = target.with_name(target.name + suffix)
            if journal.exists():
                os.replace(journal, kept.with_name(kept.name + suffix))
        return kept


def backup_name(stem: str, reason: str, moment: datetime | None = None) -> str:
    """``<database>-<YYYYmmdd-HHMMSS-micro>-<reason>.sqlite``: sorts by time, says why."""
    stamp = (moment or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return f"{stem}-{stamp}-{reason}.sqlite"
