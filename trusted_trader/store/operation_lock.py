"""One whole-file operation at a time: restore, import, revert, upgrade and backup take turns.

Each takes the lock before anything else (a restore before its safety copy), so a
restore can never copy the file aside while an import in another window is still
writing, and then put back a file without that import. The lock is a file beside
the database, locked by the operating system: it is released when its process ends,
however it ends.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from trusted_trader.store.errors import DatabaseBusy

WAIT_SECONDS = 600.0  # an import of millions of rows takes a few minutes
_POLL_SECONDS = 0.1

# Held locks of this process, by lock file: nested operations (a backup inside an
# upgrade) reuse the lock of the same thread; another thread waits its turn.
_held: dict[Path, tuple[threading.RLock, list[int], list[IO[str] | None]]] = {}
_guard = threading.Lock()
_notices: list[Callable[[str], None]] = []


def tell_waiting_with(notice: Callable[[str], None]) -> None:
    """Say through ``notice`` when an operation has to wait for another one."""
    _notices[:] = [notice]


def lock_file(database: Path) -> Path:
    return database.with_name(f".{database.name}.lock")


@contextlib.contextmanager
def exclusive(
    database: Path,
    what: str,
    *,
    wait: float = WAIT_SECONDS,
    waiting: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the database's operation lock while ``what`` (e.g. "import") runs.

    Waits up to ``wait`` seconds for another operation, calling ``waiting`` once
    with a message saying so; then gives up with :class:`DatabaseBusy`.
    """
    path = lock_file(database.resolve())  # one lock, whichever way the file is named
    with _guard:
        entry = _held.setdefault(path, (threading.RLock(), [0], [None]))
    mutex, depth, handle = entry
    waiting = waiting or (_notices[0] if _notices else None)
    if not mutex.acquire(timeout=max(wait, 0.001)):
        raise _busy(database, "another operation in this window")
    try:
        if depth[0] == 0:
            handle[0] = _acquire(path, database, what, wait, waiting)
        depth[0] += 1
        try:
            yield
        finally:
            depth[0] -= 1
            if depth[0] == 0 and handle[0] is not None:
                handle[0].close()  # closing the file releases the operating system's lock
                handle[0] = None
    finally:
        mutex.release()


def _acquire(
    path: Path,
    database: Path,
    what: str,
    wait: float,
    waiting: Callable[[str], None] | None,
) -> IO[str]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    handle = open(fd, "r+", encoding="utf-8")  # noqa: SIM115 (kept open while locked)
    deadline = time.monotonic() + wait
    told = False
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            handle.close()
            raise _busy(database, _holder(handle))
        if not told and waiting is not None:
            waiting(f"Waiting for {_holder(handle)} on {database} to finish…")
            told = True
        time.sleep(_POLL_SECONDS)
    handle.seek(0)
    handle.truncate()
    handle.write(f"{what} (process {os.getpid()})\n")
    handle.flush()
    return handle


def _holder(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        found = handle.readline().strip()
    except (OSError, ValueError):
        found = ""
    return f"the {found}" if found else "another operation"


def _busy(database: Path, holder: str) -> DatabaseBusy:
    return DatabaseBusy(
        f"{database} is busy with {holder}; nothing was changed.",
        hint="Try again when it has finished.",
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
