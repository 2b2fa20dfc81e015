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
from trusted_trader.store.operation_lock import WAIT_SECONDS, exclusive
from trusted_trader.store.safe_output import OutputFile

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


def backup_to(
    engine: Engine, target: Path, *, overwrite: bool = False, wait: float = WAIT_SECONDS
) -> Path:
    """Write a consistent copy of an open SQLite database to ``target`` (owner only).

    Imports, restores and upgrades of the file wait for the copy, or it for them.
    """
    database = engine.url.database
    assert database, "only a database file is backed up"
    with exclusive(Path(database), "backup", wait=wait):
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            copy_connection(source, target, overwrite=overwrite)
        finally:
            raw.close()
    return target


def copy_connection(source: sqlite3.Connection, target: Path, *, overwrite: bool = False) -> None:
    """SQLite's online backup of ``source`` into a new single file (no -wal beside it).

    The copy is built under a temporary name: a failed copy leaves nothing behind,
    and ``target`` appears only once it is whole.
    """
    with OutputFile(target, overwrite=overwrite) as output:
        destination = sqlite3.connect(output.temp)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()


def snapshot(path: Path, folder: Path) -> Path:
    """A copy of the database at ``path`` in ``folder``, read without writing to ``path``."""
    copy = folder / path.name
    with closing(read_only(path)) as origin, closing(sqlite3.connect(copy)) as destination:
        origin.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")
    return copy


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

    The operation lock is taken first, so the current file is copied to
    ``backup_dir`` only once no import or other change is under way; a file too
    damaged to be copied is moved there whole. Returns where it went.
    """
    if target.exists() and source.resolve() == target.resolve():
        raise DatabaseUnusable(f"{source} is the database itself; choose a backup.")
    with exclusive(target, "restore"):
        saved = _save_current(target, backup_dir)
        if not target.exists():
            check_new_location(target)
            create_owner_only(target)
        with (
            closing(read_only(source)) as origin,
            closing(sqlite3.connect(target, timeout=5)) as dest,
        ):
            origin.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
    return saved


def _save_current(target: Path, backup_dir: Path) -> Path | None:
    if not target.exists() or target.stat().st_size == 0:
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    if header_problem(target) or not is_intact(target):
        return _move_aside(target, backup_dir)
    # An intact file that cannot be copied (locked, a full disk) stays where it is: the
    # error goes to the user and the restore does not happen.
    kept = backup_dir / backup_name(target.stem, "before-restore")
    with closing(sqlite3.connect(target, timeout=5)) as current:
        copy_connection(current, kept)
    return kept


_DAMAGE = ("malformed", "not a database", "corrupt")


def is_intact(path: Path) -> bool:
    """Whether SQLite's integrity check passes; only a file that fails it is damaged.

    A file that cannot be read for another reason (locked, a full disk) raises.
    """
    try:
        with closing(sqlite3.connect(path, timeout=5)) as conn:
            return [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]
    except sqlite3.DatabaseError as exc:
        if any(word in str(exc).lower() for word in _DAMAGE):
            return False
        raise


def _move_aside(target: Path, backup_dir: Path) -> Path:
    """Too damaged to copy page by page: keep the file itself, journals included."""
    kept = backup_dir / backup_name(target.stem, "damaged")
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
