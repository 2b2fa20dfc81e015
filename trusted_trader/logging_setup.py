"""The app's log: one rotating file in the log folder, readable by the owner only."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from trusted_trader import paths

LOG_NAME = "trusted-trader.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _OwnerOnlyRotatingFileHandler(RotatingFileHandler):
    """Creates each log file 0600: tracebacks may show how a user's data is laid out."""

    def _open(self):  # type: ignore[no-untyped-def]
        if not os.path.exists(self.baseFilename):
            os.close(os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY, 0o600))
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        """The log became unwritable (full disk, removed folder): go on on stderr, quietly."""
        logger = logging.getLogger("trusted_trader")
        logger.removeHandler(self)
        with contextlib.suppress(OSError):  # its last buffered lines cannot be written either
            self.close()
        _fall_back_to_stderr(logger).handle(record)


class _StderrFallback(logging.StreamHandler):  # type: ignore[type-arg]
    """Where the log goes when its folder cannot be written: warnings and errors only."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr  # whatever it is now, not what it was when logging was set up

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send the ``trusted_trader`` loggers to the rotating log file (once per log file).

    When the log folder cannot be made or written, warnings and errors go to stderr
    instead (one handler, no complaint) and None is returned. Messages name records
    by id only, never a partner's name or identifiers.
    """
    logger = logging.getLogger("trusted_trader")
    logger.setLevel(level)
    try:
        target = log_file()
    except OSError:
        _fall_back_to_stderr(logger)
        return None
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler) and handler.baseFilename == str(target):
            return target
    for handler in [h for h in logger.handlers if isinstance(h, _OwnerOnlyRotatingFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    if not _writable(target):
        _fall_back_to_stderr(logger)
        return None
    for handler in [h for h in logger.handlers if isinstance(h, _StderrFallback)]:
        logger.removeHandler(handler)
    handler = _OwnerOnlyRotatingFileHandler(
        target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return target


def _writable(target: Path) -> bool:
    """Whether the log file can be opened for appending (it is created 0600 if missing)."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
    except OSError:
        return False
    return True


def _fall_back_to_stderr(logger: logging.Logger) -> logging.Handler:
    """The one stderr handler of ``logger``, added the first time it is needed."""
    for handler in logger.handlers:
        if isinstance(handler, _StderrFallback):
            return handler
    fallback = _StderrFallback()
    fallback.setLevel(logging.WARNING)
    fallback.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(fallback)
    return fallback
