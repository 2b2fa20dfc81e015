"""Map any exception to what the user reads: the environment's fault, or our bug."""

from __future__ import annotations

import errno
import logging
import sqlite3
import traceback

log = logging.getLogger("trusted_trader")


def describe(exc: BaseException) -> tuple[str, bool]:
    """Return ``(message, is_bug)``; bugs are written to the log with their traceback."""
    message = _known_message(exc)
    if message is not None:
        return message, False
    log_file = write_bug_report(exc)
    return (
        f"Sorry, something went wrong inside Trusted Trader ({type(exc).__name__}). "
        f"The details are in {log_file}.",
        True,
    )


def _known_message(exc: BaseException) -> str | None:
    """The message for an error that is the environment's or the input's fault, else None."""
    from sqlalchemy.exc import DBAPIError

    from trusted_trader.domain.errors import DomainError, ValidationError
    from trusted_trader.paths import AppFolderError
    from trusted_trader.store.errors import StoreError
    from trusted_trader.store.migrate import translate_error

    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{p.field} '{p.value}': {p.reason}" if p.value else str(p) for p in exc.problems
        )
    if isinstance(exc, DomainError | StoreError):
        return str(exc)
    if isinstance(exc, DBAPIError) and "nul (0x00)" in str(exc.orig).lower():
        # Text written around the checks (e.g. copied from an older local file).
        return (
            "PostgreSQL cannot store text holding a NUL character (\\0); nothing was changed. "
            "Remove the character from the record, then try again."
        )
    if isinstance(exc, DBAPIError | sqlite3.OperationalError):
        # A driver error that reached us untranslated: the database, not our code.
        try:
            return str(translate_error(exc, None))
        except Exception:
            return None
    if isinstance(exc, AppFolderError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"The disk is full{where}; nothing was changed. Free some space, then try again."
    if isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError) or (
        isinstance(exc, OSError) and exc.errno in _PATH_ERRNOS
    ):
        return f"{exc.strerror}: {_short(exc.filename)}"
    return None


# A path the user typed that the system cannot use as given: the user's to fix.
_PATH_ERRNOS = {errno.ENAMETOOLONG, errno.ENOTDIR, errno.ELOOP, errno.EROFS, errno.EINVAL}


def _short(filename: object) -> str:
    text = str(filename)
    return text if len(text) <= 120 else f"{text[:60]}…{text[-40:]}"


def details(exc: BaseException) -> str:
    """The full traceback, for the user to copy into a bug report."""
    from trusted_trader import __version__

    return f"Trusted Trader {__version__}\n" + "".join(traceback.format_exception(exc))


def write_bug_report(exc: BaseException) -> str:
    """Log a bug with its traceback; return the log file's name for the message.

    The log gets the exception's type and stack only: messages of database
    errors carry the values being written, which may be partner data.
    """
    from trusted_trader.logging_setup import configure_logging

    target = configure_logging()
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s\nTraceback:\n%s", type(exc).__qualname__, frames.rstrip())
    for handler in log.handlers:
        handler.flush()
    return str(target) if target is not None else "the lines above (the log cannot be written)"
