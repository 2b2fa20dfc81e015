"""Every file the app writes: never through a link, onto a device or an open database, never half.

A file is written under a temporary name in its own folder, flushed to disk and
renamed into place, so a crash, a full disk or a cancel leaves either the old file
or the new one, never a cut-short one under the user's name. It is readable by
its owner only: exports, reports and backups all hold partner data.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from trusted_trader.store.errors import StoreError

OWNER_ONLY = 0o600
PARTIAL_SUFFIX = ".partial"  # never ends in .sqlite: a partial backup is never listed
_JOURNALS = ("", "-wal", "-shm", "-journal")

# Database files this process has open: whatever path a write takes, it must not land
# on one of them (or on their journals), even when the user allows replacing files.
_open_databases: set[Path] = set()
_guard = threading.Lock()


class OutputRefused(StoreError):
    """The user named a place the app will not write to (an existing file, a device…)."""


def protect_database(path: Path) -> None:
    """Remember that ``path`` is an open database: no output may replace it or its journals."""
    with _guard:
        _open_databases.add(path.absolute())


def check_target(path: Path, *, overwrite: bool = False) -> None:
    """Refuse, with one line naming it, a place the app must not write an output file to."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputRefused(f"{path} cannot be used: {exc.strerror}.") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise OutputRefused(
            f"{path} is a symbolic link; Trusted Trader does not write through links.",
            hint="Name the file itself.",
        )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{path} is a folder, not a file.", hint="Add a file name.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputRefused(
            f"{path} is a device, pipe or socket, not a file.", hint="Name an ordinary file."
        )
    if is_open_database(path):
        raise OutputRefused(
            f"{path} is the open database or one of its files; writing there would destroy it.",
            hint="Choose another file name.",
        )
    if info is not None and not overwrite:
        raise OutputRefused(
            f"{path} already exists; it was left as it is.",
            hint="Choose another name, or replace it on purpose (--overwrite).",
        )
    _check_folder(path.parent)


def free_name(path: Path) -> Path:
    """``path``, or ``NAME-2.ext``, ``NAME-3.ext``… the first name nothing holds yet."""
    candidate, number = path, 1
    while os.path.lexists(candidate) or is_open_database(candidate):
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def is_open_database(path: Path) -> bool:
    """Whether ``path`` is a database this process has open, or one of its journals."""
    with _guard:
        databases = list(_open_databases)
    target = _resolved(path)
    for database in databases:
        for suffix in _JOURNALS:
            candidate = database.with_name(database.name + suffix)
            if target == _resolved(candidate) or _same_file(path, candidate):
                return True
    return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _check_folder(folder: Path) -> None:
    folder = folder if str(folder) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(f"There is no folder {folder}.", hint="Create it first.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputRefused(
            f"Trusted Trader may not create files in {folder}.",
            hint="Choose another folder or check its permissions.",
        )


class OutputFile:
    """A file being written at ``temp``; :meth:`commit` puts it in place at ``path``.

    Use it as a context manager: leaving the block normally commits, an error
    removes the temporary file and leaves whatever was at ``path`` untouched.
    """

    def __init__(self, path: Path, *, overwrite: bool = False) -> None:
        check_target(path, overwrite=overwrite)
        self.path = path
        self.overwrite = overwrite
        self.temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            os.close(os.open(self.temp, flags, OWNER_ONLY))
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise
            raise OutputRefused(
                f"Trusted Trader cannot create files in {path.parent or '.'}: "
                f"{exc.strerror or exc}.",
                hint="Choose another folder or check its permissions.",
            ) from None
        self._done = False

    def open(self, mode: str = "wb", **kwargs: Any) -> IO[Any]:
        """The temporary file opened for writing (``mode`` as for :func:`open`)."""
        return open(self.temp, mode, **kwargs)

    def commit(self) -> Path:
        """Flush the temporary file to disk and move it to ``path``; return ``path``."""
        if self._done:
            return self.path
        try:
            _flush_to_disk(self.temp)
            os.chmod(self.temp, OWNER_ONLY)
            # Checked again: something may have appeared at the path while we wrote.
            check_target(self.path, overwrite=self.overwrite)
            _move_into_place(self.temp, self.path, overwrite=self.overwrite)
        except BaseException:
            self.discard()
            raise
        self._done = True
        _flush_folder(self.path.parent)
        return self.path

    def discard(self) -> None:
        """Remove the temporary file (a failed or cancelled write leaves nothing behind)."""
        self._done = True
        for suffix in _JOURNALS:  # SQLite may have left a journal beside a copy it was making
            with contextlib.suppress(FileNotFoundError):
                self.temp.with_name(self.temp.name + suffix).unlink()

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Keep the file when the block ended normally, remove the temporary one when not."""
        if kind is None:
            self.commit()
        else:
            self.discard()


@contextlib.contextmanager
def writing(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it becomes ``path``."""
    with OutputFile(path, overwrite=overwrite) as output:
        yield output.temp


def write_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` safely (see :class:`OutputFile`)."""
    with OutputFile(path, overwrite=overwrite) as output, output.open("wb") as handle:
        handle.write(data)
    return path


def _move_into_place(temp: Path, path: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)  # unlike a rename, never replaces a file that appeared meanwhile
    except FileExistsError:
        raise OutputRefused(f"{path} already exists; it was left as it is.") from None
    except OSError:
        if path.exists() or path.is_symlink():
            raise OutputRefused(f"{path} already exists; it was left as it is.") from None
        os.replace(temp, path)  # a file system without hard links
        return
    temp.unlink()


def _flush_to_disk(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is flushed (POSIX only).
    if os.name != "posix":
        return
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
